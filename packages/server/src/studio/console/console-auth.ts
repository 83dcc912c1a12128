// Credentials of the studio console's JSON endpoints: the contact's email and API key in two headers
// (never in the URL, so they stay out of logs and browser history), checked like a Studio API call.
import type { FastifyRequest } from "fastify";
import { AppError } from "../../core/errors/index.js";
import type { Contact } from "../contacts/contact.repository.js";
import type { ContactAuthenticator } from "../contacts/contact-auth.js";

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
): Promise<Contact> {
  const contactEmail = header(request, CONTACT_EMAIL_HEADER);
  const contactAPIkey = header(request, CONTACT_KEY_HEADER);
  if (contactEmail.trim() === "" || contactAPIkey.trim() === "")
    throw new AppError(
      "unauthorized",
      `Send the contact's email and API key in the ${CONTACT_EMAIL_HEADER} and ${CONTACT_KEY_HEADER} headers.`,
    );
  const { contact } = await authenticator.authenticate({ contactEmail, contactAPIkey });
  return contact;
}
