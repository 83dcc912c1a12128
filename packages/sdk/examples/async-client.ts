// Mirrors the seed's "Async with aiohttp": the client is async already; independent calls run concurrently.
import { createStoreClient } from "@pixl/sdk";
import { isMain, storeOptions, type ExampleEnv, type Print } from "./support/example-env.js";

export async function asyncClient(env: ExampleEnv = process.env, print: Print = console.log): Promise<void> {
  const client = createStoreClient(storeOptions(env));

  const [products, orders, revenue] = await Promise.all([
    client.call("GET /products", {}),
    client.orders.list({ per_page: 5 }),
    client.analytics.revenue(),
  ]);
  print(JSON.stringify(products.meta));
  print(`${orders.meta.total} orders, revenue $${revenue.total_revenue}`);
}

if (isMain(import.meta.url)) await asyncClient();
