// What each image was uploaded from, remembered in this browser for the before/after comparison
// (the Studio API answers the finals, not the source).
const KEY = "pixl.studio.sources";
const MAX = 500;

function read(): Record<string, string> {
  try {
    return JSON.parse(window.localStorage.getItem(KEY) ?? "{}") as Record<string, string>;
  } catch {
    return {};
  }
}

export function rememberSource(ticket: string, url: string): void {
  const kept = Object.entries({ ...read(), [ticket]: url }).slice(-MAX);
  try {
    window.localStorage.setItem(KEY, JSON.stringify(Object.fromEntries(kept)));
  } catch {
    // Storage refused: the comparison shows the final only.
  }
}

export function sourceOf(ticket: string): string | undefined {
  return read()[ticket];
}
