// A minimal Redis client (RESP over a socket), so the examples and tests need no redis package. In your
// project pass any client: node-redis `{ command: (a) => client.sendCommand(a) }`, ioredis
// `{ command: ([c, ...a]) => redis.call(c, ...a) }`.
import net from "node:net";
import type { RedisLike } from "@pixl/sdk";

export async function connectRedis(url = "redis://127.0.0.1:6379"): Promise<RedisLike & { close(): void }> {
  const u = new URL(url);
  const socket = net.connect(Number(u.port || 6379), u.hostname);
  await new Promise<void>((resolve, reject) => socket.once("connect", resolve).once("error", reject));
  const waiting: ((v: unknown) => void)[] = [];
  let buffer = "";
  socket.setEncoding("utf8");
  socket.on("data", (d: string) => {
    buffer += d;
    for (;;) {
      const end = buffer.indexOf("\r\n");
      if (end < 0) return;
      const line = buffer.slice(0, end);
      let value: unknown;
      let used = end + 2;
      if (line.startsWith("$")) {
        const n = Number(line.slice(1));
        if (n < 0) value = null;
        else {
          if (buffer.length < used + n + 2) return;
          value = buffer.slice(used, used + n);
          used += n + 2;
        }
      } else if (line.startsWith(":")) value = Number(line.slice(1));
      else if (line.startsWith("-")) value = new Error(line.slice(1));
      else value = line.slice(1);
      buffer = buffer.slice(used);
      waiting.shift()?.(value);
    }
  });
  return {
    command(args) {
      return new Promise((resolve, reject) => {
        waiting.push((v) => (v instanceof Error ? reject(v) : resolve(v)));
        socket.write(
          `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join("")}`,
        );
      });
    },
    close: () => socket.destroy(),
  };
}
