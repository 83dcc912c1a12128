// The route table: each area is its own chunk, so the storefront never loads the admin's charts.
import { lazy } from "react";
import { matchPath, useLocation } from "./router";
import { NotFoundPage } from "./not-found.page";
import { studioRoute } from "../studio/studio.routes";
import { apiConsoleRoute } from "../api-console/api-console.routes";
import { editorRoute } from "../editor/editor.routes";

const HomePage = lazy(() => import("./home.page"));
const LoginPage = lazy(() => import("../account/login.page"));
const AcceptInvitationPage = lazy(() => import("../account/accept-invitation.page"));
const AdminArea = lazy(() => import("../admin/admin.area"));
const ShopArea = lazy(() => import("../shop/shop.area"));

export function Routes() {
  const location = useLocation();
  if (matchPath("/", location)) return <HomePage />;
  if (matchPath("/login", location)) return <LoginPage />;
  if (matchPath("/invite", location)) return <AcceptInvitationPage />;
  if (matchPath("/admin/*", location)) return <AdminArea />;
  if (matchPath("/shop/*", location)) return <ShopArea />;
  const area = studioRoute(location) ?? editorRoute(location) ?? apiConsoleRoute(location);
  if (area) return area;
  return <NotFoundPage />;
}
