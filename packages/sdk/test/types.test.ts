// Type tests of the public API (vitest's expectTypeOf, from expect-type): checked by `npm run typecheck`.
import { describe, expectTypeOf, it } from "vitest";
import type {
  AgentClient,
  AgentCommand,
  AgentPoll,
  ContactListeners,
  DiscordRoleOperation,
  ForwardOptions,
  ImageStatus,
  Order,
  Page,
  StoreClient,
  StoreEvent,
  StudioClient,
  StudioCallback,
  StudioFailureCode,
  StudioWebhookHandler,
  ValidationError,
  WebhookHandler,
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

  it("types the agent APIs from the server's agent OpenAPI document", () => {
    expectTypeOf<AgentClient["pending"]>().returns.resolves.toEqualTypeOf<AgentCommand[]>();
    expectTypeOf<AgentCommand["kind"]>().toEqualTypeOf<
      "purchase" | "refund" | "chargeback" | "renewal" | "expiry"
    >();
    expectTypeOf<AgentCommand["player"]>().toEqualTypeOf<string | null>();
    expectTypeOf<AgentPoll["meta"]["next_poll_seconds"]>().toEqualTypeOf<number>();
    expectTypeOf<DiscordRoleOperation["operation"]>().toEqualTypeOf<"assign" | "remove">();
    expectTypeOf<Parameters<StoreClient["deliveryServers"]["create"]>[0]>().toEqualTypeOf<{
      name: string;
      rate_limit?: number;
    }>();
  });

  it("types webhook handlers, studio callbacks and listeners", () => {
    expectTypeOf<StudioWebhookHandler>().toExtend<WebhookHandler>();
    expectTypeOf<keyof StudioCallback>().toEqualTypeOf<
      "imageTicket" | "processedImageURL" | "templateId" | "customerImageId" | "customerImageColorID"
    >();
    expectTypeOf<
      Awaited<ReturnType<ContactListeners["pull"]>>["Deliveries"][number]["Body"]
    >().toEqualTypeOf<string>();
    expectTypeOf<StudioClient["listeners"]>().toEqualTypeOf<ContactListeners>();
    expectTypeOf<ForwardOptions["source"]["pull"]>().returns.resolves.toHaveProperty("cursor");
  });
});
