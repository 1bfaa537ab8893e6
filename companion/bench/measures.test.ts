import { describe, expect, it } from 'vitest';
import { planDrift, type DriftCandidate } from './drift.js';
import { endToEndLatencies, unfinishedUsers } from './end-to-end.js';
import { callClass, countByClass, endpointKey } from './endpoint-key.js';
import { ratio, reconciliationFloor } from './floor.js';
import type { HookBurstResult } from './hook-burst-bench.js';
import { percentile, summarize } from './percentiles.js';
import { hookTopologyTable, medianRun, summarizeRun } from './report.js';

describe('endpoint keys', () => {
  it('replace ids, locators and external id values by placeholders', () => {
    expect(endpointKey('okta', 'GET', '/api/v1/users')).toBe('GET /api/v1/users');
    expect(
      endpointKey('okta', 'POST', '/api/v1/users/00u1a2b3c4d5e6f7g8h9/lifecycle/suspend'),
    ).toBe('POST /api/v1/users/{id}/lifecycle/suspend');
    expect(
      endpointKey('salesforce', 'GET', '/services/data/v62.0/query/01gD0000002HU6KIAW-2000'),
    ).toBe('GET data/query/{id}');
    expect(
      endpointKey(
        'salesforce',
        'PATCH',
        '/services/data/v62.0/sobjects/Contact/Okta_User_Id__c/00u1a2b3c4d5e6f7g8h9',
      ),
    ).toBe('PATCH data/sobjects/Contact/Okta_User_Id__c/{id}');
    expect(
      endpointKey(
        'salesforce',
        'GET',
        '/services/data/v62.0/jobs/ingest/7505g0000000001AAA/unprocessedrecords',
      ),
    ).toBe('GET data/jobs/ingest/{id}/unprocessedrecords');
  });

  it('class calls the way the floor counts them', () => {
    expect(callClass('okta', 'GET /api/v1/users')).toBe('okta-user-list');
    expect(callClass('okta', 'GET /api/v1/users/{id}')).toBe('okta-other');
    expect(callClass('salesforce', 'GET data/query')).toBe('soql-page');
    expect(callClass('salesforce', 'GET data/query/{id}')).toBe('soql-page');
    expect(callClass('salesforce', 'PATCH data/composite/sobjects')).toBe('sf-write');
    expect(callClass('salesforce', 'PUT data/jobs/ingest/{id}/batches')).toBe('sf-write');
    expect(callClass('salesforce', 'GET data/jobs/ingest/{id}')).toBe('sf-other');
    expect(
      countByClass({
        okta: { 'GET /api/v1/users': 3 },
        salesforce: {
          'GET data/query': 1,
          'GET data/query/{id}': 2,
          'PATCH data/composite/sobjects': 4,
        },
      }),
    ).toEqual({
      'okta-user-list': 3,
      'okta-other': 0,
      'soql-page': 3,
      'sf-write': 4,
      'sf-other': 0,
    });
  });
});

describe('the floor of a reconciliation', () => {
  it('is one call per 200 users, per 2000 Contacts and per 200 writes', () => {
    expect(reconciliationFloor({ oktaUsers: 100_500, contacts: 97_000, writes: 5_000 })).toEqual({
      oktaListCalls: 503,
      soqlPages: 49,
      writeCalls: 25,
      total: 577,
    });
    expect(ratio(62, 59)).toBe(1.051);
    expect(ratio(1, 0)).toBeUndefined();
  });
});

describe('drift', () => {
  const candidates: DriftCandidate[] = Array.from({ length: 1000 }, (_, i) => ({
    oktaUserId: `u${i}`,
    contactId: `c${i}`,
  }));
  const spec = {
    rate: 0.05,
    mix: { profileChange: 2, missingContact: 1, deprovisioned: 1, unlinked: 1 },
    seed: 3,
  };

  it('picks rate × customers disjoint candidates, split by the mix, the same way every time', () => {
    const plan = planDrift(candidates, 2000, spec);
    expect(plan.profileChange).toHaveLength(40);
    expect(plan.missingContact).toHaveLength(20);
    expect(plan.deprovisioned).toHaveLength(20);
    expect(plan.unlinked).toHaveLength(20);
    const ids = Object.values(plan)
      .flat()
      .map((c) => c.oktaUserId);
    expect(new Set(ids).size).toBe(100);
    expect(planDrift(candidates, 2000, spec)).toEqual(plan);
    expect(planDrift(candidates, 2000, { ...spec, seed: 4 })).not.toEqual(plan);
  });
});

describe('end-to-end latency', () => {
  it('counts an update applied by the first write of its user that carries it or a later one', () => {
    const result = endToEndLatencies(
      [
        { userId: 'a', version: 1, atMs: 100 },
        { userId: 'a', version: 3, atMs: 110 },
        { userId: 'b', version: 2, atMs: 105 },
        { userId: 'c', version: 4, atMs: 120 },
      ],
      [
        { userId: 'a', version: 3, atMs: 150 },
        { userId: 'b', version: 2, atMs: 130 },
        { userId: 'a', version: 1, atMs: 140 },
      ],
    );
    expect(result).toEqual({ latenciesMs: [40, 40, 25], unapplied: 1, lastAppliedAtMs: 150 });
    expect(
      unfinishedUsers(
        new Map([
          ['a', 3],
          ['b', 2],
          ['c', 4],
        ]),
        new Map([
          ['a', 3],
          ['b', 1],
        ]),
      ),
    ).toBe(2);
  });
});

describe('percentiles', () => {
  it('take the nearest rank', () => {
    const samples = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(samples, 50)).toBe(50);
    expect(percentile(samples, 99)).toBe(99);
    expect(summarize([])).toEqual({
      count: 0,
      p50: undefined,
      p90: undefined,
      p99: undefined,
      max: undefined,
    });
  });
});

describe('repeated runs of a deployment', () => {
  const run = (p99: number) =>
    ({
      label: `p99 ${p99}`,
      ingestEventsPerSecond: 2000,
      ackMs: summarize([p99 / 2, p99]),
      appliedEventsPerSecond: 1800,
      unapplied: 0,
      endToEndMs: summarize([1000]),
    }) as unknown as HookBurstResult;

  it('picks the run with the median acknowledgement p99', () => {
    expect(medianRun([run(80), run(46), run(62)]).label).toBe('p99 62');
    expect(medianRun([run(80), run(46)]).label).toBe('p99 46');
    expect(() => medianRun([])).toThrow('no runs');
  });

  it('shows every run’s p99 beside the median run', () => {
    const runs = [run(80), run(46), run(62)];
    const text = hookTopologyTable([
      {
        result: {
          ...medianRun(runs),
          processes: [],
          resources: { cpuMs: 1 },
          emulatorResources: { cpuMs: 1, wallMs: 1 },
          events: 1,
        } as unknown as HookBurstResult,
        runs: runs.map(summarizeRun),
      },
    ]);
    expect(text).toContain('46–80 ms (3 runs)');
  });
});
