// Tables of the studio's accounts: contacts (Pixelz customers) and partners (developers acting for them).
import type { Generated } from "kysely";

/** How a contact's webhooks carry their body (webhooks/studio-callback.ts renders each). */
export type WebhookBodyEncoding = "json" | "text" | "form";

export interface StudioPartnersTable {
  id: Generated<number>;
  /** Lower-cased; unique. */
  email: string;
  name: string;
  /** Hex SHA-256 of the developerAPIkey; unique, looked up by. */
  key_hash: string;
  /** The Application Secret Code, sealed with the secret box (it signs webhooks, so it must be recoverable). */
  secret_sealed: string;
  created_at: number;
}

export interface StudioContactsTable {
  id: Generated<number>;
  /** Lower-cased; unique. */
  email: string;
  name: string;
  company: string;
  /** ISO 3166-1 alpha-2, or empty. */
  country_code: string;
  /** JSON object of the optional address fields POST Contact takes. */
  address: string;
  /** Hex SHA-256 of the contactAPIkey; unique. */
  key_hash: string;
  secret_sealed: string;
  /** The partner that created this contact, if any. */
  partner_id: number | null;
  /** One of the studio's price-table currencies (USD, EUR, …). */
  currency: string;
  credit_days: number;
  /** How far below zero the balance may go (minor units, ≥ 0). */
  credit_limit: number;
  /** Minor units; the ledger's running sum. */
  balance: number;
  /** Minor units promised to accepted, not yet charged images. */
  reserved: number;
  trial_images: number;
  /** 0/1: RequestPresignUrls allowed. */
  direct_upload: number;
  /** Earliest deadline a POST may ask for, in hours from now. */
  min_deadline_hours: number;
  webhook_encoding: WebhookBodyEncoding;
  created_at: number;
  updated_at: number;
}

declare module "../../core/db/tables.js" {
  interface Tables {
    studio_partners: StudioPartnersTable;
    studio_contacts: StudioContactsTable;
  }
}
