// The API console's client routes (/api-console…).
import { lazy, type ReactElement } from "react";
import { matchPath } from "../app/router";

const ApiConsolePage = lazy(() => import("./api-console.page"));
const ApiReferencePage = lazy(() => import("./api-reference.page"));

export function apiConsoleRoute(location: string): ReactElement | undefined {
  if (matchPath("/api-console", location)) return <ApiConsolePage />;
  if (matchPath("/api-console/reference", location)) return <ApiReferencePage />;
  return undefined;
}
