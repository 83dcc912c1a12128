// Property tests of command rendering: no value, however hostile, adds a command separator, quote or line.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  placeholders,
  renderCommand,
  safeValue,
  templateProblem,
  UnsafePlaceholderError,
  type Placeholder,
} from "./command-template.js";

// eslint-disable-next-line no-control-regex -- NUL is one of the things a value must not add
const SEPARATORS = /[;\n\r&|`$<>"'\\(){}#\u0000]/;
const names = Object.keys(placeholders) as Placeholder[];
const hostile = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: "binary", maxLength: 200 }),
  fc.constantFrom("Notch; op Griefer", "a\nstop", "$(reboot)", "`id`", "x && rm -rf /", "Ünïcødé ☃", "-rf"),
);

describe("command templates", () => {
  it("never lets a value introduce a separator, quote, substitution or line break", () => {
    fc.assert(
      fc.property(fc.constantFrom(...names), hostile, (name, value) => {
        let out: string;
        try {
          out = renderCommand(`give {${name}} diamond`, { [name]: value });
        } catch (e) {
          expect(e).toBeInstanceOf(UnsafePlaceholderError);
          return;
        }
        expect(out.startsWith("give ")).toBe(true);
        expect(out.endsWith(" diamond")).toBe(true);
        expect(SEPARATORS.test(out.slice(5, -8))).toBe(false);
      }),
      { numRuns: 3000 },
    );
  });

  it("passes real identities through unchanged", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9_]{3,16}$/), (name) => {
        expect(renderCommand("lp user {player} parent add vip", { player: name })).toBe(
          `lp user ${name} parent add vip`,
        );
      }),
    );
    expect(
      renderCommand("{uuid} {steam_id} {discord_id} {email} {order_number} {quantity} {price}", {
        uuid: "069a79f4-44e9-4726-a5be-fca90e38aaf5",
        steam_id: "76561197960287930",
        discord_id: "80351110224678912",
        email: "player+1@example.com",
        order_number: "ORD-2025-001",
        quantity: 2,
        price: "29.99",
      }),
    ).toBe(
      "069a79f4-44e9-4726-a5be-fca90e38aaf5 76561197960287930 80351110224678912 player+1@example.com ORD-2025-001 2 29.99",
    );
  });

  it("refuses identifiers it would have to change, and strips text", () => {
    expect(() => safeValue("player", "No tch")).toThrow(UnsafePlaceholderError);
    expect(() => safeValue("player", "Notch;op me")).toThrow(/not allowed/);
    expect(() => safeValue("player", "-rf")).toThrow(UnsafePlaceholderError);
    expect(() => safeValue("uuid", undefined)).toThrow(/no value/);
    expect(() => safeValue("quantity", "1; stop")).toThrow(/not a number/);
    expect(safeValue("product", 'VIP "Rank"; op me')).toBe("VIP Rank op me");
    expect(safeValue("product", "Épée +5")).toBe("Épée +5");
  });

  it("checks templates when they are saved", () => {
    expect(templateProblem("give {player} diamond {quantity}")).toBeUndefined();
    expect(templateProblem("say hi\nstop")).toMatch(/line breaks/);
    expect(templateProblem("give {nobody}")).toMatch(/unknown placeholder \{nobody\}/);
    expect(templateProblem("   ")).toMatch(/required/);
    expect(templateProblem("x".repeat(1001))).toMatch(/1000/);
  });
});
