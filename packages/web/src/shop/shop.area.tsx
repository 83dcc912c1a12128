// The storefront at /shop/{store}/…: catalogue, basket and order confirmation (no sign-in).
import { NotFoundPage } from "../app/not-found.page";
import { matchPath, useLocation } from "../app/router";
import { BasketPage } from "./basket.page";
import { CatalogPage } from "./catalog.page";
import { OrderPage } from "./order.page";
import { ShopLayout } from "./shop-layout";
import { useBasket } from "./use-basket";

function Shop({ subdomain, location }: { subdomain: string; location: string }) {
  const basket = useBasket(subdomain);
  const items = basket.basket?.items.reduce((n, i) => n + i.quantity, 0) ?? 0;
  const order = matchPath("/shop/:store/orders/:token", location);
  let page;
  if (order?.["token"] !== undefined) page = <OrderPage subdomain={subdomain} token={order["token"]} />;
  else if (matchPath("/shop/:store/basket", location))
    page = <BasketPage subdomain={subdomain} basket={basket} />;
  else if (matchPath("/shop/:store", location)) page = <CatalogPage subdomain={subdomain} basket={basket} />;
  else page = <NotFoundPage />;
  return (
    <ShopLayout subdomain={subdomain} items={items}>
      {page}
    </ShopLayout>
  );
}

export default function ShopArea() {
  const location = useLocation();
  const subdomain = matchPath("/shop/:store/*", location)?.["store"];
  if (subdomain === undefined || !/^[a-z0-9-]{1,63}$/.test(subdomain)) return <NotFoundPage />;
  // Keyed by store: a basket never carries over to another store.
  return <Shop key={subdomain} subdomain={subdomain} location={location} />;
}
