import { describe, expect, it } from 'vitest';
import { describeWithPostgres } from '../src/store/postgres/postgres-test-fixtures.js';
import {
  deliveryPlan,
  preparedInOrder,
  runHookBurst,
  type HookBurstOptions,
} from './hook-burst-bench.js';
import { describeTopology, processPlan } from './hook-topology.js';

// Smoke tests of benchmark 2: the harness runs end to end and its counts are sane. No timing.
const small: HookBurstOptions = {
  mode: 'in-process',
  customers: 120,
  events: 300,
  users: 30,
  batchSize: 50,
  senders: 2,
};

function expectEverythingApplied(result: Awaited<ReturnType<typeof runHookBurst>>) {
  expect(result.deliveries).toBe(6);
  expect(result.failedDeliveries).toBe(0);
  expect(result.settled).toBe(true);
  expect(result.unapplied).toBe(0);
  expect(result.ackMs.count).toBe(6);
  expect(result.endToEndMs.count).toBe(300);
  expect(result.queue).toMatchObject({ pending: 0, leased: 0, deadLetters: 0 });
  // Updates of one user queued together are applied by one write: at most one per event,
  // at least one per user.
  expect(result.contactWrites).toBeGreaterThanOrEqual(30);
  expect(result.contactWrites).toBeLessThanOrEqual(300);
}

describe('hook burst benchmark (smoke)', () => {
  it('delivers every event, sees every update written to its Contact, and counts API calls', async () => {
    const result = await runHookBurst(small);
    expectEverythingApplied(result);
    expect(result.label).toBe('SQLite, one process');
    expect(result.processes.map((p) => p.role)).toEqual(['all']);
    expect(result.calls.byEndpoint.okta['GET /api/v1/users']).toBeGreaterThan(0);
    expect(result.calls.salesforce).toBeGreaterThan(0);
    expect(result.perEvent.salesforce).toBeLessThan(1);
    expect(result.databaseCpuMs).toBeUndefined();
  });

  it('runs an intake and a worker on one SQLite file', async () => {
    const result = await runHookBurst({
      ...small,
      topology: { store: 'sqlite', instances: 1, split: true },
      eventsPerSecond: 3_000,
    });
    expectEverythingApplied(result);
    expect(result.eventsPerSecond).toBe(3_000);
    // Six deliveries of 50 leave 1/60 s apart: the last one not before 83 ms.
    expect(result.ingestMs).toBeGreaterThanOrEqual(83);
    expect(result.processes.map((p) => p.name)).toEqual(['a-worker', 'a-intake']);
  });
});

describe('deliveryPlan', () => {
  it('cuts the burst into deliveries of the batch size, each leaving on the offered schedule', () => {
    expect(deliveryPlan(120, 50, 1_000)).toEqual([
      { from: 1, to: 51, dueMs: 0 },
      { from: 51, to: 101, dueMs: 50 },
      { from: 101, to: 121, dueMs: 100 },
    ]);
    expect(deliveryPlan(100, 50).map((d) => d.dueMs)).toEqual([undefined, undefined]);
  });
});

describe('hook topologies', () => {
  it('plans one process per role and instance, each with its store settings', () => {
    expect(
      processPlan(
        { store: 'postgres', instances: 2, split: true },
        {
          dataDir: '/d',
          databaseUrl: 'postgres://db/x',
        },
      ).map((p) => [p.name, p.env['COMPANION_ROLE'], p.env['INSTANCE_ID']]),
    ).toEqual([
      ['a-intake', 'intake', 'bench-a-intake'],
      ['a-worker', 'worker', 'bench-a-worker'],
      ['b-intake', 'intake', 'bench-b-intake'],
      ['b-worker', 'worker', 'bench-b-worker'],
    ]);
    expect(processPlan({ store: 'sqlite', instances: 1, split: false }, { dataDir: '/d' })).toEqual(
      [{ name: 'a', role: 'all', env: { COMPANION_ROLE: 'all', DATA_DIR: '/d' } }],
    );
    expect(() =>
      processPlan({ store: 'sqlite', instances: 2, split: false }, { dataDir: '/d' }),
    ).toThrow(/one instance/);
    expect(describeTopology({ store: 'postgres', instances: 2, split: true })).toBe(
      'PostgreSQL, 2 × (intake + worker)',
    );
  });
});

describeWithPostgres('hook burst benchmark on PostgreSQL (smoke)', () => {
  it('spreads the deliveries over two intakes and measures the database', async () => {
    const result = await runHookBurst({
      ...small,
      topology: { store: 'postgres', instances: 2, split: true },
    });
    expectEverythingApplied(result);
    expect(result.processes).toHaveLength(4);
    expect(result.databaseCpuMs).toBeGreaterThan(0);
  });
});

describe('preparedInOrder', () => {
  const settle = () => new Promise((resolve) => setTimeout(resolve, 30));

  it('prepares the deliveries in order, at most `buffered` ahead of the ones asked for', async () => {
    const plan = deliveryPlan(300, 50);
    const made: number[] = [];
    const prepared = preparedInOrder(plan, {
      buffered: 2,
      prepare: async (delivery) => {
        made.push(delivery.from);
        return delivery.from;
      },
    });
    await settle();
    expect(made).toEqual([1, 51]);
    expect(await prepared.get(0)).toBe(1);
    await settle();
    expect(made).toEqual([1, 51, 101]);
    expect(await Promise.all([1, 2, 3, 4, 5].map((i) => prepared.get(i)))).toEqual([
      51, 101, 151, 201, 251,
    ]);
    await prepared.done();
    expect(made).toEqual([1, 51, 101, 151, 201, 251]);
  });

  it('fails the delivery whose preparation failed and every later one', async () => {
    const prepared = preparedInOrder(deliveryPlan(150, 50), {
      buffered: 3,
      prepare: async (delivery) => {
        if (delivery.from === 51) throw new Error('the emulator is gone');
        return delivery.from;
      },
    });
    expect(await prepared.get(0)).toBe(1);
    await expect(prepared.get(1)).rejects.toThrow('the emulator is gone');
    await expect(prepared.get(2)).rejects.toThrow('the emulator is gone');
    await prepared.done();
  });
});
