import type { AuditJournal, AuditRange, StoredAuditEntry } from './types.js';

export const DEFAULT_AUDIT_PAGE_SIZE = 1000;

/**
 * Every entry of the range, read page by page through `list`: one page is held in memory at
 * a time, and each page is its own store call, so nothing stays open between pages.
 */
export async function* iterateAuditPages(
  list: AuditJournal['list'],
  { from, to, pageSize = DEFAULT_AUDIT_PAGE_SIZE }: AuditRange & { pageSize?: number },
): AsyncGenerator<StoredAuditEntry> {
  const limit = Math.max(1, Math.floor(pageSize));
  let after: string | undefined;
  do {
    const page = await list({ from, to, limit, ...(after === undefined ? {} : { after }) });
    yield* page.entries;
    after = page.entries.length < limit ? undefined : page.next;
  } while (after !== undefined);
}
