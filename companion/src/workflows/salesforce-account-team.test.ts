import { describe, expect, it } from 'vitest';
import { DEFAULT_SYNC_SETTINGS } from '../mapping/settings.js';
import type { GroupToAccountTeamRule, OktaUserSnapshot, SyncConfig } from '../mapping/types.js';
import type { SalesforceWrite } from '../salesforce/record-writer.js';
import type { AuditEntry, AuditJournal, Job } from '../store/types.js';
import type { TeamMemberRow } from './account-team-plan.js';
import { createAccountTeamHandler } from './salesforce-account-team.js';

const rule = (name: string, groupId: string, value: string): GroupToAccountTeamRule => ({
  type: 'GROUP_TO_ACCOUNT_TEAM',
  name,
  label: name,
  groupId,
  groupName: name,
  accountTeamRole: 'Account Manager',
  accountAccessLevel: 'Edit',
  opportunityAccessLevel: null,
  caseAccessLevel: null,
  accounts: { objectName: 'Account', field: 'Type', operator: 'EQUALS', value },
});

const member = (login: string) => ({ profile: { login } }) as unknown as OktaUserSnapshot;

function world(
  accessRules: GroupToAccountTeamRule[],
  syncEnabled = true,
  options: { racing?: boolean } = {},
) {
  const team: TeamMemberRow[] = [
    { Id: '01MOLD', AccountId: '001B', UserId: '005ANN', TeamMemberRole: 'Account Manager' },
  ];
  const accounts: Record<string, unknown>[] = [
    { Id: '001A', Type: 'Customer - Direct' },
    { Id: '001B', Type: 'Prospect' },
  ];
  const queries: string[] = [];
  const listed: string[] = [];
  const writes: SalesforceWrite[] = [];
  const journal: AuditEntry[] = [];
  const handler = createAccountTeamHandler({
    query: async <T extends Record<string, unknown>>(soql: string) => {
      queries.push(soql);
      if (soql.includes('FROM Account ')) {
        return accounts.filter((a) => soql.includes(`'${String(a['Id'])}'`)) as T[];
      }
      if (soql.includes('FROM User ')) {
        return [{ Id: '005ANN', FederationIdentifier: 'Ann@Example.test' }] as unknown as T[];
      }
      return team.filter((r) => soql.includes(`'${r.AccountId}'`)) as unknown as T[];
    },
    write: async (batch) => {
      writes.push(...batch);
      for (const w of batch) {
        if (w.op === 'create') {
          team.push({ ...(w.record as TeamMemberRow), Id: `01MNEW${team.length}` });
          // Another writer adds the same person at the same moment.
          if (options.racing)
            team.push({ ...(w.record as TeamMemberRow), Id: `01MZZZ${team.length}` });
        }
        if (w.op === 'delete')
          team.splice(
            team.findIndex((r) => r.Id === w.id),
            1,
          );
      }
      return batch.map(() => ({ ok: true, id: 'x', created: undefined, errors: [] }));
    },
    okta: {
      listGroupMembers: async (groupId) => {
        listed.push(groupId);
        if (groupId === '00gGONE') throw Object.assign(new Error('Not found'), { status: 404 });
        return [member('ann@example.test'), member('nobody@example.test')];
      },
    },
    config: () =>
      ({
        mappings: [],
        accessRules,
        settings: { ...DEFAULT_SYNC_SETTINGS, syncEnabled },
        problems: [],
        describes: {},
      }) as SyncConfig,
    audit: { record: (entry: AuditEntry) => journal.push(entry) } as unknown as AuditJournal,
  });
  return { handler, queries, listed, writes, journal, team };
}

const job = (id: number, accountId: string): Job =>
  ({
    id,
    subjectKey: `sf-account-team:${accountId}`,
    kind: 'sf-account-team',
    events: [],
    attempts: 0,
  }) as unknown as Job;

describe('createAccountTeamHandler', () => {
  it('lists only the groups of rules some Account of the batch matches, once, and applies each plan', async () => {
    const w = world([
      rule('Direct', '00gDIRECT', 'Customer - Direct'),
      rule('Other', '00gOTHER', 'Other'),
    ]);
    const outcomes = await w.handler([job(1, '001A'), job(2, '001B'), job(3, '001GONE')]);
    expect(outcomes.map((o) => o.status)).toEqual(['done', 'done', 'done']);
    expect(w.listed).toEqual(['00gDIRECT']);
    expect(w.writes).toEqual([
      expect.objectContaining({
        op: 'create',
        record: expect.objectContaining({ AccountId: '001A', UserId: '005ANN' }),
      }),
      { op: 'delete', object: 'AccountTeamMember', id: '01MOLD' },
    ]);
    expect(w.journal.map((e) => [e.actor, e.status, e.error ?? null])).toEqual([
      ['001A', 'SUCCESS', null],
      ['001B', 'SUCCESS', 'The Account matches no GROUP_TO_ACCOUNT_TEAM rule.'],
      ['001GONE', 'SKIPPED', 'Account 001GONE no longer exists'],
    ]);
    expect(w.queries[0]).toBe("SELECT Id, Type FROM Account WHERE Id IN ('001A','001B','001GONE')");
  });

  it('skips without reading anything when no team rule is active or sync is off', async () => {
    for (const w of [world([]), world([rule('Direct', '00gDIRECT', 'Customer - Direct')], false)]) {
      expect((await w.handler([job(1, '001A')]))[0]?.status).toBe('done');
      expect([w.queries, w.listed, w.writes]).toEqual([[], [], []]);
      expect(w.journal[0]?.status).toBe('SKIPPED');
    }
  });

  it('reads the team again after adding people, and removes the newer of two rows a racing writer left', async () => {
    const w = world([rule('Direct', '00gDIRECT', 'Customer - Direct')], true, { racing: true });
    expect((await w.handler([job(1, '001A')]))[0]?.status).toBe('done');
    expect(w.team.filter((r) => r.AccountId === '001A').map((r) => r.Id)).toEqual(['01MNEW1']);
    expect(w.journal[0]?.fieldChanges?.map((c) => [c.field, c.after])).toEqual([
      ['added', 1],
      ['removed', 1],
      ['changed', 0],
    ]);
  });

  it('fails, for good, only the Accounts of a rule whose Okta group is gone', async () => {
    const w = world([
      rule('Direct', '00gGONE', 'Customer - Direct'),
      rule('Prospects', '00gDIRECT', 'Prospect'),
    ]);
    const [direct, prospect] = await w.handler([job(1, '001A'), job(2, '001B')]);
    expect(direct).toMatchObject({
      status: 'failed',
      error: expect.objectContaining({
        name: 'PermanentError',
        message: expect.stringMatching(/Okta has no group 00gGONE, named by access rule Direct/),
      }),
    });
    expect(prospect?.status).toBe('done');
    expect(w.writes.every((wr) => wr.op !== 'create' || wr.record['AccountId'] === '001B')).toBe(
      true,
    );
  });
});
