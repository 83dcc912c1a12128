// Tables of the web console's accounts: users, what they may act for (memberships), and their sessions.
import type { Generated } from "kysely";

export interface ConsoleUsersTable {
  id: Generated<number>;
  /** Lower-cased; unique. */
  email: string;
  name: string;
  /** `scrypt$N$r$p$salt$key` (console/password.ts); never the password. */
  password_hash: string;
  created_at: number;
  updated_at: number;
}

/**
 * One row per thing a user acts for: a store (role owner, manager or support), a studio contact (role
 * customer), or a studio contact's editor queue (role editor: the contact and the editor it signs in as).
 */
export interface ConsoleMembershipsTable {
  id: Generated<number>;
  user_id: number;
  store_id: number | null;
  contact_id: number | null;
  role: string;
  /** Role editor: the studio editor (studio_editors) the user works as; null otherwise. */
  editor_id: Generated<number | null>;
  created_at: number;
}

export interface ConsoleSessionsTable {
  id: Generated<number>;
  user_id: number;
  /** SHA-256 hex of the cookie's secret; unique. */
  token_hash: string;
  created_at: number;
  last_seen_at: number;
  /** Absolute end of the session (epoch ms); it also ends after a week without use. */
  expires_at: number;
  ip: string;
  user_agent: string;
}

declare module "../core/db/tables.js" {
  interface Tables {
    console_users: ConsoleUsersTable;
    console_memberships: ConsoleMembershipsTable;
    console_sessions: ConsoleSessionsTable;
  }
}
