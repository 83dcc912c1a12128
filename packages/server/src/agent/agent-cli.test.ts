// `pixl agent`'s arguments and environment turned into the agent's options, each mistake named.
import { describe, expect, it } from "vitest";
import { resolveAgentOptions } from "./agent-cli.js";

const env = {
  PIXL_AGENT_STORE_SECRET: "pxs_a",
  PIXL_AGENT_SERVER_SECRET: "srv_b",
  PIXL_AGENT_RCON_PASSWORD: "pw",
};

describe("resolveAgentOptions", () => {
  it("builds RCON and shell targets", () => {
    expect(resolveAgentOptions({ url: "http://shop.example", rcon: "mc.example:25575" }, env)).toMatchObject({
      url: "http://shop.example/",
      storeSecret: "pxs_a",
      serverSecret: "srv_b",
      target: { kind: "rcon", rcon: { host: "mc.example", port: 25575, password: "pw" } },
    });
    const shell = resolveAgentOptions(
      { url: "https://shop.example", shell: "/bin/sh", onlineCheck: false, offlineRetry: 5 },
      env,
    );
    expect(shell).toMatchObject({
      target: { kind: "shell", shell: "/bin/sh" },
      onlineCheck: null,
      offlineRetryMs: 5000,
    });
  });

  it("names each mistake", () => {
    const cases: [Parameters<typeof resolveAgentOptions>[0], RegExp][] = [
      [{ url: "nonsense", rcon: "h:1" }, /--url must be an http\(s\) URL/],
      [{ url: "file:///etc/passwd", rcon: "h:1" }, /--url must be an http\(s\) URL/],
      [{ url: "http://x" }, /exactly one of --rcon host:port or --shell/],
      [{ url: "http://x", rcon: "h:99999" }, /--rcon must be host:port/],
      [{ url: "http://x", rcon: "h:0" }, /--rcon must be host:port/],
      [{ url: "http://x", rcon: ":25575" }, /--rcon must be host:port/],
      [{ url: "http://x", shell: "sh" }, /--shell must be an absolute path/],
    ];
    for (const [opts, pattern] of cases)
      expect(() => resolveAgentOptions(opts, env), JSON.stringify(opts)).toThrow(pattern);
    expect(() => resolveAgentOptions({ url: "http://x", rcon: "h:1" }, {})).toThrow(
      /PIXL_AGENT_STORE_SECRET/,
    );
  });
});
