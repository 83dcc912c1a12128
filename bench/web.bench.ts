// Web console benchmark: gzipped JS (and CSS) each screen loads, from the build's chunk graph; and, in
// headless Chromium against a store with 100,000 orders, the dashboard's largest contentful paint and the
// time until its figures and charts show, against a bare static page served by the same server (floor).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import type { Browser, Page } from "playwright-core";
import { launchBrowser } from "../packages/web/test/support/browser.js";
import { percentile, round, type Bench, type BenchReport } from "./harness.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const DIST = path.join(here, "../packages/web/dist");
const ORDERS = Number(process.env["PIXL_BENCH_WEB_ORDERS"] ?? "100000");
const SAMPLES = 5;

interface ManifestChunk {
  file: string;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
  isEntry?: boolean;
}

/**
 * Gzipped bytes of the entry plus `screens`' chunks and everything they import statically, and the dynamic
 * imports of `eager` chunks, which start as they load (the dashboard fetches its charts beside its data).
 */
function screenBytes(
  manifest: Record<string, ManifestChunk>,
  screens: string[],
  eager: string[] = [],
): { js: number; css: number } {
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    for (const i of manifest[key]?.imports ?? []) visit(i);
  };
  visit("index.html");
  screens.forEach(visit);
  for (const key of eager) manifest[key]?.dynamicImports?.forEach(visit);
  let js = 0;
  const css = new Set<string>();
  for (const key of seen) {
    const chunk = manifest[key];
    if (!chunk) throw new Error(`${key} is not in the build manifest`);
    js += gzipSync(readFileSync(path.join(DIST, chunk.file)), { level: 9 }).length;
    for (const c of chunk.css ?? []) css.add(c);
  }
  let cssBytes = 0;
  for (const c of css) cssBytes += gzipSync(readFileSync(path.join(DIST, c)), { level: 9 }).length;
  return { js, css: cssBytes };
}

async function startServer(): Promise<{ child: ChildProcess; info: Record<string, string> }> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", path.join(here, "support/web-server.ts"), String(ORDERS)],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const info = await new Promise<Record<string, string>>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`web bench server exited (code ${String(code)})`)));
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).once("line", (line) =>
      resolve(JSON.parse(line) as Record<string, string>),
    );
  });
  return { child, info };
}

/** LCP (ms since navigation start) as Chromium reports it, read after the page settled. */
const LCP_SCRIPT = `new Promise((resolve) => {
  new PerformanceObserver((list) => { const e = list.getEntries(); resolve(e[e.length - 1].startTime); })
    .observe({ type: "largest-contentful-paint", buffered: true });
})`;

async function measure(page: Page, url: string, ready: (p: Page) => Promise<void>) {
  const started = performance.now();
  await page.goto(url);
  await ready(page);
  const readyMs = performance.now() - started;
  const lcp = await page.evaluate<number>(LCP_SCRIPT);
  return { readyMs, lcp };
}

async function signIn(browser: Browser, info: Record<string, string>): Promise<Page> {
  const context = await browser.newContext({ baseURL: info["url"], viewport: { width: 1280, height: 800 } });
  const r = await context.request.post("/api/console/v1/session", {
    data: { email: info["email"], password: info["password"] },
  });
  if (!r.ok()) throw new Error(`sign-in failed: ${r.status()}`);
  return context.newPage();
}

export const bench: Bench = {
  id: "web",
  description:
    "web console: JS size per screen, dashboard first render and LCP (100,000 orders) vs a static page",
  async run(): Promise<BenchReport[]> {
    // A production build, whatever dist/ held before (a build made under NODE_ENV=test bundles React's dev build).
    const build = spawnSync(
      process.execPath,
      [path.join(here, "../node_modules/vite/bin/vite.js"), "build", "--logLevel", "error"],
      {
        cwd: path.join(here, "../packages/web"),
        env: { ...process.env, NODE_ENV: "production" },
        encoding: "utf8",
      },
    );
    if (build.status !== 0) throw new Error(`vite build failed: ${build.stderr}`);
    const manifest = JSON.parse(readFileSync(path.join(DIST, ".vite/manifest.json"), "utf8")) as Record<
      string,
      ManifestChunk
    >;
    const shop = screenBytes(manifest, ["src/shop/shop.area.tsx"]);
    const admin = screenBytes(
      manifest,
      ["src/admin/admin.area.tsx", "src/admin/dashboard.page.tsx"],
      ["src/admin/dashboard.page.tsx"],
    );
    const sizes: BenchReport = {
      name: "web.bundle",
      metrics: {
        storefront_js_gzip_kb: round(shop.js / 1024, 1),
        storefront_css_gzip_kb: round(shop.css / 1024, 1),
        dashboard_js_gzip_kb: round(admin.js / 1024, 1),
        dashboard_css_gzip_kb: round(admin.css / 1024, 1),
      },
      targets: [{ description: "storefront JS < 150 KB gzipped", met: shop.js < 150 * 1024 }],
    };

    const server = await startServer();
    const browser = await launchBrowser();
    try {
      const page = await signIn(browser, server.info);
      const floor: number[] = [];
      const floorLcp: number[] = [];
      const ready: number[] = [];
      const lcp: number[] = [];
      // Warm-up (first compressions of the assets, the database's page cache), then interleaved samples.
      await measure(page, "/admin/bench", (p) => p.getByText("New customers").first().waitFor());
      for (let i = 0; i < SAMPLES; i++) {
        const f = await measure(page, "/bench-floor", (p) =>
          p.getByRole("heading", { name: "Dashboard" }).waitFor(),
        );
        floor.push(f.readyMs);
        floorLcp.push(f.lcp);
        // Fresh cache each time would measure the network; a returning admin has the assets cached.
        const d = await measure(page, "/admin/bench", async (p) => {
          await p
            .getByText(/^\$[\d,]+\.\d\d$/)
            .first()
            .waitFor();
          await p.locator(".recharts-area-area").first().waitFor();
          await p.locator(".recharts-bar-rectangle").first().waitFor();
        });
        ready.push(d.readyMs);
        lcp.push(d.lcp);
      }
      const p50 = (xs: number[]) => round(percentile(xs, 50), 1);
      const dashboard: BenchReport = {
        name: "web.dashboard",
        metrics: {
          orders: ORDERS,
          seed_s: server.info["seedSeconds"] ?? "",
          dashboard_ready_p50_ms: p50(ready),
          dashboard_ready_max_ms: round(Math.max(...ready), 1),
          dashboard_lcp_p50_ms: p50(lcp),
          floor_ready_p50_ms: p50(floor),
          floor_lcp_p50_ms: p50(floorLcp),
        },
        ratios: {
          ready_vs_floor: round(p50(ready) / p50(floor), 2),
          lcp_vs_floor: round(p50(lcp) / p50(floorLcp), 2),
        },
        targets: [{ description: "dashboard first render < 1 s locally", met: p50(ready) < 1000 }],
        notes: [
          "ready = navigation until the revenue figure, the revenue chart and the customers chart show (all analytics answered)",
          "assets cached after a warm-up visit, as for a returning admin; SQLite",
        ],
      };
      return [sizes, dashboard];
    } finally {
      await browser.close();
      const exited = new Promise((resolve) => server.child.once("exit", resolve));
      server.child.kill("SIGTERM");
      await exited;
    }
  },
};
