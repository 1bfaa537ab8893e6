import pg from 'pg';
import type { JobWatch } from '../types.js';

/** The channel the inbox notifies when it queued jobs (`pg_notify` inside its transaction). */
export const JOBS_CHANNEL = 'okta_sync_jobs';

/** The statement that tells every listening instance, at commit, that jobs were queued. */
export const NOTIFY_JOBS = `SELECT pg_notify('${JOBS_CHANNEL}', '')`;

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
