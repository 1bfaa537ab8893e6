import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsforce from 'jsforce';
import { startCompanion } from '../src/companion.js';
import { parseEnvironment } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { registerEventHook } from '../src/intake/event-hook-registration.js';
import { startSandbox } from '../sandbox/index.js';
import { registerCompanionScimApp } from '../sandbox/scim-app.js';
import { sandboxCompanionConfig } from './sandbox-mode.js';

/**
 * `npm run demo`: a scripted scenario on the sandbox — a hire, a profile change, a group
 * change, a termination, an app assignment provisioned over SCIM and its unassignment —
 * printing what happened in Okta and what the sync did in Salesforce.
 */

const say = (text = '') => process.stdout.write(`${text}\n`);
const step = (n: number, text: string) => say(`\n${n}. ${text}`);
const row = (label: string, value: unknown) =>
  say(`   ${label.padEnd(26)} ${value === null || value === undefined ? '—' : String(value)}`);

async function until<T>(
  probe: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'okta-sync-demo-'));
  const sandbox = await startSandbox({ users: 50 });
  const parsed = parseEnvironment({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
  if (parsed.mode !== 'sandbox') throw new Error('the demo runs on the sandbox');
  const config = sandboxCompanionConfig(parsed.common, parsed.salesforce, sandbox);
  const companion = await startCompanion(config, { logger: createLogger({ level: 'silent' }) });
  await registerEventHook(companion.okta, {
    uri: `${companion.url}/hooks/okta`,
    secret: config.okta.hookSecret,
  });
  const token = sandbox.salesforce.issueToken();
  const sf = new jsforce.Connection({
    instanceUrl: token.instanceUrl,
    accessToken: token.accessToken,
    version: '62.0',
  });

  type ContactView = Record<string, unknown> & { Id: string };
  const contactOf = async (oktaUserId: string, accept: (c: ContactView) => boolean) => {
    const result = await sf.query<ContactView>(
      `SELECT Id, Name, Email, Title, Phone, Okta_Status__c, Okta_Sync_Status__c, Okta_Last_Synced_At__c, Account.Name, Account.Okta_Account_Status__c FROM Contact WHERE Okta_User_Id__c = '${oktaUserId}'`,
    );
    const contact = result.records[0];
    return contact && accept(contact) ? contact : undefined;
  };
  const show = (c: ContactView) => {
    row('Contact', `${String(c['Name'])} (${c.Id})`);
    row(
      'Email / Title / Phone',
      `${String(c['Email'])} / ${String(c['Title'] ?? '—')} / ${String(c['Phone'] ?? '—')}`,
    );
    const account = c['Account'] as { Name?: string; Okta_Account_Status__c?: string } | null;
    row(
      'Account',
      account ? `${String(account.Name)} (${String(account.Okta_Account_Status__c)})` : null,
    );
    row(
      'Okta status / sync status',
      `${String(c['Okta_Status__c'])} / ${String(c['Okta_Sync_Status__c'])}`,
    );
  };

  say('Okta ⇄ Salesforce Sync — demo on the sandbox (emulated orgs, nothing leaves this machine)');
  say(`Companion ${companion.url}, Okta ${sandbox.okta.url}, Salesforce ${sandbox.salesforce.url}`);
  try {
    step(1, 'Okta: an administrator creates a new customer user, Grace Hopper at "Cobol Labs".');
    const user = sandbox.okta.createUserDirect({
      login: 'grace.hopper@cobol-labs.test',
      email: 'Grace.Hopper@Cobol-Labs.test',
      firstName: 'Grace',
      lastName: 'Hopper',
      userType: 'Customer',
      organization: 'Cobol Labs',
      primaryPhone: '(202) 555-0143',
      title: 'Rear Admiral',
    });
    row('Okta user', `${user.id} (${user.status})`);
    say('   Salesforce, moments later:');
    show(await until(() => contactOf(user.id, () => true), 'the new Contact'));

    step(2, 'Okta: her title changes.');
    sandbox.okta.updateUserDirect(user.id, { title: 'Director of Computing' });
    say('   Salesforce:');
    show(
      await until(
        () => contactOf(user.id, (c) => c['Title'] === 'Director of Computing'),
        'the title change',
      ),
    );

    step(3, 'Salesforce: an agent opens a Case for her.');
    const contact = await until(() => contactOf(user.id, () => true), 'the Contact');
    const created = (await sf.sobject('Case').create({
      Subject: 'Cannot reach the partner portal',
      Status: 'New',
      Origin: 'Web',
      ContactId: contact.Id,
    })) as { id: string };
    row('Case', created.id);

    step(4, 'Okta: she leaves; her account is deactivated.');
    sandbox.okta.setUserStatus(user.id, 'DEPROVISIONED');
    say('   Salesforce:');
    show(
      await until(
        () =>
          contactOf(
            user.id,
            (c) =>
              c['Okta_Status__c'] === 'DEPROVISIONED' &&
              (c['Account'] as { Okta_Account_Status__c?: string } | null)
                ?.Okta_Account_Status__c === 'Inactive',
          ),
        'the deprovisioning',
      ),
    );
    const theCase = (await sf.sobject('Case').retrieve(created.id)) as unknown as Record<
      string,
      unknown
    >;
    const queue = await sf.query<{ Id: string; Name: string }>(
      "SELECT Id, Name FROM Group WHERE Type = 'Queue' AND DeveloperName = 'Okta_Deprovisioned_Cases'",
    );
    row(
      'Case owner',
      theCase['OwnerId'] === queue.records[0]?.Id
        ? `queue "${String(queue.records[0]?.Name)}"`
        : String(theCase['OwnerId']),
    );
    row('Case flagged', theCase['Okta_Deprovisioned_Contact__c']);

    step(
      5,
      'Okta: an administrator assigns the "Okta Sync (SCIM)" app to Alan Turing; Okta provisions him over SCIM.',
    );
    const scimApp = registerCompanionScimApp(sandbox, companion.url);
    const alan = sandbox.okta.createUserDirect({
      login: 'alan.turing@bletchley.test',
      email: 'Alan.Turing@Bletchley.test',
      firstName: 'Alan',
      lastName: 'Turing',
      userType: 'Customer',
      organization: 'Bletchley Park',
      title: 'Cryptanalyst',
    });
    sandbox.okta.provisioning.assignUser(scimApp.id, alan.id);
    await sandbox.okta.provisioning.whenIdle();
    const pushed = sandbox.okta.provisioning.appUser(scimApp.id, alan.id)?.scimId;
    row('Okta pushed', `GET /Users?filter=userName eq …, then POST /Users → id ${String(pushed)}`);
    say('   Salesforce:');
    show(await until(() => contactOf(alan.id, () => true), 'the provisioned Contact'));

    step(6, 'Okta: the app is unassigned from him (his Okta account stays active).');
    sandbox.okta.provisioning.unassignUser(scimApp.id, alan.id);
    row('Okta pushed', 'PATCH /Users/… {"op":"replace","value":{"active":false}}');
    row('Okta user status', sandbox.okta.state.users.get(alan.id)?.status);
    say('   Salesforce:');
    show(
      await until(
        () => contactOf(alan.id, (c) => c['Okta_Status__c'] === 'DEPROVISIONED'),
        'the unassignment',
      ),
    );

    step(7, 'The audit trail the companion kept (also mirrored to Okta_Sync_Log__c):');
    for (const entry of (
      await companion.store.audit.latestFor({ oktaUserId: user.id }, 20)
    ).reverse()) {
      const fields = (entry.fieldChanges ?? []).map((c) => c.field).join(', ');
      row(entry.operation, `${entry.status}${fields ? ` — ${fields}` : ''}`);
    }
    say('\nDone. Run `npm start` to explore the sandbox yourself.');
  } finally {
    await companion.stop();
    await sandbox.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `The demo failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
