// The typed core of the Store client: one call per endpoint key, path templating, idempotency keys, paging.
import { createIdempotencyKey } from "../core/ids.js";
import type { Transport } from "../core/transport.js";
import type {
  Page,
  StoreBody,
  StoreEndpoint,
  StorePagedEndpoint,
  StorePath,
  StoreQuery,
  StoreResponse,
} from "./store-types.js";

/** Per-call options. */
export interface CallOptions {
  /** Sent as `Idempotency-Key` on POST; default a fresh UUID per call (the same one on its 429 retries). */
  idempotencyKey?: string;
  signal?: AbortSignal;
  /** Content type of a raw (upload) body. */
  contentType?: string;
}

/** What a call of endpoint K takes: `path` when it has parameters, `body` when it has one, optional `query`. */
export type CallInput<K extends StoreEndpoint> = ([StorePath<K>] extends [never]
  ? { path?: undefined }
  : { path: StorePath<K> }) &
  ([StoreQuery<K>] extends [never] ? { query?: undefined } : { query?: StoreQuery<K> }) &
  ([StoreBody<K>] extends [never] ? { body?: undefined } : { body?: StoreBody<K> }) &
  CallOptions;

/** `/orders/{id}` with `{id: 3}` → `/orders/3` (segments percent-encoded). */
export function fillPath(
  template: string,
  params: Record<string, string | number | undefined> | undefined,
): string {
  return template.replace(/\{(\w+)\}/g, (_m, name: string) => {
    const v = params?.[name];
    if (v === undefined) throw new TypeError(`missing path parameter ${name} for ${template}`);
    return encodeURIComponent(String(v));
  });
}

export type StoreCall = <K extends StoreEndpoint>(key: K, input: CallInput<K>) => Promise<StoreResponse<K>>;

/** Binds a transport to the endpoint table. */
export function createStoreCall(transport: Transport): StoreCall {
  return async (key, input) => {
    const space = key.indexOf(" ");
    const method = key.slice(0, space);
    const path = fillPath(key.slice(space + 1), input.path);
    const headers: Record<string, string> = {};
    if (method === "POST") headers["idempotency-key"] = input.idempotencyKey ?? createIdempotencyKey();
    if (input.contentType !== undefined) headers["content-type"] = input.contentType;
    const res = await transport.request<StoreResponse<typeof key>>(method, path, {
      query: input.query ?? undefined,
      body: input.body,
      headers,
      ...(input.signal === undefined ? {} : { signal: input.signal }),
    });
    return res.body;
  };
}

type PageItem<K extends StorePagedEndpoint> = StoreResponse<K> extends { data: (infer T)[] } ? T : never;

/**
 * Every item of a list endpoint, page after page (`per_page` 100 unless given), fetched lazily as the
 * loop advances; stops at `last_page`.
 */
export async function* iteratePages<K extends StorePagedEndpoint>(
  call: StoreCall,
  key: K,
  input: CallInput<K>,
): AsyncGenerator<PageItem<K>, void, undefined> {
  const query = { per_page: 100, ...(input.query ?? {}) } as Record<string, unknown>;
  let page = Number(query["page"] ?? 1);
  for (;;) {
    const res = (await call(key, { ...input, query: { ...query, page } } as CallInput<K>)) as unknown as Page<
      PageItem<K>
    >;
    for (const item of res.data) yield item;
    if (res.data.length === 0 || res.meta.current_page >= res.meta.last_page) return;
    page = res.meta.current_page + 1;
  }
}
