import { AsyncLocalStorage } from 'node:async_hooks';
import type pg from 'pg';
import { OuterStoreInTransactionError, TransactionEndedError } from '../transaction-errors.js';
import { clientContext, type PgContext, savepoint, transactionOn } from './context.js';

/**
 * The same contract as the SQLite gate (../sqlite/transaction-gate.ts): a store runs one
 * `transaction` at a time, and a call through the store made while one is open waits for it
 * to end (so it sees the transaction's writes, as on the embedded store). Calls made while
 * none is open run at once on the pool, side by side. Other instances are other stores:
 * PostgreSQL's row locks keep them apart.
 */
export interface PgTransactionGate {
  /** Waits until no transaction of this store is open. */
  idle(): Promise<void>;
  /** BEGIN on a client of the pool, `fn`, then COMMIT, or ROLLBACK when it rejects. */
  transaction<T>(fn: (ctx: PgContext, nested: NestedRunner) => Promise<T>): Promise<T>;
}

/** Runs a nested `transaction` of the open one as a savepoint. */
export type NestedRunner = <T>(fn: () => Promise<T>) => Promise<T>;

export function createPgTransactionGate(pool: pg.Pool, nowMs: () => number): PgTransactionGate {
  let open: Promise<void> | undefined;
  const within = new AsyncLocalStorage<Promise<void>>();

  const idle = async (): Promise<void> => {
    while (open) {
      if (within.getStore() === open) throw new OuterStoreInTransactionError();
      await open;
    }
  };

  return {
    idle,
    transaction: async (fn) => {
      // The last check and the start of this transaction happen in one turn (see idle).
      while (open) {
        if (within.getStore() === open) throw new OuterStoreInTransactionError();
        await open;
      }
      let end = () => {};
      const current = new Promise<void>((resolve) => {
        end = resolve;
      });
      open = current;
      let live = true;
      let client: pg.PoolClient | undefined;
      let broken: Error | undefined;
      try {
        client = await pool.connect();
        const on = client;
        const check = () => {
          if (!live) throw new TransactionEndedError();
        };
        return await transactionOn(
          on,
          (afterCommit) => {
            const ctx = clientContext(on, nowMs, () => live, afterCommit);
            return within.run(current, () => fn(ctx, (inner) => savepoint(on, check, inner)));
          },
          (error) => {
            broken = error;
          },
        );
      } finally {
        live = false;
        client?.release(broken);
        open = undefined;
        end();
      }
    },
  };
}
