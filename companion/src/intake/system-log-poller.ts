import type { Logger } from '../logger.js';
import type { OktaClient } from '../okta/client.js';
import {
  classifyOktaEvents,
  parseOktaLogEvents,
  type InvalidOktaEvent,
  type NormalisedOktaEvent,
} from './okta-events.js';

/**
 * Reads the Okta System Log from a durably stored `after` cursor (never a timestamp) and
 * feeds the same inbox as the event hooks, so events a hook dropped are still processed,
 * and events delivered both ways are processed once.
 */

export const SYSTEM_LOG_CURSOR = 'okta.systemLog.after';

export interface SystemLogPollerDeps {
  okta: OktaClient;
  readCursor(): Promise<string | undefined>;
  /**
   * Stores the page's events and the cursor after them in one transaction, with the report of
   * the page's malformed events (never stored, never a reason to stay on the page).
   */
  commitPage(
    events: readonly NormalisedOktaEvent[],
    cursor: string,
    invalid: readonly InvalidOktaEvent[],
  ): Promise<{ accepted: number; duplicates: number }>;
  lookbackMinutes: number;
  logger: Logger;
  pageLimit?: number;
  maxPagesPerPoll?: number;
  now?: () => Date;
}

export interface PollSummary {
  pages: number;
  received: number;
  accepted: number;
  duplicates: number;
  /** Malformed events passed over (reported through commitPage). */
  invalid: number;
  cursor: string | undefined;
}

export interface SystemLogPoller {
  pollOnce(): Promise<PollSummary>;
  start(intervalMs: number): void;
  stop(): Promise<void>;
  lastPoll(): { at: Date; summary: PollSummary } | { at: Date; error: string } | undefined;
}

interface PagedCollection {
  nextUri?: string;
  getNextPage(): Promise<unknown[]>;
}

function afterFrom(nextUri: string | undefined): string | undefined {
  if (!nextUri) return undefined;
  return new URL(nextUri).searchParams.get('after') ?? undefined;
}

export function createSystemLogPoller(deps: SystemLogPollerDeps): SystemLogPoller {
  const pageLimit = deps.pageLimit ?? 1000;
  const maxPages = deps.maxPagesPerPoll ?? 50;
  const now = deps.now ?? (() => new Date());
  let running: Promise<PollSummary> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let last: ReturnType<SystemLogPoller['lastPoll']>;

  async function poll(): Promise<PollSummary> {
    let cursor = await deps.readCursor();
    const summary: PollSummary = {
      pages: 0,
      received: 0,
      accepted: 0,
      duplicates: 0,
      invalid: 0,
      cursor,
    };
    const params = cursor
      ? { after: cursor, limit: pageLimit }
      : {
          since: new Date(now().getTime() - deps.lookbackMinutes * 60_000).toISOString(),
          limit: pageLimit,
        };
    const collection = (await deps.okta.systemLogApi.listLogEvents(
      params,
    )) as unknown as PagedCollection;

    while (summary.pages < maxPages) {
      const page = await collection.getNextPage();
      summary.pages += 1;
      const next = afterFrom(collection.nextUri) ?? cursor;
      const parsed = parseOktaLogEvents(page);
      if (parsed.invalid.length > 0) {
        deps.logger.warn(
          { invalid: parsed.invalid.slice(0, 3) },
          'passing over malformed System Log events',
        );
      }
      const classified = classifyOktaEvents(parsed.events, { source: 'okta-log' });
      if (next !== undefined) {
        const stored = await deps.commitPage(classified.events, next, parsed.invalid);
        summary.accepted += stored.accepted;
        summary.duplicates += stored.duplicates;
        summary.invalid += parsed.invalid.length;
        cursor = next;
      }
      summary.received += page.length;
      summary.cursor = cursor;
      // In polling mode Okta always sends a next link; a short page means we are caught up.
      if (page.length < pageLimit || !collection.nextUri) break;
    }
    return summary;
  }

  const poller: SystemLogPoller = {
    pollOnce() {
      if (!running) {
        running = poll()
          .then((summary) => {
            last = { at: now(), summary };
            return summary;
          })
          .catch((error: unknown) => {
            last = { at: now(), error: error instanceof Error ? error.message : String(error) };
            throw error;
          })
          .finally(() => {
            running = undefined;
          });
      }
      return running;
    },
    start(intervalMs) {
      const tick = () => {
        poller
          .pollOnce()
          .catch((error: unknown) =>
            deps.logger.warn({ err: error }, 'System Log poll failed; will retry'),
          )
          .finally(() => {
            if (timer !== undefined) timer = setTimeout(tick, intervalMs);
          });
      };
      timer = setTimeout(tick, 0);
    },
    async stop() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      await running?.catch(() => undefined);
    },
    lastPoll: () => last,
  };
  return poller;
}
