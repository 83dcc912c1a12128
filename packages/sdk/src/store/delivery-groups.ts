// The Store client's in-game delivery groups: delivery servers and the agent secret, product commands and
// Discord roles, the delivery queue. Responses the server does not describe yet are typed `unknown`.
import type { CallInput, CallOptions, StoreCall } from "./store-call.js";
import type { StoreBody, StoreEndpoint, StoreQuery, StoreResponse } from "./store-types.js";

/** An endpoint's `data`, or `unknown` while its response has no schema. */
export type DataOf<K extends StoreEndpoint> = StoreResponse<K> extends { data: infer D } ? D : unknown;

type Id = number;

/** `data` of endpoint K's answer. */
export function createDataCall(call: StoreCall) {
  return async <K extends StoreEndpoint>(key: K, input: CallInput<K>): Promise<DataOf<K>> =>
    ((await call(key, input)) as { data: DataOf<K> }).data;
}

export function createDeliveryGroups(call: StoreCall) {
  const data = createDataCall(call);
  return {
    /** Game servers that run delivery commands through the agent API. */
    deliveryServers: {
      list: (o?: CallOptions) => data("GET /delivery-servers", { ...o }),
      get: (id: Id, o?: CallOptions) => data("GET /delivery-servers/{id}", { ...o, path: { id } }),
      /** Creates a server; the answer carries its `server_secret` (and the store's first `store_secret`) once. */
      create: (body: StoreBody<"POST /delivery-servers">, o?: CallOptions) =>
        data("POST /delivery-servers", { ...o, body }),
      update: (id: Id, body: StoreBody<"PUT /delivery-servers/{id}">, o?: CallOptions) =>
        data("PUT /delivery-servers/{id}", { ...o, path: { id }, body }),
      delete: (id: Id, o?: CallOptions) => call("DELETE /delivery-servers/{id}", { ...o, path: { id } }),
      /** Every product command that runs on the server, with its product. */
      commands: (id: Id, o?: CallOptions) =>
        data("GET /delivery-servers/{id}/commands", { ...o, path: { id } }),
      /** A new `server_secret`; the old one stops working. */
      rotateSecret: (id: Id, o?: CallOptions) =>
        data("POST /delivery-servers/{id}/secret", { ...o, path: { id } }),
    },
    agentSecret: {
      /** A new store secret (`X-Store-Secret`) for every agent; the old one stops working. */
      rotate: (o?: CallOptions) => data("POST /agent-secret", { ...o }),
    },
    /** Commands a product runs on a server, per kind (purchase, refund …). */
    productCommands: {
      list: (productId: Id, o?: CallOptions) =>
        data("GET /products/{id}/commands", { ...o, path: { id: productId } }),
      create: (productId: Id, body: StoreBody<"POST /products/{id}/commands">, o?: CallOptions) =>
        data("POST /products/{id}/commands", { ...o, path: { id: productId }, body }),
      update: (
        productId: Id,
        commandId: Id,
        body: StoreBody<"PUT /products/{id}/commands/{childId}">,
        o?: CallOptions,
      ) =>
        data("PUT /products/{id}/commands/{childId}", {
          ...o,
          path: { id: productId, childId: commandId },
          body,
        }),
      delete: (productId: Id, commandId: Id, o?: CallOptions) =>
        call("DELETE /products/{id}/commands/{childId}", {
          ...o,
          path: { id: productId, childId: commandId },
        }),
    },
    /** Discord roles a product grants (assigned on purchase, removed on refund or expiry). */
    productDiscordRoles: {
      list: (productId: Id, o?: CallOptions) =>
        data("GET /products/{id}/discord-roles", { ...o, path: { id: productId } }),
      create: (productId: Id, body: StoreBody<"POST /products/{id}/discord-roles">, o?: CallOptions) =>
        data("POST /products/{id}/discord-roles", { ...o, path: { id: productId }, body }),
      delete: (productId: Id, roleId: Id, o?: CallOptions) =>
        call("DELETE /products/{id}/discord-roles/{childId}", {
          ...o,
          path: { id: productId, childId: roleId },
        }),
    },
    /** The command queue: every rendered command, its state and log. */
    deliveries: {
      list: (query?: StoreQuery<"GET /deliveries">, o?: CallOptions) =>
        call("GET /deliveries", { ...o, query }),
      get: (id: Id, o?: CallOptions) => data("GET /deliveries/{id}", { ...o, path: { id } }),
      /** Queues the command again (a new delivery with `resend_of`). */
      resend: (id: Id, o?: CallOptions) => data("POST /deliveries/{id}/resend", { ...o, path: { id } }),
    },
  };
}
