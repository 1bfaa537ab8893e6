import { afterEach, describe, expect, it } from 'vitest';
import type { ReconciliationRun } from './reconciliation-records.js';
import { TIMER_EVENT_TYPE } from './timer-event.js';
import { OuterStoreInTransactionError, TransactionEndedError } from './transaction-errors.js';
import type { InboundEvent, Store, StoreTransaction, StoredPlanItem } from './types.js';

/**
 * The semantics every store implementation owes its callers, written against the `Store`
 * interface only. An implementation's test calls `describeStoreContract` with a factory that
 * opens an empty store on the given clock; the embedded SQLite store runs it today, and a
 * networked database must pass the same cases.
 */
export type OpenStore = (options: { now: () => Date }) => Store | Promise<Store>;

const START = Date.parse('2026-03-01T10:00:00.000Z');

export function describeStoreContract(name: string, open: OpenStore): void {
  describe(`store contract: ${name}`, () => {
    let clock = START;
    const stores: Store[] = [];
    const fresh = async () => {
      const store = await open({ now: () => new Date(clock) });
      stores.push(store);
      return store;
    };
    afterEach(async () => {
      for (const store of stores.splice(0)) await store.close();
      clock = START;
    });

    let seq = 0;
    const event = (subjectKey: string, over: Partial<InboundEvent> = {}): InboundEvent => ({
      source: 'okta-hook',
      eventId: `ev-${++seq}`,
      eventType: 'user.account.update_profile',
      subjectKey,
      jobKind: 'okta-user-sync',
      occurredAt: new Date(clock).toISOString(),
      payload: { subjectKey },
      ...over,
    });
    const claim = (store: Store, workerId: string, limit = 10) =>
      store.jobs.claim({ limit, leaseMs: 60_000, workerId });

    describe('inbox', () => {
      it('keeps an event id once, whatever the source, and reports the duplicates', async () => {
        const store = await fresh();
        const first = await store.inbox.accept([event('okta-user:1', { eventId: 'same' })]);
        const again = await store.inbox.accept([
          event('okta-user:1', { eventId: 'same', source: 'okta-log' }),
          event('okta-user:1', { eventId: 'other' }),
        ]);
        expect(first).toEqual({ accepted: 1, duplicates: 0, acceptedIds: ['same'] });
        expect(again).toEqual({ accepted: 1, duplicates: 1, acceptedIds: ['other'] });
        expect(await store.inbox.has('same')).toBe(true);
        const [job] = await claim(store, 'w');
        expect(job?.events.map((e) => e.eventId)).toEqual(['same', 'other']);
      });

      it('lists the last accepted events of the asked sources, newest first', async () => {
        const store = await fresh();
        await store.inbox.accept([event('okta-user:1', { eventId: 'hook-1' })]);
        await store.inbox.accept([
          event('okta-user:2', { eventId: 'cdc-1', source: 'sf-cdc' }),
          event('okta-user:3', { eventId: 'scim-1', source: 'okta-scim', eventType: 'scim.x' }),
        ]);
        await store.inbox.accept([event('okta-user:1', { eventId: 'hook-1' })]);
        await store.inbox.accept([event('okta-user:4', { eventId: 'hook-2' })]);
        const latest = await store.inbox.latest(2, ['okta-hook', 'okta-scim']);
        expect(latest).toEqual([
          {
            eventId: 'hook-2',
            eventType: 'user.account.update_profile',
            source: 'okta-hook',
            receivedAt: new Date(clock).toISOString(),
          },
          expect.objectContaining({ eventId: 'scim-1', source: 'okta-scim', eventType: 'scim.x' }),
        ]);
        expect((await store.inbox.latest(10, ['sf-cdc'])).map((e) => e.eventId)).toEqual(['cdc-1']);
        expect(await store.inbox.latest(10, [])).toEqual([]);
      });

      it('rejects a batch with an invalid event and stores none of it', async () => {
        const store = await fresh();
        await expect(
          store.inbox.accept([event('okta-user:1'), event('okta-user:2', { occurredAt: 'soon' })]),
        ).rejects.toThrow(/occurredAt/);
        expect((await store.jobs.counts()).pending).toBe(0);
      });

      it('keeps the first of a repeated id, gives a subject one job per batch, and a leased subject a new one', async () => {
        const store = await fresh();
        await store.inbox.accept([
          event('okta-user:busy', { eventId: 'b-1' }),
          event('okta-user:waiting', { eventId: 'w-1' }),
        ]);
        const [busy] = await claim(store, 'w1', 1);
        expect(busy?.subjectKey).toBe('okta-user:busy');

        const result = await store.inbox.accept([
          event('okta-user:waiting', { eventId: 'w-1' }),
          event('okta-user:new', { eventId: 'n-1' }),
          event('okta-user:busy', { eventId: 'b-2' }),
          event('okta-user:elsewhere', { eventId: 'n-1', payload: { second: true } }),
          event('okta-user:waiting', { eventId: 'w-2' }),
          event('okta-user:new', { eventId: 'n-2' }),
          event('okta-user:busy', { eventId: 'b-3' }),
          event('okta-user:busy', { eventId: 'n-1', payload: { third: true } }),
        ]);
        expect(result).toEqual({
          accepted: 5,
          duplicates: 3,
          acceptedIds: ['n-1', 'b-2', 'w-2', 'n-2', 'b-3'],
        });

        expect(await store.jobs.complete(busy?.id ?? 0, 'w1')).toBe(true);
        expect(busy?.events.map((e) => e.eventId)).toEqual(['b-1']);
        // The waiting job was opened first; the batch opened its new jobs in batch order.
        const jobs = await claim(store, 'w2');
        expect(jobs.map((j) => [j.subjectKey, j.events.map((e) => e.eventId)])).toEqual([
          ['okta-user:waiting', ['w-1', 'w-2']],
          ['okta-user:new', ['n-1', 'n-2']],
          ['okta-user:busy', ['b-2', 'b-3']],
        ]);
        expect(jobs[1]?.events[0]?.payload).toEqual({ subjectKey: 'okta-user:new' });
      });

      it('keeps ids, subjects and payloads verbatim, whatever characters they hold', async () => {
        const store = await fresh();
        const odd = ['NULL', '{a,b}', 'quote " and \\ backslash', 'ünïcødé ✓', ' spaced '];
        const result = await store.inbox.accept(
          odd.map((text) => event(`okta-user:${text}`, { eventId: text, payload: { text } })),
        );
        expect(result.acceptedIds).toEqual(odd);
        const jobs = await claim(store, 'w');
        expect(
          jobs.map((j) => [j.subjectKey, j.events.map((e) => [e.eventId, e.payload])]),
        ).toEqual(odd.map((text) => [`okta-user:${text}`, [[text, { text }]]]));
      });

      it('accepts a batch of a thousand events in one call', async () => {
        const store = await fresh();
        const big = (i: number) => event(`okta-user:${i % 100}`, { eventId: `big-${i}` });
        await store.inbox.accept(Array.from({ length: 10 }, (_, i) => big(i)));
        const result = await store.inbox.accept(Array.from({ length: 1000 }, (_, i) => big(i)));
        expect(result.accepted).toBe(990);
        expect(result.duplicates).toBe(10);
        expect(result.acceptedIds).toEqual(Array.from({ length: 990 }, (_, i) => `big-${i + 10}`));
        const jobs = await claim(store, 'w', 200);
        expect(jobs).toHaveLength(100);
        for (const job of jobs) {
          const k = Number(job.subjectKey.split(':')[1]);
          expect(job.events.map((e) => e.eventId)).toEqual(
            Array.from({ length: 10 }, (_, n) => `big-${k + n * 100}`),
          );
        }
      });
    });

    describe('queue', () => {
      it('leases one job per subject at a time, oldest first', async () => {
        const store = await fresh();
        await store.inbox.accept([event('okta-user:a'), event('okta-user:b')]);
        const [a] = await claim(store, 'w1', 1);
        // Leased jobs take no new events: a later event of the subject waits in a job of its own.
        await store.inbox.accept([event('okta-user:a')]);
        const others = await claim(store, 'w2');
        expect(a?.subjectKey).toBe('okta-user:a');
        expect(others.map((j) => j.subjectKey)).toEqual(['okta-user:b']);
        expect(await store.jobs.complete(a?.id ?? 0, 'w1')).toBe(true);
        const next = await claim(store, 'w2');
        expect(next.map((j) => j.subjectKey)).toEqual(['okta-user:a']);
      });

      it('answers only the lease holder, and hands an expired lease on with the attempt counted', async () => {
        const store = await fresh();
        await store.inbox.accept([event('okta-user:a', { eventId: 'ev-a' })]);
        const [job] = await claim(store, 'w1');
        const id = job?.id ?? 0;
        expect(await store.jobs.complete(id, 'w2')).toBe(false);
        expect(await store.jobs.extendLease(id, 'w1', 60_000)).toBe(true);
        clock += 61_000;
        const [taken] = await claim(store, 'w2');
        expect(taken).toMatchObject({ id, attempts: 1 });
        expect(await store.jobs.complete(id, 'w1')).toBe(false);
        expect(await store.jobs.get(id)).toMatchObject({ events: [{ eventId: 'ev-a' }] });
        expect(await store.jobs.complete(id, 'w2')).toBe(true);
        expect(await store.jobs.get(id)).toBeUndefined();
        // A completed job's events still count as seen.
        expect(await store.inbox.accept([event('okta-user:a', { eventId: 'ev-a' })])).toEqual({
          accepted: 0,
          duplicates: 1,
          acceptedIds: [],
        });
      });

      it('completes several jobs in one write, only those whose lease is still the caller’s', async () => {
        const store = await fresh();
        await store.inbox.accept([
          event('okta-user:a', { eventId: 'ev-a' }),
          event('okta-user:b', { eventId: 'ev-b' }),
          event('okta-user:c', { eventId: 'ev-c' }),
        ]);
        const [a, b] = await claim(store, 'w1', 2);
        const [c] = await claim(store, 'w2');
        const ids = [a?.id ?? 0, b?.id ?? 0, c?.id ?? 0];
        expect(await store.jobs.completeMany([], 'w1')).toEqual([]);
        expect(await store.jobs.completeMany(ids, 'w1')).toEqual(ids.slice(0, 2));
        expect(await store.jobs.get(ids[0] ?? 0)).toBeUndefined();
        expect(await store.jobs.get(ids[2] ?? 0)).toMatchObject({ subjectKey: 'okta-user:c' });
        // Done once: a second completion finds nothing of its own.
        expect(await store.jobs.completeMany(ids, 'w1')).toEqual([]);
        clock += 61_000;
        expect(await store.jobs.completeMany(ids, 'w2')).toEqual([]);
        expect(
          (await store.inbox.accept([event('okta-user:a', { eventId: 'ev-a' })])).duplicates,
        ).toBe(1);
      });

      it('retries after a delay, and dead-letters with the events for a replay', async () => {
        const store = await fresh();
        await store.inbox.accept([event('okta-user:a')]);
        const [job] = await claim(store, 'w');
        const id = job?.id ?? 0;
        const later = new Date(clock + 30_000);
        expect(await store.jobs.retry(id, 'w', { error: 'busy', availableAt: later })).toBe(true);
        expect(await store.jobs.counts()).toMatchObject({ pending: 0, delayed: 1 });
        expect(await store.jobs.nextAvailableAt()).toEqual(later);
        clock += 30_000;
        const [again] = await claim(store, 'w');
        expect(again).toMatchObject({ id, attempts: 1, lastError: 'busy' });
        expect(await store.jobs.deadLetter(id, 'other', { error: 'not mine' })).toBeUndefined();
        expect(await store.deadLetters.count()).toBe(0);
        const deadId = await store.jobs.deadLetter(id, 'w', { error: 'gone', errorCode: 'X' });
        expect(deadId).toBeDefined();
        expect(await store.deadLetters.count()).toBe(1);
        expect(await store.jobs.get(id)).toBeUndefined();
        const dead = await store.deadLetters.get(deadId ?? 0);
        expect(dead).toMatchObject({
          jobId: id,
          subjectKey: 'okta-user:a',
          attempts: 2,
          error: 'gone',
          errorCode: 'X',
        });
        expect(dead?.events).toHaveLength(1);
        const replayed = await store.deadLetters.replay(deadId ?? 0);
        expect(replayed).toBeDefined();
        expect(await store.deadLetters.count()).toBe(0);
        expect((await claim(store, 'w'))[0]).toMatchObject({ attempts: 0 });
      });

      it('releases the leases of an instance’s earlier runs, keeping the current one and others', async () => {
        const store = await fresh();
        await store.inbox.accept([
          event('okta-user:a'),
          event('okta-user:b'),
          event('okta-user:c'),
        ]);
        await claim(store, 'host-1:old', 1);
        await claim(store, 'host-1:new', 1);
        await claim(store, 'host-2:live', 1);
        expect(await store.jobs.releaseLeases('host-1:', 'host-1:new')).toBe(1);
        const freed = await claim(store, 'host-1:new');
        expect(freed).toHaveLength(1);
        expect(freed[0]?.attempts).toBe(1);
        await expect(store.jobs.releaseLeases('', 'x')).rejects.toThrow();
      });

      it('holds jobs that stopped with an error code until they are released', async () => {
        const store = await fresh();
        await store.inbox.accept([event('okta-user:a')]);
        const [job] = await claim(store, 'w');
        await store.jobs.retry(job?.id ?? 0, 'w', {
          error: 'held',
          errorCode: 'HELD',
          availableAt: new Date(clock + 3_600_000),
        });
        expect((await store.jobs.waiting('HELD', 10)).total).toBe(1);
        expect(await store.jobs.releaseWaiting('HELD')).toBe(1);
        expect(await claim(store, 'w')).toHaveLength(1);
      });
    });

    describe('transactions', () => {
      it('commits the writes of a resolved callback and undoes those of a rejected one', async () => {
        const store = await fresh();
        await expect(
          store.transaction(async (tx) => {
            await tx.inbox.accept([event('okta-user:a', { eventId: 'lost' })]);
            await tx.cursors.set('okta-log.after', 'lost');
            throw new Error('crash before commit');
          }),
        ).rejects.toThrow('crash before commit');
        expect(await store.inbox.has('lost')).toBe(false);
        expect(await store.cursors.get('okta-log.after')).toBeUndefined();

        const answer = await store.transaction(async (tx) => {
          await tx.inbox.accept([event('okta-user:a', { eventId: 'kept' })]);
          await tx.cursors.set('okta-log.after', 'kept');
          return 'done';
        });
        expect(answer).toBe('done');
        expect(await store.inbox.has('kept')).toBe(true);
        expect(await store.cursors.get('okta-log.after')).toBe('kept');
      });

      it('spans the queue, the inbox and the journal, and a nested rejection undoes only its part', async () => {
        const store = await fresh();
        await store.inbox.accept([event('okta-user:a')]);
        const [job] = await claim(store, 'w');
        await store.transaction(async (tx) => {
          expect(await tx.jobs.complete(job?.id ?? 0, 'w')).toBe(true);
          await tx.audit.record(auditEntry('line-1', 'ev-x'));
          await tx
            .transaction(async (inner) => {
              await inner.inbox.accept([event('okta-user:b', { eventId: 'nested' })]);
              throw new Error('inner');
            })
            .catch(() => undefined);
        });
        expect(await store.jobs.get(job?.id ?? 0)).toBeUndefined();
        expect(await store.audit.get('line-1')).toMatchObject({ status: 'SUCCESS' });
        expect(await store.inbox.has('nested')).toBe(false);
      });

      it('runs transactions begun together one after another, none seeing another half done', async () => {
        const store = await fresh();
        await store.cursors.set('n', '0');
        const increment = () =>
          store.transaction(async (tx) => {
            const n = Number(await tx.cursors.get('n'));
            await Promise.resolve();
            await tx.cursors.set('n', String(n + 1));
          });
        await Promise.all([increment(), increment(), store.cursors.get('n'), increment()]);
        expect(await store.cursors.get('n')).toBe('3');
      });

      it('refuses the outer store inside its own transaction, and the transaction once it ended', async () => {
        const store = await fresh();
        await expect(
          store.transaction(async (tx) => {
            await tx.cursors.set('a', '1');
            await store.cursors.get('a');
          }),
        ).rejects.toThrow(OuterStoreInTransactionError);
        expect(await store.cursors.get('a')).toBeUndefined();
        let leaked: StoreTransaction | undefined;
        await store.transaction(async (tx) => {
          leaked = tx;
        });
        await expect(leaked?.cursors.get('a')).rejects.toThrow(TransactionEndedError);
      });

      it('lets a call through the store wait for a transaction under way', async () => {
        const store = await fresh();
        let inside!: () => void;
        const entered = new Promise<void>((resolve) => (inside = resolve));
        let finish!: () => void;
        const held = new Promise<void>((resolve) => (finish = resolve));
        const running = store.transaction(async (tx) => {
          await tx.cursors.set('c', 'in transaction');
          inside();
          await held;
        });
        await entered;
        const read = store.cursors.get('c');
        finish();
        await running;
        expect(await read).toBe('in transaction');
      });
    });

    describe('cursors and timers', () => {
      it('stores, replaces and forgets named cursors', async () => {
        const store = await fresh();
        await store.cursors.set('cdc:/data/ContactChangeEvent', '41');
        await store.cursors.set('cdc:/data/ContactChangeEvent', '42');
        expect(await store.cursors.get('cdc:/data/ContactChangeEvent')).toBe('42');
        await store.cursors.delete('cdc:/data/ContactChangeEvent');
        expect(await store.cursors.get('cdc:/data/ContactChangeEvent')).toBeUndefined();
      });

      it('reads a locked cursor in a transaction, written or not', async () => {
        const store = await fresh();
        const seen = await store.transaction(async (tx) => {
          const before = await tx.cursors.lock('guard.blastRadius');
          await tx.cursors.set('guard.blastRadius', 'tripped');
          return [before, await tx.cursors.lock('guard.blastRadius')];
        });
        expect(seen).toEqual([undefined, 'tripped']);
      });

      it('fires a due timer once, into the inbox', async () => {
        const store = await fresh();
        const dueAt = new Date(clock + 60_000);
        await store.timers.schedule({
          id: 'grant:a01',
          dueAt,
          subjectKey: 'grant:a01',
          jobKind: 'grant-expiry',
          payload: { grantId: 'a01' },
        });
        expect(await store.timers.nextDueAt()).toEqual(dueAt);
        expect((await store.timers.fireDue(new Date(clock))).accepted).toBe(0);
        clock += 60_000;
        expect((await store.timers.fireDue(new Date(clock))).accepted).toBe(1);
        expect((await store.timers.fireDue(new Date(clock))).accepted).toBe(0);
        const [job] = await claim(store, 'w');
        expect(job?.events[0]).toMatchObject({ source: 'timer', eventType: TIMER_EVENT_TYPE });
        expect(await store.timers.get('grant:a01')).toBeUndefined();
      });
    });

    describe('sync baselines', () => {
      it('merges agreed values per attribute and keeps the Contact link', async () => {
        const store = await fresh();
        await store.syncBaselines.record([
          {
            oktaUserId: '00u1',
            contactId: '003000000000001AAA',
            values: { title: 'Analyst', mobilePhone: '+1' },
          },
          { oktaUserId: '00u2', values: { title: null } },
        ]);
        await store.syncBaselines.record([{ oktaUserId: '00u1', values: { title: 'Director' } }]);
        const found = await store.syncBaselines.get(['00u1', '00u2', '00u3']);
        expect(found.get('00u1')).toEqual({
          oktaUserId: '00u1',
          contactId: '003000000000001AAA',
          values: { title: 'Director', mobilePhone: '+1' },
        });
        expect(found.get('00u2')).toEqual({
          oktaUserId: '00u2',
          contactId: null,
          values: { title: null },
        });
        expect(found.has('00u3')).toBe(false);
      });

      it('finds the user of a Contact by either form of its id, the latest link winning', async () => {
        const store = await fresh();
        await store.syncBaselines.record([{ oktaUserId: '00u1', contactId: '003000000000001AAA' }]);
        clock += 1000;
        await store.syncBaselines.record([{ oktaUserId: '00u2', contactId: '003000000000002' }]);
        clock += 1000;
        await store.syncBaselines.record([{ oktaUserId: '00u3', contactId: '003000000000002AAA' }]);
        const users = await store.syncBaselines.usersOfContacts([
          '003000000000001',
          '003000000000002AAA',
          '003000000000009AAA',
        ]);
        expect(Object.fromEntries(users)).toEqual({
          '003000000000001': '00u1',
          '003000000000002': '00u3',
        });
      });

      it('records several updates of one user in one call as if one after another', async () => {
        const store = await fresh();
        await store.syncBaselines.record([{ oktaUserId: '00u1', values: { department: 'Ops' } }]);
        await store.syncBaselines.record([
          { oktaUserId: '00u1', contactId: '003000000000001AAA', values: { title: 'A' } },
          { oktaUserId: '00u2', values: { title: 'B' } },
          { oktaUserId: '00u1', values: { title: 'C', mobilePhone: '+1' } },
        ]);
        const found = await store.syncBaselines.get(['00u1', '00u2']);
        expect(found.get('00u1')).toEqual({
          oktaUserId: '00u1',
          contactId: '003000000000001AAA',
          values: { department: 'Ops', title: 'C', mobilePhone: '+1' },
        });
        expect(found.get('00u2')?.values).toEqual({ title: 'B' });
      });

      it('records inside a transaction and undoes the record with it', async () => {
        const store = await fresh();
        await expect(
          store.transaction(async (tx) => {
            await tx.syncBaselines.record([{ oktaUserId: '00u1', values: { title: 'A' } }]);
            throw new Error('stop');
          }),
        ).rejects.toThrow('stop');
        expect((await store.syncBaselines.get(['00u1'])).size).toBe(0);
      });
    });

    describe('Okta writes', () => {
      it('keeps each user’s live values, oldest first, and answers for many users at once', async () => {
        const store = await fresh();
        const value = (attribute: string, v: unknown) => ({
          attribute,
          valueJson: JSON.stringify(v),
        });
        await store.oktaWrites.record(
          '00u1',
          [value('title', 'A'), value('mobilePhone', '+1')],
          2000,
        );
        await store.oktaWrites.record('00u2', [value('title', 'B')], 1000);
        await store.oktaWrites.record('00u1', [value('title', 'A')], 3000);
        const live = await store.oktaWrites.live(['00u1', '00u2', '00u3'], 500);
        expect(Object.fromEntries(live)).toEqual({
          '00u1': [value('mobilePhone', '+1'), value('title', 'A')],
          '00u2': [value('title', 'B')],
        });
        expect([...(await store.oktaWrites.live(['00u1', '00u2'], 1000)).keys()]).toEqual(['00u1']);
        expect(await store.oktaWrites.live([], 0)).toEqual(new Map());
        expect(await store.oktaWrites.prune(2500)).toBe(2);
        expect(Object.fromEntries(await store.oktaWrites.live(['00u1'], 0))).toEqual({
          '00u1': [value('title', 'A')],
        });
      });
    });

    describe('audit journal', () => {
      it('pages a range in order with a cursor, and streams it page by page', async () => {
        const store = await fresh();
        for (let i = 0; i < 7; i++) {
          await store.audit.record(
            auditEntry(`id-${i}`, `ev-${i}`, new Date(START + i * 1000).toISOString()),
          );
        }
        const range = { from: new Date(START), to: new Date(START + 7_000) };
        const first = await store.audit.list({ ...range, limit: 3 });
        expect(first.entries.map((e) => e.id)).toEqual(['id-0', 'id-1', 'id-2']);
        expect(first.next).toBeDefined();
        const second = await store.audit.list({ ...range, limit: 3, after: String(first.next) });
        expect(second.entries.map((e) => e.id)).toEqual(['id-3', 'id-4', 'id-5']);
        const streamed: string[] = [];
        for await (const entry of store.audit.iterate({ ...range, pageSize: 2 })) {
          streamed.push(entry.id);
        }
        expect(streamed).toHaveLength(7);
        await expect(store.audit.list({ ...range, limit: 3, after: 'nonsense' })).rejects.toThrow();
      });

      it('records a batch of lines as if one after another, in one call', async () => {
        const store = await fresh();
        await store.audit.record({ ...auditEntry('old', 'ev-0'), status: 'RETRYING' });
        await store.audit.recordMany([]);
        await store.audit.recordMany([
          { ...auditEntry('a', 'ev-1'), status: 'IN_PROGRESS', contactId: '003A' },
          { ...auditEntry('b', 'ev-2'), error: 'kept' },
          { ...auditEntry('c', 'ev-1'), status: 'SUCCESS', attempts: 2 },
          { ...auditEntry('d', 'ev-0'), attempts: 3, oktaUserId: '00u9' },
        ]);
        const lines = await store.audit.list({
          from: new Date(START),
          to: new Date(START + 1),
          limit: 10,
        });
        expect(
          lines.entries.map(({ id, eventId, status, attempts, contactId, oktaUserId, error }) => ({
            id,
            eventId,
            status,
            attempts,
            contactId,
            oktaUserId,
            error,
          })),
        ).toEqual([
          { id: 'old', eventId: 'ev-0', status: 'SUCCESS', attempts: 3, oktaUserId: '00u9' },
          {
            id: 'a',
            eventId: 'ev-1',
            status: 'SUCCESS',
            attempts: 2,
            contactId: '003A',
            oktaUserId: '00u1',
          },
          {
            id: 'b',
            eventId: 'ev-2',
            status: 'SUCCESS',
            attempts: 1,
            oktaUserId: '00u1',
            error: 'kept',
          },
        ]);
        await expect(
          store.audit.recordMany([{ ...auditEntry('e', 'ev-3'), occurredAt: 'yesterday' }]),
        ).rejects.toThrow('occurredAt');
      });

      it('updates the line of a retried attempt and mirrors each revision once', async () => {
        const store = await fresh();
        await store.audit.record({ ...auditEntry('a', 'ev-1'), status: 'RETRYING' });
        await store.audit.record({ ...auditEntry('b', 'ev-1'), attempts: 2 });
        const [line] = await store.audit.pendingMirror(10);
        expect(line).toMatchObject({ id: 'a', status: 'SUCCESS', attempts: 2 });
        expect(await store.audit.markMirrored([line ?? { id: 'a', revision: 0 }])).toBe(1);
        expect(await store.audit.pendingMirror(10)).toEqual([]);
        expect(await store.audit.latestFor({ oktaUserId: '00u1' }, 5)).toHaveLength(1);
      });
    });

    describe('notifications', () => {
      it('reads each journal revision once, independently of the mirror', async () => {
        const store = await fresh();
        await store.audit.record({ ...auditEntry('a', 'ev-1'), status: 'IN_PROGRESS' });
        await store.audit.record(auditEntry('c', 'ev-2'));
        const first = await store.notifications.pendingEntries(10);
        expect(first.map((e) => [e.id, e.status])).toEqual([
          ['a', 'IN_PROGRESS'],
          ['c', 'SUCCESS'],
        ]);
        expect(await store.notifications.markRead(first)).toBe(2);
        expect(await store.notifications.pendingEntries(10)).toEqual([]);
        // The mirror still has both to copy.
        expect(await store.audit.pendingMirror(10)).toHaveLength(2);
        // The attempt that completes the line makes it pending again, with its new status.
        await store.audit.record({ ...auditEntry('b', 'ev-1'), attempts: 2 });
        const again = await store.notifications.pendingEntries(10);
        expect(again.map((e) => [e.id, e.status])).toEqual([['a', 'SUCCESS']]);
        // Marking an outdated revision does not hide the newer one.
        expect(await store.notifications.markRead(first.slice(0, 1))).toBe(0);
        expect(await store.notifications.pendingEntries(10)).toHaveLength(1);
      });

      it('claims a quiet period once per key until it has passed, and prunes old sends', async () => {
        const store = await fresh();
        const at = (ms: number) => new Date(START + ms);
        const n = store.notifications;
        expect(await n.claimQuietPeriod('rule:u1', at(0), 60_000)).toBe(true);
        expect(await n.claimQuietPeriod('rule:u1', at(59_999), 60_000)).toBe(false);
        expect(await n.claimQuietPeriod('rule:u2', at(1_000), 60_000)).toBe(true);
        expect(await n.claimQuietPeriod('rule:u1', at(60_000), 60_000)).toBe(true);
        // The quiet period runs from the last send, not from the refused claim.
        expect(await n.claimQuietPeriod('rule:u1', at(100_000), 60_000)).toBe(false);
        expect(await n.pruneQuietPeriods(at(30_000))).toBe(1);
        expect(await n.claimQuietPeriod('rule:u2', at(2_000), 60_000)).toBe(true);
      });

      it('gathers a digest under its key, keeps its due time and first samples, and hands it over when due', async () => {
        const store = await fresh();
        const n = store.notifications;
        const item = (i: number, dueMs: number) => ({
          key: 'rule:Deprovisioned',
          ruleName: 'Deprovisioned',
          ownerId: null,
          dueAt: new Date(START + dueMs),
          sample: `user${i}@example.test`,
          occurredAt: new Date(START + i).toISOString(),
          maxSamples: 2,
        });
        await n.addToDigest(item(1, 60_000));
        await n.addToDigest(item(2, 90_000));
        const last = await n.addToDigest(item(3, 90_000));
        expect(last).toMatchObject({
          count: 3,
          samples: ['user1@example.test', 'user2@example.test'],
          dueAt: new Date(START + 60_000).toISOString(),
          firstAt: new Date(START + 1).toISOString(),
          lastAt: new Date(START + 3).toISOString(),
        });
        expect(await n.dueDigests(new Date(START + 59_999), 10)).toEqual([]);
        const [due] = await n.dueDigests(new Date(START + 60_000), 10);
        expect(due).toEqual(last);
        await n.deleteDigest('rule:Deprovisioned');
        expect(await n.dueDigests(new Date(START + 120_000), 10)).toEqual([]);
        expect((await n.addToDigest(item(4, 200_000))).count).toBe(1);
      });
    });

    describe('reconciliation runs', () => {
      it('keeps runs and their plans, with outcomes, and prunes old runs', async () => {
        const store = await fresh();
        const runs = store.reconciliations;
        await runs.insertRun(reconciliationRun('r1', '2026-03-01T09:00:00.000Z'));
        await runs.insertRun(reconciliationRun('r2', '2026-03-01T10:00:00.000Z'));
        await runs.appendItems('r2', [planItem(1, 'create'), planItem(2, 'conflict')]);
        await runs.recordOutcomes('r2', [{ seq: 1, ok: true, recordId: '003NEW' }]);
        expect((await runs.listRuns(10)).map((r) => r.id)).toEqual(['r2', 'r1']);
        expect(await runs.countItems('r2', { pendingOnly: true })).toBe(1);
        expect(await runs.getItem('r2', 1)).toMatchObject({
          outcome: { ok: true, recordId: '003NEW' },
        });
        await runs.saveRun({
          ...reconciliationRun('r2', '2026-03-01T10:00:00.000Z'),
          status: 'PLANNED',
        });
        expect((await runs.runsWithStatus(['PLANNED'])).map((r) => r.id)).toEqual(['r2']);
        expect(await runs.pruneRuns(1)).toBe(1);
        expect(await runs.getRun('r1')).toBeUndefined();
      });
    });
  });
}

function auditEntry(id: string, eventId: string, occurredAt = new Date(START).toISOString()) {
  return {
    id,
    eventId,
    correlationId: 'corr',
    direction: 'OKTA_TO_SALESFORCE' as const,
    operation: 'contact-updated',
    status: 'SUCCESS' as const,
    attempts: 1,
    oktaUserId: '00u1',
    occurredAt,
  };
}

function reconciliationRun(id: string, startedAt: string): ReconciliationRun {
  return {
    id,
    status: 'RUNNING',
    dryRun: true,
    trigger: 'api',
    requestedBy: null,
    startedAt,
    finishedAt: null,
    progress: { oktaUsersRead: 0, contactsRead: 0, itemsApplied: 0, itemsFailed: 0 },
    summary: { creates: 0, updates: 0, links: 0, deactivations: 0, conflicts: 0, unchanged: 0 },
    error: null,
  };
}

function planItem(seq: number, kind: StoredPlanItem['kind']): StoredPlanItem {
  return {
    seq,
    kind,
    oktaUserId: `00u${seq}`,
    contactId: null,
    login: `user${seq}@example.test`,
    changes: [],
    reason: 'test',
    write:
      kind === 'conflict' ? null : { op: 'create', object: 'Contact', record: { LastName: 'X' } },
  };
}
