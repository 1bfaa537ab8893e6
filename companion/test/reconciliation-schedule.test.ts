import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestWorld, type TestWorld } from './harness.js';

/**
 * A changed reconciliation schedule, end to end: deployed as Custom Metadata, announced by
 * Okta_Config_Changed__e over CometD, applied on the reload, and shown in `/api/v1/health` and
 * in `/readyz`.
 */

let world: TestWorld;

beforeAll(async () => {
  world = await startTestWorld({ users: 10, env: { OKTA_SYSTEM_LOG_POLL_SECONDS: '3600' } });
});
afterAll(async () => {
  await world?.close();
});

interface Schedule {
  cron: string | null;
  nextRunAt: string | null;
  error: string | null;
}

async function apiHealthSchedule(): Promise<Schedule> {
  const response = await fetch(`${world.companion.url}/api/v1/health`, {
    headers: { authorization: 'Bearer sandbox-api-secret' },
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { schedule: Schedule }).schedule;
}

async function readyzSchedule(): Promise<Schedule> {
  const response = await fetch(`${world.companion.url}/readyz`);
  const body = (await response.json()) as { checks: { reconciliation: { detail: Schedule } } };
  return body.checks.reconciliation.detail;
}

describe('the reconciliation schedule', () => {
  it('shows the next run, and a changed schedule takes effect on the configuration reload', async () => {
    const before = await apiHealthSchedule();
    expect(before.cron).toBe('0 2 * * *');
    expect(before.error).toBeNull();
    const first = new Date(before.nextRunAt ?? '');
    expect(first.getUTCHours()).toBe(2);
    expect(first.getUTCMinutes()).toBe(0);
    expect(first.getTime()).toBeGreaterThan(Date.now());
    expect(await readyzSchedule()).toEqual(before);

    // Sales Ops saves a new schedule: a deployment, then the platform event.
    world.sandbox.salesforce.deployCustomMetadata({
      type: 'Okta_Sync_Setting__mdt',
      developerName: 'Default',
      label: 'Default',
      values: { Reconciliation_Cron__c: '17 5 * * 3' },
    });
    await world.salesforce.sobject('Okta_Config_Changed__e').create({
      Change_Type__c: 'SETTINGS',
      Changed_By__c: 'test',
    });

    const after = await vi.waitFor(
      async () => {
        const schedule = await apiHealthSchedule();
        expect(schedule.cron).toBe('17 5 * * 3');
        return schedule;
      },
      { timeout: 30_000, interval: 100 },
    );
    const next = new Date(after.nextRunAt ?? '');
    expect(next.getUTCDay()).toBe(3);
    expect(next.getUTCHours()).toBe(5);
    expect(next.getUTCMinutes()).toBe(17);
    expect(next.getTime()).toBeGreaterThan(Date.now());
    expect(next.getTime() - Date.now()).toBeLessThanOrEqual(7 * 24 * 3600_000);
    expect(after.error).toBeNull();
    expect(await readyzSchedule()).toEqual(after);
  });

  it('reports an invalid schedule without a next run', async () => {
    world.sandbox.salesforce.deployCustomMetadata({
      type: 'Okta_Sync_Setting__mdt',
      developerName: 'Default',
      label: 'Default',
      values: { Reconciliation_Cron__c: '61 * * * *' },
    });
    await world.companion.syncConfig.reload('test');
    const schedule = await apiHealthSchedule();
    expect(schedule.nextRunAt).toBeNull();
    expect(schedule.error).toBeTruthy();
  });
});
