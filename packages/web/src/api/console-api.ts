// The console's own session API (/api/console/v1) and the CSRF token every unsafe request carries.
export interface Membership {
  kind: "store" | "contact" | "editor";
  role: "owner" | "manager" | "support" | "customer" | "editor";
  storeId?: number;
  subdomain?: string;
  storeName?: string;
  currency?: string;
  contactId?: number;
  contactEmail?: string;
}

export interface SessionInfo {
  user: { id: number; email: string; name: string };
  memberships: Membership[];
  csrf_token: string;
}

/** An error answer of any of the APIs, with the status and the server's own message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly body?: unknown,
  ) {
    super(message);
  }
}

let csrfToken: string | undefined;

/** The current session's CSRF token (set by sign-in and session reads). */
export function currentCsrfToken(): string | undefined {
  return csrfToken;
}

/** Set by flows that start a session outside sign-in (accepting an invitation). */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

const UNSAFE = /^(POST|PUT|PATCH|DELETE)$/i;

/** fetch with the session cookie and, on unsafe methods, the CSRF header. */
export function sessionFetch(input: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.delete("authorization");
  if (UNSAFE.test(init.method ?? "GET") && csrfToken !== undefined) headers.set("x-csrf-token", csrfToken);
  return fetch(input, { ...init, headers, credentials: "same-origin" });
}

async function readJson(r: Response): Promise<unknown> {
  const text = await r.text();
  if (text === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function messageOf(body: unknown, status: number): string {
  if (typeof body === "object" && body !== null && "message" in body && typeof body.message === "string")
    return body.message;
  return `Request failed (${status})`;
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const r = await sessionFetch(`/api/console/v1${path}`, {
    method,
    ...(body === undefined
      ? {}
      : { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
  });
  const json = await readJson(r);
  if (!r.ok) throw new ApiError(r.status, messageOf(json, r.status), json);
  return json as T;
}

/** The signed-in session, or undefined when nobody is signed in. */
export async function readSession(): Promise<SessionInfo | undefined> {
  try {
    const { data } = await call<{ data: SessionInfo }>("GET", "/session");
    csrfToken = data.csrf_token;
    return data;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return undefined;
    throw e;
  }
}

export async function signIn(email: string, password: string): Promise<SessionInfo> {
  const { data } = await call<{ data: SessionInfo }>("POST", "/session", { email, password });
  csrfToken = data.csrf_token;
  return data;
}

export async function signOut(): Promise<void> {
  await call("DELETE", "/session");
  csrfToken = undefined;
}

export async function signOutEverywhere(): Promise<number> {
  const { data } = await call<{ data: { ended: number } }>("POST", "/session/sign-out-everywhere");
  csrfToken = undefined;
  return data.ended;
}
