import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../store/index.js';
import { describe, expect, it } from 'vitest';
import type { FieldMapping, OktaUserSnapshot } from '../mapping/types.js';
import {
  createOktaWriteLedger,
  ownEchoFields,
  withOktaWriteLedger,
  withoutOwnEchoes,
  type OktaWriteLedger,
} from './okta-write-ledger.js';

const mapping = (
  field: string,
  oktaAttribute: string,
  extra: Partial<FieldMapping> = {},
): FieldMapping => ({
  name: `Contact_${field}`,
  label: field,
  direction: 'BOTH',
  objectName: 'Contact',
  field,
  oktaAttribute,
  transform: 'TRIM',
  transformArgument: null,
  defaultValue: null,
  isMatchKey: false,
  matchPriority: null,
  sourceOfTruth: 'OKTA',
  ...extra,
});

const mappings = [
  mapping('MobilePhone', 'profile.mobilePhone'),
  mapping('Title', 'profile.title'),
  mapping('Department', 'profile.department', { direction: 'SALESFORCE_TO_OKTA' }),
  mapping('Description', '', { transform: 'TEMPLATE', transformArgument: '{profile.title}' }),
];

const user = (profile: Record<string, unknown>): OktaUserSnapshot => ({
  id: '00u1',
  status: 'ACTIVE',
  created: null,
  activated: null,
  statusChanged: null,
  lastLogin: null,
  lastUpdated: null,
  passwordChanged: null,
  profile: { login: 'a@example.test', ...profile },
});

/** What the ledger holds for one user (empty when nothing). */
const writtenTo = async (ledger: OktaWriteLedger, userId: string) =>
  (await ledger.written([userId])).get(userId) ?? new Map<string, readonly unknown[]>();

describe('Okta write ledger', () => {
  it('keeps what was written per user until the time to live passes', async () => {
    let clock = 0;
    const ledger = createOktaWriteLedger({ ttlMs: 1000, now: () => clock });
    await ledger.register('00u1', { mobilePhone: '+14155550142' });
    clock = 500;
    await ledger.register('00u1', { title: 'CTO' });
    await ledger.register('00u1', { mobilePhone: '+14155550199' });
    expect([...(await writtenTo(ledger, '00u1'))]).toEqual([
      ['mobilePhone', ['+14155550142', '+14155550199']],
      ['title', ['CTO']],
    ]);
    expect((await writtenTo(ledger, '00u2')).size).toBe(0);
    clock = 1000;
    expect(Object.fromEntries(await writtenTo(ledger, '00u1'))).toEqual({
      mobilePhone: ['+14155550199'],
      title: ['CTO'],
    });
    clock = 1500;
    expect((await writtenTo(ledger, '00u1')).size).toBe(0);
  });

  it('answers for several users at once, leaving out those it wrote nothing to', async () => {
    const ledger = createOktaWriteLedger({ now: () => 0 });
    await ledger.register('00u1', { title: 'CTO' });
    await ledger.register('00u3', { title: 'CFO', mobilePhone: '+1' });
    const written = await ledger.written(['00u1', '00u2', '00u3', '00u1']);
    expect([...written.keys()].sort()).toEqual(['00u1', '00u3']);
    expect(Object.fromEntries(written.get('00u3') ?? [])).toEqual({
      title: ['CFO'],
      mobilePhone: ['+1'],
    });
  });

  it('notes a profile update before it is sent', async () => {
    const ledger = createOktaWriteLedger();
    const seen: number[] = [];
    const gateway = withOktaWriteLedger(
      {
        updateProfile: async (userId: string, profile: Record<string, unknown>) => {
          seen.push((await writtenTo(ledger, userId)).size);
          return { userId, profile };
        },
        other: () => 'kept',
      },
      ledger,
    );
    await gateway.updateProfile('00u1', { title: 'CTO' });
    expect(seen).toEqual([1]);
    expect(gateway.other()).toBe('kept');
  });
});

describe('Okta write ledger in the store', () => {
  it('survives a restart: a write noted before a crash is still known after it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'okta-writes-'));
    const path = join(dir, 'companion.sqlite');
    let clock = 1_000;
    const first = openSqliteStore({ path });
    await createOktaWriteLedger({ now: () => clock, store: first.oktaWrites }).register('00u1', {
      mobilePhone: '+14155550142',
      nickName: null,
    });
    await first.close();

    clock = 2_000;
    const second = openSqliteStore({ path });
    const ledger = createOktaWriteLedger({ now: () => clock, store: second.oktaWrites });
    expect([...(await writtenTo(ledger, '00u1'))]).toEqual([
      ['mobilePhone', ['+14155550142']],
      ['nickName', [null]],
    ]);
    clock = 1_000 + 10 * 60_000;
    expect((await writtenTo(ledger, '00u1')).size).toBe(0);
    await second.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the last twenty values of an attribute, a value noted again counting as newest', async () => {
    const store = openSqliteStore({ path: ':memory:' });
    const ledger = createOktaWriteLedger({ now: () => 0, store: store.oktaWrites });
    for (let n = 0; n < 25; n++) await ledger.register('00u1', { title: `T${n}` });
    await ledger.register('00u1', { title: 'T10' });
    const titles = (await writtenTo(ledger, '00u1')).get('title');
    expect(titles).toHaveLength(20);
    expect(titles?.at(-1)).toBe('T10');
    expect(titles?.[0]).toBe('T5');
    await store.close();
  });
});

describe('own echoes of Okta writes', () => {
  it('leaves a Contact field alone while its Okta attribute holds what the companion wrote', () => {
    const written = new Map<string, unknown[]>([['mobilePhone', ['+14155550142']]]);
    const echoes = ownEchoFields({
      user: user({ mobilePhone: '+14155550142', title: 'Admiral' }),
      written,
      mappings,
    });
    expect([...echoes]).toEqual(['mobilephone']);
    // The Contact has moved on to a newer phone: the echo must not undo it; the title still flows.
    expect(
      withoutOwnEchoes({ MobilePhone: '+14155550142', Title: 'Admiral', Email: 'a@x' }, echoes),
    ).toEqual({ Title: 'Admiral', Email: 'a@x' });
  });

  it('counts every recent value: a later write that failed leaves an earlier one in Okta', () => {
    const echoes = ownEchoFields({
      user: user({ mobilePhone: '+14155550101' }),
      written: new Map([['mobilePhone', ['+14155550101', '+14155550202']]]),
      mappings,
    });
    expect([...echoes]).toEqual(['mobilephone']);
  });

  it('lets a change through when Okta holds another value than the companion wrote', () => {
    // An admin (whoever owns the token) changed the phone after the companion's write.
    const echoes = ownEchoFields({
      user: user({ mobilePhone: '+14155550199' }),
      written: new Map([['mobilePhone', ['+14155550142']]]),
      mappings,
    });
    expect(echoes.size).toBe(0);
  });

  it('never treats anything as an echo when the companion wrote nothing to the user', () => {
    expect(ownEchoFields({ user: user({ title: 'CTO' }), written: new Map(), mappings }).size).toBe(
      0,
    );
  });

  it('ignores Salesforce → Okta only and TEMPLATE mappings', () => {
    const echoes = ownEchoFields({
      user: user({ title: 'CTO', department: 'R&D' }),
      written: new Map<string, unknown[]>([
        ['title', ['CTO']],
        ['department', ['R&D']],
      ]),
      mappings,
    });
    expect([...echoes]).toEqual(['title']);
  });

  it('compares values as the sync does (a cleared attribute equals a null write)', () => {
    const echoes = ownEchoFields({
      user: user({}),
      written: new Map<string, unknown[]>([['mobilePhone', [null]]]),
      mappings,
    });
    expect([...echoes]).toEqual(['mobilephone']);
  });
});
