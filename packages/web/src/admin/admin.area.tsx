// The store admin at /admin/{store}/…: the session's store, its frame, and a screen per section.
import { lazy, Suspense, type ComponentType } from "react";
import { NotFoundPage } from "../app/not-found.page";
import { PageLoader } from "../app/page-loader";
import { matchPath, useLocation } from "../app/router";
import { RequireSession } from "../app/session";
import { AdminLayout } from "./admin-layout";
import type { AdminStore } from "./admin-store";

type StorePage = ComponentType<{ store: AdminStore }>;
type DetailPage = ComponentType<{ store: AdminStore; id: number }>;

const pages: Record<string, StorePage> = {
  "": lazy(() => import("./dashboard.page")),
  orders: lazy(() => import("./orders.page")),
  products: lazy(() => import("./products.page")),
  categories: lazy(() => import("./categories.page")),
  customers: lazy(() => import("./customers.page")),
  subscriptions: lazy(() => import("./subscriptions.page")),
  "game-servers": lazy(() => import("./game-servers.page")),
  staff: lazy(() => import("./staff.page")),
  coupons: lazy(() => import("./coupons.page")),
  "gift-cards": lazy(() => import("./gift-cards.page")),
  webhooks: lazy(() => import("./webhooks.page")),
  tokens: lazy(() => import("./tokens.page")),
  settings: lazy(() => import("./settings.page")),
};
const details: Record<string, DetailPage> = {
  orders: lazy(() => import("./order-detail.page")),
  products: lazy(() => import("./product-detail.page")),
  webhooks: lazy(() => import("./webhook-detail.page")),
  subscriptions: lazy(() => import("./subscription-detail.page")),
  "game-servers": lazy(() => import("./game-server-detail.page")),
};

function Screen({ store, section, id }: { store: AdminStore; section: string; id: string | undefined }) {
  if (id !== undefined) {
    const Detail = details[section];
    const n = Number(id);
    return Detail && Number.isSafeInteger(n) && n > 0 ? <Detail store={store} id={n} /> : <NotFoundPage />;
  }
  const Page = pages[section];
  return Page ? <Page store={store} /> : <NotFoundPage />;
}

export default function AdminArea() {
  const location = useLocation();
  const m =
    matchPath("/admin/:store/:section/:id", location) ??
    matchPath("/admin/:store/:section", location) ??
    matchPath("/admin/:store", location);
  return (
    <RequireSession>
      {(session) => {
        const subdomain = m?.["store"] ?? "";
        const membership = session.memberships.find((x) => x.kind === "store" && x.subdomain === subdomain);
        if (!membership) return <NotFoundPage />;
        const store: AdminStore = {
          subdomain,
          name: membership.storeName ?? subdomain,
          currency: membership.currency ?? "USD",
          role: membership.role,
        };
        return (
          <AdminLayout session={session} subdomain={subdomain}>
            <Suspense fallback={<PageLoader />}>
              <Screen store={store} section={m?.["section"] ?? ""} id={m?.["id"]} />
            </Suspense>
          </AdminLayout>
        );
      }}
    </RequireSession>
  );
}
