// The studio console at /studio/…: a signed-in studio customer's images, uploads, templates and account.
import { Suspense, lazy, type ComponentType } from "react";
import { NotFoundPage } from "../app/not-found.page";
import { PageLoader } from "../app/page-loader";
import { matchPath, useLocation } from "../app/router";
import { RequireSession } from "../app/session";
import { Shell } from "../app/shell";

const pages: Record<string, ComponentType> = {
  "/studio": lazy(() => import("./images.page")),
  "/studio/upload": lazy(() => import("./upload.page")),
  "/studio/templates": lazy(() => import("./templates.page")),
  "/studio/account": lazy(() => import("./account.page")),
};
const ImageDetailPage = lazy(() => import("./image-detail.page"));

const NAV = [
  ["/studio", "Images"],
  ["/studio/upload", "Upload"],
  ["/studio/templates", "Templates"],
  ["/studio/account", "Account"],
  ["/api-console", "API console"],
] as const;

export default function StudioArea() {
  const location = useLocation();
  const path = location.split("?")[0] ?? "";
  const detail = matchPath("/studio/images/:ticket", location);
  const Page = pages[path];
  return (
    <RequireSession>
      {(session) => {
        const contact = session.memberships.find((m) => m.kind === "contact");
        if (!contact) return <NotFoundPage />;
        return (
          <Shell session={session} title="Studio" subtitle={contact.contactEmail} nav={NAV} navLabel="Studio">
            <Suspense fallback={<PageLoader />}>
              {detail?.["ticket"] !== undefined ? (
                <ImageDetailPage ticket={detail["ticket"]} />
              ) : Page ? (
                <Page />
              ) : (
                <NotFoundPage />
              )}
            </Suspense>
          </Shell>
        );
      }}
    </RequireSession>
  );
}
