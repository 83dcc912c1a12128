// Gift card endpoints: GET /gift-cards[/{id}] (orders:read); POST /gift-cards, /gift-cards/{id}/revoke and
// /gift-cards/{id}/redeem (orders:write).
import type { FastifyInstance } from "fastify";
import { requireScope } from "../http/auth.hooks.js";
import { getPrincipal } from "../http/request-context.js";
import { DataEnvelope, ok, okPage, PageEnvelope } from "../shared/envelope.js";
import { pageMeta, resolvePage, sortDirection } from "../shared/list-query.js";
import { idParams } from "../shared/list-query.schema.js";
import type { StoreRouteDeps } from "../store-api.deps.js";
import { listGiftCards } from "./gift-card.repository.js";
import {
  GiftCardDetailJson,
  GiftCardJson,
  IssueGiftCardBody,
  ListGiftCardsQuery,
  RedeemGiftCardBody,
  RevokeGiftCardBody,
  toGiftCardJson,
} from "./gift-card.schema.js";
import { getGiftCardDetail, issueGiftCard, redeemGiftCard, revokeGiftCard } from "./gift-card.service.js";

const params = idParams("Gift card not found");
type IdParams = { Params: { id: number } };
const detail = { 200: DataEnvelope(GiftCardDetailJson) };

/** Gift cards are money owed to buyers, so they share the orders scopes (the docs define no gift card scope). */
export function registerGiftCardRoutes(app: FastifyInstance, deps: StoreRouteDeps): void {
  const db = deps.database.kysely;
  const read = requireScope("orders:read");
  const write = requireScope("orders:write");

  app.get<{ Querystring: ListGiftCardsQuery }>(
    "/gift-cards",
    {
      onRequest: read,
      schema: { querystring: ListGiftCardsQuery, response: { 200: PageEnvelope(GiftCardJson) } },
    },
    async (request) => {
      const { store } = getPrincipal(request);
      const q = request.query;
      const page = resolvePage(q);
      const { rows, total } = await listGiftCards(db, store.id, {
        status: q.status,
        search: q.search,
        email: q.email,
        sort: q.sort ?? "created_at",
        direction: sortDirection(q.order),
        page,
      });
      return okPage(rows.map(toGiftCardJson), pageMeta(page, total));
    },
  );

  app.get<IdParams>(
    "/gift-cards/:id",
    { onRequest: read, schema: { params, response: detail } },
    async (request) => ok(await getGiftCardDetail(db, getPrincipal(request).store.id, request.params.id)),
  );

  app.post<{ Body: IssueGiftCardBody }>(
    "/gift-cards",
    {
      onRequest: write,
      schema: { body: IssueGiftCardBody, response: { 201: DataEnvelope(GiftCardDetailJson) } },
    },
    async (request, reply) => {
      const card = await issueGiftCard(deps, getPrincipal(request).store, request.body);
      return reply.status(201).send(ok(card, "Gift card issued successfully"));
    },
  );

  app.post<IdParams & { Body: RevokeGiftCardBody }>(
    "/gift-cards/:id/revoke",
    { onRequest: write, schema: { params, body: RevokeGiftCardBody, response: detail } },
    async (request) =>
      ok(
        await revokeGiftCard(deps, getPrincipal(request).store, request.params.id, request.body),
        "Gift card revoked successfully",
      ),
  );

  app.post<IdParams & { Body: RedeemGiftCardBody }>(
    "/gift-cards/:id/redeem",
    { onRequest: write, schema: { params, body: RedeemGiftCardBody, response: detail } },
    async (request) =>
      ok(
        await redeemGiftCard(deps, getPrincipal(request).store, request.params.id, request.body),
        "Gift card redeemed successfully",
      ),
  );
}
