// First start: a console owner for the demo store, so a new install can sign in to the web console at once.
import { randomBytes } from "node:crypto";
import type { Clock } from "../core/clock.js";
import type { Executor } from "../core/db/index.js";
import { addMembership, createUser } from "./account.service.js";

export const DEMO_OWNER_EMAIL = "owner@demo.test";

/** Creates the demo store's owner with a random password, returned once (only its scrypt hash is kept). */
export async function createDemoOwner(
  db: Executor,
  clock: Clock,
  subdomain: string,
): Promise<{ email: string; password: string }> {
  const password = randomBytes(12).toString("base64url");
  const user = await createUser(db, clock, { email: DEMO_OWNER_EMAIL, name: "Demo owner", password });
  await addMembership(db, clock, user.id, { store: subdomain }, "owner");
  return { email: user.email, password };
}
