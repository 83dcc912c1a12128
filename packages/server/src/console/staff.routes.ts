// The console's staff API: an owner's staff and invitations (/stores/{store}/…), and accepting a link.
import { Type, type Static } from "@sinclair/typebox";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Clock } from "../core/clock.js";
import type { Database } from "../core/db/index.js";
import { AppError } from "../core/errors/index.js";
import type { ConsoleAuth } from "./session-auth.js";
import type { ConsoleCaller, SessionService } from "./session.service.js";
import { toSessionJson } from "./session.routes.js";
import {
  acceptInvitationAsNewUser,
  changeStaffRole,
  getInvitations,
  getPendingInvitation,
  inviteStaff,
  joinWithExistingAccount,
  listStaff,
  previewInvitation,
  removeStaff,
  revokeInvitation,
  type Invitation,
} from "./staff.service.js";
import { storeRoles } from "./roles.js";
import { findUserByEmail, listMemberships } from "./account.repository.js";

const hasAccount = async (db: Parameters<typeof findUserByEmail>[0], email: string) =>
  (await findUserByEmail(db, email)) !== undefined;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const Id = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });
const StoreParams = Type.Object({ store: Type.String({ minLength: 1, maxLength: 63 }) });
const Role = Type.Union(storeRoles.map((r) => Type.Literal(r)));
const Token = Type.String({ minLength: 1, maxLength: 128 });

const InviteBody = Type.Object(
  { email: Type.String({ minLength: 1, maxLength: 254 }), role: Role },
  { additionalProperties: false },
);
const RoleBody = Type.Object({ role: Role }, { additionalProperties: false });
const TokenBody = Type.Object({ token: Token }, { additionalProperties: false });
const AcceptBody = Type.Object(
  {
    token: Token,
    password: Type.String({ minLength: 1, maxLength: 1024 }),
    name: Type.Optional(Type.String({ maxLength: 100 })),
  },
  { additionalProperties: false },
);

export interface StaffRouteDeps {
  database: Database;
  clock: Clock;
  sessions: SessionService;
  auth: ConsoleAuth;
  /** `https://…`: the base of the invitation links. */
  publicUrl: string;
}

/** The link an invitee opens: the token sits in the fragment, which browsers never send to a server. */
export function invitationUrl(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, "")}/invite#${token}`;
}

function invitationJson(i: Invitation) {
  return {
    id: i.id,
    email: i.email,
    role: i.role,
    status: i.status,
    created_at: iso(i.createdAt),
    expires_at: iso(i.expiresAt),
    accepted_at: iso(i.acceptedAt),
  };
}

/** The store the path names, if the signed-in caller owns it; members of other roles are forbidden. */
async function ownedStore(auth: ConsoleAuth, request: FastifyRequest<{ Params: { store: string } }>) {
  const caller = await auth.callerOf(request);
  if (!caller) throw new AppError("unauthorized", "You are not signed in.");
  const subdomain = request.params.store.toLowerCase();
  const membership = caller.memberships.find((m) => m.kind === "store" && m.subdomain === subdomain);
  if (membership?.kind !== "store") throw new AppError("not_found", `No store ${subdomain} of yours.`);
  if (membership.role !== "owner")
    throw new AppError("forbidden", "Only the store's owners manage its staff.");
  return { caller: caller satisfies ConsoleCaller, storeId: membership.storeId };
}

type StoreReq = { Params: Static<typeof StoreParams> };
type StaffReq = { Params: Static<typeof StoreParams> & { id: number } };

export function registerStaffRoutes(app: FastifyInstance, deps: StaffRouteDeps): void {
  const { auth, clock, sessions } = deps;
  const db = deps.database.kysely;
  const childParams = Type.Object({ store: StoreParams.properties.store, id: Id });

  app.get<StoreReq>("/stores/:store/staff", { schema: { params: StoreParams } }, async (request) => {
    const { storeId } = await ownedStore(auth, request);
    const staff = await listStaff(db, storeId);
    return {
      data: staff.map((m) => ({
        user_id: m.userId,
        email: m.email,
        name: m.name,
        role: m.role,
        joined_at: iso(m.joinedAt),
      })),
    };
  });

  app.patch<StaffReq & { Body: Static<typeof RoleBody> }>(
    "/stores/:store/staff/:id",
    { schema: { params: childParams, body: RoleBody } },
    async (request) => {
      const { storeId } = await ownedStore(auth, request);
      await changeStaffRole(db, storeId, request.params.id, request.body.role);
      return { data: { user_id: request.params.id, role: request.body.role } };
    },
  );

  app.delete<StaffReq>(
    "/stores/:store/staff/:id",
    { schema: { params: childParams } },
    async (request, reply) => {
      const { storeId } = await ownedStore(auth, request);
      await removeStaff(db, storeId, request.params.id);
      return reply.status(204).send();
    },
  );

  app.get<StoreReq>("/stores/:store/invitations", { schema: { params: StoreParams } }, async (request) => {
    const { storeId } = await ownedStore(auth, request);
    return { data: (await getInvitations(db, clock, storeId)).map(invitationJson) };
  });

  app.post<StoreReq & { Body: Static<typeof InviteBody> }>(
    "/stores/:store/invitations",
    { schema: { params: StoreParams, body: InviteBody } },
    async (request, reply) => {
      const { caller, storeId } = await ownedStore(auth, request);
      const { invitation, token } = await inviteStaff(db, clock, {
        storeId,
        email: request.body.email,
        role: request.body.role,
        invitedBy: caller.user.id,
      });
      // The token is shown this once; only its hash is stored.
      return reply.status(201).send({
        data: { ...invitationJson(invitation), token, url: invitationUrl(deps.publicUrl, token) },
      });
    },
  );

  app.delete<StaffReq>(
    "/stores/:store/invitations/:id",
    { schema: { params: childParams } },
    async (request) => {
      const { storeId } = await ownedStore(auth, request);
      return { data: invitationJson(await revokeInvitation(db, clock, storeId, request.params.id)) };
    },
  );

  // Public: the invitee has no session yet. The token travels in bodies, never in URLs (logs, Referer).
  app.post<{ Body: Static<typeof TokenBody> }>(
    "/invitations/preview",
    { schema: { body: TokenBody } },
    async (request) => {
      const p = await previewInvitation(db, clock, request.body.token);
      return {
        data: {
          store: { name: p.storeName, subdomain: p.subdomain },
          email: p.email,
          role: p.role,
          expires_at: iso(p.expiresAt),
          account_exists: p.accountExists,
        },
      };
    },
  );

  app.post<{ Body: Static<typeof AcceptBody> }>(
    "/invitations/accept",
    { schema: { body: AcceptBody } },
    async (request, reply) => {
      const { token, password, name } = request.body;
      const pending = await getPendingInvitation(db, clock, token);
      const signInInput = {
        email: pending.email,
        password,
        ip: request.ip,
        userAgent: request.headers["user-agent"] ?? "",
        previousSecret: auth.secretOf(request),
      };
      let signed;
      if (await hasAccount(db, pending.email)) {
        // An existing account joins after its password is checked (rate-limited like any sign-in): the
        // link alone must not let whoever holds it into someone's account.
        signed = await sessions.signIn(signInInput);
        try {
          await joinWithExistingAccount(db, clock, token, signed.user.id);
        } catch (e) {
          await sessions.signOut(signed.secret);
          throw e;
        }
        signed = { ...signed, memberships: await listMemberships(db, signed.user.id) };
      } else {
        await acceptInvitationAsNewUser(db, clock, { token, password, name });
        signed = await sessions.signIn(signInInput);
      }
      auth.setCookie(reply, signed.secret);
      return toSessionJson(signed, signed.csrfToken);
    },
  );
}
