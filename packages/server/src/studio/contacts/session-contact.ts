// The web console's way into the Studio JSON API: a call made within a signed-in session of a contact.
import { AsyncLocalStorage } from "node:async_hooks";

/**
 * What a session call's contactAPIkey is when the caller gave none (the wire layer requires one). Outside
 * a session it is just a wrong key.
 */
export const SESSION_KEY = "(console session)";

/** The contact emails the signed-in user may act for (their studio memberships), first one the default. */
const sessionContacts = new AsyncLocalStorage<readonly string[]>();

/** Runs `fn` as a call of a console session acting for `emails` (ContactAuthenticator honours it). */
export function withSessionContacts<T>(emails: readonly string[], fn: () => Promise<T>): Promise<T> {
  return sessionContacts.run(emails, fn);
}

/** The contacts of the session the current call runs in, or undefined outside one. */
export function currentSessionContacts(): readonly string[] | undefined {
  return sessionContacts.getStore();
}
