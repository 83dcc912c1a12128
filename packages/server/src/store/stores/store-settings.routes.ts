// GET /settings/store (settings:read) and PUT /settings/store (settings:write): name, currency, time zone.
import { Type, type Static } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import { requireScope } from "../http/auth.hooks.js";
import { getPrincipal } from "../http/request-context.js";
import { DataEnvelope, ok } from "../shared/envelope.js";
import type { StoreRouteDeps } from "../store-api.deps.js";
import { StoreJson, toStoreJson } from "./store.schema.js";
import { updateStoreSettings } from "./store-settings.service.js";

export const UpdateStoreSettingsBody = Type.Object({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  currency: Type.Optional(Type.String({ minLength: 3, maxLength: 3, description: "ISO 4217, e.g. EUR" })),
  time_zone: Type.Optional(
    Type.String({ minLength: 1, maxLength: 64, description: "IANA time zone, e.g. Europe/Berlin" }),
  ),
});
type UpdateStoreSettingsBody = Static<typeof UpdateStoreSettingsBody>;

export function registerStoreSettingsRoutes(app: FastifyInstance, deps: StoreRouteDeps): void {
  const response = { 200: DataEnvelope(StoreJson) };
  app.get(
    "/settings/store",
    { onRequest: requireScope("settings:read"), schema: { response } },
    // The principal's store was read with the token on this request: no second query.
    (request) => Promise.resolve(ok(toStoreJson(getPrincipal(request).store))),
  );
  app.put<{ Body: UpdateStoreSettingsBody }>(
    "/settings/store",
    { onRequest: requireScope("settings:write"), schema: { body: UpdateStoreSettingsBody, response } },
    async (request) =>
      ok(
        toStoreJson(
          await updateStoreSettings(
            deps.database.kysely,
            deps.clock,
            getPrincipal(request).store.id,
            request.body,
          ),
        ),
        "Store settings updated",
      ),
  );
}
