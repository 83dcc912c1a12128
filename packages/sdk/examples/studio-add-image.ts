// Mirrors the seed's image submission (POST Template, POST Image, GET Image/{imageTicket}): create a template,
// upload a photo, submit it and wait (with backoff) until it is finished; failures are typed StudioApiErrors.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { ImageFailedError, createStudioClient, isStudioError, type ImageStatus } from "@pixl/sdk";
import { isMain, required, studioOptions, type ExampleEnv, type Print } from "./support/example-env.js";

export async function addImage(
  file: string,
  env: ExampleEnv = process.env,
  print: Print = console.log,
): Promise<ImageStatus | undefined> {
  const studio = createStudioClient(studioOptions(env));

  const { TemplateId } = await studio.addTemplate({
    templateName: "My First Template",
    templateOutputFormat: "JPG",
    deliveryTimeInHour: 72,
    backgroundType: 1,
    backgroundColor: "FFFFFF",
  });
  const { DownloadUrl } = await studio.upload({ name: path.basename(file), data: await readFile(file) });
  try {
    const posted = await studio.addImage({
      templateId: TemplateId,
      imageURL: DownloadUrl,
      customerImageId: required(env, "CUSTOMER_IMAGE_ID"),
      ...(env["CALLBACK_URL"] === undefined ? {} : { imageCallbackURL: env["CALLBACK_URL"] }),
    });
    print(`Submitted ${posted.ImageTicket}${posted.IsTrial ? " (trial)" : ""}`);
    const status = await studio.waitForImage(posted.ImageTicket, {
      intervalMs: Number(env["POLL_MS"] ?? 2000),
      onPoll: (s) => print(`Status ${s.StatusId} ${s.StatusName}`),
    });
    for (const url of status.FinalImagesURL) print(`Final: ${url}`);
    return status;
  } catch (e) {
    if (isStudioError(e, "InsufficientBalance")) print("Top up the account's balance first");
    else if (e instanceof ImageFailedError) print(`The image ended as ${e.status.StatusName}`);
    else throw e;
    return undefined;
  }
}

if (isMain(import.meta.url)) await addImage(process.argv[2] ?? "photo.jpg");
