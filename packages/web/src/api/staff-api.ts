// The console's staff API: a store's staff and invitations (owners only), and accepting an invitation.
import { ApiError, sessionFetch, type SessionInfo } from "./console-api";
import { setCsrfToken } from "./console-api";

export type StoreRole = "owner" | "manager" | "support";

export interface StaffMember {
  user_id: number;
  email: string;
  name: string;
  role: StoreRole;
  joined_at: string;
}

export interface Invitation {
  id: number;
  email: string;
  role: StoreRole;
  status: "pending" | "accepted" | "revoked" | "expired";
  created_at: string;
  expires_at: string;
  accepted_at: string | null;
}

export interface InvitationPreview {
  store: { name: string; subdomain: string };
  email: string;
  role: StoreRole;
  expires_at: string;
  account_exists: boolean;
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const r = await sessionFetch(`/api/console/v1${path}`, {
    method,
    ...(body === undefined
      ? {}
      : { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
  });
  const text = await r.text();
  let json: unknown;
  try {
    json = text === "" ? undefined : JSON.parse(text);
  } catch {
    json = text;
  }
  if (!r.ok) {
    const message =
      typeof json === "object" && json !== null && "message" in json && typeof json.message === "string"
        ? json.message
        : `Request failed (${r.status})`;
    throw new ApiError(r.status, message, json);
  }
  return json as T;
}

const storePath = (subdomain: string) => `/stores/${encodeURIComponent(subdomain)}`;

export const staffApi = {
  list: async (store: string) =>
    (await call<{ data: StaffMember[] }>("GET", `${storePath(store)}/staff`)).data,
  changeRole: (store: string, userId: number, role: StoreRole) =>
    call("PATCH", `${storePath(store)}/staff/${userId}`, { role }),
  remove: (store: string, userId: number) => call("DELETE", `${storePath(store)}/staff/${userId}`),
  invitations: async (store: string) =>
    (await call<{ data: Invitation[] }>("GET", `${storePath(store)}/invitations`)).data,
  invite: async (store: string, email: string, role: StoreRole) =>
    (
      await call<{ data: Invitation & { token: string; url: string } }>(
        "POST",
        `${storePath(store)}/invitations`,
        { email, role },
      )
    ).data,
  revoke: (store: string, id: number) => call("DELETE", `${storePath(store)}/invitations/${id}`),
  preview: async (token: string) =>
    (await call<{ data: InvitationPreview }>("POST", "/invitations/preview", { token })).data,
  /** Accepts the invitation; the answer is the new session (the cookie is set by the server). */
  accept: async (token: string, password: string, name?: string): Promise<SessionInfo> => {
    const { data } = await call<{ data: SessionInfo }>("POST", "/invitations/accept", {
      token,
      password,
      ...(name === undefined || name === "" ? {} : { name }),
    });
    setCsrfToken(data.csrf_token);
    return data;
  },
};
