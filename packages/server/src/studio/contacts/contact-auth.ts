// Authenticating a call's credentials, with a short cache: status polling authenticates on every request,
// and a verified email + key pair does not change within a second.
import { hash } from "node:crypto";
import type { Executor } from "../../core/db/index.js";
import type { Contact } from "./contact.repository.js";
import { authenticateContact, resolveDeveloper, type Developer } from "./contact.service.js";

export interface ContactAuthenticator {
  /**
   * The contact the credentials name, and who its `developerAPIkey` names. `fresh` skips the cache (calls
   * that show the contact's own figures). Throws InvalidContact / InvalidDeveloper like the service.
   */
  authenticate(
    credentials: { contactEmail: string; contactAPIkey: string; developerAPIkey?: string },
    options?: { fresh?: boolean },
  ): Promise<{ contact: Contact; developer: Developer | undefined }>;
}

const MAX_ENTRIES = 10_000;

/**
 * One digest of the whole credential triple (keys are never kept in memory as given). A one-shot
 * `crypto.hash` rather than two `hashToken`s: this runs on every status poll.
 */
function cacheKey(email: string, apiKey: string, developerKey: string): string {
  const triple = JSON.stringify([email.trim().toLowerCase(), apiKey.trim(), developerKey.trim()]);
  return hash("sha256", triple, "base64");
}

/**
 * Caches successful authentications for `ttlMs` (real time; 0 disables). Only successes are cached, so a
 * wrong key always reaches the database and the constant-time comparison. A settings change made by
 * another process (`pixl studio contact update`) is seen within `ttlMs`; balances never come from here.
 */
export function createContactAuthenticator(db: Executor, ttlMs: number): ContactAuthenticator {
  const cache = new Map<string, { contact: Contact; developer: Developer | undefined; until: number }>();
  return {
    async authenticate(c, options = {}) {
      const key = cacheKey(c.contactEmail, c.contactAPIkey, c.developerAPIkey ?? "");
      const now = Date.now();
      const hit = options.fresh ? undefined : cache.get(key);
      if (hit && hit.until > now) return hit;
      const contact = await authenticateContact(db, c.contactEmail, c.contactAPIkey);
      const developer = await resolveDeveloper(db, contact, c.developerAPIkey);
      if (ttlMs > 0) {
        if (cache.size >= MAX_ENTRIES) cache.clear();
        cache.set(key, { contact, developer, until: now + ttlMs });
      }
      return { contact, developer };
    },
  };
}
