// Looking at the first bytes of a stream before deciding where the whole of it goes.
import { PassThrough, pipeline, type Readable } from "node:stream";

/**
 * Reads the first `n` bytes of `source` (fewer when it ends sooner) and returns them with a stream of
 * every byte, those included, so the caller can inspect the head and still store the whole body streaming.
 * An error of `source` before the head is read rejects; a later one errors the returned stream.
 */
export function peekStream(source: Readable, n: number): Promise<{ head: Buffer; body: Readable }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    // Everything below runs inside one event handler, so the source is never without an error listener.
    const finish = (ended: boolean): void => {
      source.off("data", onData).off("end", onEnd);
      const all = Buffer.concat(chunks);
      const body = new PassThrough();
      body.write(all);
      if (ended) body.end();
      else pipeline(source, body, () => undefined);
      source.off("error", onError);
      resolve({ head: all.subarray(0, n), body });
    };
    const onData = (chunk: Buffer): void => {
      chunks.push(chunk);
      length += chunk.length;
      if (length >= n) {
        source.pause();
        finish(false);
      }
    };
    const onEnd = (): void => finish(true);
    const onError = (e: unknown): void => {
      source.off("data", onData).off("end", onEnd);
      reject(e instanceof Error ? e : new Error(String(e)));
    };
    source.on("data", onData).once("end", onEnd).once("error", onError);
  });
}
