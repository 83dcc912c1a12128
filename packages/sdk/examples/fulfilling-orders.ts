// Mirrors the seed's "Fulfilling Orders": mark an order fulfilled with a note.
import { createStoreClient, type StoreData } from "@pixl/sdk";
import { isMain, storeOptions, type ExampleEnv, type Print } from "./support/example-env.js";

export async function fulfillingOrders(
  env: ExampleEnv = process.env,
  print: Print = console.log,
): Promise<StoreData<"POST /orders/{id}/fulfill">> {
  const client = createStoreClient(storeOptions(env));

  const orderId = Number(env["ORDER_ID"] ?? 1);
  // A failure throws (NotFoundError, ValidationError …); see error-handling.ts.
  const order = await client.orders.fulfill(orderId, { note: "Delivered via API" });
  print("Order fulfilled successfully!");
  return order;
}

if (isMain(import.meta.url)) await fulfillingOrders();
