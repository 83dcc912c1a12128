// The public checkout API (no sign-in) for one store: catalogue, basket, checkout, the buyer's order.
import { ApiError } from "../api/console-api";

export interface ShopProduct {
  id: number;
  name: string;
  description: string;
  price: string;
  compare_price: string | null;
  type: string;
  category: { id: number; name: string; slug: string } | null;
  images: { url: string; is_primary: boolean }[];
}

export interface ShopCategory {
  id: number;
  name: string;
  slug: string;
}

export interface Basket {
  token?: string;
  status: string;
  currency: string;
  email: string | null;
  username: string | null;
  minecraft_uuid: string | null;
  steam_id: string | null;
  discord_id: string | null;
  items: { product_id: number; name: string; price: string; quantity: number; line_total: string }[];
  coupon: { code: string; discount: string } | null;
  gift_cards: { code: string; balance: string; amount: string }[];
  subtotal: string;
  discount: string;
  tax: string;
  total: string;
  gift_card_total: string;
  amount_due: string;
  order_id: number | null;
}

export interface ShopOrder {
  order_number: string;
  status: string;
  payment_status: string;
  total: string;
  currency: string;
  items: { id: number; product_name: string; quantity: number; delivery_status: string }[];
}

export interface Checkout {
  order: ShopOrder;
  payment: { redirect_url: string; amount: string; currency: string } | null;
}

export type Identity = Partial<
  Record<"email" | "username" | "minecraft_uuid" | "steam_id" | "discord_id", string>
>;

function messageOf(body: unknown, status: number): string {
  if (typeof body !== "object" || body === null) return `Request failed (${status})`;
  const b = body as { message?: unknown; errors?: Record<string, string[]> };
  const details = b.errors ? Object.values(b.errors).flat().join(" ") : "";
  const message = typeof b.message === "string" ? b.message : `Request failed (${status})`;
  return details === "" ? message : `${message}: ${details}`;
}

/** A client for the store's checkout API. */
export function checkoutApi(subdomain: string) {
  const base = `/api/checkout/v1/stores/${encodeURIComponent(subdomain)}`;
  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const r = await fetch(base + path, {
      method,
      credentials: "omit",
      ...(body === undefined
        ? {}
        : { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
    });
    const text = await r.text();
    const json: unknown = text === "" ? undefined : JSON.parse(text);
    if (!r.ok) throw new ApiError(r.status, messageOf(json, r.status), json);
    return (json as { data: T }).data;
  }
  const b = (token: string) => `/baskets/${encodeURIComponent(token)}`;
  return {
    products: async (category?: string) => {
      const q = new URLSearchParams({ per_page: "100", ...(category === undefined ? {} : { category }) });
      return call<ShopProduct[]>("GET", `/products?${q.toString()}`);
    },
    categories: () => call<ShopCategory[]>("GET", "/categories?per_page=100"),
    createBasket: () => call<Basket>("POST", "/baskets"),
    basket: (token: string) => call<Basket>("GET", b(token)),
    setIdentity: (token: string, identity: Identity) => call<Basket>("PATCH", b(token), identity),
    addItem: (token: string, productId: number, quantity = 1) =>
      call<Basket>("POST", `${b(token)}/items`, { product_id: productId, quantity }),
    setQuantity: (token: string, productId: number, quantity: number) =>
      call<Basket>("PUT", `${b(token)}/items/${productId}`, { quantity }),
    applyCoupon: (token: string, code: string) => call<Basket>("POST", `${b(token)}/coupon`, { code }),
    removeCoupon: (token: string) => call<Basket>("DELETE", `${b(token)}/coupon`),
    addGiftCard: (token: string, code: string) => call<Basket>("POST", `${b(token)}/gift-cards`, { code }),
    checkout: (token: string) => call<Checkout>("POST", `${b(token)}/checkout`),
    order: (token: string) => call<ShopOrder>("GET", `${b(token)}/order`),
  };
}

export type CheckoutApi = ReturnType<typeof checkoutApi>;
