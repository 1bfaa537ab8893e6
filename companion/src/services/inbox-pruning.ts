import type { Inbox } from '../store/types.js';

/**
 * Event ids are kept for de-duplication for a week; Okta retries and the System Log look-back
 * are far shorter.
 */
export const INBOX_RETENTION_MS = 7 * 24 * 3600_000;

/** Forgets processed events older than the retention; returns how many. */
export function pruneInbox(
  inbox: Pick<Inbox, 'pruneProcessed'>,
  now: Date,
  retentionMs = INBOX_RETENTION_MS,
): Promise<number> {
  return inbox.pruneProcessed(new Date(now.getTime() - retentionMs));
}

/** Prunes every `everyMs` until stopped; never keeps the process alive. */
export function startInboxPruning(
  deps: { inbox: Pick<Inbox, 'pruneProcessed'>; now: () => Date },
  everyMs: number,
): { stop(): void } {
  const timer = setInterval(() => void pruneInbox(deps.inbox, deps.now()), everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
