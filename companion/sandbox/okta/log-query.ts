/**
 * `GET /api/v1/logs` semantics: polling requests (no `until`, ascending) page forever
 * from an opaque `after` cursor; bounded requests (`until`, or descending) end. 90 days
 * of retention; `since` older than 180 days is rejected; `since` and `after` exclude
 * each other. Pure over the ordered event list.
 */
import { fail } from './errors.js';
import type { LogEvent } from './log-events.js';
import { evaluateScim, parseScimFilter, scimPaths, ScimSyntaxError } from './scim-filter.js';

const DAY_MS = 86_400_000;
export const RETENTION_DAYS = 90;
const MAX_SINCE_DAYS = 180;
const RFC3339 = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

export interface LogQueryParams {
  since?: string | undefined;
  until?: string | undefined;
  after?: string | undefined;
  filter?: string | undefined;
  q?: string | undefined;
  limit?: string | undefined;
  sortOrder?: string | undefined;
}

export interface LogPage {
  events: LogEvent[];
  /** Cursor for the next link; always set for polling requests. */
  nextAfter: string | undefined;
  limit: number;
  sortOrder: 'ASCENDING' | 'DESCENDING';
}

function parseDate(name: 'since' | 'until', value: string): number {
  const ms = RFC3339.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) {
    throw fail.validation(
      `'${name}': The date format in your query is not recognized. Please enter dates using ISO8601 string format.. '${name}': must be a valid date-time or empty.`,
      [
        `${name}: The date format in your query is not recognized. Please enter dates using ISO8601 string format.`,
        `${name}: must be a valid date-time or empty.`,
      ],
    );
  }
  return ms;
}

/** First index whose published is ≥ iso (events are in non-decreasing published order). */
function firstAtOrAfter(logs: readonly LogEvent[], iso: string): number {
  let lo = 0;
  let hi = logs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((logs[mid] as LogEvent).published < iso) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function encodeCursor(generation: string, index: number): string {
  return `${generation}_${index}`;
}

function decodeCursor(cursor: string, generation: string): number {
  const match = /^([A-Za-z0-9]+)_(\d+)$/.exec(cursor);
  if (!match) throw fail.invalidLogParameter('Invalid parameter: after');
  // A cursor from before a reset of the org restarts from the oldest retained event.
  return match[1] === generation ? Number(match[2]) : 0;
}

function resolvePath(value: unknown, path: string[]): unknown {
  if (path.length === 0) return value;
  if (Array.isArray(value)) return value.flatMap((v) => toArray(resolvePath(v, path)));
  if (typeof value !== 'object' || value === null) return undefined;
  const [head = '', ...rest] = path;
  return resolvePath((value as Record<string, unknown>)[head], rest);
}

function toArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value];
}

const searchText = new WeakMap<LogEvent, string>();
function textOf(event: LogEvent): string {
  let text = searchText.get(event);
  if (text === undefined) {
    text = JSON.stringify(event).toLowerCase();
    searchText.set(event, text);
  }
  return text;
}

export function queryLogs(
  logs: readonly LogEvent[],
  params: LogQueryParams,
  nowMs: number,
  generation: string,
): LogPage {
  if (params.since !== undefined && params.after !== undefined) {
    throw fail.invalidLogParameter(
      "Invalid parameter: 'since' and 'after' are mutually exclusive.",
    );
  }
  let limit = 100;
  if (params.limit !== undefined && params.limit !== '') {
    if (!/^\d+$/.test(params.limit) || Number(params.limit) > 1000) {
      throw fail.invalidLogParameter(
        'Invalid parameter: limit must be an integer between 0 and 1000.',
      );
    }
    limit = Number(params.limit);
  }
  const sortOrder = params.sortOrder ?? 'ASCENDING';
  if (sortOrder !== 'ASCENDING' && sortOrder !== 'DESCENDING') {
    throw fail.invalidLogParameter(`Invalid parameter: sortOrder must be ASCENDING or DESCENDING.`);
  }
  const untilMs =
    params.until !== undefined && params.until !== ''
      ? parseDate('until', params.until)
      : undefined;
  let sinceMs =
    params.since !== undefined && params.since !== ''
      ? parseDate('since', params.since)
      : undefined;
  if (sinceMs !== undefined && sinceMs < nowMs - MAX_SINCE_DAYS * DAY_MS) {
    throw fail.invalidLogParameter(
      'Invalid parameter: The since parameter is over 180 days prior to the current day.',
    );
  }
  if (sinceMs !== undefined && untilMs !== undefined && sinceMs > untilMs) {
    throw fail.invalidLogParameter(
      'Invalid parameter: The since parameter must be before the until parameter.',
    );
  }

  let filter: ((e: LogEvent) => boolean) | undefined;
  if (params.filter !== undefined && params.filter !== '') {
    const source = params.filter;
    let expr;
    try {
      expr = parseScimFilter(source);
    } catch (error) {
      if (error instanceof ScimSyntaxError) {
        throw fail.invalidLogParameter(`Invalid filter '${source}': ${error.message}`);
      }
      throw error;
    }
    if (scimPaths(expr).includes('published')) {
      throw fail.invalidLogParameter('field is not valid: published');
    }
    filter = (e) => evaluateScim(expr, (path) => resolvePath(e, path.split('.')));
  }
  let keywords: string[] = [];
  if (params.q !== undefined && params.q.trim() !== '') {
    keywords = params.q.trim().toLowerCase().split(/\s+/);
    if (keywords.length > 10 || keywords.some((k) => k.length > 40)) {
      throw fail.invalidLogParameter(
        'Invalid parameter: q allows at most 10 keywords of at most 40 characters.',
      );
    }
  }
  const matches = (e: LogEvent) =>
    (filter === undefined || filter(e)) && keywords.every((k) => textOf(e).includes(k));

  const retained = firstAtOrAfter(logs, new Date(nowMs - RETENTION_DAYS * DAY_MS).toISOString());
  const polling = untilMs === undefined && sortOrder === 'ASCENDING';
  sinceMs ??= (untilMs ?? nowMs) - 7 * DAY_MS;
  const upper =
    untilMs === undefined ? logs.length : firstAtOrAfter(logs, new Date(untilMs).toISOString());
  const events: LogEvent[] = [];

  if (sortOrder === 'ASCENDING') {
    let start =
      params.after !== undefined
        ? decodeCursor(params.after, generation)
        : firstAtOrAfter(logs, new Date(sinceMs).toISOString());
    start = Math.max(start, retained);
    let position = start;
    let more = false;
    for (; position < upper; position++) {
      const event = logs[position] as LogEvent;
      if (!matches(event)) continue;
      if (events.length === limit) {
        more = true;
        break;
      }
      events.push(event);
    }
    // Polling: the cursor points just past the last event returned, or past everything
    // scanned when the page is not full; bounded: a next link only while more remain.
    const nextAfter = polling || more ? encodeCursor(generation, position) : undefined;
    return { events, nextAfter, limit, sortOrder };
  }

  const lower = Math.max(retained, firstAtOrAfter(logs, new Date(sinceMs).toISOString()));
  let position =
    params.after !== undefined ? Math.min(decodeCursor(params.after, generation), upper) : upper;
  let more = false;
  for (position -= 1; position >= lower; position--) {
    const event = logs[position] as LogEvent;
    if (!matches(event)) continue;
    if (events.length === limit) {
      more = true;
      break;
    }
    events.push(event);
  }
  return {
    events,
    nextAfter: more ? encodeCursor(generation, position + 1) : undefined,
    limit,
    sortOrder,
  };
}
