// The table of staff invitations: a one-time link an owner gives a new store member.
import type { Generated } from "kysely";

export interface ConsoleInvitationsTable {
  id: Generated<number>;
  store_id: number;
  /** Lower-cased; the account the invitation creates (or adds the store to) has this email. */
  email: string;
  /** owner, manager or support. */
  role: string;
  /** SHA-256 hex of the link's secret; the secret itself is shown once and never stored. */
  token_hash: string;
  invited_by: number | null;
  created_at: number;
  expires_at: number;
  accepted_at: number | null;
  accepted_by: number | null;
  revoked_at: number | null;
}

declare module "../core/db/tables.js" {
  interface Tables {
    console_invitations: ConsoleInvitationsTable;
  }
}
