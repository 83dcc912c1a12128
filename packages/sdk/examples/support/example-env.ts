// What the examples read from the environment (as the seed's examples read os.environ) and how they print;
// each example runs as a script (`node --import tsx examples/<name>.ts`) or is called by the test suite.
import { pathToFileURL } from "node:url";

export type ExampleEnv = Record<string, string | undefined>;
/** Where an example writes what it shows (console.log when run as a script). */
export type Print = (line: string) => void;

/** A setting the example cannot run without. */
export function required(env: ExampleEnv, name: string): string {
  const v = env[name];
  if (v === undefined || v === "") throw new Error(`set ${name} (see examples/README.md)`);
  return v;
}

/** The store: `PIXL_URL` for a self-hosted Pixl, else `https://{PIXLPAY_SUBDOMAIN}.pixlpay.net`. */
export function storeOptions(env: ExampleEnv): { url: string; token: string } {
  const url = env["PIXL_URL"] ?? `https://${env["PIXLPAY_SUBDOMAIN"] ?? "yourstore"}.pixlpay.net`;
  return { url, token: required(env, "PIXLPAY_TOKEN") };
}

/** The studio: `PIXELZ_URL` (default the public Pixelz API) and the contact's email and API key. */
export function studioOptions(env: ExampleEnv): { url: string; contactEmail: string; contactAPIkey: string } {
  return {
    url: env["PIXELZ_URL"] ?? "https://api.pixelz.com",
    contactEmail: required(env, "PIXELZ_CONTACT_EMAIL"),
    contactAPIkey: required(env, "PIXELZ_CONTACT_API_KEY"),
  };
}

/** True when the module at `url` is the script node was started with. */
export function isMain(url: string): boolean {
  const script = process.argv[1];
  return script !== undefined && url === pathToFileURL(script).href;
}
