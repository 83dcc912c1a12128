// `pixl user create`: a console user (password from PIXL_USER_PASSWORD or standard input) and a membership;
// `pixl user invite`: a one-time staff invitation link for a store.
import { Option, type Command } from "commander";
import type { Readable } from "node:stream";
import type { App } from "../app.js";
import { AppError } from "../core/errors/index.js";
import { toOneLineError } from "../store/stores/store-cli.js";
import { addMembership, findOrCreateUser, type MembershipTarget } from "./account.service.js";
import { storeRoles, studioRoles, type Role } from "./roles.js";
import { findStoreBySubdomain } from "../store/stores/store.repository.js";
import { invitationUrl } from "./staff.routes.js";
import { inviteStaff } from "./staff.service.js";

export type WithApp = (fn: (app: App) => Promise<void>) => Promise<void>;

export interface UserCliIo {
  env: Record<string, string | undefined>;
  stdin: Readable;
  stdout: { write(s: string): unknown };
}

/** Everything on standard input up to the first line break (at most 4 KiB). */
async function readFirstLine(stdin: Readable): Promise<string> {
  let text = "";
  for await (const chunk of stdin) {
    text += String(chunk);
    if (text.includes("\n") || text.length > 4096) break;
  }
  return (text.split(/\r?\n/)[0] ?? "").slice(0, 4096);
}

interface CreateOptions {
  email: string;
  name?: string;
  role: Role;
  store?: string;
  contact?: string;
  json?: boolean;
}

function targetOf(o: CreateOptions): MembershipTarget {
  const given = [o.store !== undefined, o.contact !== undefined].filter(Boolean).length;
  if (given > 1) throw new AppError("validation_failed", "Give --store or --contact, not both.");
  if (o.store !== undefined) return { store: o.store };
  if (o.contact !== undefined) return { contact: o.contact };
  throw new AppError(
    "validation_failed",
    o.role === "editor"
      ? "An editor works one studio contact's queue: give --contact <email>."
      : "Give --store <subdomain> or --contact <email>.",
  );
}

export function registerUserCommands(program: Command, withApp: WithApp, io: UserCliIo): void {
  const user = program.command("user").description("manage web console users");
  user
    .command("create")
    .description(
      "create a console user (or add a role to an existing one); password from PIXL_USER_PASSWORD or stdin",
    )
    .requiredOption("--email <email>", "the user's email (their sign-in name)")
    .option("--name <name>", "the user's name")
    .addOption(
      new Option("--role <role>", "what they may do")
        .choices([...storeRoles, ...studioRoles])
        .makeOptionMandatory(),
    )
    .option("--store <subdomain>", "a store they work for (roles owner, manager, support)")
    .option(
      "--contact <email>",
      "the studio contact they sign in for (role customer) or whose editor queue they work (role editor)",
    )
    .option("--json", "print JSON")
    .action((o: CreateOptions) =>
      withApp(async (app) => {
        const target = targetOf(o);
        const password = io.env["PIXL_USER_PASSWORD"] ?? (await readFirstLine(io.stdin));
        const db = app.database.kysely;
        try {
          const { user: created, created: isNew } = await findOrCreateUser(db, app.clock, {
            email: o.email,
            password,
            ...(o.name === undefined ? {} : { name: o.name }),
          });
          const memberships = await addMembership(db, app.clock, created.id, target, o.role);
          io.stdout.write(
            o.json
              ? `${JSON.stringify({ user: created, created: isNew, memberships })}\n`
              : `${isNew ? "Created" : "Updated"} console user ${created.email} (id ${created.id}): ${memberships
                  .map((m) =>
                    m.kind === "store"
                      ? `${m.role} of ${m.subdomain}`
                      : m.kind === "contact"
                        ? `customer ${m.contactEmail}`
                        : `editor of ${m.contactEmail}`,
                  )
                  .join(", ")}.\n`,
          );
        } catch (e) {
          throw toOneLineError(e);
        }
      }),
    );

  user
    .command("invite")
    .description("invite staff to a store: prints a one-time link (valid 7 days) where they set a password")
    .requiredOption("--store <subdomain>", "the store they will work for")
    .requiredOption("--email <email>", "the invitee's email (their sign-in name)")
    .addOption(new Option("--role <role>", "what they may do").choices([...storeRoles]).makeOptionMandatory())
    .option("--json", "print JSON")
    .action((o: { store: string; email: string; role: string; json?: boolean }) =>
      withApp(async (app) => {
        const db = app.database.kysely;
        try {
          const store = await findStoreBySubdomain(db, o.store);
          if (!store) throw new AppError("validation_failed", `No store with subdomain ${o.store}.`);
          const { invitation, token } = await inviteStaff(db, app.clock, {
            storeId: store.id,
            email: o.email,
            role: o.role,
            invitedBy: null,
          });
          const url = invitationUrl(app.config.publicUrl, token);
          io.stdout.write(
            o.json
              ? `${JSON.stringify({ ...invitation, url })}\n`
              : `Invited ${invitation.email} as ${invitation.role} of ${store.subdomain}. The link works once, until ${new Date(invitation.expiresAt).toISOString()}:\n${url}\n`,
          );
        } catch (e) {
          throw toOneLineError(e);
        }
      }),
    );
}
