// Runs the benchmarks (`npm run bench [-- id …]`), prints each report and writes bench/results/<id>.json.
import { mkdir, readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Bench, BenchReport } from "./harness.js";

const here = path.dirname(fileURLToPath(import.meta.url));

async function loadBenches(): Promise<Bench[]> {
  const files = (await readdir(here)).filter((f) => f.endsWith(".bench.ts")).sort();
  const benches: Bench[] = [];
  for (const f of files) {
    const mod = (await import(pathToFileURL(path.join(here, f)).href)) as { bench?: Bench };
    if (mod.bench) benches.push(mod.bench);
  }
  return benches;
}

function printReport(r: BenchReport): void {
  console.log(`\n## ${r.name}`);
  for (const [k, v] of Object.entries(r.metrics)) console.log(`  ${k.padEnd(28)} ${String(v)}`);
  for (const [k, v] of Object.entries(r.ratios ?? {})) console.log(`  ${k.padEnd(28)} ${v.toFixed(3)}`);
  for (const t of r.targets ?? []) console.log(`  target: ${t.description} … ${t.met ? "met" : "NOT met"}`);
  for (const n of r.notes ?? []) console.log(`  note: ${n}`);
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const benches = (await loadBenches()).filter((b) => wanted.length === 0 || wanted.includes(b.id));
  if (benches.length === 0) {
    console.error(`no benchmark matches ${wanted.join(", ")}`);
    process.exitCode = 1;
    return;
  }
  const outDir = path.join(here, "results");
  await mkdir(outDir, { recursive: true });
  for (const b of benches) {
    console.log(`\n# ${b.id}: ${b.description}`);
    const started = Date.now();
    const reports = await b.run();
    reports.forEach(printReport);
    const file = path.join(outDir, `${b.id}.json`);
    await writeFile(
      file,
      JSON.stringify(
        { id: b.id, at: new Date().toISOString(), seconds: (Date.now() - started) / 1000, reports },
        null,
        2,
      ),
    );
    console.log(`  (written to ${path.relative(process.cwd(), file)})`);
  }
}

await main();
