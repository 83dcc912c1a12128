// Gift cards of a store and the redemptions that spent them.
import type { Generated } from "kysely";

export type GiftCardStatus = "active" | "depleted" | "revoked";

export interface StoreGiftCardsTable {
  id: Generated<number>;
  store_id: number;
  /** Upper-case, `ABCD-EFGH-IJKL-MNOP` when generated; unique per store. */
  code: string;
  /** Minor units of `currency`. */
  initial_balance: number;
  balance: number;
  currency: string;
  status: GiftCardStatus;
  /** Lower-cased. */
  recipient_email: string | null;
  recipient_name: string | null;
  personal_message: string | null;
  customer_id: number | null;
  /** The gift-card product it was bought as, when it was bought. */
  product_id: number | null;
  order_id: number | null;
  purchased_at: number | null;
  first_used_at: number | null;
  last_used_at: number | null;
  expires_at: number | null;
  revoked_at: number | null;
  revoke_reason: string | null;
  created_at: number;
  updated_at: number;
}

export interface StoreGiftCardRedemptionsTable {
  id: Generated<number>;
  gift_card_id: number;
  amount: number;
  balance_before: number;
  balance_after: number;
  order_id: number | null;
  created_at: number;
}

declare module "../../core/db/tables.js" {
  interface Tables {
    store_gift_cards: StoreGiftCardsTable;
    store_gift_card_redemptions: StoreGiftCardRedemptionsTable;
  }
}
