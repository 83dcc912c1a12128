// Wire shapes of customers: the Customer object (list and detail), list query and write bodies.
import { Type, type Static } from "@sinclair/typebox";
import { formatMoney } from "../shared/money.js";
import { MoneyJson } from "../shared/money.schema.js";
import { listQuery, PageQuery, SearchQuery, sortQuery } from "../shared/list-query.schema.js";
import { formatOptionalTimestamp, formatTimestamp } from "../shared/timestamps.js";
import type { CustomerRecord } from "./customer.repository.js";

const NullableString = Type.Union([Type.String(), Type.Null()]);

export const CustomerJson = Type.Object({
  id: Type.Integer(),
  email: Type.String(),
  username: NullableString,
  discord_id: NullableString,
  discord_username: NullableString,
  total_orders: Type.Integer(),
  total_spent: MoneyJson,
  first_order_at: NullableString,
  last_order_at: NullableString,
  created_at: Type.String(),
});
export type CustomerJson = Static<typeof CustomerJson>;

export const CustomerDetailJson = Type.Composite([
  CustomerJson,
  Type.Object({
    game_usernames: Type.Object({ minecraft: NullableString, steam_id: NullableString }),
    subscriptions: Type.Array(
      Type.Object({
        id: Type.Integer(),
        product_name: Type.String(),
        status: Type.String(),
        current_period_end: NullableString,
      }),
    ),
  }),
]);
export type CustomerDetailJson = Static<typeof CustomerDetailJson>;

export const ListCustomersQuery = listQuery({
  ...PageQuery,
  ...SearchQuery,
  ...sortQuery(["created_at", "total_spent"]),
});
export type ListCustomersQuery = Static<typeof ListCustomersQuery>;

/** A deliberately loose email check (one @, a dot in the domain, no spaces); mail delivery is the real test. */
export const EMAIL_PATTERN = "^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$";

const OptionalText = (maxLength: number) =>
  Type.Optional(Type.Union([Type.String({ maxLength }), Type.Null()]));

export const CreateCustomerBody = Type.Object({
  email: Type.String({
    pattern: EMAIL_PATTERN,
    maxLength: 254,
    "x-message": "The :attribute must be a valid email address.",
  }),
  username: OptionalText(100),
  discord_id: Type.Optional(Type.Union([Type.String({ pattern: "^\\d{5,25}$" }), Type.Null()])),
  discord_username: OptionalText(100),
  game_usernames: Type.Optional(Type.Object({ minecraft: OptionalText(100), steam_id: OptionalText(100) })),
});
export type CreateCustomerBody = Static<typeof CreateCustomerBody>;

export const UpdateCustomerBody = Type.Partial(CreateCustomerBody);
export type UpdateCustomerBody = Static<typeof UpdateCustomerBody>;

export function toCustomerJson(c: CustomerRecord, currency: string): CustomerJson {
  return {
    id: c.id,
    email: c.email,
    username: c.username,
    discord_id: c.discord_id,
    discord_username: c.discord_username,
    total_orders: c.total_orders,
    total_spent: formatMoney(c.total_spent, currency),
    first_order_at: formatOptionalTimestamp(c.first_order_at),
    last_order_at: formatOptionalTimestamp(c.last_order_at),
    created_at: formatTimestamp(c.created_at),
  };
}

/** A customer's subscription as their detail lists it. */
export interface CustomerSubscriptionRecord {
  id: number;
  product_name: string;
  status: string;
  current_period_end: number;
}

/** Detail: adds game usernames and the customer's subscriptions, newest first. */
export function toCustomerDetailJson(
  c: CustomerRecord,
  currency: string,
  subscriptions: readonly CustomerSubscriptionRecord[],
): CustomerDetailJson {
  return {
    ...toCustomerJson(c, currency),
    game_usernames: { minecraft: c.minecraft_username, steam_id: c.steam_id },
    subscriptions: subscriptions.map((s) => ({
      id: s.id,
      product_name: s.product_name,
      status: s.status,
      current_period_end: formatTimestamp(s.current_period_end),
    })),
  };
}
