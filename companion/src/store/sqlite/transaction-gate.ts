import { AsyncLocalStorage } from 'node:async_hooks';
import type Database from 'better-sqlite3';
import { OuterStoreInTransactionError, TransactionEndedError } from '../transaction-errors.js';
import type { Runner } from './synchronous.js';

export { OuterStoreInTransactionError, TransactionEndedError };

/**
 * One connection, one transaction at a time. A transaction spans the awaits of its
 * callback, so a call through the store made meanwhile (another request, the worker) must
 * not run on the connection inside it: it waits for the transaction to end. Calls made
 * while no transaction is open run at once.
 */
export interface TransactionGate {
  /** Runs a call outside any transaction: now when none is open, otherwise once it has ended. */
  outside: Runner;
  /**
   * BEGIN IMMEDIATE, then `fn` with a runner for calls inside the transaction; COMMIT when
   * its promise resolves, ROLLBACK when it rejects.
   */
  transaction<T>(fn: (inside: Runner) => Promise<T>): Promise<T>;
  /** A savepoint inside the open transaction: a rejection of `fn` undoes only its writes. */
  savepoint<T>(fn: () => Promise<T>): Promise<T>;
  /** Resolves once no transaction is open. */
  idle(): Promise<void>;
}

/** `begin` opens the write transaction; by default at once, waiting as the busy timeout says. */
export function createTransactionGate(
  db: Database.Database,
  begin: () => void | Promise<void> = () => void db.exec('BEGIN IMMEDIATE'),
): TransactionGate {
  let open: Promise<void> | undefined;
  // Marks the work a transaction's callback starts, so a call of it through the outer store
  // fails at once instead of waiting for the very transaction it belongs to.
  const within = new AsyncLocalStorage<Promise<void>>();
  let savepoints = 0;

  /**
   * Waits until no transaction is open. Callers act in the same turn as its last check:
   * several waiters wake when a transaction ends and the first to run may open the next one,
   * so the condition must not be checked in one function and relied on after another await.
   */
  const idle = async (): Promise<void> => {
    while (open) {
      if (within.getStore() === open) throw new OuterStoreInTransactionError();
      await open;
    }
  };

  const outside: Runner = async (call) => {
    while (open) {
      if (within.getStore() === open) throw new OuterStoreInTransactionError();
      await open;
    }
    return call();
  };

  return {
    outside,
    idle,
    transaction: async (fn) => {
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
      const inside: Runner = async (call) => {
        if (!live) throw new TransactionEndedError();
        return call();
      };
      try {
        await begin();
        try {
          const result = await within.run(current, () => fn(inside));
          db.exec('COMMIT');
          return result;
        } catch (error) {
          if (db.inTransaction) db.exec('ROLLBACK');
          throw error;
        }
      } finally {
        live = false;
        open = undefined;
        end();
      }
    },
    savepoint: async (fn) => {
      if (!open || !db.inTransaction) throw new TransactionEndedError();
      const name = `nested_${++savepoints}`;
      db.exec(`SAVEPOINT ${name}`);
      try {
        const result = await fn();
        db.exec(`RELEASE ${name}`);
        return result;
      } catch (error) {
        if (db.inTransaction) {
          db.exec(`ROLLBACK TO ${name}`);
          db.exec(`RELEASE ${name}`);
        }
        throw error;
      }
    },
  };
}
