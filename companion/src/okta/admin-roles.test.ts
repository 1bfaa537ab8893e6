import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOktaEmulator, type OktaEmulator } from '../../sandbox/okta/index.js';
import { oktaSdkClient } from '../../sandbox/okta/sdk-client.js';
import { generateSeed } from '../../sandbox/seed.js';
import type { AccessRule } from '../mapping/types.js';
import { createAdminRoles, privilegedRuleGroupProblems } from './admin-roles.js';
import type { OktaClient } from './client.js';

const seed = generateSeed({ users: 20, seed: 3 });
const group = (name: string) => {
  const found = seed.okta.groups.find((g) => g.name === name);
  if (!found) throw new Error(`no group ${name}`);
  return found;
};
let emulator: OktaEmulator;
let okta: OktaClient;

beforeAll(async () => {
  emulator = await startOktaEmulator({ seed: seed.okta });
  okta = oktaSdkClient(emulator.url, { token: emulator.token }) as unknown as OktaClient;
});
afterAll(() => emulator.close());

const rule = (name: string, groupName: string): AccessRule => ({
  type: 'CONDITION_TO_GROUP',
  name,
  label: name,
  groupId: group(groupName).id,
  groupName,
  condition: { objectName: 'Lead', field: 'Rating', operator: 'EQUALS', value: 'Hot' },
});

describe('admin roles through the Role Assignment API', () => {
  it('reads the roles of a group and of its members', async () => {
    const roles = createAdminRoles(okta);
    expect(await roles.ofGroup(group('Okta Administrators').id)).toEqual(['SUPER_ADMIN']);
    expect(await roles.ofGroup(group('Support Tier 2').id)).toEqual([]);
    const admin = seed.okta.memberships.find((m) => m.groupId === group('Okta Administrators').id);
    expect(await roles.ofUser(String(admin?.userId))).toEqual(['SUPER_ADMIN']);
  });

  it('reports every access rule whose group holds an admin role, and lookups that fail', async () => {
    const roles = createAdminRoles(okta);
    const problems = await privilegedRuleGroupProblems(
      [rule('Fine', 'Support Tier 2'), rule('Escalation', 'Okta Administrators')],
      (groupId) => roles.ofGroup(groupId),
    );
    expect(problems).toEqual([
      {
        source: 'Okta_Access_Rule__mdt.Escalation',
        message:
          'Okta group Okta Administrators holds the admin role SUPER_ADMIN: the product never adds anyone to it.',
      },
    ]);
    const unreadable = await privilegedRuleGroupProblems([rule('Fine', 'Support Tier 2')], () =>
      Promise.reject(new Error('403 E0000006')),
    );
    expect(unreadable[0]?.message).toMatch(/Could not read the admin roles .* okta\.roles\.read/);
  });
});
