import pg from 'pg';
import type { JobWatch } from '../types.js';

/** The channel the inbox notifies once it has committed jobs (see signalJobs). */
export const JOBS_CHANNEL = 'okta_sync_jobs';

/** The statement that tells every listening instance that jobs were queued. */
const NOTIFY_JOBS = `SELECT pg_notify('${JOBS_CHANNEL}', '')`;

export interface JobSignal {
  /** Jobs were committed: every listening instance hears of it soon, at least once. */
  signal(): void;
  /** Resolves when no notification is being sent (before the pool is closed). */
  idle(): Promise<void>;
}

/**
 * Notifies the listening workers after the inbox's commits, in statements of their own, at
 * most one at a time, and once more after one in flight when new jobs came meanwhile.
 *
 * Not inside the accept's transaction: a transaction that notifies takes a lock that every
 * notifying transaction of the database shares, and keeps it until its commit is flushed, so
 * the deliveries' commits would queue behind each other's disk writes instead of sharing them.
 * A notification of its own writes nothing and commits without waiting for the disk. One that
 * fails costs only latency: the worker's own poll finds the jobs.
 */
export function signalJobs(pool: Pick<pg.Pool, 'query'>): JobSignal {
  let sending: Promise<void> | undefined;
  let again = false;

  const send = (): Promise<void> =>
    pool.query(NOTIFY_JOBS).then(
      () => undefined,
      () => undefined,
    );
  const loop = async () => {
    do {
      again = false;
      await send();
    } while (again);
    sending = undefined;
  };

  return {
    signal: () => {
      if (sending) again = true;
      else sending = loop();
    },
    idle: async () => {
      while (sending) await sending;
    },
  };
}

export interface JobNotificationOptions {
  connectionString: string;
  /** Wait before listening again after the connection dropped. Default 1 s. */
  reconnectMs?: number;
}

/**
 * Listens for the inbox's notifications on a connection of its own (a pooled client cannot
 * hold LISTEN). A dropped connection is opened again; notifications sent meanwhile are lost,
 * which costs only latency: the worker's own poll finds the jobs.
 */
export function listenForJobs(options: JobNotificationOptions, listener: () => void): JobWatch {
  const reconnectMs = options.reconnectMs ?? 1000;
  let stopped = false;
  let client: pg.Client | undefined;
  let retry: NodeJS.Timeout | undefined;

  const connect = async () => {
    if (stopped) return;
    const next = new pg.Client({ connectionString: options.connectionString });
    client = next;
    const again = () => {
      if (client !== next) return;
      client = undefined;
      next.removeAllListeners('notification');
      void next.end().catch(() => undefined);
      if (!stopped) {
        retry = setTimeout(() => void connect(), reconnectMs);
        retry.unref();
      }
    };
    next.on('error', again);
    next.on('end', again);
    next.on('notification', (message) => {
      if (message.channel === JOBS_CHANNEL) listener();
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${JOBS_CHANNEL}`);
      if (stopped) await next.end();
      // Jobs queued while no connection listened: one claim finds them.
      else listener();
    } catch {
      again();
    }
  };
  void connect();

  return {
    stop: async () => {
      stopped = true;
      clearTimeout(retry);
      const current = client;
      client = undefined;
      await current?.end().catch(() => undefined);
    },
  };
}
