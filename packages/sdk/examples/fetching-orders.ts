// Mirrors the seed's "Fetching Orders": the pending orders with their customer, then orders by date.
import { createStoreClient } from "@pixl/sdk";
import { isMain, storeOptions, type ExampleEnv, type Print } from "./support/example-env.js";

export async function fetchingOrders(
  env: ExampleEnv = process.env,
  print: Print = console.log,
): Promise<void> {
  const client = createStoreClient(storeOptions(env));

  // Get pending orders
  const { data: orders } = await client.orders.list({ status: "pending" });
  for (const order of orders) print(`Order #${order.order_number} - ${order.customer.email}`);

  // Get orders by date
  const from = env["FROM"] ?? "2025-01-01";
  const to = env["TO"] ?? "2025-01-31";
  const byDate = await client.orders.list({ from, to });
  print(`${byDate.meta.total} orders from ${from} to ${to}`);
}

if (isMain(import.meta.url)) await fetchingOrders();
