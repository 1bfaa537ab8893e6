import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startOktaEmulator, type OktaEmulator } from '../../../sandbox/okta/index.js';
import { oktaSdkClient } from '../../../sandbox/okta/sdk-client.js';
import type { AuditEntry, StoredAuditEntry } from '../../store/types.js';
import {
  OKTA_SEED,
  startApiHarness,
  USERS,
  type ApiHarness,
  type ErrorAnswer,
} from './api-test-fixtures.js';
import { createApp } from '../../app.js';
import { silentLogger } from '../../logger.js';
import { createOktaGateway } from '../../okta/okta-gateway.js';
import { Secret } from '../../secret.js';
import { apiRoutes } from './index.js';

const sdkFor = (e: OktaEmulator) => oktaSdkClient(e.url, { token: e.token }, { maxRetries: 0 });
let emulator: OktaEmulator;
beforeAll(async () => {
  emulator = await startOktaEmulator({ seed: OKTA_SEED });
});
afterAll(() => emulator.close());
let h: ApiHarness;
beforeEach(async () => {
  h = await startApiHarness(sdkFor(emulator));
});
afterEach(() => h.close());

const entry = (n: number, overrides: Partial<AuditEntry> = {}): AuditEntry => ({
  id: `audit-${String(n).padStart(5, '0')}`,
  eventId: `event-${n}`,
  correlationId: `corr-${n}`,
  direction: 'OKTA_TO_SALESFORCE',
  operation: 'contact-upsert',
  status: 'SUCCESS',
  attempts: 1,
  oktaUserId: n % 2 === 0 ? USERS.active : USERS.locked,
  contactId: n % 2 === 0 ? '003000000000001AAA' : '003000000000002AAA',
  occurredAt: new Date(Date.parse('2025-06-01T00:00:00.000Z') + n * 1000).toISOString(),
  ...overrides,
});

/** Parses RFC 4180 CSV (quoted fields with doubled quotes, CRLF or LF inside quotes). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

describe('CSV export of values people can edit in Okta', () => {
  const range = 'from=2025-06-01T00:00:00Z&to=2025-06-02T00:00:00Z';

  it('never hands a spreadsheet a formula: such cells start with a quote mark', async () => {
    const formulas = ['=HYPERLINK("http://x.test","y")', '+1+1', '-2+3', '@SUM(A1)', '\tx', '\rx'];
    for (const [i, formula] of formulas.entries()) {
      await h.store.audit.record(entry(i + 1, { error: formula, actor: formula }));
    }
    const res = await h.call(`/audit?${range}&format=csv`);
    const rows = parseCsv(await res.text()).slice(1);
    expect(rows.map((r) => r[7])).toEqual(formulas.map((f) => `'${f}`));
    expect(rows.map((r) => r[11])).toEqual(formulas.map((f) => `'${f}`));
    // Numbers the product writes are left as numbers.
    expect(rows.every((r) => r[6] === '1')).toBe(true);
  });
});

describe('GET audit', () => {
  const range = 'from=2025-06-01T00:00:00Z&to=2025-06-02T00:00:00Z';

  it('answers a JSON page of the last 24 hours by default, with next', async () => {
    await h.store.transaction(async (tx) => {
      for (let n = 1; n <= 5; n++)
        await tx.audit.record(entry(n, { occurredAt: `2025-06-01T1${n}:00:00.000Z` }));
      await tx.audit.record(entry(9, { occurredAt: '2025-05-30T00:00:00.000Z' }));
    });
    const first = await h.call('/audit?limit=2');
    expect(first.status).toBe(200);
    const page1 = (await first.json()) as { entries: StoredAuditEntry[]; next?: string };
    // The clock says 2025-06-01T12:00Z: the default range [05-31 12:00, 06-01 12:00) holds only 11:00.
    expect(page1.entries.map((e) => e.id)).toEqual(['audit-00001']);
    expect(page1.next).toBeUndefined();

    const wide = (await (await h.call(`/audit?${range}&limit=2`)).json()) as {
      entries: StoredAuditEntry[];
      next?: string;
    };
    expect(wide.entries.map((e) => e.id)).toEqual(['audit-00001', 'audit-00002']);
    const rest = (await (
      await h.call(`/audit?${range}&limit=5&after=${wide.next ?? ''}`)
    ).json()) as {
      entries: StoredAuditEntry[];
    };
    expect(rest.entries.map((e) => e.id)).toEqual(['audit-00003', 'audit-00004', 'audit-00005']);
  });

  it('filters a JSON page by Okta user or Contact and pages through the matches', async () => {
    await h.store.transaction(async (tx) => {
      for (let n = 1; n <= 30; n++) await tx.audit.record(entry(n));
    });
    const seen: string[] = [];
    let next: string | undefined;
    for (let guard = 0; guard < 20; guard++) {
      const res = await h.call(
        `/audit?${range}&limit=4&oktaUserId=${USERS.active}${next ? `&after=${next}` : ''}`,
      );
      const page = (await res.json()) as { entries: StoredAuditEntry[]; next?: string };
      expect(page.entries.length).toBeLessThanOrEqual(4);
      seen.push(...page.entries.map((e) => e.id));
      next = page.next;
      if (!next) break;
    }
    expect(seen).toEqual(
      Array.from({ length: 15 }, (_, i) => `audit-${String((i + 1) * 2).padStart(5, '0')}`),
    );

    const byContact = (await (
      await h.call(`/audit?${range}&contactId=003000000000002AAA&limit=100`)
    ).json()) as {
      entries: StoredAuditEntry[];
    };
    expect(byContact.entries).toHaveLength(15);
    expect(byContact.entries.every((e) => e.contactId === '003000000000002AAA')).toBe(true);
  });

  it('exports CSV as an attachment, escaping commas, quotes and line breaks', async () => {
    await h.store.audit.record(
      entry(1, {
        error: 'Field "Title": value, too long\nsecond line',
        fieldChanges: [{ object: 'Contact', field: 'Title', before: 'a,"b"', after: 'c\r\nd' }],
        actor: '005000000000001AAA',
      }),
    );
    await h.store.audit.record(entry(2));
    const res = await h.call(`/audit?${range}&format=csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(
      'attachment; filename="okta-sync-audit-20250601T000000Z-20250602T000000Z.csv"',
    );
    const rows = parseCsv(await res.text());
    expect(rows).toHaveLength(3);
    const [header, first, second] = rows;
    expect(header).toEqual([
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
    ]);
    const record = Object.fromEntries((header ?? []).map((name, i) => [name, first?.[i]]));
    expect(record['error']).toBe('Field "Title": value, too long\nsecond line');
    expect(JSON.parse(record['fieldChanges'] ?? '')).toEqual([
      { object: 'Contact', field: 'Title', before: 'a,"b"', after: 'c\r\nd' },
    ]);
    expect(record['actor']).toBe('005000000000001AAA');
    expect(record['caseId']).toBe('');
    expect(second?.[0]).toBe('audit-00002');
  });

  it('exports JSON lines, one entry a line, filtered', async () => {
    await h.store.audit.record(entry(1, { error: 'multi\nline' }));
    await h.store.audit.record(entry(2));
    await h.store.audit.record(entry(3));
    const res = await h.call(`/audit?${range}&format=jsonl&contactId=003000000000002AAA`);
    expect(res.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/filename="okta-sync-audit-.+\.jsonl"$/);
    const lines = (await res.text()).split('\n');
    expect(lines.at(-1)).toBe('');
    const parsed = lines.slice(0, -1).map((l) => JSON.parse(l) as StoredAuditEntry);
    expect(parsed.map((e) => e.id)).toEqual(['audit-00001', 'audit-00003']);
    expect(parsed[0]?.error).toBe('multi\nline');
  });

  it('streams a 10,000-entry export while reading the journal lazily', async () => {
    await h.store.transaction(async (tx) => {
      for (let n = 1; n <= 10_000; n++) {
        await tx.audit.record(entry(n, n % 100 === 0 ? { error: 'bad, "row"' } : {}));
      }
    });
    let yielded = 0;
    const audit = h.store.audit;
    const counting = {
      ...audit,
      async *iterate(range: Parameters<typeof audit.iterate>[0]) {
        for await (const e of audit.iterate(range)) {
          yielded += 1;
          yield e;
        }
      },
    };
    const app = createApp({ logger: silentLogger(), readiness: [] });
    app.route(
      '/api/v1',
      apiRoutes({
        secrets: [new Secret('s')],
        okta: createOktaGateway(h.client),
        store: { ...h.store, audit: counting },
        syncConfig: h.syncConfig,
        guard: h.guard,
        grants: h.grants,
        reconciliations: h.reconciliations,
        querySalesforce: h.salesforce.query,
        wake: () => undefined,
        pollerState: () => undefined,
        now: () => h.clock.now,
        logger: silentLogger(),
      }),
    );
    const res = await app.request(`/api/v1/audit?${range}&format=csv`, {
      headers: { authorization: 'Bearer s' },
    });
    expect(res.status).toBe(200);
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    const first = await reader.read();
    expect(first.done).toBe(false);
    // Only the first chunks were produced when the first one arrives: the rest waits for the reader.
    expect(yielded).toBeGreaterThan(0);
    expect(yielded).toBeLessThan(2_000);
    let text = decoder.decode(first.value, { stream: true });
    for (;;) {
      const next = await reader.read();
      if (next.done) break;
      text += decoder.decode(next.value, { stream: true });
    }
    expect(yielded).toBe(10_000);
    const rows = parseCsv(text);
    expect(rows).toHaveLength(10_001);
    expect(rows[1]?.[0]).toBe('audit-00001');
    expect(rows[10_000]?.[0]).toBe('audit-10000');
    expect(rows[100]?.[7]).toBe('bad, "row"');
    expect(new Set(rows.slice(1).map((r) => r[0])).size).toBe(10_000);
  });

  it('validates the range, the format, the limit and the cursor', async () => {
    const cases: [string, string][] = [
      ['from=yesterday', 'from'],
      ['from=2025-06-02T00:00:00Z&to=2025-06-01T00:00:00Z', 'from'],
      ['format=xml', 'format'],
      ['limit=0', 'limit'],
      ['limit=5000', 'limit'],
      ['contactId=005000000000001AAA', 'contactId'],
      [`${range}&after=bm90LWEtY3Vyc29y`, 'after'],
    ];
    for (const [query, path] of cases) {
      const res = await h.call(`/audit?${query}`);
      expect(res.status, query).toBe(400);
      const body = (await res.json()) as ErrorAnswer;
      expect(body.error.code).toBe('VALIDATION_FAILED');
      expect(
        (body.error.details as { path: string }[]).map((d) => d.path),
        query,
      ).toEqual([path]);
    }
  });
});
