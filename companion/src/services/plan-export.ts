import type { PlanItem, PlanItemKind, ReconciliationService } from '../reconciliation/types.js';
import type { ExportFormat } from './audit-export.js';
import { csvRow, SPREADSHEET_CSV } from '../csv/csv-writer.js';

export const PLAN_CSV_COLUMNS = [
  'seq',
  'kind',
  'oktaUserId',
  'contactId',
  'login',
  'field',
  'before',
  'after',
  'reason',
] as const;

const PAGE_SIZE = 500;

/** Every plan item of a run, read a page at a time. */
export async function* planItemsOf(
  service: Pick<ReconciliationService, 'planItems'>,
  runId: string,
  kinds: readonly PlanItemKind[] | undefined,
): AsyncGenerator<PlanItem, void, undefined> {
  let after: number | undefined;
  for (;;) {
    const page = await service.planItems(runId, {
      limit: PAGE_SIZE,
      ...(after === undefined ? {} : { after }),
      ...(kinds ? { kinds } : {}),
    });
    yield* page.items;
    if (page.next === undefined || page.items.length === 0) return;
    after = page.next;
  }
}

/** CSV: one row per field change (an item without changes gets one row); JSONL: one item a line. */
export async function* planExportLines(
  items: AsyncIterable<PlanItem>,
  format: ExportFormat,
): AsyncGenerator<string, void, undefined> {
  if (format === 'jsonl') {
    for await (const item of items) yield `${JSON.stringify(item)}\n`;
    return;
  }
  yield csvRow(PLAN_CSV_COLUMNS, SPREADSHEET_CSV);
  for await (const item of items) {
    const common = [item.seq, item.kind, item.oktaUserId, item.contactId, item.login] as const;
    if (item.changes.length === 0) {
      yield csvRow([...common, null, null, null, item.reason], SPREADSHEET_CSV);
      continue;
    }
    for (const change of item.changes) {
      yield csvRow(
        [...common, change.field, change.before, change.after, item.reason],
        SPREADSHEET_CSV,
      );
    }
  }
}
