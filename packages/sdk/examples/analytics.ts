// Mirrors the seed's "Analytics": revenue, order count and average order value over a period.
import { createStoreClient, type Revenue } from "@pixl/sdk";
import { isMain, storeOptions, type ExampleEnv, type Print } from "./support/example-env.js";

export async function analytics(env: ExampleEnv = process.env, print: Print = console.log): Promise<Revenue> {
  const client = createStoreClient(storeOptions(env));

  const data = await client.analytics.revenue({
    from: env["FROM"] ?? "2025-01-01",
    to: env["TO"] ?? "2025-01-31",
  });
  print(`Revenue: $${data.total_revenue}`);
  print(`Orders: ${data.total_orders}`);
  print(`AOV: $${data.average_order_value}`);
  return data;
}

if (isMain(import.meta.url)) await analytics();
