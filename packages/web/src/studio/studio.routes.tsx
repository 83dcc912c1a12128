// The studio's client routes (/studio…), each screen its own chunk.
import { lazy, type ReactElement } from "react";
import { matchPath } from "../app/router";
import { RequireStudio } from "./studio-layout";

const ImagesPage = lazy(() => import("./images.page"));
const UploadPage = lazy(() => import("./upload.page"));
const ImagePage = lazy(() => import("./image.page"));
const TemplatesPage = lazy(() => import("./templates.page"));
const BillingPage = lazy(() => import("./billing.page"));

/** The studio screen for `location`, or undefined when it is not a studio path. */
export function studioRoute(location: string): ReactElement | undefined {
  const screen = studioScreen(location);
  return screen && <RequireStudio>{screen}</RequireStudio>;
}

function studioScreen(location: string): ReactElement | undefined {
  if (matchPath("/studio", location)) return <ImagesPage />;
  if (matchPath("/studio/upload", location)) return <UploadPage />;
  if (matchPath("/studio/templates", location)) return <TemplatesPage />;
  if (matchPath("/studio/billing", location)) return <BillingPage />;
  const image = matchPath("/studio/images/:ticket", location);
  if (image?.["ticket"]) return <ImagePage key={image["ticket"]} ticket={image["ticket"]} />;
  return undefined;
}
