// `pixl studio submit ./photos --template <id> --wait --download out/`: the command, its flags and the
// credentials (flags or PIXL_CONTACT_EMAIL / PIXL_CONTACT_API_KEY), the signals, the summary and exit code.
import path from "node:path";
import { InvalidArgumentError, type Command } from "commander";
import { AppError } from "../../core/errors/index.js";

function integer(min: number, max: number): (raw: string) => number {
  return (raw) => {
    const n = Number(raw);
    if (!/^\d+$/.test(raw.trim()) || n < min || n > max)
      throw new InvalidArgumentError(`must be an integer from ${min} to ${max}`);
    return n;
  };
}

/** A studio contact's credentials from flags, else the environment; a clear error when missing. */
export function contactCredentials(
  opts: { contactEmail?: string; contactKey?: string },
  env: NodeJS.ProcessEnv,
): { contactEmail: string; contactAPIkey: string } {
  const contactEmail = opts.contactEmail ?? env["PIXL_CONTACT_EMAIL"];
  const contactAPIkey = opts.contactKey ?? env["PIXL_CONTACT_API_KEY"];
  if (!contactEmail || !contactAPIkey)
    throw new AppError(
      "validation_failed",
      "pass --contact-email and --contact-key (or set PIXL_CONTACT_EMAIL and PIXL_CONTACT_API_KEY)",
    );
  return { contactEmail, contactAPIkey };
}

interface SubmitFlags {
  template: number;
  wait?: boolean;
  download?: string;
  concurrency: number;
  server?: string;
  contactEmail?: string;
  contactKey?: string;
  fresh?: boolean;
  maxPollSeconds: number;
  timeoutMinutes: number;
}

/** Adds `submit` to the `pixl studio` command group. */
export function registerSubmitCommand(studio: Command): void {
  studio
    .command("submit <folder>")
    .description("upload a folder's photos and submit them with a template; resumable (state in the folder)")
    .requiredOption(
      "--template <id>",
      "the template to process them with",
      integer(1, Number.MAX_SAFE_INTEGER),
    )
    .option("--wait", "wait until every image is finished (or failed)")
    .option("--download <dir>", "save the finished images here (implies --wait)")
    .option("-c, --concurrency <n>", "photos uploaded at once (default 4)", integer(1, 32), 4)
    .option("--server <url>", "the Pixl server (default PIXL_SERVER or http://127.0.0.1:3000)")
    .option("--contact-email <email>", "the studio contact (default PIXL_CONTACT_EMAIL)")
    .option("--contact-key <key>", "the contact's API key (default PIXL_CONTACT_API_KEY)")
    .option("--fresh", "ignore the folder's .pixl-submit.json and start a new batch")
    .option("--max-poll-seconds <n>", "longest pause between status polls (default 10)", integer(1, 300), 10)
    .option(
      "--timeout-minutes <n>",
      "give up waiting for an image after this long (default 60)",
      integer(1, 10_080),
      60,
    )
    .addHelpText(
      "after",
      "\nRun the same command again after an interruption: photos already submitted are not sent again, pending ones are waited for.",
    )
    .action(async (folder: string, opts: SubmitFlags) => {
      const { runSubmitBatch } = await import("./submit-batch.js");
      const { createSubmitProgress, formatSummary } = await import("./submit-report.js");
      const credentials = contactCredentials(opts, process.env);
      const server = (opts.server ?? process.env["PIXL_SERVER"] ?? "http://127.0.0.1:3000").replace(
        /\/+$/,
        "",
      );
      const { createStudioClient, isStudioError } = await import("@pixl/sdk");
      const studioClient = createStudioClient({ url: server, ...credentials });
      // Wrong credentials or template fail the command once, not every photo.
      await studioClient.getTemplate({ templateId: opts.template }).catch((e: unknown) => {
        if (isStudioError(e, "TemplateNotFound"))
          throw new AppError(
            "not_found",
            `template ${opts.template} not found for ${credentials.contactEmail}`,
          );
        if (isStudioError(e)) throw new AppError("unauthorized", e.message);
        throw new AppError("unavailable", `${server}: ${e instanceof Error ? e.message : String(e)}`);
      });
      const controller = new AbortController();
      const interrupt = () => controller.abort();
      process.once("SIGINT", interrupt);
      process.once("SIGTERM", interrupt);
      const progress = createSubmitProgress(process.stderr, {
        wait: opts.wait === true || opts.download !== undefined,
        download: opts.download !== undefined,
      });
      try {
        const rows = await runSubmitBatch({
          dir: path.resolve(folder),
          templateId: opts.template,
          studio: studioClient,
          server,
          contactEmail: credentials.contactEmail,
          concurrency: opts.concurrency,
          wait: opts.wait === true,
          ...(opts.download === undefined ? {} : { downloadDir: path.resolve(opts.download) }),
          fresh: opts.fresh === true,
          maxPollIntervalMs: opts.maxPollSeconds * 1000,
          waitTimeoutMs: opts.timeoutMinutes * 60_000,
          signal: controller.signal,
          events: progress,
        }).finally(() => progress.stop());
        process.stdout.write(formatSummary(rows));
        if (controller.signal.aborted) {
          process.stderr.write("interrupted: run the same command again to resume\n");
          process.exitCode = 130;
        } else if (rows.some((r) => !r.ok)) process.exitCode = 1;
      } finally {
        process.off("SIGINT", interrupt);
        process.off("SIGTERM", interrupt);
      }
    });
}
