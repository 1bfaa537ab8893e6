import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import jsforce from 'jsforce';
import { sandboxCompanionConfig } from '../bin/sandbox-mode.js';
import { DEMO_ACCESS_RULE, deployDemoAccessRule } from '../sandbox/demo-access-rule.js';
import { SANDBOX_CREDENTIALS, startSandbox } from '../sandbox/index.js';
import { oktaSdkClient } from '../sandbox/okta/sdk-client.js';
import { startCompanion } from '../src/companion.js';
import { parseEnvironment } from '../src/config.js';
import { silentLogger } from '../src/logger.js';
import { registerEventHook } from '../src/intake/event-hook-registration.js';
import { eventually } from './harness.js';

/**
 * The sandbox as `npm start` runs it: its demo access rule is active when the companion
 * starts, selects seeded Accounts, and group changes made from outside with either Okta token
 * (a person's or the companion's own) reach the Account Teams.
 */

const stops: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

describe('the sandbox of npm start', () => {
  it('starts with one active demo access rule that group changes from outside exercise', async () => {
    const sandbox = await startSandbox({ users: 40 });
    stops.push(() => sandbox.close());
    const { groupId } = deployDemoAccessRule(sandbox);
    const dataDir = mkdtempSync(join(tmpdir(), 'okta-sync-demo-rule-'));
    stops.push(async () => rmSync(dataDir, { recursive: true, force: true }));
    const parsed = parseEnvironment({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
    if (parsed.mode !== 'sandbox') throw new Error('sandbox mode expected');
    const config = sandboxCompanionConfig(parsed.common, parsed.salesforce, sandbox);
    const companion = await startCompanion(config, { logger: silentLogger() });
    stops.push(() => companion.stop());
    await registerEventHook(companion.okta, {
      uri: `${companion.url}/hooks/okta`,
      secret: config.okta.hookSecret,
    });

    const loaded = companion.syncConfig.current();
    const active = loaded.accessRules.filter((r) => r.name === DEMO_ACCESS_RULE.developerName);
    expect(active).toMatchObject([{ type: 'GROUP_TO_ACCOUNT_TEAM', groupId }]);
    expect(companion.syncConfig.state().problems).toEqual([]);

    const token = sandbox.salesforce.issueToken();
    const sf = new jsforce.Connection({
      instanceUrl: token.instanceUrl,
      accessToken: token.accessToken,
      version: '62.0',
    });
    const direct = await sf.query<{ Id: string }>(
      "SELECT Id FROM Account WHERE Type = 'Customer - Direct'",
    );
    expect(direct.records.length).toBeGreaterThan(0);

    const employees = (sandbox.seed?.okta.users ?? []).filter(
      (u) => u.profile.userType === 'Employee',
    );
    const salesUserOf = (login: unknown) =>
      sandbox.seed?.salesforce.users.find((u) => u['FederationIdentifier'] === login)?.Id;
    const candidates = employees.filter(
      (u) =>
        salesUserOf(u.profile.login) !== undefined &&
        !sandbox.okta.state.sortedMembers(groupId).includes(u.id),
    );
    const teamSize = async (userId: string) =>
      (await sf.query(`SELECT Id FROM AccountTeamMember WHERE UserId = '${userId}'`)).totalSize;

    for (const [i, oktaToken] of [
      SANDBOX_CREDENTIALS.oktaAdminToken,
      SANDBOX_CREDENTIALS.oktaToken,
    ].entries()) {
      const employee = candidates[i];
      const salesUserId = String(salesUserOf(employee?.profile.login));
      expect(employee).toBeDefined();
      const client = oktaSdkClient(sandbox.okta.url, { token: oktaToken });
      await client.groupApi.assignUserToGroup({ groupId, userId: String(employee?.id) });
      await eventually(async () => (await teamSize(salesUserId)) === direct.records.length);
    }
  });
});
