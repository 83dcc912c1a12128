// Group commit: small writes that arrive together share one transaction (one BEGIN/COMMIT for many).
import type { Kysely, Transaction } from "kysely";
import type { Tables } from "./tables.js";

export type BatchedWrite<T> = (trx: Transaction<Tables>) => Promise<T>;

export interface TransactionBatcher {
  /**
   * Runs `write` in a transaction shared with the other writes submitted in the same event-loop turn.
   * Resolves after that transaction commits. If the shared transaction fails, each write is retried in a
   * transaction of its own, so one bad write cannot sink its neighbours.
   */
  run<T>(write: BatchedWrite<T>): Promise<T>;
}

interface Pending {
  write: BatchedWrite<unknown>;
  resolve: (value: unknown) => void;
  reject: (e: unknown) => void;
}

export interface TransactionBatcherOptions {
  /** Most writes in one transaction. Default 256. */
  maxBatch?: number;
}

export function createTransactionBatcher(
  db: Kysely<Tables>,
  options: TransactionBatcherOptions = {},
): TransactionBatcher {
  const maxBatch = options.maxBatch ?? 256;
  const queue: Pending[] = [];
  let scheduled = false;

  async function flush(): Promise<void> {
    while (queue.length > 0) {
      const batch = queue.splice(0, maxBatch);
      const results: unknown[] = [];
      try {
        await db.transaction().execute(async (trx) => {
          for (const p of batch) results.push(await p.write(trx));
        });
        batch.forEach((p, i) => p.resolve(results[i]));
      } catch {
        for (const p of batch) {
          try {
            p.resolve(await db.transaction().execute((trx) => p.write(trx)));
          } catch (e) {
            p.reject(e);
          }
        }
      }
    }
    scheduled = false;
  }

  return {
    run<T>(write: BatchedWrite<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ write, resolve: resolve as (v: unknown) => void, reject });
        if (!scheduled) {
          scheduled = true;
          setImmediate(() => void flush());
        }
      });
    },
  };
}
