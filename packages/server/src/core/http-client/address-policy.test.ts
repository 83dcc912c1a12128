// Unit tests for the address and URL policy: which addresses count as public, what the options let through.
import { describe, expect, it } from "vitest";
import { isAppError } from "../errors/index.js";
import {
  createAddressPolicy,
  findForbiddenRange,
  findIpLiteral,
  isPublicAddress,
  parseOutboundUrl,
} from "./address-policy.js";

describe("findForbiddenRange", () => {
  it.each([
    ["127.0.0.1", "loopback"],
    ["127.255.255.254", "loopback"],
    ["10.1.2.3", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["192.168.1.1", "private"],
    ["169.254.169.254", "linkLocal"],
    ["100.64.0.1", "carrierGradeNat"],
    ["0.0.0.0", "unspecified"],
    ["0.1.2.3", "unspecified"],
    ["224.0.0.1", "multicast"],
    ["239.255.255.250", "multicast"],
    ["255.255.255.255", "broadcast"],
    ["240.0.0.1", "reserved"],
    ["192.0.2.1", "reserved"],
    ["198.18.0.1", "reserved"],
    ["::", "unspecified"],
    ["::1", "loopback"],
    ["fc00::1", "uniqueLocal"],
    ["fd12:3456::1", "uniqueLocal"],
    ["fe80::1", "linkLocal"],
    ["ff02::1", "multicast"],
    ["::ffff:127.0.0.1", "loopback"],
    ["::ffff:7f00:1", "loopback"],
    ["::ffff:10.0.0.1", "private"],
    ["::ffff:169.254.169.254", "linkLocal"],
    ["::7f00:1", "reserved"],
    ["64:ff9b::7f00:1", "rfc6052"],
    ["2002:7f00:1::", "6to4"],
    ["2001::1", "teredo"],
    ["2001:db8::1", "reserved"],
    ["not-an-ip", "invalid"],
  ])("%s is %s", (address, range) => {
    expect(findForbiddenRange(address)).toBe(range);
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(["8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "2606:4700::1111", "::ffff:8.8.8.8"])(
    "%s is public",
    (address) => {
      expect(findForbiddenRange(address)).toBeUndefined();
      expect(isPublicAddress(address)).toBe(true);
    },
  );
});

describe("createAddressPolicy", () => {
  it("refuses private addresses by default", () => {
    expect(createAddressPolicy().findRefusal("10.0.0.1")).toEqual({ address: "10.0.0.1", range: "private" });
    expect(createAddressPolicy().findRefusal("8.8.8.8")).toBeUndefined();
  });

  it("allowPrivateNetworks lets loopback and private space through, never metadata or multicast", () => {
    const policy = createAddressPolicy({ allowPrivateNetworks: true });
    for (const address of ["127.0.0.1", "::1", "10.0.0.1", "192.168.1.1", "100.64.0.1", "fd00::1"]) {
      expect(policy.findRefusal(address)).toBeUndefined();
    }
    for (const address of ["169.254.169.254", "fe80::1", "0.0.0.0", "224.0.0.1", "::"]) {
      expect(policy.findRefusal(address)).toBeDefined();
    }
  });

  it("allowedRanges opens exactly the listed ranges, in either IPv4 spelling", () => {
    const policy = createAddressPolicy({ allowedRanges: ["127.0.0.1/32"] });
    expect(policy.findRefusal("127.0.0.1")).toBeUndefined();
    expect(policy.findRefusal("::ffff:127.0.0.1")).toBeUndefined();
    expect(policy.findRefusal("127.0.0.2")).toEqual({ address: "127.0.0.2", range: "loopback" });
    expect(policy.findRefusal("::1")).toEqual({ address: "::1", range: "loopback" });
  });
});

describe("parseOutboundUrl", () => {
  it.each([
    ["http://2130706433/", "127.0.0.1"],
    ["http://0x7f000001/", "127.0.0.1"],
    ["http://0x7f.1/", "127.0.0.1"],
    ["http://0177.0.0.1/", "127.0.0.1"],
    ["http://127.1/", "127.0.0.1"],
    ["http://127.0.0.1./", "127.0.0.1"],
    ["http://%31%32%37.0.0.1/", "127.0.0.1"],
    ["http://0/", "0.0.0.0"],
    ["http://[::ffff:127.0.0.1]/", "::ffff:7f00:1"],
    ["http://[0:0:0:0:0:ffff:7f00:1]/", "::ffff:7f00:1"],
  ])("normalises %s to the IP literal %s", (input, literal) => {
    const literalHost = findIpLiteral(parseOutboundUrl(input));
    expect(literalHost).toBe(literal);
    expect(isPublicAddress(literal)).toBe(false);
  });

  it("treats DNS names as names", () => {
    expect(findIpLiteral(parseOutboundUrl("https://example.com/x"))).toBeUndefined();
  });

  it.each([
    ["file:///etc/passwd", "unsupported_scheme"],
    ["ftp://example.com/x", "unsupported_scheme"],
    ["data:text/plain,hi", "unsupported_scheme"],
    ["gopher://example.com/", "unsupported_scheme"],
    ["javascript:alert(1)", "unsupported_scheme"],
    ["http://user:secret@example.com/", "credentials_in_url"],
    ["not a url", "invalid_url"],
    ["http://[fe80::1%25eth0]/", "invalid_url"],
  ])("refuses %s (%s)", (input, reason) => {
    let caught: unknown;
    try {
      parseOutboundUrl(input);
    } catch (e) {
      caught = e;
    }
    expect(isAppError(caught, "url_refused")).toBe(true);
    expect((caught as { details?: { reason?: string } }).details?.reason).toBe(reason);
  });
});
