// The input shape of an amount: `"29.99"` or `29.99`, converted with the store's currency by services.
import { Type } from "@sinclair/typebox";

/** An amount as clients send it: a decimal string or a JSON number, non-negative. */
export const MoneyInput = Type.Union(
  [Type.String({ pattern: "^\\d{1,12}(\\.\\d+)?$" }), Type.Number({ minimum: 0 })],
  {
    "x-message": "The :attribute must be a non-negative amount like 29.99.",
    description: 'decimal string ("29.99") or number',
  },
);

/** An amount on the wire: a decimal string with two decimals. */
export const MoneyJson = Type.String({ pattern: "^-?\\d+\\.\\d{2,3}$", examples: ["29.99"] });
