// Credentials of the studio console's JSON endpoints: the contact's email and API key in two headers
// (never in the URL, so they stay out of logs and browser history), checked like a Studio API call; or,
// without a key, the signed-in console session of one of the contact's users (CSRF on unsafe methods).
import type { FastifyRequest } from "fastify";
import { AppError } from "../../core/errors/index.js";
import type { Contact } from "../contacts/contact.repository.js";
import type { ContactAuthenticator } from "../contacts/contact-auth.js";
import { SESSION_KEY, withSessionContacts } from "../contacts/session-contact.js";

/** The contact emails a request's console session acts for (undefined: no session). */
export type SessionContacts = (request: FastifyRequest) => Promise<readonly string[] | undefined>;

export const CONTACT_EMAIL_HEADER = "x-pixl-contact-email";
export const CONTACT_KEY_HEADER = "x-pixl-contact-key";

function header(request: FastifyRequest, name: string): string {
  const v = request.headers[name];
  return typeof v === "string" ? v.slice(0, 320) : "";
}

/**
 * The calling contact. Throws the Studio's InvalidContact (401 here) for missing or wrong credentials,
 * exactly as the Studio API refuses them; a wrong key and an unknown email look the same.
 */
export async function authenticateConsoleCall(
  authenticator: ContactAuthenticator,
  request: FastifyRequest,
  sessionContacts?: SessionContacts,
): Promise<Contact> {
  const contactEmail = header(request, CONTACT_EMAIL_HEADER);
  const contactAPIkey = header(request, CONTACT_KEY_HEADER);
  if (contactAPIkey.trim() === "") {
    const emails = await sessionContacts?.(request);
    if (emails !== undefined) {
      const email = contactEmail.trim() === "" ? (emails[0] ?? "") : contactEmail;
      const session = { contactEmail: email, contactAPIkey: SESSION_KEY };
      return withSessionContacts(emails, async () => (await authenticator.authenticate(session)).contact);
    }
  }
  if (contactEmail.trim() === "" || contactAPIkey.trim() === "")
    throw new AppError(
      "unauthorized",
      `Send the contact's email and API key in the ${CONTACT_EMAIL_HEADER} and ${CONTACT_KEY_HEADER} headers.`,
    );
  const { contact } = await authenticator.authenticate({ contactEmail, contactAPIkey });
  return contact;
}
