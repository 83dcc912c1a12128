// Password hashing with scrypt (memory-hard): N = 2^15, r = 8, p = 1 (32 MiB, tens of ms per hash).
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";

const N = 2 ** 15;
const R = 8;
const P = 1;
const KEY_BYTES = 32;
/** Passwords longer than this are refused before hashing (a bound on work per request). */
export const MAX_PASSWORD_LENGTH = 256;
export const MIN_PASSWORD_LENGTH = 10;

function derive(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  const options: ScryptOptions = { N: n, r, p, maxmem: 256 * n * r + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize("NFKC"), salt, KEY_BYTES, options, (e, key) => (e ? reject(e) : resolve(key)));
  });
}

/** `scrypt$N$r$p$salt$key` (base64url), so the parameters can be raised later without breaking old hashes. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, N, R, P);
  return ["scrypt", N, R, P, salt.toString("base64url"), key.toString("base64url")].join("$");
}

/** True when `password` matches `stored` (constant-time comparison). A malformed hash never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [kind, n, r, p, salt, key] = stored.split("$");
  if (kind !== "scrypt" || salt === undefined || key === undefined) return false;
  const params = [Number(n), Number(r), Number(p)] as const;
  if (!params.every((x) => Number.isInteger(x) && x > 0) || params[0] > 2 ** 20) return false;
  const expected = Buffer.from(key, "base64url");
  const actual = await derive(password, Buffer.from(salt, "base64url"), ...params);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** A hash of a random password: verified against when the email is unknown, so both cases take as long. */
export const decoyHash = hashPassword(randomBytes(16).toString("hex"));

/** Why a new password is refused, or undefined when it is acceptable. */
export function passwordProblem(password: string): string | undefined {
  if (password.length < MIN_PASSWORD_LENGTH)
    return `The password must be at least ${MIN_PASSWORD_LENGTH} characters.`;
  if (password.length > MAX_PASSWORD_LENGTH)
    return `The password must be at most ${MAX_PASSWORD_LENGTH} characters.`;
  return undefined;
}
