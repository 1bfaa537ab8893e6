import type pg from 'pg';
import { TransactionEndedError } from '../transaction-errors.js';

/** A pool or one of its clients: whatever the repositories' statements run on. */
export type Queryable = Pick<pg.Pool, 'query'> | pg.PoolClient;

/**
 * A statement's text, or a named statement: prepared once on each connection that runs it,
 * so the hot paths skip parsing and planning after the first call. A name is for one text.
 */
export type Statement = string | { name: string; text: string };

/**
 * What every PostgreSQL repository shares: where its statements run, the store's clock, and
 * how it makes several statements atomic. Outside a transaction `atomic` takes a client of
 * the pool for a BEGIN…COMMIT of its own; inside one it is a savepoint of that transaction.
 */
export interface PgContext {
  rows<R>(statement: Statement, values?: readonly unknown[]): Promise<R[]>;
  /** The number of rows the statement changed. */
  run(statement: Statement, values?: readonly unknown[]): Promise<number>;
  atomic<T>(fn: (ctx: PgContext) => Promise<T>): Promise<T>;
  /**
   * `rows` for one statement that must leave nothing behind when it fails. On the pool it
   * runs as it is (a statement is atomic by itself: one round trip, where `atomic` costs a
   * BEGIN and a COMMIT more); inside a transaction, in a savepoint, so that its failure
   * leaves the transaction usable.
   */
  atomicRows<R>(statement: Statement, values?: readonly unknown[]): Promise<R[]>;
  /**
   * Runs `fn` once what was written so far is committed: at once on the pool (a statement
   * commits by itself), after COMMIT inside a transaction, never when it rolls back. For
   * signals that must not be seen before the writes they announce (a savepoint rolled back
   * does not take its calls back: a signal then announces nothing, which costs a look).
   */
  afterCommit(fn: () => void): void;
  nowMs(): number;
}

/**
 * BEGIN on `client`, `body`, then COMMIT and the calls `body` asked for once committed (in
 * order), or ROLLBACK when it rejects. A ROLLBACK that fails is passed to `onBroken`: the
 * connection is then unusable and must leave the pool.
 */
export async function transactionOn<T>(
  client: pg.PoolClient,
  body: (afterCommit: (fn: () => void) => void) => Promise<T>,
  onBroken: (error: Error) => void,
): Promise<T> {
  await client.query('BEGIN');
  const committed: (() => void)[] = [];
  let result: T;
  try {
    result = await body((fn) => committed.push(fn));
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(onBroken);
    throw error;
  }
  for (const fn of committed) fn();
  return result;
}

async function query<R>(
  on: Queryable,
  statement: Statement,
  values?: readonly unknown[],
): Promise<{ rows: R[]; rowCount: number | null }> {
  // node-postgres takes a mutable array; the statements never change it. Rows are typed by
  // the statement that selects them.
  const config: pg.QueryConfig = {
    ...(typeof statement === 'string' ? { text: statement } : statement),
    ...(values === undefined ? {} : { values: values as unknown[] }),
  };
  const result = await on.query(config);
  return { rows: result.rows as R[], rowCount: result.rowCount };
}

/** Statements on the pool; `atomic` runs on one client in a transaction of its own. */
export function poolContext(pool: pg.Pool, nowMs: () => number): PgContext {
  return {
    rows: async <R>(statement: Statement, values?: readonly unknown[]) =>
      (await query<R>(pool, statement, values)).rows,
    run: async (statement, values) => (await query(pool, statement, values)).rowCount ?? 0,
    atomicRows: async <R>(statement: Statement, values?: readonly unknown[]) =>
      (await query<R>(pool, statement, values)).rows,
    afterCommit: (fn) => fn(),
    atomic: async (fn) => {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        return await transactionOn(
          client,
          (afterCommit) => fn(clientContext(client, nowMs, () => true, afterCommit)),
          (error) => {
            broken = error;
          },
        );
      } finally {
        client.release(broken);
      }
    },
    nowMs,
  };
}

let savepoints = 0;

/**
 * Statements on a client inside an open transaction. `live` turns false when the
 * transaction ends, after which every call fails with TransactionEndedError.
 */
export function clientContext(
  client: pg.PoolClient,
  nowMs: () => number,
  live: () => boolean,
  afterCommit: (fn: () => void) => void,
): PgContext {
  const check = () => {
    if (!live()) throw new TransactionEndedError();
  };
  const ctx: PgContext = {
    rows: async <R>(statement: Statement, values?: readonly unknown[]) => {
      check();
      return (await query<R>(client, statement, values)).rows;
    },
    run: async (statement, values) => {
      check();
      return (await query(client, statement, values)).rowCount ?? 0;
    },
    atomic: (fn) => savepoint(client, check, () => fn(ctx)),
    atomicRows: <R>(statement: Statement, values?: readonly unknown[]) =>
      savepoint(client, check, () => ctx.rows<R>(statement, values)),
    afterCommit,
    nowMs,
  };
  return ctx;
}

/** Runs `fn` in a savepoint: a rejection undoes only its writes. */
export async function savepoint<T>(
  client: pg.PoolClient,
  check: () => void,
  fn: () => Promise<T>,
): Promise<T> {
  check();
  const name = `nested_${++savepoints}`;
  await client.query(`SAVEPOINT ${name}`);
  try {
    const result = await fn();
    await client.query(`RELEASE SAVEPOINT ${name}`);
    return result;
  } catch (error) {
    await client.query(`ROLLBACK TO SAVEPOINT ${name}`);
    await client.query(`RELEASE SAVEPOINT ${name}`);
    throw error;
  }
}
