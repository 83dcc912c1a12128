// The route table: each area is its own chunk, so the storefront never loads the admin's charts.
import { lazy } from "react";
import { matchPath, useLocation } from "./router";
import { NotFoundPage } from "./not-found.page";

const HomePage = lazy(() => import("./home.page"));
const LoginPage = lazy(() => import("../account/login.page"));
const AdminArea = lazy(() => import("../admin/admin.area"));
const ShopArea = lazy(() => import("../shop/shop.area"));
const StudioArea = lazy(() => import("../studio/studio.area"));
const ApiConsoleArea = lazy(() => import("../apiconsole/api-console.area"));
const WorkbenchArea = lazy(() => import("../workbench/workbench.area"));

export function Routes() {
  const location = useLocation();
  if (matchPath("/", location)) return <HomePage />;
  if (matchPath("/login", location)) return <LoginPage />;
  if (matchPath("/admin/*", location)) return <AdminArea />;
  if (matchPath("/shop/*", location)) return <ShopArea />;
  if (matchPath("/studio", location) || matchPath("/studio/*", location)) return <StudioArea />;
  if (matchPath("/api-console", location)) return <ApiConsoleArea />;
  if (matchPath("/workbench", location)) return <WorkbenchArea />;

  return <NotFoundPage />;
}
