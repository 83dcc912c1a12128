// The shared rate-limit counters: one row per key and one-minute window.

export interface StoreRateLimitsTable {
  /** What is limited, e.g. `token:12`. */
  key: string;
  /** Epoch ms at which the window starts (a multiple of the window length). */
  window_start: number;
  /** Requests counted in the window, refused ones included. */
  count: number;
}

declare module "../../core/db/tables.js" {
  interface Tables {
    store_rate_limits: StoreRateLimitsTable;
  }
}
