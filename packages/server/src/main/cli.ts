// The `pixl` command line: parses arguments and hands off to the entry points. User mistakes print one line.
import { registerEditCommand } from "@pixl/imaging";
import { Command, CommanderError, InvalidArgumentError } from "commander";
import { createApp } from "../app.js";
import { loadConfig, settingDocs } from "../core/config/index.js";
import { AppError, messageOf } from "../core/errors/index.js";
import { createLogger } from "../core/logging/logger.js";
import { runServe } from "./serve.js";
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
      const app = createApp(config, { logger: createLogger({ level: "warn" }) });
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

  const notYet = (what: string) => () => {
    throw new AppError("unavailable", `${what} is not part of this build of Pixl yet`);
  };
  const store = program.command("store").description("manage stores (Store API)");
  store
    .command("create <subdomain>")
    .description("create a store and print a full-access API token")
    .option("--json", "print JSON")
    .action(async (subdomain: string, opts: { json?: boolean }) => {
      // Store API
      const { createStoreForCli, formatCreatedStore } = await import("../store/stores/store-cli.js");
      const app = createApp(loadConfig(process.env), { logger: createLogger({ level: "warn" }) });
      try {
        await app.prepareDatabase();
        const created = await createStoreForCli(app.database, app.clock, { subdomain });
        process.stdout.write(formatCreatedStore(created, opts.json === true));
      } finally {
        await app.close();
      }
    });
  const studio = program.command("studio").description("manage the studio (Studio API)");
  studio
    .command("contact")
    .description("manage studio contacts")
    .command("create <email>")
    .description("create a contact and print its API key and secret")
    .option("--json", "print JSON")
    .action(notYet("the Studio API"));

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
