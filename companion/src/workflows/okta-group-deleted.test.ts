import { describe, expect, it } from 'vitest';
import type { Alert } from '../audit/alerts.js';
import type { AccessRule, SyncConfig } from '../mapping/types.js';
import type { AuditEntry, Job } from '../store/types.js';
import { createGroupDeletedHandler, GROUP_DELETED_REASON } from './okta-group-deleted.js';

const rule: AccessRule = {
  type: 'CONDITION_TO_GROUP',
  name: 'Hot_Leads',
  label: 'Hot leads',
  groupId: '00gHOT',
  groupName: 'Hot leads desk',
  condition: { objectName: 'Lead', field: 'Rating', operator: 'EQUALS', value: 'Hot' },
};

function deletionJob(groupId: string): Job {
  return {
    id: 7,
    subjectKey: `okta-group:${groupId}`,
    kind: 'okta-group-deleted',
    events: [
      {
        seq: 1,
        source: 'okta-hook',
        eventId: 'evt-1',
        eventType: 'group.lifecycle.delete',
        subjectKey: `okta-group:${groupId}`,
        jobKind: 'okta-group-deleted',
        occurredAt: '2026-03-01T10:00:00.000Z',
        receivedAt: '2026-03-01T10:00:01.000Z',
        payload: {
          eventType: 'group.lifecycle.delete',
          published: '2026-03-01T10:00:00.000Z',
          actorId: '00uadmin',
          groupId,
          groupName: 'Hot leads desk',
          outcome: 'SUCCESS',
        },
      },
    ],
    attempts: 0,
    createdAt: '2026-03-01T10:00:01.000Z',
    availableAt: '2026-03-01T10:00:01.000Z',
    leaseUntil: null,
    lastError: null,
    lastErrorCode: null,
  };
}

function world(grantsOfGroup: number) {
  const steps: string[] = [];
  const entries: AuditEntry[] = [];
  const alerts: Alert[] = [];
  const config = { accessRules: [rule], problems: [] } as unknown as SyncConfig;
  const handler = createGroupDeletedHandler({
    config: () => config,
    reloadConfig: async (reason) => {
      steps.push(`reload: ${reason}`);
      return config;
    },
    endGroupGrants: async (groupId, reason) => {
      steps.push(`end grants of ${groupId}: ${reason}`);
      return grantsOfGroup;
    },
    alert: async (alert) => {
      steps.push('alert');
      alerts.push(alert);
    },
    audit: {
      record: async (entry) => {
        steps.push('journal');
        entries.push(entry);
      },
    },
  });
  return { handler, steps, entries, alerts };
}

describe('the group deletion handler', () => {
  it('ends the grants, suspends the rules by reloading, journals, then alerts', async () => {
    const { handler, steps, entries, alerts } = world(1);
    expect(await handler([deletionJob('00gHOT')])).toEqual([{ jobId: 7, status: 'done' }]);
    expect(steps).toEqual([
      `end grants of 00gHOT: ${GROUP_DELETED_REASON}`,
      'reload: okta group deleted',
      'journal',
      'alert',
    ]);
    expect(entries[0]).toMatchObject({
      eventId: 'evt-1',
      operation: 'okta-group-deleted',
      status: 'SUCCESS',
      actor: '00uadmin',
      fieldChanges: [
        { object: 'Okta_Access_Rule__mdt', recordId: 'Hot_Leads', field: 'suspended', after: true },
        { object: 'Okta_Access_Grant__c', field: 'revoked', after: 1 },
      ],
    });
    expect(alerts[0]?.title).toBe('Okta group Hot leads desk was deleted');
  });

  it('journals a group nothing depended on as skipped, without reloading or alerting', async () => {
    const { handler, steps, entries } = world(0);
    expect(await handler([deletionJob('00gOTHER')])).toEqual([{ jobId: 7, status: 'done' }]);
    expect(steps).toEqual([`end grants of 00gOTHER: ${GROUP_DELETED_REASON}`, 'journal']);
    expect(entries[0]).toMatchObject({ status: 'SKIPPED', fieldChanges: [] });
  });

  it('hands a failure back to the queue to retry', async () => {
    const failing = createGroupDeletedHandler({
      config: () => ({ accessRules: [rule], problems: [] }) as unknown as SyncConfig,
      reloadConfig: () => Promise.reject(new Error('unused')),
      endGroupGrants: () => Promise.reject(new Error('Salesforce is unreachable')),
      alert: async () => undefined,
      audit: { record: async () => undefined },
    });
    const [outcome] = await failing([deletionJob('00gHOT')]);
    expect(outcome).toMatchObject({ jobId: 7, status: 'failed' });
  });
});
