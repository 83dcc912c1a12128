// `pixl studio editor …`: create an editor for a contact (key shown once), list them, disable one.
import type { Command } from "commander";
import { AppError } from "../../core/errors/index.js";
import type { WithApp } from "../contacts/contact-cli.js";
import { findContactByEmail, type Contact } from "../contacts/contact.repository.js";
import { createEditor, disableEditor, listEditors } from "./editor-account.js";

async function contactOf(db: Parameters<typeof findContactByEmail>[0], email: string): Promise<Contact> {
  const c = await findContactByEmail(db, email);
  if (!c) throw new AppError("not_found", `No studio contact has the email ${email}`);
  return c;
}

function print(json: boolean, value: unknown, text: string): void {
  process.stdout.write(json ? `${JSON.stringify(value)}\n` : `${text}\n`);
}

/** Adds `editor create|list|disable` under `pixl studio`. */
export function registerEditorCommands(studio: Command, withApp: WithApp): void {
  const editor = studio.command("editor").description("manage the people who work a contact's editor queue");
  editor
    .command("create <contactEmail> <name>")
    .description("create an editor for the contact and print its editor key (shown once)")
    .option("--json", "print JSON")
    .action((email: string, name: string, o: { json?: boolean }) =>
      withApp(async (app) => {
        const db = app.database.kysely;
        const { editor: e, key } = await createEditor(db, app.clock, (await contactOf(db, email)).id, name);
        print(
          o.json === true,
          { contactEmail: email, name: e.name, editorKey: key },
          [
            `Editor ${e.name} created for ${email}.`,
            `editor key (shown once; send it as Authorization: Bearer <key>): ${key}`,
          ].join("\n"),
        );
      }),
    );
  editor
    .command("list <contactEmail>")
    .description("list the contact's editors")
    .option("--json", "print JSON")
    .action((email: string, o: { json?: boolean }) =>
      withApp(async (app) => {
        const db = app.database.kysely;
        const all = await listEditors(db, (await contactOf(db, email)).id);
        const rows = all.map((e) => ({
          name: e.name,
          createdAt: new Date(e.createdAt).toISOString(),
          disabled: e.disabledAt !== null,
        }));
        print(
          o.json === true,
          rows,
          rows.map((r) => `${r.name}${r.disabled ? " (disabled)" : ""}`).join("\n") || "no editors",
        );
      }),
    );
  editor
    .command("disable <contactEmail> <name>")
    .description("disable an editor (its key stops working)")
    .action((email: string, name: string) =>
      withApp(async (app) => {
        const db = app.database.kysely;
        if (!(await disableEditor(db, app.clock, (await contactOf(db, email)).id, name)))
          throw new AppError("not_found", `No enabled editor ${name} for ${email}`);
        process.stdout.write(`Editor ${name} disabled.\n`);
      }),
    );
}
