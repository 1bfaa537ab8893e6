/**
 * The realistic profile of the emulated Salesforce org, driven through jsforce: CDC delivered
 * after a lag with one transaction's events together, Bulk API 2.0 writes without the client
 * tag in `changeOrigin`, and UNABLE_TO_LOCK_ROW on concurrent writes under one Account.
 */
import jsforce from 'jsforce';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startSandbox, type Sandbox } from '../index.js';
import { sandboxProfile, type SalesforceTiming } from '../profile.js';

const WAIT = { timeout: 20_000, interval: 50 };
let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

async function start(timing: Partial<SalesforceTiming>) {
  sandbox = await startSandbox({
    users: 10,
    seed: 4,
    profile: sandboxProfile('realistic', { salesforce: timing, seed: 3 }),
  });
  const { accessToken } = sandbox.salesforce.issueToken();
  const conn = new jsforce.Connection({
    instanceUrl: sandbox.salesforce.url,
    accessToken,
    version: '62.0',
    callOptions: { client: 'okta-sync' },
  });
  conn.bulk2.pollInterval = 20;
  conn.bulk2.pollTimeout = 30_000;
  return { sandbox, conn };
}

interface Header {
  changeType: string;
  changeOrigin: string;
  transactionKey: string;
  recordIds: string[];
  nulledFields: string[];
}
const headers = (s: Sandbox) =>
  s.streaming
    .published('/data/ContactChangeEvent')
    .map((e) => (e.data.payload as { ChangeEventHeader: Header }).ChangeEventHeader);

describe('Change Data Capture delivery (CDC Developer Guide: events are delivered asynchronously)', () => {
  it('delivers a transaction after the lag, its events together and in commit order', async () => {
    const { sandbox: s, conn } = await start({
      cdcLag: { minMs: 1500, maxMs: 2500 },
      parentLock: { windowMs: 0, rate: 0 },
    });
    const contacts = s.seed?.salesforce.contacts.slice(0, 3) ?? [];
    await conn.sobject('Contact').update(
      contacts.map((c, i) => ({ Id: String(c['Id']), Title: i === 0 ? 'Same' : 'Other' })),
      { allOrNone: true },
    );
    await conn.sobject('Contact').update({ Id: String(contacts[0]?.['Id']), Title: null });
    // Readable at once, announced only after the lag (at least 1.5 s).
    expect(headers(s)).toEqual([]);
    await vi.waitFor(() => expect(headers(s).at(-1)?.nulledFields).toEqual(['Title']), WAIT);
    const all = headers(s);
    const last = all.at(-1);
    const batch = all.slice(0, -1);
    // The first transaction's events, all delivered before the second's, share its key.
    expect(new Set(batch.map((h) => h.transactionKey)).size).toBe(1);
    expect(batch.flatMap((h) => h.recordIds).sort()).toEqual(
      contacts.map((c) => String(c['Id'])).sort(),
    );
    expect(last?.transactionKey).not.toBe(batch[0]?.transactionKey);
  });
});

describe('Change Data Capture delivery order', () => {
  it('delivers transactions in commit order, whatever lag each one drew', async () => {
    // Lags drawn from a wide range make later transactions due at the same moment as, or
    // a millisecond before, earlier ones; none may be delivered first.
    const { sandbox: s, conn } = await start({
      cdcLag: { minMs: 0, maxMs: 120 },
      parentLock: { windowMs: 0, rate: 0 },
    });
    const contact = String(s.seed?.salesforce.contacts[0]?.['Id']);
    const titles = Array.from({ length: 40 }, (_, i) => `Title ${i}`);
    for (const Title of titles) await conn.sobject('Contact').update({ Id: contact, Title });
    await vi.waitFor(() => expect(s.streaming.undelivered()).toBe(0), WAIT);
    const delivered = s.streaming
      .published('/data/ContactChangeEvent')
      .map((e) => (e.data.payload as { Title?: string }).Title);
    expect(delivered).toEqual(titles);
  });
});

describe('Bulk API 2.0 and changeOrigin (not documented to carry Sforce-Call-Options)', () => {
  it('leaves the client tag out of changeOrigin for Bulk API 2.0 writes', async () => {
    const { sandbox: s, conn } = await start({
      cdcLag: { minMs: 0, maxMs: 0 },
      parentLock: { windowMs: 0, rate: 0 },
    });
    const contact = s.seed?.salesforce.contacts[0];
    await conn.bulk2.loadAndWaitForResults({
      object: 'Contact',
      operation: 'update',
      input: [{ Id: String(contact?.['Id']), Title: 'Bulk' }],
    });
    await conn.sobject('Contact').update({ Id: String(contact?.['Id']), Title: 'Rest' });
    await vi.waitFor(() => expect(headers(s)).toHaveLength(2), WAIT);
    expect(headers(s).map((h) => h.changeOrigin)).toEqual([
      'com/salesforce/api/bulkapi/62.0',
      'com/salesforce/api/rest/62.0;client=okta-sync',
    ]);
  });
});

describe('row lock contention (Record Locking Cheat Sheet: children lock their parent Account)', () => {
  it('fails a write under an Account another transaction just wrote, and not under another', async () => {
    const { sandbox: s, conn } = await start({ parentLock: { windowMs: 60_000, rate: 1 } });
    const contacts = s.seed?.salesforce.contacts ?? [];
    const first = contacts[0];
    const sibling = contacts.find(
      (c) => c['AccountId'] === first?.['AccountId'] && c['Id'] !== first?.['Id'],
    );
    const elsewhere = contacts.find((c) => c['AccountId'] !== first?.['AccountId']);
    expect(sibling && elsewhere).toBeTruthy();
    const ok = await conn.sobject('Contact').update({ Id: String(first?.['Id']), Title: 'A' });
    expect(ok.success).toBe(true);
    const [locked, free] = await Promise.all([
      conn.sobject('Contact').update([{ Id: String(sibling?.['Id']), Title: 'B' }]),
      conn.sobject('Contact').update([{ Id: String(elsewhere?.['Id']), Title: 'C' }]),
    ]);
    expect(locked[0]).toMatchObject({
      success: false,
      errors: [expect.objectContaining({ statusCode: 'UNABLE_TO_LOCK_ROW' })],
    });
    expect(free[0]?.success).toBe(true);
  });
});
