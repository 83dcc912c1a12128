// Named types of the Store API, derived from the generated endpoint table (never written by hand).
import type { StoreEndpoints, StoreEventData } from "../generated/store-api.js";

export type { StoreEndpoints, StoreEventData } from "../generated/store-api.js";

/** `"GET /orders/{id}"` and every other endpoint. */
export type StoreEndpoint = keyof StoreEndpoints;
export type StorePath<K extends StoreEndpoint> = StoreEndpoints[K]["path"];
export type StoreQuery<K extends StoreEndpoint> = StoreEndpoints[K]["query"];
export type StoreBody<K extends StoreEndpoint> = StoreEndpoints[K]["body"];
export type StoreResponse<K extends StoreEndpoint> = StoreEndpoints[K]["response"];
/** The `data` of an endpoint's envelope. */
export type StoreData<K extends StoreEndpoint> = StoreResponse<K> extends { data: infer D } ? D : never;
type Item<K extends StoreEndpoint> = StoreData<K> extends readonly (infer T)[] ? T : never;

/** Paging facts of a list response. */
export interface PageMeta {
  current_page: number;
  last_page: number;
  per_page: number;
  total: number;
}

/** One page of a list endpoint. */
export interface Page<T> {
  data: T[];
  meta: PageMeta;
}

/** Endpoints answering a page (`{data: [...], meta}`). */
export type StorePagedEndpoint = {
  [K in StoreEndpoint]: StoreResponse<K> extends { meta: PageMeta } ? K : never;
}[StoreEndpoint];

export type Product = StoreData<"GET /products/{id}">;
export type ProductSummary = Item<"GET /products">;
export type Category = StoreData<"GET /categories/{id}">;
export type Order = StoreData<"GET /orders/{id}">;
export type OrderSummary = Item<"GET /orders">;
export type Customer = StoreData<"GET /customers/{id}">;
export type CustomerSummary = Item<"GET /customers">;
export type Subscription = StoreData<"GET /subscriptions/{id}">;
export type Coupon = StoreData<"GET /coupons/{id}">;
export type GiftCard = StoreData<"GET /gift-cards/{id}">;
export type Webhook = StoreData<"GET /webhooks/{id}">;
export type CreatedWebhook = StoreData<"POST /webhooks">;
export type WebhookDelivery = Item<"GET /webhooks/{id}/deliveries">;
export type WebhookDeliveryDetail = StoreData<"GET /webhooks/{id}/deliveries/{deliveryId}">;
export type ApiToken = Item<"GET /tokens">;
export type Revenue = StoreData<"GET /analytics/revenue">;
export type Sales = StoreData<"GET /analytics/sales">;
export type CustomerAnalytics = StoreData<"GET /analytics/customers">;
export type CustomerTimeline = StoreData<"GET /analytics/customers/timeline">;

/** Every store webhook event type. */
export type StoreEventType = keyof StoreEventData;

/** A store delivery's body: `{id, event_type, created_at, data}`, typed by its event type. */
export type StoreEvent<T extends StoreEventType = StoreEventType> = {
  [E in T]: { id: string; event_type: E; created_at: string; data: StoreEventData[E] };
}[T];
