import type { AuditRange, StoredAuditEntry } from '../store/types.js';
import { csvRow, SPREADSHEET_CSV } from '../csv/csv-writer.js';

export type ExportFormat = 'csv' | 'jsonl';

export interface AuditFilter {
  oktaUserId?: string | undefined;
  contactId?: string | undefined;
}

export const AUDIT_CSV_COLUMNS = [
  'id',
  'occurredAt',
  'updatedAt',
  'direction',
  'operation',
  'status',
  'attempts',
  'error',
  'oktaUserId',
  'contactId',
  'caseId',
  'actor',
  'eventId',
  'correlationId',
  'revision',
  'fieldChanges',
] as const satisfies readonly (keyof StoredAuditEntry)[];

export function matchesAuditFilter(entry: StoredAuditEntry, filter: AuditFilter): boolean {
  if (filter.oktaUserId !== undefined && entry.oktaUserId !== filter.oktaUserId) return false;
  if (filter.contactId !== undefined && entry.contactId !== filter.contactId) return false;
  return true;
}

/** The export's lines (header first for CSV), filtered while the journal is read page by page. */
export async function* auditExportLines(
  entries: AsyncIterable<StoredAuditEntry>,
  format: ExportFormat,
  filter: AuditFilter,
): AsyncGenerator<string, void, undefined> {
  if (format === 'csv') yield csvRow(AUDIT_CSV_COLUMNS, SPREADSHEET_CSV);
  for await (const entry of entries) {
    if (!matchesAuditFilter(entry, filter)) continue;
    yield format === 'csv'
      ? csvRow(
          AUDIT_CSV_COLUMNS.map((column) => entry[column]),
          SPREADSHEET_CSV,
        )
      : `${JSON.stringify(entry)}\n`;
  }
}

/** `20250131T000000Z`: an instant that is safe in a file name on every system. */
export function fileStamp(instant: Date): string {
  return instant
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

export function auditExportFilename(range: AuditRange, format: ExportFormat): string {
  return `okta-sync-audit-${fileStamp(range.from)}-${fileStamp(range.to)}.${format}`;
}

export const EXPORT_CONTENT_TYPES: Readonly<Record<ExportFormat, string>> = {
  csv: 'text/csv; charset=utf-8',
  jsonl: 'application/x-ndjson; charset=utf-8',
};
