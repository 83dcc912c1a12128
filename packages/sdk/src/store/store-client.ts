// The Store API client (Pixlpay External API v1): every endpoint, grouped by resource, typed from the server.
import { createTransport, type Fetch, type RetryOptions } from "../core/transport.js";
import { createDataCall, createDeliveryGroups } from "./delivery-groups.js";
import { createStoreCall, iteratePages, type CallOptions, type StoreCall } from "./store-call.js";
import type { Page, StoreBody, StoreData, StoreQuery, StoreResponse } from "./store-types.js";

export interface StoreClientOptions {
  /** The server, e.g. `https://shop.example.com` or `http://127.0.0.1:3000` (the API path is added). */
  url?: string;
  /** A Pixlpay subdomain instead of `url`: `https://{subdomain}.pixlpay.net`. */
  subdomain?: string;
  /** `sk_live_…` */
  token: string;
  fetch?: Fetch;
  retry?: RetryOptions;
  timeoutMs?: number;
  /** Extra headers on every request (e.g. a User-Agent). */
  headers?: Record<string, string>;
  sleep?: (ms: number) => Promise<void>;
}

/** Where the Store API lives under a server URL. */
export const STORE_API_PATH = "/api/external/v1";

type Q<K extends Parameters<StoreCall>[0]> = StoreQuery<K>;
type B<K extends Parameters<StoreCall>[0]> = StoreBody<K>;
type D<K extends Parameters<StoreCall>[0]> = StoreData<K>;
type Id = number;

/** Base URL of a server from the options (`url` or `subdomain`). */
export function serverUrlOf(o: { url?: string; subdomain?: string }): string {
  if (o.url !== undefined) return o.url.replace(/\/+$/, "");
  if (o.subdomain !== undefined) return `https://${o.subdomain}.pixlpay.net`;
  throw new TypeError("pass url or subdomain");
}

/** Builds a client; nothing is sent until a method is called. */
export function createStoreClient(options: StoreClientOptions) {
  const transport = createTransport({
    baseUrl: `${serverUrlOf(options)}${STORE_API_PATH}`,
    headers: { authorization: `Bearer ${options.token}`, ...options.headers },
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    ...(options.retry === undefined ? {} : { retry: options.retry }),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.sleep === undefined ? {} : { sleep: options.sleep }),
  });
  const call = createStoreCall(transport);
  const dataOf = createDataCall(call);
  const data = async <T>(p: Promise<{ data: T }>): Promise<T> => (await p).data;
  const page = async <T>(p: Promise<{ data: T[]; meta: Page<T>["meta"] }>): Promise<Page<T>> => {
    const r = await p;
    return { data: r.data, meta: r.meta };
  };

  return {
    /** Any endpoint by its key, returning the whole envelope: `call("GET /orders/{id}", {path: {id: 1}})`. */
    call,
    products: {
      list: (query?: Q<"GET /products">, o?: CallOptions) => page(call("GET /products", { ...o, query })),
      iterate: (query?: Q<"GET /products">, o?: CallOptions) =>
        iteratePages(call, "GET /products", { ...o, query }),
      get: (id: Id, o?: CallOptions) => data(call("GET /products/{id}", { ...o, path: { id } })),
      create: (body: B<"POST /products">, o?: CallOptions) => data(call("POST /products", { ...o, body })),
      update: (id: Id, body: B<"PUT /products/{id}">, o?: CallOptions) =>
        data(call("PUT /products/{id}", { ...o, path: { id }, body })),
      patch: (id: Id, body: B<"PATCH /products/{id}">, o?: CallOptions) =>
        data(call("PATCH /products/{id}", { ...o, path: { id }, body })),
      delete: (id: Id, o?: CallOptions) => call("DELETE /products/{id}", { ...o, path: { id } }),
      /** Uploads an image (PNG, JPEG, WebP or GIF bytes); `contentType` defaults to the Blob's type. */
      uploadImage: (
        id: Id,
        image: Blob | Uint8Array,
        o: CallOptions & Q<"POST /products/{id}/images"> = {},
      ): Promise<D<"POST /products/{id}/images">> => {
        const { is_primary, ...rest } = o;
        const contentType =
          o.contentType ?? (image instanceof Blob ? image.type : "application/octet-stream");
        return data(
          call("POST /products/{id}/images", {
            ...rest,
            contentType,
            path: { id },
            query: is_primary === undefined ? {} : { is_primary },
            body: image as Blob,
          }),
        );
      },
      deleteImage: (id: Id, imageId: Id, o?: CallOptions) =>
        call("DELETE /products/{id}/images/{imageId}", { ...o, path: { id, imageId } }),
    },
    categories: {
      list: (query?: Q<"GET /categories">, o?: CallOptions) => page(call("GET /categories", { ...o, query })),
      iterate: (query?: Q<"GET /categories">, o?: CallOptions) =>
        iteratePages(call, "GET /categories", { ...o, query }),
      get: (id: Id, o?: CallOptions) => data(call("GET /categories/{id}", { ...o, path: { id } })),
      create: (body: B<"POST /categories">, o?: CallOptions) =>
        data(call("POST /categories", { ...o, body })),
      update: (id: Id, body: B<"PUT /categories/{id}">, o?: CallOptions) =>
        data(call("PUT /categories/{id}", { ...o, path: { id }, body })),
      patch: (id: Id, body: B<"PATCH /categories/{id}">, o?: CallOptions) =>
        data(call("PATCH /categories/{id}", { ...o, path: { id }, body })),
      delete: (id: Id, o?: CallOptions) => call("DELETE /categories/{id}", { ...o, path: { id } }),
      uploadImage: (id: Id, image: Blob | Uint8Array, o: CallOptions = {}) =>
        data(
          call("POST /categories/{id}/image", {
            ...o,
            contentType: o.contentType ?? (image instanceof Blob ? image.type : "application/octet-stream"),
            path: { id },
            body: image as Blob,
          }),
        ),
      deleteImage: (id: Id, o?: CallOptions) => call("DELETE /categories/{id}/image", { ...o, path: { id } }),
    },
    orders: {
      list: (query?: Q<"GET /orders">, o?: CallOptions) => page(call("GET /orders", { ...o, query })),
      iterate: (query?: Q<"GET /orders">, o?: CallOptions) =>
        iteratePages(call, "GET /orders", { ...o, query }),
      get: (id: Id, o?: CallOptions) => data(call("GET /orders/{id}", { ...o, path: { id } })),
      create: (body: B<"POST /orders">, o?: CallOptions) => data(call("POST /orders", { ...o, body })),
      /** Marks the order fulfilled (200 with the order), optionally with a note. */
      fulfill: (id: Id, body: B<"POST /orders/{id}/fulfill"> = {}, o?: CallOptions) =>
        data(call("POST /orders/{id}/fulfill", { ...o, path: { id }, body })),
      refund: (id: Id, body: B<"POST /orders/{id}/refund">, o?: CallOptions) =>
        data(call("POST /orders/{id}/refund", { ...o, path: { id }, body })),
      /** Records a payment taken outside Pixl (bank transfer …); delivery starts. */
      markPaid: (id: Id, o?: CallOptions) => dataOf("POST /orders/{id}/mark-paid", { ...o, path: { id } }),
      /** Captures an authorised payment. */
      capture: (id: Id, o?: CallOptions) => dataOf("POST /orders/{id}/capture", { ...o, path: { id } }),
      /** Cancels an unpaid pending order, releasing what it held. */
      cancel: (id: Id, o?: CallOptions) => dataOf("POST /orders/{id}/cancel", { ...o, path: { id } }),
    },
    settings: {
      checkout: (o?: CallOptions) => dataOf("GET /settings/checkout", { ...o }),
      updateCheckout: (body: B<"PUT /settings/checkout">, o?: CallOptions) =>
        dataOf("PUT /settings/checkout", { ...o, body }),
      /** The store's name, currency (ISO 4217) and time zone (IANA). */
      store: (o?: CallOptions) => dataOf("GET /settings/store", { ...o }),
      /** The currency is fixed once the store has orders or subscriptions. */
      updateStore: (body: B<"PUT /settings/store">, o?: CallOptions) =>
        dataOf("PUT /settings/store", { ...o, body }),
    },
    ...createDeliveryGroups(call),
    customers: {
      list: (query?: Q<"GET /customers">, o?: CallOptions) => page(call("GET /customers", { ...o, query })),
      iterate: (query?: Q<"GET /customers">, o?: CallOptions) =>
        iteratePages(call, "GET /customers", { ...o, query }),
      get: (id: Id, o?: CallOptions) => data(call("GET /customers/{id}", { ...o, path: { id } })),
      create: (body: B<"POST /customers">, o?: CallOptions) => data(call("POST /customers", { ...o, body })),
      update: (id: Id, body: B<"PUT /customers/{id}">, o?: CallOptions) =>
        data(call("PUT /customers/{id}", { ...o, path: { id }, body })),
      patch: (id: Id, body: B<"PATCH /customers/{id}">, o?: CallOptions) =>
        data(call("PATCH /customers/{id}", { ...o, path: { id }, body })),
      orders: (id: Id, query?: Q<"GET /customers/{id}/orders">, o?: CallOptions) =>
        page(call("GET /customers/{id}/orders", { ...o, path: { id }, query })),
      iterateOrders: (id: Id, query?: Q<"GET /customers/{id}/orders">, o?: CallOptions) =>
        iteratePages(call, "GET /customers/{id}/orders", { ...o, path: { id }, query }),
    },
    subscriptions: {
      list: (query?: Q<"GET /subscriptions">, o?: CallOptions) =>
        page(call("GET /subscriptions", { ...o, query })),
      iterate: (query?: Q<"GET /subscriptions">, o?: CallOptions) =>
        iteratePages(call, "GET /subscriptions", { ...o, query }),
      get: (id: Id, o?: CallOptions) => data(call("GET /subscriptions/{id}", { ...o, path: { id } })),
      create: (body: B<"POST /subscriptions">, o?: CallOptions) =>
        data(call("POST /subscriptions", { ...o, body })),
      cancel: (id: Id, body: B<"POST /subscriptions/{id}/cancel"> = {}, o?: CallOptions) =>
        data(call("POST /subscriptions/{id}/cancel", { ...o, path: { id }, body })),
    },
    coupons: {
      list: (query?: Q<"GET /coupons">, o?: CallOptions) => page(call("GET /coupons", { ...o, query })),
      iterate: (query?: Q<"GET /coupons">, o?: CallOptions) =>
        iteratePages(call, "GET /coupons", { ...o, query }),
      get: (id: Id, o?: CallOptions) => data(call("GET /coupons/{id}", { ...o, path: { id } })),
      create: (body: B<"POST /coupons">, o?: CallOptions) => data(call("POST /coupons", { ...o, body })),
      update: (id: Id, body: B<"PUT /coupons/{id}">, o?: CallOptions) =>
        data(call("PUT /coupons/{id}", { ...o, path: { id }, body })),
      patch: (id: Id, body: B<"PATCH /coupons/{id}">, o?: CallOptions) =>
        data(call("PATCH /coupons/{id}", { ...o, path: { id }, body })),
      delete: (id: Id, o?: CallOptions) => call("DELETE /coupons/{id}", { ...o, path: { id } }),
    },
    giftCards: {
      list: (query?: Q<"GET /gift-cards">, o?: CallOptions) => page(call("GET /gift-cards", { ...o, query })),
      iterate: (query?: Q<"GET /gift-cards">, o?: CallOptions) =>
        iteratePages(call, "GET /gift-cards", { ...o, query }),
      get: (id: Id, o?: CallOptions) => data(call("GET /gift-cards/{id}", { ...o, path: { id } })),
      create: (body: B<"POST /gift-cards">, o?: CallOptions) =>
        data(call("POST /gift-cards", { ...o, body })),
      revoke: (id: Id, body: B<"POST /gift-cards/{id}/revoke"> = {}, o?: CallOptions) =>
        data(call("POST /gift-cards/{id}/revoke", { ...o, path: { id }, body })),
      redeem: (id: Id, body: B<"POST /gift-cards/{id}/redeem">, o?: CallOptions) =>
        data(call("POST /gift-cards/{id}/redeem", { ...o, path: { id }, body })),
    },
    webhooks: {
      list: (o?: CallOptions) => data(call("GET /webhooks", { ...o })),
      /** Creates a webhook; the answer carries its `secret`, shown this once. */
      create: (body: B<"POST /webhooks">, o?: CallOptions) => data(call("POST /webhooks", { ...o, body })),
      get: (id: Id, o?: CallOptions) => data(call("GET /webhooks/{id}", { ...o, path: { id } })),
      update: (id: Id, body: B<"PUT /webhooks/{id}">, o?: CallOptions) =>
        data(call("PUT /webhooks/{id}", { ...o, path: { id }, body })),
      delete: (id: Id, o?: CallOptions) => call("DELETE /webhooks/{id}", { ...o, path: { id } }),
      /** Sends a `webhook.test` delivery now and answers with its result. */
      test: (id: Id, o?: CallOptions) => data(call("POST /webhooks/{id}/test", { ...o, path: { id } })),
      rotateSecret: (id: Id, body: B<"POST /webhooks/{id}/rotate-secret"> = {}, o?: CallOptions) =>
        data(call("POST /webhooks/{id}/rotate-secret", { ...o, path: { id }, body })),
      deliveries: (id: Id, query?: Q<"GET /webhooks/{id}/deliveries">, o?: CallOptions) =>
        page(call("GET /webhooks/{id}/deliveries", { ...o, path: { id }, query })),
      iterateDeliveries: (id: Id, query?: Q<"GET /webhooks/{id}/deliveries">, o?: CallOptions) =>
        iteratePages(call, "GET /webhooks/{id}/deliveries", { ...o, path: { id }, query }),
      getDelivery: (id: Id, deliveryId: string, o?: CallOptions) =>
        data(call("GET /webhooks/{id}/deliveries/{deliveryId}", { ...o, path: { id, deliveryId } })),
      redeliver: (id: Id, deliveryId: string, o?: CallOptions) =>
        data(
          call("POST /webhooks/{id}/deliveries/{deliveryId}/redeliver", { ...o, path: { id, deliveryId } }),
        ),
    },
    /** Pull-based delivery for `pixl listen`: deliveries wait on the server until pulled and acknowledged. */
    listeners: {
      create: (body: B<"POST /webhooks/listeners"> = {}, o?: CallOptions) =>
        data(call("POST /webhooks/listeners", { ...o, body })),
      /** Pending deliveries after `after` (a cursor from the previous pull), waiting up to `wait` seconds. */
      pull: (id: Id, query?: Q<"GET /webhooks/{id}/listen">, o?: CallOptions) =>
        call("GET /webhooks/{id}/listen", { ...o, path: { id }, query }),
      ack: (id: Id, body: B<"POST /webhooks/{id}/listen/ack">, o?: CallOptions) =>
        data(call("POST /webhooks/{id}/listen/ack", { ...o, path: { id }, body })),
      delete: (id: Id, o?: CallOptions) => call("DELETE /webhooks/{id}", { ...o, path: { id } }),
    },
    analytics: {
      revenue: (query?: Q<"GET /analytics/revenue">, o?: CallOptions) =>
        data(call("GET /analytics/revenue", { ...o, query })),
      sales: (query?: Q<"GET /analytics/sales">, o?: CallOptions) =>
        data(call("GET /analytics/sales", { ...o, query })),
      customers: (query?: Q<"GET /analytics/customers">, o?: CallOptions) =>
        data(call("GET /analytics/customers", { ...o, query })),
      /** New customers per day, week or month (buyers whose first paid order falls in each bucket). */
      customerTimeline: (query?: Q<"GET /analytics/customers/timeline">, o?: CallOptions) =>
        data(call("GET /analytics/customers/timeline", { ...o, query })),
    },
    tokens: {
      list: (o?: CallOptions) => data(call("GET /tokens", { ...o })),
      /** Creates a token; the answer carries it (`sk_live_…`), shown this once. */
      create: (body: B<"POST /tokens">, o?: CallOptions) => data(call("POST /tokens", { ...o, body })),
      revoke: (id: Id, o?: CallOptions) => call("DELETE /tokens/{id}", { ...o, path: { id } }),
    },
  };
}

/** The Store client's type. */
export type StoreClient = ReturnType<typeof createStoreClient>;
export type { StoreResponse };
