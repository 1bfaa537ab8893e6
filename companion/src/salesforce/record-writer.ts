import type { Connection } from 'jsforce';
import type { SalesforceRecord, SalesforceWrite } from '../store/salesforce-write.js';

export type { SalesforceRecord, SalesforceWrite } from '../store/salesforce-write.js';

/**
 * Applies planned Salesforce writes with as few API calls as possible: writes of the
 * same kind are grouped into sObject Collections calls of up to 200 records, never
 * all-or-nothing, and a record that failed only because its row was locked is retried
 * alone. Results come back in the order of the writes.
 */

export interface RecordError {
  statusCode: string;
  message: string;
  fields: string[];
}

export interface WriteResult {
  ok: boolean;
  id: string | undefined;
  created: boolean | undefined;
  errors: RecordError[];
}

export const COLLECTION_LIMIT = 200;
const LOCK_RETRIES = 2;

interface RawResult {
  id?: string | null;
  success?: boolean;
  created?: boolean;
  errors?: (
    { statusCode?: string; errorCode?: string; message?: string; fields?: string[] } | string
  )[];
}

const autoAssigns = (write: SalesforceWrite): boolean =>
  (write.op === 'upsert' || write.op === 'create') && write.autoAssign === true;

function groupKey(write: SalesforceWrite): string {
  const assign = autoAssigns(write) ? ':assign' : '';
  return write.op === 'upsert'
    ? `upsert:${write.object}:${write.externalIdField}${assign}`
    : `${write.op}:${write.object}${assign}`;
}

function normalise(raw: RawResult): WriteResult {
  const errors = (raw.errors ?? []).map((e) =>
    typeof e === 'string'
      ? { statusCode: 'UNKNOWN', message: e, fields: [] }
      : {
          statusCode: e.statusCode ?? e.errorCode ?? 'UNKNOWN',
          message: e.message ?? '',
          fields: e.fields ?? [],
        },
  );
  return { ok: raw.success === true, id: raw.id ?? undefined, created: raw.created, errors };
}

/** Told of every API call made, e.g. `upsert:Contact`, `query`: for metrics. */
export type CallObserver = (operation: string) => void;

async function send(
  conn: Connection,
  writes: readonly SalesforceWrite[],
  onCall: CallObserver | undefined,
): Promise<WriteResult[]> {
  const first = writes[0];
  if (!first) return [];
  onCall?.(`${first.op}:${first.object}`);
  // REST runs assignment rules on every Lead and Case write unless told FALSE.
  const options = {
    allOrNone: false,
    headers: { 'Sforce-Auto-Assign': autoAssigns(first) ? 'TRUE' : 'FALSE' },
  };
  const sobject = conn.sobject(first.object);
  let raw: unknown;
  switch (first.op) {
    case 'upsert':
      raw = await sobject.upsert(
        writes.map((w) => (w as Extract<SalesforceWrite, { op: 'upsert' }>).record),
        first.externalIdField,
        options,
      );
      break;
    case 'update':
      raw = await sobject.update(
        writes.map((w) => (w as Extract<SalesforceWrite, { op: 'update' }>).record),
        options,
      );
      break;
    case 'create':
      raw = await sobject.create(
        writes.map((w) => (w as Extract<SalesforceWrite, { op: 'create' }>).record),
        options,
      );
      break;
    case 'delete':
      raw = await sobject.destroy(
        writes.map((w) => (w as Extract<SalesforceWrite, { op: 'delete' }>).id),
        options,
      );
      break;
  }
  const list = (Array.isArray(raw) ? raw : [raw]) as RawResult[];
  return list.map(normalise);
}

const isLockError = (result: WriteResult) =>
  !result.ok && result.errors.some((e) => e.statusCode === 'UNABLE_TO_LOCK_ROW');

export async function applyWrites(
  conn: Connection,
  writes: readonly SalesforceWrite[],
  onCall?: CallObserver,
): Promise<WriteResult[]> {
  const results = new Array<WriteResult>(writes.length);
  const groups = new Map<string, number[]>();
  writes.forEach((write, index) => {
    const key = groupKey(write);
    const members = groups.get(key) ?? [];
    members.push(index);
    groups.set(key, members);
  });

  for (const indexes of groups.values()) {
    for (let start = 0; start < indexes.length; start += COLLECTION_LIMIT) {
      const chunk = indexes.slice(start, start + COLLECTION_LIMIT);
      const chunkResults = await send(
        conn,
        chunk.map((i) => writes[i] as SalesforceWrite),
        onCall,
      );
      for (const [position, index] of chunk.entries()) {
        let result = chunkResults[position] ?? {
          ok: false,
          id: undefined,
          created: undefined,
          errors: [
            {
              statusCode: 'NO_RESULT',
              message: 'Salesforce returned no result for this record.',
              fields: [],
            },
          ],
        };
        for (let attempt = 0; attempt < LOCK_RETRIES && isLockError(result); attempt += 1) {
          const [retried] = await send(conn, [writes[index] as SalesforceWrite], onCall);
          if (retried) result = retried;
        }
        results[index] = result;
      }
    }
  }
  return results;
}

/** Runs a query and follows `nextRecordsUrl` to the end. For bounded result sets only. */
export async function queryAll<T extends SalesforceRecord>(
  conn: Connection,
  soql: string,
  onCall?: CallObserver,
): Promise<T[]> {
  const records: T[] = [];
  onCall?.('query');
  let page = await conn.query<T>(soql);
  records.push(...page.records);
  while (!page.done && page.nextRecordsUrl) {
    onCall?.('query');
    page = await conn.queryMore<T>(page.nextRecordsUrl);
    records.push(...page.records);
  }
  return records;
}
