// Mirrors the seed's "Error Handling": failures are typed exceptions carrying status, error and message.
import {
  AuthenticationError,
  NotFoundError,
  RateLimitError,
  StoreApiError,
  ValidationError,
  createStoreClient,
} from "@pixl/sdk";
import { isMain, storeOptions, type ExampleEnv, type Print } from "./support/example-env.js";

export async function errorHandling(
  env: ExampleEnv = process.env,
  print: Print = console.log,
): Promise<void> {
  const client = createStoreClient(storeOptions(env));

  try {
    await client.products.get(Number(env["PRODUCT_ID"] ?? 99999));
  } catch (e) {
    if (!(e instanceof StoreApiError)) throw e; // no answer at all: PixlConnectionError
    print(`Error: ${e.message}`);
    if (e instanceof AuthenticationError) print("Check your API token");
    else if (e instanceof NotFoundError) print("Resource not found");
    // A 429 was already retried as Retry-After asked; this is after the last retry.
    else if (e instanceof RateLimitError) print("Rate limited - slow down!");
    else if (e instanceof ValidationError)
      for (const [field, messages] of Object.entries(e.errors)) print(`${field}: ${messages.join(" ")}`);
  }
}

if (isMain(import.meta.url)) await errorHandling();
