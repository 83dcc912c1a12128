// Reading who is online from a player list: whole names only, case-insensitive, the preamble ignored.
import { describe, expect, it } from "vitest";
import { isPlayerListed } from "./online-players.js";

describe("isPlayerListed", () => {
  const minecraft = "There are 2 of a max of 20 players online: Notch, Jeb_";

  it("finds whole names after the colon, ignoring case", () => {
    expect(isPlayerListed(minecraft, "Notch")).toBe(true);
    expect(isPlayerListed(minecraft, "notch")).toBe(true);
    expect(isPlayerListed(minecraft, "Jeb_")).toBe(true);
  });

  it("does not match parts of names or words of the preamble", () => {
    expect(isPlayerListed(minecraft, "Jeb")).toBe(false);
    expect(isPlayerListed(minecraft, "Not")).toBe(false);
    expect(isPlayerListed(minecraft, "max")).toBe(false);
    expect(isPlayerListed("There are 0 of a max of 20 players online:", "players")).toBe(false);
  });

  it("reads a plain list of names without a colon", () => {
    expect(isPlayerListed("Alice\nBob\n", "bob")).toBe(true);
    expect(isPlayerListed("", "bob")).toBe(false);
  });
});
