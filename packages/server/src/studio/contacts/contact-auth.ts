// Authenticating a call's credentials, with a short cache: status polling authenticates on every request,
// and a verified email + key pair does not change within a second.
import { hash } from "node:crypto";
import type { Executor } from "../../core/db/index.js";
import { StudioError } from "../studio-errors.js";
import { findContactByEmail, type Contact } from "./contact.repository.js";
import { authenticateContact, resolveDeveloper, type Developer } from "./contact.service.js";
import { currentSessionContacts, SESSION_KEY } from "./session-contact.js";

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
      // A console session stands in for the key: no contactAPIkey, and the contactEmail must be one the
      // signed-in user belongs to. Read fresh every time (no cache: nothing to hash).
      const session = currentSessionContacts();
      if (session !== undefined && c.contactAPIkey === SESSION_KEY) {
        const asked = c.contactEmail.trim().toLowerCase();
        const email = session.find((e) => e === asked);
        const contact = email === undefined ? undefined : await findContactByEmail(db, email);
        if (!contact) throw new StudioError("InvalidContact", "You are not signed in for this contact.");
        return { contact, developer: undefined };
      }
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
