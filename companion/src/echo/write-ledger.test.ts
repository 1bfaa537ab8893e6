import { describe, expect, it } from 'vitest';
import { isOwnOrigin } from './echo-filter.js';
import { withWriteLedger } from './ledger-writer.js';
import { createWriteLedger } from './write-ledger.js';

describe('write ledger', () => {
  it('matches only when every changed field equals a value written within the time to live', () => {
    let clock = 0;
    const ledger = createWriteLedger({ ttlMs: 1000, now: () => clock });
    ledger.register('Contact', '003000000000001AAA', {
      Id: '003000000000001AAA',
      Title: 'CTO',
      Phone: '+1415',
    });
    expect(ledger.matches('Contact', '003000000000001', new Map([['Title', 'CTO']]))).toBe(true);
    expect(
      ledger.matches(
        'contact',
        '003000000000001AAA',
        new Map<string, unknown>([
          ['title', 'CTO'],
          ['Phone', '+1415'],
        ]),
      ),
    ).toBe(true);
    expect(
      ledger.matches(
        'Contact',
        '003000000000001AAA',
        new Map<string, unknown>([
          ['Title', 'CTO'],
          ['Email', 'x@y'],
        ]),
      ),
    ).toBe(false);
    expect(ledger.matches('Contact', '003000000000001AAA', new Map([['Title', 'CEO']]))).toBe(
      false,
    );
    expect(ledger.matches('Contact', '003000000000001AAA', new Map())).toBe(false);
    clock = 1000;
    expect(ledger.matches('Contact', '003000000000001AAA', new Map([['Title', 'CTO']]))).toBe(
      false,
    );
  });

  it('registers updates before sending and creates once their id is known', async () => {
    const ledger = createWriteLedger();
    const seen: boolean[] = [];
    const write = withWriteLedger(async (writes) => {
      seen.push(ledger.matches('Contact', '003000000000001AAA', new Map([['Title', 'CTO']])));
      return writes.map((_w, i) => ({
        ok: true,
        id: i === 1 ? '001000000000009AAA' : '003000000000001AAA',
        created: i === 1,
        errors: [],
      }));
    }, ledger);
    await write([
      { op: 'update', object: 'Contact', record: { Id: '003000000000001AAA', Title: 'CTO' } },
      { op: 'create', object: 'Account', record: { Name: 'Acme' } },
    ]);
    expect(seen).toEqual([true]);
    expect(ledger.matches('Account', '001000000000009AAA', new Map([['Name', 'Acme']]))).toBe(true);
  });

  it('recognises our client tag in changeOrigin exactly', () => {
    expect(isOwnOrigin('com/salesforce/api/rest/62.0;client=okta-sync', 'okta-sync')).toBe(true);
    expect(isOwnOrigin('com/salesforce/api/rest/62.0;client=okta-sync-x', 'okta-sync')).toBe(false);
    expect(isOwnOrigin('com/salesforce/api/rest/62.0', 'okta-sync')).toBe(false);
    expect(isOwnOrigin('', 'okta-sync')).toBe(false);
  });
});
