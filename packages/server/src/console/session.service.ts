// Signing in and out: password check under rate limits, fresh sessions (no fixation), sign-out everywhere.
import type { Clock } from "../core/clock.js";
import type { Executor } from "../core/db/index.js";
import { AppError } from "../core/errors/index.js";
import type { RateLimiter } from "../store/http/rate-limiter.js";
import {
  deleteExpiredSessions,
  deleteSessionByHash,
  deleteUserSessions,
  findSessionByHash,
  findUserByEmail,
  insertSession,
  listMemberships,
  touchSession,
  type Membership,
  type User,
} from "./account.repository.js";
import { normalizeEmail } from "./account.service.js";
import { decoyHash, MAX_PASSWORD_LENGTH, verifyPassword } from "./password.js";
import { createSessionSecret, csrfTokenFor, hashSessionSecret, isSessionShaped } from "./session-token.js";

/**
 * Sign-in attempts per minute (the API limiter's one-minute windows, in the same table): from one IP, and
 * against one account. Every attempt counts, right or wrong: an attacker guessing one account gets 5 a
 * minute whatever IPs they use, at the cost that they can also keep its owner waiting for a minute.
 */
export interface LoginLimits {
  perIp: number;
  perAccount: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = { perIp: 20, perAccount: 5 };
/** A session lasts at most this long, and ends sooner after `IDLE_MS` without a request. */
export const SESSION_MS = 30 * 24 * 3600_000;
export const IDLE_MS = 7 * 24 * 3600_000;
/** `last_seen_at` is written at most this often, so reads do not turn into writes. */
const TOUCH_MS = 60_000;

export interface SessionServiceOptions {
  db: Executor;
  clock: Clock;
  /** Server key the CSRF tokens are derived with. */
  key: Buffer;
  /** Counts sign-in attempts (one-minute windows). */
  loginLimiter: RateLimiter;
  limits?: LoginLimits;
}

/** A signed-in caller as the console's routes and the API auth paths see it. */
export interface ConsoleCaller {
  sessionId: number;
  sessionHash: string;
  user: User;
  memberships: Membership[];
}

export interface SignedIn extends ConsoleCaller {
  /** The cookie's value (shown once, never stored). */
  secret: string;
  csrfToken: string;
}

export interface SignInInput {
  email: string;
  password: string;
  ip: string;
  userAgent: string;
  /** The session cookie the browser still sent, if any: ended, so a planted session id never survives sign-in. */
  previousSecret?: string | undefined;
}

export interface SessionService {
  signIn(input: SignInInput): Promise<SignedIn>;
  /** The caller of a session cookie, or undefined when it is unknown, expired or idle too long. */
  authenticate(secret: string): Promise<ConsoleCaller | undefined>;
  csrfToken(caller: ConsoleCaller): string;
  signOut(secret: string): Promise<void>;
  /** Ends every session of the user (all devices); answers how many ended. */
  signOutEverywhere(userId: number): Promise<number>;
}

const WRONG = "The email or password is wrong.";

export function createSessionService(options: SessionServiceOptions): SessionService {
  const { db, clock, key } = options;
  const limits = options.limits ?? DEFAULT_LOGIN_LIMITS;

  async function assertAllowed(bucket: string, limit: number): Promise<void> {
    const now = clock.now();
    const decision = await options.loginLimiter.hit(bucket, limit, now);
    if (decision.allowed) return;
    const seconds = Math.max(1, Math.ceil((decision.resetAt - now) / 1000));
    throw new AppError("rate_limited", `Too many sign-in attempts. Try again in ${seconds} seconds.`, {
      retry_after: seconds,
    });
  }

  return {
    async signIn(input) {
      const email = normalizeEmail(input.email);
      await assertAllowed(`login-ip:${input.ip}`, limits.perIp);
      await assertAllowed(`login-account:${email}`, limits.perAccount);
      if (input.previousSecret !== undefined && isSessionShaped(input.previousSecret))
        await deleteSessionByHash(db, hashSessionSecret(input.previousSecret));
      const user =
        input.password.length <= MAX_PASSWORD_LENGTH ? await findUserByEmail(db, email) : undefined;
      // Unknown emails are checked against a decoy, so timing does not tell which emails have accounts.
      const ok = await verifyPassword(
        input.password.slice(0, MAX_PASSWORD_LENGTH),
        user?.passwordHash ?? (await decoyHash),
      );
      if (!user || !ok) throw new AppError("unauthorized", WRONG);
      const secret = createSessionSecret();
      const sessionHash = hashSessionSecret(secret);
      const now = clock.now();
      // Sessions nobody ends by hand (closed browsers) are swept here, at the rate people sign in.
      await deleteExpiredSessions(db, now, now - IDLE_MS);
      await insertSession(db, {
        userId: user.id,
        tokenHash: sessionHash,
        now,
        expiresAt: now + SESSION_MS,
        ip: input.ip.slice(0, 64),
        userAgent: input.userAgent.slice(0, 300),
      });
      const caller: ConsoleCaller = {
        sessionId: 0,
        sessionHash,
        user: { id: user.id, email: user.email, name: user.name, createdAt: user.createdAt },
        memberships: await listMemberships(db, user.id),
      };
      return { ...caller, secret, csrfToken: csrfTokenFor(key, sessionHash) };
    },

    async authenticate(secret) {
      if (!isSessionShaped(secret)) return undefined;
      const sessionHash = hashSessionSecret(secret);
      const session = await findSessionByHash(db, sessionHash);
      if (!session) return undefined;
      const now = clock.now();
      if (session.expiresAt <= now || session.lastSeenAt + IDLE_MS <= now) {
        await deleteSessionByHash(db, sessionHash);
        return undefined;
      }
      if (now - session.lastSeenAt >= TOUCH_MS) await touchSession(db, session.id, now);
      return {
        sessionId: session.id,
        sessionHash,
        user: session.user,
        memberships: await listMemberships(db, session.userId),
      };
    },

    csrfToken: (caller) => csrfTokenFor(key, caller.sessionHash),

    async signOut(secret) {
      if (isSessionShaped(secret)) await deleteSessionByHash(db, hashSessionSecret(secret));
    },

    signOutEverywhere: (userId) => deleteUserSessions(db, userId),
  };
}
