// The editor workbench's client routes (/editor…).
import { lazy, type ReactElement } from "react";
import { matchPath } from "../app/router";
import { RequireEditor } from "./editor-layout";

const QueuePage = lazy(() => import("./queue.page"));
const WorkbenchPage = lazy(() => import("./workbench.page"));

export function editorRoute(location: string): ReactElement | undefined {
  const screen = editorScreen(location);
  return screen && <RequireEditor>{screen}</RequireEditor>;
}

function editorScreen(location: string): ReactElement | undefined {
  // `/workbench` is where the console first sent editors; it stays an address of the queue.
  if (matchPath("/editor", location) || matchPath("/workbench", location)) return <QueuePage />;
  const item = matchPath("/editor/images/:ticket", location);
  if (item?.["ticket"]) return <WorkbenchPage key={item["ticket"]} ticket={item["ticket"]} />;
  return undefined;
}
