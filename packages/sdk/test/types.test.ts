// Type tests of the public API (vitest's expectTypeOf, from expect-type): checked by `npm run typecheck`.
import { describe, expectTypeOf, it } from "vitest";
import type {
  ImageStatus,
  Order,
  Page,
  StoreClient,
  StoreEvent,
  StudioClient,
  StudioFailureCode,
  ValidationError,
} from "../src/index.js";

describe("public types", () => {
  it("types Store responses, inputs and events from the server's schemas", () => {
    expectTypeOf<StoreClient["orders"]["get"]>().returns.resolves.toEqualTypeOf<Order>();
    expectTypeOf<Order["customer"]["email"]>().toEqualTypeOf<string>();
    expectTypeOf<Order["status"]>().toEqualTypeOf<
      "pending" | "processing" | "completed" | "refunded" | "cancelled"
    >();
    expectTypeOf<StoreClient["orders"]["list"]>().returns.resolves.toExtend<Page<{ order_number: string }>>();
    expectTypeOf<Parameters<StoreClient["orders"]["list"]>[0]>().toExtend<{ status?: string } | undefined>();
    expectTypeOf<StoreEvent<"order.received">["data"]["order_number"]>().toEqualTypeOf<string>();
    expectTypeOf<StoreEvent<"webhook.test">["data"]>().toEqualTypeOf<{
      webhook_id: number;
      message: string;
      sent_at: string;
    }>();
    expectTypeOf<ValidationError["errors"]>().toEqualTypeOf<Record<string, string[]>>();
  });

  it("types Studio methods and their errors", () => {
    expectTypeOf<StudioClient["waitForImage"]>().returns.resolves.toEqualTypeOf<ImageStatus>();
    expectTypeOf<Awaited<ReturnType<StudioClient["addImage"]>>["ImageTicket"]>().toEqualTypeOf<string>();
    expectTypeOf<"ImageNotFound">().toExtend<StudioFailureCode>();
    expectTypeOf<"NoError">().not.toExtend<StudioFailureCode>();
  });
});
