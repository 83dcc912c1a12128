// Studio API benchmark: GET Image/{ticket} status requests/s and p99 in JSON and XML against a bare-Fastify
// floor answering a constant body of the same size, in the same run; and POST Image submissions accepted/s.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import autocannon, { type AutocannonResult } from "autocannon";
import { round, type Bench, type BenchReport } from "./harness.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const SERVER = path.join(here, "support/studio-server.ts");
const CONNECTIONS = 16;
const SECONDS = 5;
/** Rounds of (floor, ours) pairs per format, interleaved so machine load drifts hit both alike. */
const ROUNDS = 2;

interface Server {
  info: Record<string, string>;
  child: ChildProcess;
}

async function startServer(args: string[]): Promise<Server> {
  const child = spawn(process.execPath, ["--import", "tsx", SERVER, ...args], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const info = await new Promise<Record<string, string>>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`studio bench server exited (code ${String(code)})`)));
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).once("line", (line) =>
      resolve(JSON.parse(line) as Record<string, string>),
    );
  });
  return { info, child };
}

async function stop(server: Server): Promise<void> {
  const exited = new Promise((resolve) => server.child.once("exit", resolve));
  server.child.kill("SIGTERM");
  await exited;
}

async function load(
  url: string,
  extra: Partial<Parameters<typeof autocannon>[0]> = {},
): Promise<AutocannonResult> {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, ...extra });
  if (result.errors > 0 || result.timeouts > 0) throw new Error(`${url}: ${String(result.errors)} errors`);
  return result;
}

function best(results: AutocannonResult[]): { rps: number; p99: number } {
  const top = results.reduce((a, b) => (b.requests.average > a.requests.average ? b : a));
  return { rps: top.requests.average, p99: top.latency.p99 };
}

export const bench: Bench = {
  id: "studio",
  description: `Studio API GET Image/{ticket} (JSON, XML) vs a constant-body Fastify floor; POST Image accepted/s (SQLite, ${String(CONNECTIONS)} connections, ${String(SECONDS)} s runs)`,
  async run(): Promise<BenchReport[]> {
    const ours = await startServer(["app"]);
    let floor: Server | undefined;
    try {
      const { url, email, apiKey } = ours.info as { url: string; email: string; apiKey: string };
      const credentials = { contactEmail: email, contactAPIkey: apiKey };
      const posted = await fetch(`${url}/REST.svc/JSON/Image`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          ...credentials,
          imageURL: "http://images.example/a.jpg",
          customerImageId: "b1",
        }),
      });
      const ticket = ((await posted.json()) as { ImageTicket: string }).ImageTicket;
      const query = new URLSearchParams(credentials).toString();
      const statusUrl = {
        json: `${url}/REST.svc/JSON/Image/${ticket}?${query}`,
        xml: `${url}/REST.svc/Image/${ticket}?${query}`,
      };
      // The floor answers exactly the bytes ours answers.
      const dir = mkdtempSync(path.join(tmpdir(), "pixl-bench-floor-"));
      const bodies = {
        json: await (await fetch(statusUrl.json)).text(),
        xml: await (await fetch(statusUrl.xml)).text(),
      };
      if (!bodies.json.includes('"NoError"')) throw new Error(`status call failed: ${bodies.json}`);
      writeFileSync(path.join(dir, "body.json"), bodies.json);
      writeFileSync(path.join(dir, "body.xml"), bodies.xml);
      floor = await startServer(["floor", path.join(dir, "body.json"), path.join(dir, "body.xml")]);
      const floorUrl = (floor.info as { url: string }).url;

      const reports: BenchReport[] = [];
      for (const format of ["json", "xml"] as const) {
        const floorRuns: AutocannonResult[] = [];
        const ourRuns: AutocannonResult[] = [];
        for (let i = 0; i < ROUNDS; i++) {
          floorRuns.push(await load(`${floorUrl}/${format}`));
          ourRuns.push(await load(statusUrl[format]));
        }
        const f = best(floorRuns);
        const o = best(ourRuns);
        const ratio = o.rps / f.rps;
        reports.push({
          name: `studio.sqlite.status.${format}`,
          metrics: {
            requests_per_s: round(o.rps, 0),
            p99_ms: o.p99,
            floor_requests_per_s: round(f.rps, 0),
            floor_p99_ms: f.p99,
            body_bytes: Buffer.byteLength(bodies[format]),
          },
          ratios: { vs_floor: round(ratio, 3) },
          targets: [{ description: "≥ 0.4 of the constant-response floor", met: ratio >= 0.4 }],
          notes: [
            `best of ${String(ROUNDS)} interleaved ${String(SECONDS)} s runs each; server and floor in their own processes`,
          ],
        });
      }

      const submissions = await load(`${url}/REST.svc/JSON/Image`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ ...credentials, imageURL: "http://images.example/b.jpg", productId: "bench" }),
      });
      const count = await fetch(`${url}/REST.svc/JSON/Images/Count?${query}`);
      const images = ((await count.json()) as { ImagesCount: number }).ImagesCount;
      reports.push({
        name: "studio.sqlite.submit",
        metrics: {
          accepted_per_s: round(submissions["2xx"] / SECONDS, 0),
          p99_ms: submissions.latency.p99,
          non_2xx: submissions.non2xx,
          images_stored: images,
        },
        notes: [
          "POST /REST.svc/JSON/Image, workers not started (acceptance only: validate, store, enqueue download)",
        ],
      });
      return reports;
    } finally {
      if (floor) await stop(floor);
      await stop(ours);
    }
  },
};
