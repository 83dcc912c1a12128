// Headless Chromium for the console's browser tests: Debian's /usr/bin/chromium driven by playwright-core.
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { expect } from "vitest";

export const CHROMIUM = "/usr/bin/chromium";
const isCi = process.env["CI"] === "true";

/** Why the browser tests cannot run here, or undefined. Under CI=true a missing browser fails instead. */
export const browserProblem = existsSync(CHROMIUM) ? undefined : `${CHROMIUM} is not installed`;
if (browserProblem !== undefined) {
  if (isCi) throw new Error(`The web console's browser tests need Chromium under CI=true: ${browserProblem}`);
  console.warn(
    `\n!! ${browserProblem} (apt-get install chromium): the web console's browser tests are SKIPPED.\n`,
  );
}

export function launchBrowser(): Promise<Browser> {
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
export const ARTIFACTS = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "artifacts");

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/**
 * Runs axe-core on the page (evaluated through the debugging protocol, so the page's CSP, which forbids
 * inline scripts, stays on) and fails on any serious or critical violation, naming each.
 */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  await page.evaluate(axeSource);
  // A string, not a function: this file is type-checked for Node, without the DOM's globals.
  const violations = await page.evaluate<AxeViolation[]>("axe.run().then((r) => r.violations)");
  const serious = violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map(
      (v) => `${v.id} (${v.impact ?? ""}): ${v.help} at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
    );
  expect(serious, `accessibility of ${screen}`).toEqual([]);
}

/** The page fits the viewport: nothing makes the document scroll sideways. */
export async function expectNoSidewaysScroll(page: Page, screen: string): Promise<void> {
  const { scroll, width } = await page.evaluate<{ scroll: number; width: number }>(
    "({ scroll: document.documentElement.scrollWidth, width: window.innerWidth })",
  );
  expect(scroll, `width of ${screen}`).toBeLessThanOrEqual(width);
}
