// Headless Chromium for the console's browser tests and the web bench: Debian's Chromium driven by
// playwright-core (no browser download), axe-core and 375 px checks, screenshots into packages/web/artifacts.
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { expect } from "vitest";

/** Debian's Chromium; `PIXL_CHROMIUM` points elsewhere. */
export const CHROMIUM = process.env["PIXL_CHROMIUM"] ?? "/usr/bin/chromium";
const isCi = process.env["CI"] === "true";

/**
 * Why the browser tests cannot run here, or undefined: suites `describe.skipIf(browserProblem !== undefined)`.
 * Under CI=true a missing browser fails at import instead of skipping.
 */
export const browserProblem = existsSync(CHROMIUM) ? undefined : `${CHROMIUM} is not installed`;
if (browserProblem !== undefined) {
  if (isCi) throw new Error(`The web console's browser tests need Chromium under CI=true: ${browserProblem}`);
  console.warn(
    `\n!! ${browserProblem} (apt-get install chromium, or set PIXL_CHROMIUM): the web console's browser tests are SKIPPED.\n`,
  );
}

/** Launches headless Chromium; throws a message naming the fix when it is missing. */
export function launchBrowser(): Promise<Browser> {
  if (browserProblem !== undefined) throw new Error(`${browserProblem} (apt-get install chromium)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** Screenshots land here (gitignored: test artefacts). */
export const ARTIFACTS = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "artifacts");

/** Saves a full-page screenshot as artifacts/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; html: string }[];
}

/**
 * Runs axe-core's WCAG 2 A/AA and 2.1 AA rules on the page and answers the serious and critical violations.
 * Evaluated through the DevTools protocol, so the console's CSP (no inline script) stays on. (All rules,
 * best practices included, took several times as long on the API reference: past its test's time-out
 * on a loaded machine.)
 */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as { axe: { run(o: unknown): Promise<{ violations: AxeViolation[] }> } }
    ).axe;
    const r = await axe.run({ runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21aa"] } });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target, html: n.html.slice(0, 200) })),
    }));
  });
  return violations.filter((v) => v.impact === "serious" || v.impact === "critical");
}

/** Fails on any serious or critical axe-core violation on the page, naming each and where it is. */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  const serious = (await seriousViolations(page)).map(
    (v) =>
      `${v.id} (${v.impact ?? ""}): ${v.help} at ${v.nodes.map((n) => `${n.target.join(" ")} ${n.html}`).join(", ")}`,
  );
  expect(serious, `accessibility of ${screen}`).toEqual([]);
}

/**
 * The page fits the viewport: nothing makes the document scroll sideways (one pixel of slack for
 * sub-pixel layout rounding).
 */
export async function expectNoSidewaysScroll(page: Page, screen: string): Promise<void> {
  // A string, not a function: this file is type-checked for Node, without the DOM's globals.
  const { scroll, width } = await page.evaluate<{ scroll: number; width: number }>(
    "({ scroll: document.documentElement.scrollWidth, width: window.innerWidth })",
  );
  expect(scroll, `width of ${screen}`).toBeLessThanOrEqual(width + 1);
}
