// Wire shapes of the public checkout: basket bodies (strictly limited: names end up in game commands) and
// the Basket object with its server-computed totals.
import { Type, type Static } from "@sinclair/typebox";
import { EMAIL_PATTERN } from "../customers/customer.schema.js";
import { MoneyJson } from "../shared/money.schema.js";
import { OrderDetailJson } from "../orders/order.schema.js";

/** Most lines one basket may hold, and most of one product. */
export const MAX_BASKET_LINES = 50;
export const MAX_LINE_QUANTITY = 100;
export const MAX_GIFT_CARDS = 5;

/**
 * The player's game identity. Usernames are limited to the characters game names use, because they are
 * substituted into server commands (`{player}`): no spaces, quotes or separators can reach an RCON line.
 */
export const IdentityFields = {
  email: Type.Optional(
    Type.String({
      pattern: EMAIL_PATTERN,
      maxLength: 254,
      "x-message": "The :attribute must be a valid email address.",
    }),
  ),
  username: Type.Optional(
    Type.String({
      pattern: "^[A-Za-z0-9_.-]{1,32}$",
      "x-message": "The :attribute may only contain letters, numbers, _, . and - (at most 32).",
    }),
  ),
  minecraft_uuid: Type.Optional(
    Type.String({
      pattern: "^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$",
      "x-message": "The :attribute must be a UUID.",
    }),
  ),
  steam_id: Type.Optional(
    Type.String({ pattern: "^\\d{17}$", "x-message": "The :attribute must be a SteamID64." }),
  ),
  discord_id: Type.Optional(
    Type.String({ pattern: "^\\d{17,20}$", "x-message": "The :attribute must be a Discord user id." }),
  ),
};

export const BasketIdentityBody = Type.Object(IdentityFields, { additionalProperties: false });
export type BasketIdentityBody = Static<typeof BasketIdentityBody>;

export const AddItemBody = Type.Object(
  {
    product_id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
    quantity: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_LINE_QUANTITY })),
  },
  { additionalProperties: false },
);
export type AddItemBody = Static<typeof AddItemBody>;

export const SetQuantityBody = Type.Object(
  { quantity: Type.Integer({ minimum: 0, maximum: MAX_LINE_QUANTITY }) },
  { additionalProperties: false },
);
export type SetQuantityBody = Static<typeof SetQuantityBody>;

export const CodeBody = Type.Object(
  { code: Type.String({ minLength: 1, maxLength: 64 }) },
  { additionalProperties: false },
);
export type CodeBody = Static<typeof CodeBody>;

/** Basket tokens: `bsk_` and 43 base64url characters (256 random bits). */
export const BASKET_TOKEN_PATTERN = "^bsk_[A-Za-z0-9_-]{43}$";
export const BasketParams = Type.Object(
  { token: Type.String({ pattern: BASKET_TOKEN_PATTERN, maxLength: 47 }) },
  { "x-not-found": "Basket not found" },
);
export type BasketParams = Static<typeof BasketParams>;

export const BasketJson = Type.Object({
  /** Only in the response that created the basket: the buyer's key to it. */
  token: Type.Optional(Type.String()),
  status: Type.String(),
  currency: Type.String(),
  email: Type.Union([Type.String(), Type.Null()]),
  username: Type.Union([Type.String(), Type.Null()]),
  minecraft_uuid: Type.Union([Type.String(), Type.Null()]),
  steam_id: Type.Union([Type.String(), Type.Null()]),
  discord_id: Type.Union([Type.String(), Type.Null()]),
  items: Type.Array(
    Type.Object({
      product_id: Type.Integer(),
      name: Type.String(),
      type: Type.String(),
      price: MoneyJson,
      quantity: Type.Integer(),
      line_total: MoneyJson,
    }),
  ),
  coupon: Type.Union([Type.Object({ code: Type.String(), discount: MoneyJson }), Type.Null()]),
  /** Codes are shown by their last four symbols only. */
  gift_cards: Type.Array(Type.Object({ code: Type.String(), balance: MoneyJson, amount: MoneyJson })),
  subtotal: MoneyJson,
  discount: MoneyJson,
  tax: MoneyJson,
  tax_inclusive: Type.Boolean(),
  total: MoneyJson,
  gift_card_total: MoneyJson,
  /** What the card is charged. */
  amount_due: MoneyJson,
  order_id: Type.Union([Type.Integer(), Type.Null()]),
});
export type BasketJson = Static<typeof BasketJson>;

export const PaymentJson = Type.Object({
  id: Type.Integer(),
  gateway: Type.String(),
  status: Type.String(),
  amount: MoneyJson,
  currency: Type.String(),
  /** The hosted payment page to send the buyer to. */
  redirect_url: Type.String(),
});
export type PaymentJson = Static<typeof PaymentJson>;

export const CheckoutJson = Type.Object({
  order: OrderDetailJson,
  /** Null when gift cards (or a free basket) paid everything: the order is paid already. */
  payment: Type.Union([PaymentJson, Type.Null()]),
});
export type CheckoutJson = Static<typeof CheckoutJson>;

export const CheckoutSettingsJson = Type.Object({
  /** Percent with two decimals, e.g. `"19.00"`. */
  tax_rate: Type.String(),
  tax_inclusive: Type.Boolean(),
});
export type CheckoutSettingsJson = Static<typeof CheckoutSettingsJson>;

export const UpdateCheckoutSettingsBody = Type.Object(
  {
    tax_rate: Type.Optional(
      Type.Union(
        [Type.String({ pattern: "^\\d{1,3}(\\.\\d{1,2})?$" }), Type.Number({ minimum: 0, maximum: 100 })],
        {
          "x-message": "The :attribute must be a percentage between 0 and 100 with at most two decimals.",
        },
      ),
    ),
    tax_inclusive: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type UpdateCheckoutSettingsBody = Static<typeof UpdateCheckoutSettingsBody>;
