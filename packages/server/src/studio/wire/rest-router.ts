// Matches `/REST.svc/[JSON/]<Method>` paths to contract operations, case-insensitively, trailing slash optional.
import {
  studioContract,
  type HttpMethod,
  type OperationDescriptor,
  type StudioOperationName,
} from "../studio.contract.js";

export type RestFormat = "json" | "xml";

export type RestMatch =
  | { kind: "operation"; operation: StudioOperationName; params: Record<string, string>; label: string }
  | { kind: "wrong-method"; allowed: HttpMethod[] }
  | { kind: "none" };

interface Route {
  readonly operation: StudioOperationName;
  readonly method: HttpMethod;
  /** Lowercased literal segments; `null` where a parameter goes. */
  readonly segments: readonly (string | null)[];
  readonly paramNames: readonly (string | undefined)[];
  readonly label: string;
}

const routes: readonly Route[] = Object.entries(studioContract).flatMap(([operation, descriptor]) => {
  const http = (descriptor as OperationDescriptor).http;
  if (http === undefined) return [];
  const parts = http.path.split("/");
  return [
    {
      operation: operation as StudioOperationName,
      method: http.method,
      segments: parts.map((p) => (p.startsWith("{") ? null : p.toLowerCase())),
      paramNames: parts.map((p) => (p.startsWith("{") ? p.slice(1, -1) : undefined)),
      label: `${http.method} ${http.path}`,
    },
  ];
});

/** Splits what follows `/REST.svc/` into the format and the method's segments (empty ones dropped). */
export function splitRestPath(rest: string): { format: RestFormat; segments: string[] } {
  const segments = rest.split("/").filter((s) => s !== "");
  if (segments[0]?.toLowerCase() === "json") return { format: "json", segments: segments.slice(1) };
  return { format: "xml", segments };
}

function fits(route: Route, segments: readonly string[]): boolean {
  if (route.segments.length !== segments.length) return false;
  return route.segments.every((literal, i) => literal === null || literal === segments[i]?.toLowerCase());
}

/**
 * The operation for `method` and `segments`. Literal segments win over parameters (so `Image/Reject/x`
 * is never `Image/{imageTicket}`); a known path with another verb is `wrong-method`.
 */
export function matchRestRoute(method: string, segments: readonly string[]): RestMatch {
  const candidates = routes.filter((r) => fits(r, segments));
  const route = candidates
    .filter((r) => r.method === method)
    .sort(
      (a, b) => b.segments.filter((s) => s !== null).length - a.segments.filter((s) => s !== null).length,
    )[0];
  if (route === undefined) {
    if (candidates.length === 0) return { kind: "none" };
    return { kind: "wrong-method", allowed: [...new Set(candidates.map((r) => r.method))] };
  }
  const params: Record<string, string> = {};
  route.paramNames.forEach((name, i) => {
    if (name !== undefined) params[name] = segments[i] ?? "";
  });
  return { kind: "operation", operation: route.operation, params, label: route.label };
}
