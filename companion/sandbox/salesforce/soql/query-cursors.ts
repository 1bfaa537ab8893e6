import { randomBytes } from 'node:crypto';
import { SalesforceApiError } from '../errors.js';
import type { Row } from '../store/record-store.js';
import type { SoqlRecord } from './query-executor.js';

interface Cursor {
  readonly rows: readonly Row[];
  readonly project: (row: Row) => SoqlRecord;
  readonly batchSize: number;
}

export interface QueryPage {
  readonly totalSize: number;
  readonly done: boolean;
  readonly nextRecordsUrl?: string;
  readonly records: readonly SoqlRecord[];
}

const MAX_OPEN_CURSORS = 500;

/** Open query cursors; `nextRecordsUrl` ends in `<locator>-<offset>`, the way Salesforce pages. */
export class QueryCursors {
  readonly #cursors = new Map<string, Cursor>();

  clear(): void {
    this.#cursors.clear();
  }

  firstPage(
    rows: readonly Row[],
    project: (row: Row) => SoqlRecord,
    batchSize: number,
    apiVersion: string,
  ): QueryPage {
    if (rows.length <= batchSize) {
      return { totalSize: rows.length, done: true, records: rows.map(project) };
    }
    const locator = `01g${randomBytes(8).toString('hex').slice(0, 12)}`;
    if (this.#cursors.size >= MAX_OPEN_CURSORS) {
      const oldest = this.#cursors.keys().next().value;
      if (oldest !== undefined) this.#cursors.delete(oldest);
    }
    const cursor = { rows, project, batchSize };
    this.#cursors.set(locator, cursor);
    return this.#page(locator, cursor, 0, apiVersion);
  }

  nextPage(locatorWithOffset: string, apiVersion: string): QueryPage {
    const match = /^(.+)-(\d+)$/.exec(locatorWithOffset);
    const locator = match?.[1] ?? '';
    const cursor = this.#cursors.get(locator);
    const offset = match ? Number(match[2]) : NaN;
    if (!match || !cursor || offset > cursor.rows.length) {
      throw SalesforceApiError.of(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
    }
    return this.#page(locator, cursor, offset, apiVersion);
  }

  #page(locator: string, cursor: Cursor, offset: number, apiVersion: string): QueryPage {
    const end = Math.min(offset + cursor.batchSize, cursor.rows.length);
    const records = cursor.rows.slice(offset, end).map(cursor.project);
    const done = end >= cursor.rows.length;
    if (done) this.#cursors.delete(locator);
    return {
      totalSize: cursor.rows.length,
      done,
      ...(done ? {} : { nextRecordsUrl: `/services/data/v${apiVersion}/query/${locator}-${end}` }),
      records,
    };
  }
}
