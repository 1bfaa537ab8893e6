import { Hono } from 'hono';
import { z } from 'zod';
import { AppError } from '../../http/app-error.js';
import { validate } from '../../http/validation.js';
import type { Logger } from '../../logger.js';
import { InvalidAuditCursorError } from '../../store/audit-cursor.js';
import type { AuditJournal, AuditRange, StoredAuditEntry } from '../../store/types.js';
import type { ApiEnv } from './api-env.js';
import {
  auditExportFilename,
  auditExportLines,
  EXPORT_CONTENT_TYPES,
  matchesAuditFilter,
  type AuditFilter,
} from '../../services/audit-export.js';
import { contactId } from './id-schemas.js';
import { exportFormat, isoInstant, limitParam } from './query-schemas.js';
import { lineStream } from './line-stream.js';

export interface AuditRouteDeps {
  journal: AuditJournal;
  logger: Logger;
  now: () => Date;
}

const DAY_MS = 24 * 60 * 60_000;
const EXPORT_PAGE_SIZE = 500;
/** A filtered JSON page reads at most this many journal pages before answering with `next`. */
const MAX_SCANNED_PAGES = 50;

const auditQuery = z.object({
  from: isoInstant.optional(),
  to: isoInstant.optional(),
  format: exportFormat.optional(),
  oktaUserId: z.string().trim().min(1).max(100).optional(),
  contactId: contactId.optional(),
  limit: limitParam(1000, 100),
  after: z.string().trim().min(1).max(200).optional(),
});

function rangeOf(query: { from?: Date | undefined; to?: Date | undefined }, now: Date): AuditRange {
  const to = query.to ?? now;
  const from = query.from ?? new Date(to.getTime() - DAY_MS);
  if (from.getTime() >= to.getTime()) {
    throw AppError.validation('The query is not valid.', [
      { path: 'from', message: 'from must be before to.' },
    ]);
  }
  return { from, to };
}

/**
 * One JSON page of matching entries. Filtering happens while reading: whole journal pages are
 * taken until the answer would exceed `limit`, and `next` resumes at the first page not taken.
 */
async function filteredPage(
  journal: AuditJournal,
  range: AuditRange,
  filter: AuditFilter,
  limit: number,
  after: string | undefined,
): Promise<{ entries: StoredAuditEntry[]; next?: string }> {
  const entries: StoredAuditEntry[] = [];
  let cursor = after;
  for (let scanned = 0; scanned < MAX_SCANNED_PAGES; scanned++) {
    const page = await journal.list({
      ...range,
      limit,
      ...(cursor === undefined ? {} : { after: cursor }),
    });
    const matching = page.entries.filter((e) => matchesAuditFilter(e, filter));
    if (entries.length + matching.length > limit)
      return { entries, ...(cursor ? { next: cursor } : {}) };
    entries.push(...matching);
    if (page.next === undefined) return { entries };
    cursor = page.next;
    if (entries.length === limit) break;
  }
  return { entries, ...(cursor ? { next: cursor } : {}) };
}

/** `audit`: a JSON page, or the whole range streamed as CSV or JSON lines. */
export function auditRoutes(deps: AuditRouteDeps) {
  return new Hono<ApiEnv>().get('/', validate('query', auditQuery), async (c) => {
    const query = c.req.valid('query');
    const range = rangeOf(query, deps.now());
    const filter: AuditFilter = { oktaUserId: query.oktaUserId, contactId: query.contactId };
    if (query.format) {
      const lines = auditExportLines(
        deps.journal.iterate({ ...range, pageSize: EXPORT_PAGE_SIZE }),
        query.format,
        filter,
      );
      const body = lineStream(lines, {
        onError: (error) => deps.logger.error({ err: error }, 'audit export failed mid-stream'),
      });
      return c.body(body, 200, {
        'Content-Type': EXPORT_CONTENT_TYPES[query.format],
        'Content-Disposition': `attachment; filename="${auditExportFilename(range, query.format)}"`,
        'Cache-Control': 'no-store',
      });
    }
    try {
      return c.json(await filteredPage(deps.journal, range, filter, query.limit, query.after));
    } catch (error) {
      if (error instanceof InvalidAuditCursorError) {
        throw AppError.validation('The query is not valid.', [
          { path: 'after', message: 'after is not a cursor this API returned.' },
        ]);
      }
      throw error;
    }
  });
}
