// A small client-side router over the History API: the current path, navigation and links.
import { useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from "react";

const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener("popstate", listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("popstate", listener);
  };
}

const snapshot = () => window.location.pathname + window.location.search;

/** The current path and query (`/admin/orders?status=paid`); re-renders on navigation. */
export function useLocation(): string {
  return useSyncExternalStore(subscribe, snapshot);
}

/** Goes to `to` (same origin), pushing a history entry unless `replace`. */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (options.replace) window.history.replaceState(null, "", to);
  else window.history.pushState(null, "", to);
  window.scrollTo(0, 0);
  for (const l of listeners) l();
}

/** Reads the query of the current location. */
export function useQuery(): URLSearchParams {
  const location = useLocation();
  const i = location.indexOf("?");
  return new URLSearchParams(i < 0 ? "" : location.slice(i));
}

/**
 * Matches `path` (no query) against a pattern like `/admin/:store/orders/:id`; answers the named
 * segments (URI-decoded) or undefined.
 */
export function matchPath(pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split("/").filter(Boolean);
  const got = path.split("?")[0]?.split("/").filter(Boolean) ?? [];
  const rest = want[want.length - 1] === "*";
  if (rest ? got.length < want.length - 1 : got.length !== want.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i] ?? "";
    if (w === "*") break;
    const g = got[i] ?? "";
    if (w.startsWith(":")) {
      try {
        params[w.slice(1)] = decodeURIComponent(g);
      } catch {
        return undefined;
      }
    } else if (w !== g) return undefined;
  }
  return params;
}

export type LinkProps = AnchorHTMLAttributes<HTMLAnchorElement> & { href: string };

/** An anchor that navigates in the app (plain clicks) and stays a real link (new tab, copy address). */
export function Link({ href, onClick, ...rest }: LinkProps) {
  const handle = (e: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    if (rest.target !== undefined && rest.target !== "_self") return;
    e.preventDefault();
    navigate(href);
  };
  return <a href={href} onClick={handle} {...rest} />;
}
