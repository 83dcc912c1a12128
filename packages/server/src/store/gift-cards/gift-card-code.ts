// Gift card codes: 16 characters from an alphabet without look-alikes, grouped by four (80 random bits).
import { randomInt } from "node:crypto";

/** No 0/O or 1/I: codes are read aloud and typed from screenshots. 32 symbols = 5 bits each. */
const ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/** A fresh code like `K7PM-QX2D-9RTA-HW4C`, from the operating system's CSPRNG. */
export function generateGiftCardCode(): string {
  const groups: string[] = [];
  for (let g = 0; g < 4; g++) {
    let group = "";
    for (let i = 0; i < 4; i++) group += ALPHABET[randomInt(ALPHABET.length)] ?? "";
    groups.push(group);
  }
  return groups.join("-");
}

/** How a code is stored and compared: trimmed and upper-cased. */
export function normalizeGiftCardCode(code: string): string {
  return code.trim().toUpperCase();
}
