// What `pixl store token create|list|revoke` run: token management by subdomain, printed for people or as JSON.
import type { Clock } from "../../core/clock.js";
import type { Executor } from "../../core/db/index.js";
import { AppError } from "../../core/errors/index.js";
import { getStoreForCli, toOneLineError } from "../stores/store-cli.js";
import { formatTimestamp, parseTimestamp } from "../shared/timestamps.js";
import { isScope, type Scope } from "./scopes.js";
import { toTokenJson, type TokenJson } from "./token.schema.js";
import { createApiToken, listTokens, revokeToken } from "./token.service.js";

export interface CreateTokenCliInput {
  name: string;
  /** Comma-separated scopes, e.g. `orders:read,orders:write`; `*` is full access. */
  scopes: string;
  /** ISO-8601 date-time, `YYYY-MM-DD` (midnight UTC), or a span from now: `30d`, `12h`, `45m`. */
  expires?: string | undefined;
  rateLimit?: number | undefined;
}

/** `--json` output of `token create`: the token object plus its plaintext `token`, shown once (as the API). */
export type CreatedTokenOutput = TokenJson & { token: string };

const SPAN = /^(\d{1,6})([dhm])$/;
const SPAN_MS = { d: 86_400_000, h: 3_600_000, m: 60_000 } as const;

/** Epoch ms of an `--expires` value; throws `validation_failed` for a bad or past one. */
export function parseExpires(value: string, now: number): number {
  const span = SPAN.exec(value);
  let at: number | undefined;
  if (span) at = now + Number(span[1]) * SPAN_MS[span[2] as keyof typeof SPAN_MS];
  else if (/^\d{4}-\d{2}-\d{2}$/.test(value)) at = parseTimestamp(`${value}T00:00:00Z`);
  else at = parseTimestamp(value);
  if (at === undefined)
    throw new AppError(
      "validation_failed",
      `--expires must be an ISO-8601 date-time, a YYYY-MM-DD date or a span like 30d, 12h, 45m (got "${value}")`,
    );
  if (at <= now) throw new AppError("validation_failed", "--expires must be in the future");
  return at;
}

/** Parses `--scopes`; throws `validation_failed` naming the first unknown scope. */
export function parseScopes(value: string): Scope[] {
  const list = value
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  const bad = list.find((s) => !isScope(s));
  if (bad !== undefined) throw new AppError("validation_failed", `Unknown scope "${bad}"`);
  if (list.length === 0) throw new AppError("validation_failed", "--scopes needs at least one scope");
  return list as Scope[];
}

export async function createTokenForCli(
  db: Executor,
  clock: Clock,
  subdomain: string,
  input: CreateTokenCliInput,
): Promise<CreatedTokenOutput> {
  const scopes = parseScopes(input.scopes);
  const expiresAt = input.expires === undefined ? null : parseExpires(input.expires, clock.now());
  const store = await getStoreForCli(db, subdomain);
  try {
    const { token, secret } = await createApiToken(
      db,
      store.id,
      {
        name: input.name,
        scopes,
        expiresAt,
        ...(input.rateLimit === undefined ? {} : { rateLimit: input.rateLimit }),
      },
      clock,
    );
    return { ...toTokenJson(token), token: secret };
  } catch (e) {
    throw toOneLineError(e);
  }
}

export async function listTokensForCli(db: Executor, subdomain: string): Promise<TokenJson[]> {
  const store = await getStoreForCli(db, subdomain);
  return (await listTokens(db, store.id)).map(toTokenJson);
}

export async function revokeTokenForCli(
  db: Executor,
  clock: Clock,
  subdomain: string,
  id: number,
): Promise<TokenJson> {
  const store = await getStoreForCli(db, subdomain);
  try {
    return toTokenJson(await revokeToken(db, store.id, id, clock));
  } catch (e) {
    throw e instanceof AppError && e.code === "not_found"
      ? new AppError("not_found", `Store ${store.subdomain} has no token ${id}`)
      : e;
  }
}

export function formatCreatedToken(created: CreatedTokenOutput, json: boolean): string {
  if (json) return `${JSON.stringify(created)}\n`;
  const expires = created.expires_at === null ? "never expires" : `expires ${created.expires_at}`;
  return (
    `Token ${created.id} "${created.name}" created: ${created.scopes.join(", ")}; ${created.rate_limit} requests/minute; ${expires}.\n` +
    `API token (shown once, keep it safe): ${created.token}\n`
  );
}

/** `--json`: the array; else an aligned table with a status column (active, revoked, expired). */
export function formatTokenList(tokens: TokenJson[], json: boolean, now: number): string {
  if (json) return `${JSON.stringify(tokens)}\n`;
  if (tokens.length === 0) return "No tokens.\n";
  const status = (t: TokenJson): string => {
    if (t.revoked_at !== null) return "revoked";
    if (t.expires_at !== null && t.expires_at <= formatTimestamp(now)) return "expired";
    return "active";
  };
  const rows = [
    ["ID", "NAME", "PREFIX", "SCOPES", "LIMIT/MIN", "EXPIRES", "LAST USED", "STATUS"],
    ...tokens.map((t) => [
      String(t.id),
      t.name,
      t.prefix,
      t.scopes.join(","),
      String(t.rate_limit),
      t.expires_at ?? "never",
      t.last_used_at ?? "never",
      status(t),
    ]),
  ];
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length))) ?? [];
  return (
    rows
      .map((r) =>
        r
          .map((c, i) => c.padEnd(widths[i] ?? 0))
          .join("  ")
          .trimEnd(),
      )
      .join("\n") + "\n"
  );
}

export function formatRevokedToken(t: TokenJson, json: boolean): string {
  if (json) return `${JSON.stringify(t)}\n`;
  return `Token ${t.id} "${t.name}" revoked (requests with it now answer 401).\n`;
}
