// The `pixl` command line: parses arguments and hands off to the entry points. User mistakes print one line.
import { registerEditCommand } from "@pixl/imaging";
import { Command, CommanderError, InvalidArgumentError } from "commander";
import { createApp, type App } from "../app.js";
import { loadConfig, settingDocs } from "../core/config/index.js";
import { AppError, messageOf } from "../core/errors/index.js";
import { createLogger } from "../core/logging/logger.js";
import { registerStudioCommands } from "../studio/contacts/contact-cli.js";
import { registerUserCommands } from "../console/user-cli.js";
import { registerEditorCommands } from "../studio/editor/editor-cli.js";
import { runServe } from "./serve.js";
import { registerSubmitCommand } from "./submit/submit-cli.js";
import { runWorker } from "./worker.js";

function portNumber(raw: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new InvalidArgumentError("must be an integer from 0 to 65535");
  return n;
}

function positiveInt(raw: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 256)
    throw new InvalidArgumentError("must be an integer from 1 to 256");
  return n;
}

/** A parser for an integer option in `min`…`max`. */
function countOf(min: number, max: number): (raw: string) => number {
  return (raw) => {
    const n = Number(raw);
    if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(n) || n < min || n > max)
      throw new InvalidArgumentError(`must be an integer from ${min} to ${max}`);
    return n;
  };
}

interface ListenFlags {
  forwardTo: string;
  server?: string;
  token?: string;
  events?: string;
  contact?: boolean;
  contactEmail?: string;
  contactKey?: string;
}

/** Runs `fn` on an app whose database is migrated, then closes it (for one-shot commands). */
async function withMigratedApp(fn: (app: App) => Promise<void>): Promise<void> {
  // One-shot commands log to stderr: their stdout is their output (`--json`).
  const app = createApp(loadConfig(process.env), {
    logger: createLogger({ level: "warn", destination: process.stderr }),
  });
  try {
    await app.prepareDatabase();
    await fn(app);
  } finally {
    await app.close();
  }
}

/** Builds the program. Exported so tests can run commands in-process. */
export function createProgram(): Command {
  const program = new Command("pixl")
    .description("Pixl: a self-hosted web store (Pixlpay API) and product-photo studio (Pixelz API)")
    .showSuggestionAfterError()
    .addHelpText(
      "after",
      `\nConfiguration comes from the environment (see \`pixl config --help\`), e.g. PORT=9000 DATABASE_URL=postgres://… pixl serve`,
    );

  program
    .command("serve")
    .description("serve HTTP (and run a worker in-process unless --no-worker)")
    .option("--no-worker", "only serve HTTP; run `pixl worker` processes separately")
    .option("-p, --port <port>", "port to listen on (overrides PORT)", portNumber)
    .action(async (opts: { worker: boolean; port?: number }) => {
      await runServe(
        opts.port === undefined ? { worker: opts.worker } : { worker: opts.worker, port: opts.port },
      );
    });

  program
    .command("worker")
    .description("run job workers only (no HTTP)")
    .option("-c, --concurrency <n>", "jobs run at once (overrides PIXL_WORKER_CONCURRENCY)", positiveInt)
    .action(async (opts: { concurrency?: number }) => {
      await runWorker(opts.concurrency === undefined ? {} : { concurrency: opts.concurrency });
    });

  program
    .command("migrate")
    .description("apply database migrations and exit")
    .action(async () => {
      const config = loadConfig(process.env);
      const app = createApp(config, { logger: createLogger({ level: "warn", destination: process.stderr }) });
      try {
        await app.prepareDatabase();
        process.stdout.write(`database ${app.database.description} is up to date\n`);
      } finally {
        await app.close();
      }
    });

  program
    .command("config")
    .description("validate the configuration and print it (secrets hidden)")
    .addHelpText(
      "after",
      "\nSettings:\n" +
        Object.entries(settingDocs)
          .map(([k, v]) => `  ${k.padEnd(28)} ${v}`)
          .join("\n"),
    )
    .action(() => {
      const config = loadConfig(process.env);
      const shown = {
        ...config,
        secretKey: config.secretKey === undefined ? undefined : "***",
        databaseUrl: config.databaseUrl?.replace(/:[^:@/]*@/, ":***@"),
        blobs: config.blobs.kind === "s3" ? { ...config.blobs, secretAccessKey: "***" } : config.blobs,
      };
      process.stdout.write(JSON.stringify(shown, null, 2) + "\n");
    });

  registerEditCommand(program);

  const store = program.command("store").description("manage stores (Store API)");
  store
    .command("create <subdomain>")
    .description("create a store and print a full-access API token")
    .option("--json", "print JSON")
    .action(async (subdomain: string, opts: { json?: boolean }) => {
      // Store API
      const { createStoreForCli, formatCreatedStore } = await import("../store/stores/store-cli.js");
      await withMigratedApp(async (app) => {
        const created = await createStoreForCli(app.database, app.clock, { subdomain });
        process.stdout.write(formatCreatedStore(created, opts.json === true));
      });
    });
  store
    .command("seed-demo <subdomain>")
    .description("fill an empty store with demo categories, products, customers and months of orders")
    .option("--orders <n>", "orders to create (default 600)", countOf(1, 1_000_000))
    .option("--days <n>", "spread the orders over this many days before now (default 90)", countOf(1, 3650))
    .action(async (subdomain: string, opts: { orders?: number; days?: number }) => {
      const demo = await import("../store/demo/demo-cli.js");
      await withMigratedApp(async (app) => {
        const progress = demo.createSeedProgress(process.stderr);
        const report = await demo
          .seedDemoForCli(app.database, app.clock, subdomain, { ...opts, onProgress: progress.onProgress })
          .finally(progress.stop);
        process.stdout.write(demo.formatSeedReport(subdomain, report));
      });
    });
  const token = store.command("token").description("manage a store's API tokens");
  token
    .command("create <subdomain>")
    .description("create an API token and print it (shown once)")
    .requiredOption("--name <name>", "what the token is for")
    .option("--scopes <list>", "comma-separated scopes, e.g. orders:read,orders:write (* = full access)", "*")
    .option("--expires <when>", "ISO-8601 date-time, YYYY-MM-DD, or a span like 30d, 12h (default never)")
    .option("--rate-limit <n>", "requests per minute, 1-1000 (default 60)", countOf(1, 1000))
    .option("--json", "print JSON")
    .action(
      async (
        subdomain: string,
        opts: { name: string; scopes: string; expires?: string; rateLimit?: number; json?: boolean },
      ) => {
        const cli = await import("../store/tokens/token-cli.js");
        await withMigratedApp(async (app) => {
          const created = await cli.createTokenForCli(app.database.kysely, app.clock, subdomain, opts);
          process.stdout.write(cli.formatCreatedToken(created, opts.json === true));
        });
      },
    );
  token
    .command("list <subdomain>")
    .description("list a store's API tokens (never their secrets)")
    .option("--json", "print JSON")
    .action(async (subdomain: string, opts: { json?: boolean }) => {
      const cli = await import("../store/tokens/token-cli.js");
      await withMigratedApp(async (app) => {
        const tokens = await cli.listTokensForCli(app.database.kysely, subdomain);
        process.stdout.write(cli.formatTokenList(tokens, opts.json === true, app.clock.now()));
      });
    });
  token
    .command("revoke")
    .description("revoke an API token (idempotent)")
    .argument("<subdomain>")
    .argument("<id>", "the token's id (see `token list`)", countOf(1, Number.MAX_SAFE_INTEGER))
    .option("--json", "print JSON")
    .action(async (subdomain: string, id: number, opts: { json?: boolean }) => {
      const cli = await import("../store/tokens/token-cli.js");
      await withMigratedApp(async (app) => {
        const revoked = await cli.revokeTokenForCli(app.database.kysely, app.clock, subdomain, id);
        process.stdout.write(cli.formatRevokedToken(revoked, opts.json === true));
      });
    });
  program
    .command("agent")
    .description("poll a store's agent API and run delivery commands over Source RCON (or a shell)")
    .requiredOption("--url <url>", "the store's base URL, e.g. https://alpha.example.com")
    .option("--rcon <host:port>", "the game server's RCON address (password in PIXL_AGENT_RCON_PASSWORD)")
    .option("--shell <path>", "run commands with this shell instead (opt-in; e.g. /bin/sh)")
    .option(
      "--online-check <command>",
      "lists the players online, for commands that need the player online (default: list over RCON)",
    )
    .option("--no-online-check", "run every command at once, online or not")
    .option(
      "--offline-retry <seconds>",
      "how long a command waits when its player is offline (default 30)",
      countOf(1, 86_400),
    )
    .addHelpText(
      "after",
      "\nSecrets come from the environment: PIXL_AGENT_STORE_SECRET, PIXL_AGENT_SERVER_SECRET, PIXL_AGENT_RCON_PASSWORD.\nStops on SIGTERM/SIGINT after the command running, handing the rest of its batch back to the store.",
    )
    .action(
      async (opts: {
        url: string;
        rcon?: string;
        shell?: string;
        onlineCheck?: string | boolean;
        offlineRetry?: number;
      }) => {
        const { runAgentCli } = await import("../agent/agent-cli.js");
        await runAgentCli(
          {
            url: opts.url,
            ...(opts.rcon === undefined ? {} : { rcon: opts.rcon }),
            ...(opts.shell === undefined ? {} : { shell: opts.shell }),
            // commander gives true for neither flag, false for --no-online-check, the text for --online-check.
            ...(typeof opts.onlineCheck === "string" || opts.onlineCheck === false
              ? { onlineCheck: opts.onlineCheck }
              : {}),
            ...(opts.offlineRetry === undefined ? {} : { offlineRetry: opts.offlineRetry }),
          },
          process.env,
        );
      },
    );
  program
    .command("listen")
    .description("stream a store's webhooks (or a studio contact's callbacks) to a local URL, signed locally")
    .requiredOption("--forward-to <url>", "where to POST each delivery, e.g. http://localhost:3000/webhooks")
    .option("--server <url>", "the Pixl server (default PIXL_SERVER or http://127.0.0.1:3000)")
    .option("--token <token>", "a Store API token with webhooks:read and webhooks:write (default PIXL_TOKEN)")
    .option("--events <list>", "comma-separated event types (default all)")
    .option("--contact", "forward a studio contact's image callbacks instead of a store's webhooks")
    .option("--contact-email <email>", "with --contact: the contact (default PIXL_CONTACT_EMAIL)")
    .option("--contact-key <key>", "with --contact: its API key (default PIXL_CONTACT_API_KEY)")
    .action(async (opts: ListenFlags) => {
      const { runListen } = await import("./listen-cli.js");
      const { contactCredentials } = await import("./submit/submit-cli.js");
      const token = opts.token ?? process.env["PIXL_TOKEN"];
      if (!opts.contact && !token) throw new AppError("validation_failed", "pass --token or set PIXL_TOKEN");
      if (opts.contact && opts.events !== undefined)
        throw new AppError(
          "validation_failed",
          "--events filters a store's webhooks; a contact's listener gets every callback",
        );
      const controller = new AbortController();
      process.once("SIGINT", () => controller.abort());
      process.once("SIGTERM", () => controller.abort());
      await runListen({
        server: opts.server ?? process.env["PIXL_SERVER"] ?? "http://127.0.0.1:3000",
        account: opts.contact
          ? { kind: "contact", ...contactCredentials(opts, process.env) }
          : {
              kind: "store",
              token: token ?? "",
              ...(opts.events === undefined ? {} : { events: opts.events.split(",").map((e) => e.trim()) }),
            },
        forwardTo: opts.forwardTo,
        out: process.stdout,
        signal: controller.signal,
      });
    });

  const studio = program.command("studio").description("manage the studio (Studio API)");
  registerStudioCommands(studio, withMigratedApp);
  registerSubmitCommand(studio);
  registerUserCommands(program, withMigratedApp, {
    env: process.env,
    stdin: process.stdin,
    stdout: process.stdout,
  });
  registerEditorCommands(studio, withMigratedApp);

  return program;
}

/** Runs the CLI; returns the exit code instead of exiting so callers decide. */
export async function runCli(argv: readonly string[]): Promise<number> {
  const program = createProgram().exitOverride();
  program.configureOutput({ writeErr: (s) => process.stderr.write(s) });
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode; // commander already printed its one line (or help)
    if (e instanceof AppError && e.code !== "internal") {
      process.stderr.write(`pixl: ${e.message}\n`);
      return 1;
    }
    process.stderr.write(`pixl: unexpected error: ${messageOf(e)}\n`);
    if (process.env["PIXL_DEBUG"] === "1")
      process.stderr.write(`${e instanceof Error ? (e.stack ?? "") : ""}\n`);
    return 70;
  }
}
