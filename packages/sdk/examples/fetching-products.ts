// Mirrors the seed's "Fetching Products": every product with its price (all pages), then one product.
import { createStoreClient, type Product } from "@pixl/sdk";
import { isMain, storeOptions, type ExampleEnv, type Print } from "./support/example-env.js";

export async function fetchingProducts(
  env: ExampleEnv = process.env,
  print: Print = console.log,
): Promise<Product> {
  const client = createStoreClient(storeOptions(env));

  // Get all products: the iterator fetches page after page as the loop goes.
  for await (const product of client.products.iterate()) print(`${product.name} - $${product.price}`);

  // Get single product
  const product = await client.products.get(Number(env["PRODUCT_ID"] ?? 1));
  print(`Single product: ${product.name} (${product.type}, stock ${product.stock ?? "unlimited"})`);
  return product;
}

if (isMain(import.meta.url)) await fetchingProducts();
