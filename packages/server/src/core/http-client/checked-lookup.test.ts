// Unit tests for the socket lookup hook: both callback shapes net uses, family hints, refusals.
import type { LookupFunction } from "node:net";
import { describe, expect, it } from "vitest";
import { AppError } from "../errors/index.js";
import { createAddressPolicy } from "./address-policy.js";
import { createCheckedLookup } from "./checked-lookup.js";

const policy = createAddressPolicy({ allowedRanges: ["127.0.0.0/8", "::1/128"] });
const lookup = createCheckedLookup(
  (hostname) =>
    hostname === "dual.test"
      ? Promise.resolve(["127.0.0.1", "::1"])
      : hostname === "mixed.test"
        ? Promise.resolve(["127.0.0.1", "10.0.0.1"])
        : Promise.reject(new Error("NXDOMAIN")),
  policy,
);

function call(hostname: string, options: Parameters<LookupFunction>[1]): Promise<unknown[]> {
  return new Promise((resolve) => lookup(hostname, options, (...args: unknown[]) => resolve(args)));
}

describe("createCheckedLookup", () => {
  it("answers one address when net asks for one, honouring the family hint", async () => {
    expect(await call("dual.test", {})).toEqual([null, "127.0.0.1", 4]);
    expect(await call("dual.test", { family: 6 })).toEqual([null, "::1", 6]);
  });

  it("answers every address when net asks for all (autoSelectFamily)", async () => {
    expect(await call("dual.test", { all: true })).toEqual([
      null,
      [
        { address: "127.0.0.1", family: 4 },
        { address: "::1", family: 6 },
      ],
    ]);
  });

  it("refuses the whole name when any address is refused", async () => {
    const [error] = await call("mixed.test", { all: true });
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).details).toMatchObject({ reason: "private_address", address: "10.0.0.1" });
  });

  it("reports resolution failures as fetch_failed", async () => {
    const [error] = await call("nowhere.test", {});
    expect((error as AppError).code).toBe("fetch_failed");
    expect((error as AppError).details).toMatchObject({ reason: "dns_failed" });
  });
});
