import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { salesforceRest, soqlString } from '../server/salesforce-rest.mjs';
import { to18 } from '../server/salesforce-ids.mjs';
import { GRANTABLE_GROUP_NAME } from '../server/demo-config.mjs';
import { assertAccessible, FAILURES_DIR, screenshot, startBrowserWorld } from './browser-world.mjs';
import { eventually } from './conditions.mjs';

/**
 * Real user journeys through the preview in headless Chromium: the unchanged components, on
 * the emulated orgs and a running companion. Each asserts what a person sees, the effect in
 * the sandbox, no console error, and no serious or critical accessibility violation.
 */

/** @type {import('./browser-world.mjs').BrowserWorld} */
let world;
/** @type {ReturnType<typeof salesforceRest>} */
let org;

before(async () => {
  world = await startBrowserWorld();
  org = salesforceRest({
    url: world.sandbox.salesforce.url,
    clientId: world.sandbox.credentials.salesforceClientId,
    clientSecret: world.sandbox.credentials.salesforceClientSecret,
  });
});

after(async () => {
  await world?.close();
});

/** Contacts linked to an ACTIVE Okta user, each journey taking its own. */
async function activeLinkedContacts() {
  const contacts = await org.query(
    'SELECT Id, Name, Okta_User_Id__c FROM Contact WHERE Okta_User_Id__c != null ORDER BY Name',
  );
  return contacts.filter(
    (c) => world.sandbox.okta.state.findUser(c.Okta_User_Id__c)?.status === 'ACTIVE',
  );
}

/** A new open Case of the Contact, as the agent would find it in their queue. */
async function openCaseFor(/** @type {any} */ contact, /** @type {string} */ subject) {
  const created = await org.request('/services/data/v62.0/sobjects/Case', {
    method: 'POST',
    body: {
      Subject: subject,
      Status: 'New',
      Origin: 'Phone',
      Priority: 'High',
      ContactId: contact.Id,
    },
  });
  const [record] = await org.query(
    `SELECT Id, CaseNumber FROM Case WHERE Id = ${soqlString(created.id)}`,
  );
  return { id: to18(created.id), caseNumber: record?.CaseNumber, contact };
}

/**
 * No text of these elements is cut off: each is at least as wide as its content.
 * @param {import('playwright-core').Locator} locator
 */
async function assertNothingTruncated(locator) {
  const sizes = await locator.evaluateAll((elements) =>
    elements.map((e) => ({
      text: e.textContent?.trim().slice(0, 80),
      scroll: e.scrollWidth,
      client: e.clientWidth,
    })),
  );
  assert.ok(sizes.length > 0, 'there is text to measure');
  const cut = sizes.filter((s) => s.client > 0 && s.scroll > s.client);
  assert.deepEqual(cut, [], 'no text is truncated');
}

/**
 * @param {string} path
 * @param {(page: import('playwright-core').Page) => Promise<void>} journey
 * @param {import('node:test').TestContext} t
 */
async function inPage(path, journey, t) {
  const { page, errors, close } = await world.newPage();
  page.setDefaultTimeout(30_000);
  try {
    await page.goto(world.url + path);
    await journey(page);
    assert.deepEqual(errors, [], 'no console error and no failed script or request');
  } catch (error) {
    await screenshot(
      page,
      `failed-${t.name.replace(/\W+/g, '-').slice(0, 60)}`,
      FAILURES_DIR,
    ).catch(() => undefined);
    throw error;
  } finally {
    await close();
  }
}

describe('Lightning preview journeys', { timeout: 600_000 }, () => {
  it('1. Sales Ops reads the mappings as sentences, edits one in the dialog, previews and saves it; adds one from a custom Okta attribute; a problem is reported on its line', async (t) => {
    const user = [...world.sandbox.okta.state.users.values()].find(
      (u) => u.status === 'ACTIVE' && u.profile.title && u.profile.userType === 'Customer',
    );
    assert.ok(user, 'the seed has an active customer with a title');
    const title = String(user.profile.title);

    await inPage(
      '/setup',
      async (page) => {
        const lines = page.locator('c-okta-mapping-editor .mapping-list > li');
        const titleLine = lines.filter({ hasText: '(profile.title)' });
        await titleLine.waitFor();
        // Labels come from the Okta profile schema and Salesforce describe.
        await lines
          .filter({ hasText: 'Okta Primary email (profile.email) → Contact Email (Email)' })
          .waitFor();
        assert.equal(
          (await titleLine.locator('.mapping-line').innerText()).replace(/\s+/g, ' ').trim(),
          'Okta Title (profile.title) → Contact Title (Title) · trimmed · both ways, Okta wins',
        );
        await assertNothingTruncated(
          lines.locator('.mapping-text, .mapping-line, .mapping-line > span'),
        );
        await assertAccessible(page, 'setup page', t);

        // Edit in the dialog: Contact.Title is written in capitals from now on.
        await titleLine
          .getByRole('button', { name: 'Edit the mapping Okta Title → Contact Title' })
          .click();
        const dialog = page.getByRole('dialog', { name: 'Edit the mapping of Okta Title' });
        await dialog.getByRole('combobox', { name: 'Transform' }).click();
        await dialog.getByRole('option', { name: 'Upper-case' }).click();
        await dialog.getByText('Writes the value in capital letters.').waitFor();
        await dialog.getByRole('button', { name: 'Done' }).click();
        await titleLine.getByText(/· upper-case ·/).waitFor();

        // Preview the unsaved mappings on the seeded user, beside the current Salesforce values.
        await page.getByLabel('Okta login, Okta user id or Contact Id').fill(user.profile.login);
        await page.getByRole('button', { name: 'Preview', exact: true }).click();
        await page.getByText(`Okta user: ${user.profile.login} (${user.id})`).waitFor();
        const preview = page.locator('lightning-datatable.preview-table');
        const titleCells = await preview
          .getByRole('row')
          .filter({ hasText: 'Contact.Title' })
          .getByRole('gridcell')
          .allInnerTexts();
        assert.equal(titleCells[0]?.trim(), title, 'the Okta value');
        assert.equal(titleCells[2]?.trim(), title.toUpperCase(), 'the value to write');
        const emailCells = await preview
          .getByRole('row')
          .filter({ hasText: 'Contact.Email' })
          .getByRole('gridcell')
          .allInnerTexts();
        assert.equal(emailCells[2]?.trim(), String(user.profile.email).toLowerCase());
        await assertAccessible(page, 'setup page with a preview', t);
        await screenshot(page, 'setup');

        // Save: the mapping is deployed as custom metadata and the companion reloads it.
        await page.getByRole('button', { name: 'Save', exact: true }).click();
        const savedToast = page.getByRole('status').filter({ hasText: 'Field mappings saved' });
        await savedToast.waitFor();
        await savedToast.getByRole('button', { name: 'Close' }).click();
        const [saved] = await org.query(
          "SELECT Transform__c FROM Okta_Field_Mapping__mdt WHERE DeveloperName = 'Contact_Title'",
        );
        assert.equal(saved?.Transform__c, 'UPPER');

        // Add: a custom Okta attribute (from the profile schema) into a writable Contact field.
        await page.getByRole('button', { name: 'Add mapping' }).click();
        const added = page.getByRole('dialog', { name: 'New mapping' });
        await added.getByRole('combobox', { name: 'Okta attribute' }).click();
        await added
          .getByRole('option', { name: 'Sales territory (profile.territory) · custom' })
          .click();
        await added.getByRole('combobox', { name: 'Salesforce field' }).click();
        assert.equal(
          await added.getByRole('option', { name: /^Full Name \(Name\)/ }).count(),
          0,
          'a read-only field is not offered when Okta writes Salesforce',
        );
        await added
          .getByRole('option', { name: 'Contact Description (Description) · TextArea' })
          .click();
        await added
          .locator('.sentence')
          .getByText('Okta Sales territory → Contact Description · as is · Okta to Salesforce')
          .waitFor();
        await assertAccessible(page, 'mapping dialog', t);
        await screenshot(page, 'setup-mapping-editor', undefined, { fullPage: false });
        await added.getByRole('button', { name: 'Done' }).click();
        await lines
          .filter({
            hasText: 'Okta Sales territory (profile.territory) → Contact Description (Description)',
          })
          .waitFor();

        // A transform that cannot fill the field: the line says so in a sentence, Save is off.
        const departmentLine = lines.filter({ hasText: '(Department)' });
        await departmentLine.getByRole('button', { name: /^Edit the mapping/ }).click();
        const edit = page.getByRole('dialog');
        await edit.getByRole('combobox', { name: 'Transform' }).click();
        await edit.getByRole('option', { name: 'As a date', exact: true }).click();
        await edit.getByText('To fix before saving').waitFor();
        await edit.getByRole('button', { name: 'Done' }).click();
        await departmentLine
          .getByText(
            'The transform “as a date” cannot fill Contact Department (Department), a text field.',
          )
          .waitFor();
        await page.getByText('1 problem to fix before saving.').waitFor();
        assert.equal(
          await page.getByRole('button', { name: 'Save', exact: true }).isDisabled(),
          true,
        );
        await assertNothingTruncated(
          lines.locator('.mapping-text, .mapping-line, .mapping-problems li'),
        );
        await assertAccessible(page, 'setup page with a validation message', t);
        await screenshot(page, 'setup-validation');
      },
      t,
    );
  });

  it('2. An agent sees the live Okta status on a Case, grants temporary access, then revokes it', async (t) => {
    const contact = (await activeLinkedContacts())[0];
    assert.ok(contact, 'the seed has a Contact of an active Okta user');
    const subject = await openCaseFor(contact, `${contact.Name} needs the Tier 2 support portal`);
    const oktaUserId = contact.Okta_User_Id__c;
    const user = world.sandbox.okta.state.findUser(oktaUserId);
    const groupId = world.grantableGroupId;
    assert.equal(
      world.sandbox.okta.state.isMember(groupId, oktaUserId),
      false,
      'not a member before',
    );

    await inPage(
      `/case?id=${subject.id}`,
      async (page) => {
        const panel = page.locator('c-okta-case-access');
        await panel.getByText(user.profile.login, { exact: true }).waitFor();
        assert.equal(await panel.locator('[data-id="status"]').innerText(), 'ACTIVE');
        await panel.getByText('No active grant.').waitFor();
        await assertAccessible(page, 'case page', t);

        await panel.getByRole('combobox', { name: 'Okta group' }).click();
        await panel.getByRole('option', { name: GRANTABLE_GROUP_NAME }).click();
        await panel.getByRole('spinbutton', { name: 'Duration (hours)' }).fill('4');
        await panel
          .getByRole('textbox', { name: 'Reason' })
          .fill(`Escalation on case ${subject.caseNumber}`);
        await panel.getByRole('button', { name: 'Grant', exact: true }).click();
        await page.getByRole('status').filter({ hasText: 'Access granted' }).waitFor();

        const grantRow = panel.getByRole('row').filter({ hasText: GRANTABLE_GROUP_NAME });
        await grantRow.getByText('ACTIVE').waitFor();
        assert.match(await grantRow.innerText(), /3 h 5\d min|4 h 0 min/);
        assert.equal(
          world.sandbox.okta.state.isMember(groupId, oktaUserId),
          true,
          'the Okta group now contains the user',
        );
        await page
          .getByRole('status')
          .filter({ hasText: 'Access granted' })
          .getByRole('button', { name: 'Close' })
          .click();
        // The user's Okta groups are read again after the grant, without a manual refresh.
        await panel.locator('ul.groups').getByText(GRANTABLE_GROUP_NAME).waitFor();
        // The grants table: every header in full (Expires included), the full expiry time.
        await assertNothingTruncated(panel.locator('lightning-datatable th .slds-truncate'));
        assert.match(
          await grantRow.innerText(),
          /[A-Z][a-z]{2} \d{2}, \d{4}, \d{1,2}:\d{2} (AM|PM)\s+UTC/,
          'the expiry with its date, time and zone',
        );
        await assertAccessible(page, 'case page with an active grant', t);
        await screenshot(page, 'case');

        await grantRow.getByRole('button', { name: 'Revoke' }).click();
        const confirm = page.getByRole('alertdialog', { name: 'Revoke access' });
        await confirm.getByText(`Revoke ${GRANTABLE_GROUP_NAME} for`).waitFor();
        await assertAccessible(page, 'revoke confirmation', t);
        await confirm.getByRole('button', { name: 'OK' }).click();
        await page.getByRole('status').filter({ hasText: 'Access revoked' }).waitFor();
        await panel.getByText('No active grant.').waitFor();
        assert.equal(
          world.sandbox.okta.state.isMember(groupId, oktaUserId),
          false,
          'the membership is removed',
        );
      },
      t,
    );
  });

  it('3. Unlocking a locked-out user from the Case panel changes the status shown after refresh', async (t) => {
    const contact = (await activeLinkedContacts())[1];
    assert.ok(contact, 'the seed has a second Contact of an active Okta user');
    const subject = await openCaseFor(contact, `${contact.Name} cannot sign in`);
    const oktaUserId = contact.Okta_User_Id__c;
    // Too many wrong passwords: Okta locks the account.
    world.sandbox.okta.setUserStatus(oktaUserId, 'LOCKED_OUT');

    await inPage(
      `/case?id=${subject.id}`,
      async (page) => {
        const panel = page.locator('c-okta-case-access');
        const badge = panel.locator('[data-id="status"]');
        await panel.getByText('LOCKED_OUT').waitFor();
        assert.equal((await panel.locator('.locked-out').innerText()).trim(), 'Yes');
        await assertAccessible(page, 'case page of a locked-out user', t);

        await panel.getByRole('button', { name: 'Unlock' }).click();
        const confirm = page.getByRole('alertdialog', { name: 'Unlock' });
        await confirm.getByText(`Unlock the Okta account of ${contact.Name}?`).waitFor();
        await confirm.getByRole('button', { name: 'OK' }).click();
        await page
          .getByRole('status')
          .filter({ hasText: 'The Okta account is unlocked.' })
          .waitFor();
        assert.equal(
          world.sandbox.okta.state.findUser(oktaUserId)?.status,
          'ACTIVE',
          'Okta unlocked the user',
        );

        await panel.getByRole('button', { name: 'Refresh the Okta status' }).click();
        await panel.locator('[data-id="status"]', { hasText: 'ACTIVE' }).waitFor();
        assert.equal(await badge.innerText(), 'ACTIVE');
        assert.equal((await panel.locator('.locked-out').innerText()).trim(), 'No');
        assert.equal(await panel.getByRole('button', { name: 'Unlock' }).isDisabled(), true);
        await assertAccessible(page, 'case page after the unlock', t);
        await screenshot(page, 'case-unlocked');
      },
      t,
    );
  });

  it('4. The Contact panel shows the sync timeline after an Okta profile change in the sandbox', async (t) => {
    const contact = (await activeLinkedContacts())[2];
    assert.ok(contact, 'the seed has a third Contact of an active Okta user');
    const contactId = to18(contact.Id);
    const department = 'Procurement Operations';

    world.sandbox.okta.updateUserDirect(contact.Okta_User_Id__c, { department });
    // The companion hears of it, updates the Contact and writes the sync log to Salesforce.
    const [log] = await eventually(async () => {
      const logs = await org.query(
        `SELECT Id, Operation__c, Direction__c, Status__c FROM Okta_Sync_Log__c WHERE Contact__c = ${soqlString(contactId)} ` +
          'ORDER BY Occurred_At__c DESC NULLS LAST, CreatedDate DESC',
      );
      return logs.length > 0 && logs;
    });

    await inPage(
      `/contact?id=${contactId}`,
      async (page) => {
        const panel = page.locator('c-okta-contact-status');
        const timeline = panel.getByRole('list', { name: 'Recent sync activity' });
        const entry = timeline.getByRole('listitem').first();
        await entry.waitFor();
        // Operations, directions and statuses in words, never log codes.
        const entryTitle = (await entry.locator('.entry-title').innerText()).trim();
        assert.match(
          entryTitle,
          /^[A-Z][a-z]+( [A-Za-z]+)* · (Okta to Salesforce|Salesforce to Okta|reconciliation|agent action)$/,
        );
        assert.doesNotMatch(entryTitle, new RegExp(`${log.Operation__c}|${log.Direction__c}`));
        assert.match(await entry.innerText(), /· (done|failed|retrying|skipped|failed for good)/);
        assert.equal((await panel.locator('[data-id="sync-status"]').innerText()).trim(), 'Synced');
        assert.notEqual((await panel.locator('.last-synced').innerText()).trim(), 'Never');
        await page
          .locator('.slds-form-element', { hasText: 'Department' })
          .getByText(department, { exact: true })
          .waitFor();
        await assertAccessible(page, 'contact page', t);
        await screenshot(page, 'contact');
      },
      t,
    );
  });

  it('5. Every tab of the setup page shows the sandbox configuration and the companion state', async (t) => {
    await inPage(
      '/setup',
      async (page) => {
        const show = async (/** @type {string} */ tab) => {
          await page.getByRole('tab', { name: tab }).click();
          return page.getByRole('tabpanel', { name: tab });
        };
        const rules = await show('Access rules');
        const ruleLines = page.locator('c-okta-access-rule-editor .rule-list > li');
        await ruleLines
          .filter({ hasText: 'Support Tier 2 team' })
          .getByText(
            /^Members of Okta group Support Tier 2 → Account Team role Technical Sales, Read access, on Accounts where .+ equals Customer - Direct$/,
          )
          .waitFor();
        assert.doesNotMatch(await rules.locator('.rule-list').innerText(), /00g|Example_/);
        await assertNothingTruncated(ruleLines.locator('.rule-text, .rule-name, .rule-sentence'));
        await assertAccessible(page, 'access rules tab', t);

        // Build a rule: the group is found by typing the start of its name.
        await rules.getByRole('button', { name: 'Add rule' }).click();
        const builder = page.getByRole('dialog', { name: 'New rule' });
        await builder.getByRole('combobox', { name: 'Field' }).click();
        await builder.getByRole('option', { name: 'Stage (StageName)' }).click();
        // Stage is a picklist of the org: its value is picked, never typed.
        assert.equal(await builder.getByRole('textbox', { name: 'Value' }).count(), 0);
        await builder.getByRole('combobox', { name: 'Value' }).click();
        await builder.getByRole('option', { name: 'Negotiation/Review' }).click();
        await builder.getByRole('searchbox', { name: 'Okta group' }).fill('Support');
        await builder
          .locator('lightning-radio-group')
          .getByText(/^Support Tier 2/)
          .click();
        assert.equal(
          await builder.getByRole('radio', { name: /^Support Tier 2/ }).isChecked(),
          true,
        );
        await builder.getByText('Chosen group: Support Tier 2').waitFor();
        await builder
          .locator('.sentence')
          .getByText(
            'Owners of an Opportunity where Stage equals Negotiation/Review → member of Okta group Support Tier 2',
          )
          .waitFor();
        assert.equal(
          await builder.getByRole('textbox', { name: 'Rule name' }).inputValue(),
          'Support Tier 2 from Opportunity owners',
        );
        await assertAccessible(page, 'rule builder', t);
        await screenshot(page, 'setup-rule-builder', undefined, { fullPage: false });
        await builder.getByRole('button', { name: 'Done' }).click();
        await ruleLines.filter({ hasText: 'Support Tier 2 from Opportunity owners' }).waitFor();
        await assertNothingTruncated(ruleLines.locator('.rule-text, .rule-name, .rule-sentence'));
        await screenshot(page, 'setup-rules');

        // An Account Team rule: the role is one of the org's Account Team roles.
        await ruleLines
          .filter({ hasText: 'Support Tier 2 team' })
          .getByRole('button', { name: /^Edit the rule/ })
          .click();
        const teamRule = page.getByRole('dialog', { name: /^Edit the rule Support Tier 2 team/ });
        const role = teamRule.getByRole('combobox', { name: 'Account Team role' });
        await role.click();
        await teamRule.getByRole('option', { name: 'Account Manager' }).waitFor();
        assert.equal(
          await teamRule
            .getByRole('option', { name: 'Technical Sales' })
            .getAttribute('aria-selected'),
          'true',
        );
        await role.press('Escape');
        assert.equal(
          await teamRule.getByRole('combobox', { name: 'Value' }).count(),
          1,
          'the Account Type condition is picked from its picklist',
        );
        await assertAccessible(page, "Account Team rule with the org's roles", t);
        await teamRule.getByRole('button', { name: 'Cancel' }).click();
        await teamRule.waitFor({ state: 'detached' });

        // Notifications of what went right: a rule built in its dialog, in words.
        const notifications = await show('Notifications');
        await notifications.getByRole('button', { name: 'Add notification' }).click();
        const notice = page.getByRole('dialog', { name: 'New notification rule' });
        await notice.getByRole('combobox', { name: 'When' }).click();
        await notice.getByRole('option', { name: 'An Okta user is deprovisioned' }).click();
        await notice.getByRole('textbox', { name: 'Rule name' }).fill('Departures digest');
        await notice.getByRole('combobox', { name: 'Contact field' }).click();
        await notice.getByRole('option', { name: 'Department (Department)' }).click();
        await notice.getByRole('textbox', { name: /^Value/ }).fill('Sales');
        await notice.getByRole('combobox', { name: 'To' }).click();
        await notice.getByRole('option', { name: 'A queue' }).click();
        await notice
          .getByRole('textbox', { name: 'Queue (id or API name)' })
          .fill('Okta_Deprovisioned_Cases');
        await notice
          .getByRole('textbox', { name: 'Message' })
          .fill('{{user.login}} left {{contact.Department}}. Audit: {{auditUrl}}');
        // The styled box over the input takes the click, as a person's would.
        await notice.locator('lightning-input.digest').getByText('Send as a digest').click();
        assert.equal(
          await notice.getByRole('checkbox', { name: 'Send as a digest' }).isChecked(),
          true,
        );
        await notice.getByRole('spinbutton', { name: 'Digest every (minutes)' }).fill('15');
        await notice
          .locator('.sentence')
          .getByText(
            'When an Okta user is deprovisioned, where Department equals Sales → a Salesforce notification to queue Okta_Deprovisioned_Cases, as a digest every 15 minutes',
          )
          .waitFor();
        await assertAccessible(page, 'notification rule builder', t);
        await screenshot(page, 'setup-notification-builder', undefined, { fullPage: false });
        await notice.getByRole('button', { name: 'Done' }).click();
        const noticeLines = page.locator('c-okta-notification-rule-editor .notification-list > li');
        await noticeLines.filter({ hasText: 'Departures digest' }).waitFor();
        await notifications.getByRole('button', { name: 'Save', exact: true }).click();
        const noticeToast = page
          .getByRole('status')
          .filter({ hasText: 'Notification rules saved' });
        await noticeToast.waitFor();
        await noticeToast.getByRole('button', { name: 'Close' }).click();
        const [deployed] = await org.query(
          "SELECT Event__c, Scope_Field__c, Recipient_Type__c, Recipients__c, Digest__c, Quiet_Period_Minutes__c FROM Okta_Notification_Rule__mdt WHERE DeveloperName = 'Departures_digest'",
        );
        assert.deepEqual(
          {
            event: deployed?.Event__c,
            scope: deployed?.Scope_Field__c,
            to: `${deployed?.Recipient_Type__c} ${deployed?.Recipients__c}`,
            digest: deployed?.Digest__c,
            minutes: deployed?.Quiet_Period_Minutes__c,
          },
          {
            event: 'DEPROVISIONED',
            scope: 'Department',
            to: 'QUEUE Okta_Deprovisioned_Cases',
            digest: true,
            minutes: 15,
          },
        );
        await assertAccessible(page, 'notifications tab', t);
        await screenshot(page, 'setup-notifications');

        const settings = await show('Settings');
        await settings.getByRole('heading', { name: 'Settings' }).waitFor();
        await assertAccessible(page, 'settings tab', t);

        const health = await show('Health');
        await health.getByText('Healthy', { exact: true }).waitFor();
        await health.getByText('No failed job.').waitFor();
        await health.getByRole('heading', { name: 'Last events' }).waitFor();
        await health.getByText('Oldest waiting job (seconds)').waitFor();
        await assertAccessible(page, 'health tab', t);
        await screenshot(page, 'setup-health');

        const reconciliation = await show('Reconciliation');
        await reconciliation.getByRole('button', { name: 'Start dry run' }).waitFor();
        await assertAccessible(page, 'reconciliation tab', t);

        const audit = await show('Audit export');
        await audit.getByRole('button', { name: 'Export' }).click();
        await audit.getByText(/audit entr(y|ies) ready\./).waitFor();
        await assertAccessible(page, 'audit export tab', t);
      },
      t,
    );
  });

  it('6. Sales Ops runs a dry run, filters the plan by kind with its count and pages through it 50 rows at a time', async (t) => {
    // Okta users that never reached Salesforce (their hooks and System Log entries lost):
    // added to the emulated org's state directly, so only a reconciliation finds them.
    const okta = world.sandbox.okta.state;
    const template = [...okta.users.values()].find(
      (u) => u.status === 'ACTIVE' && u.profile.userType === 'Customer',
    );
    assert.ok(template, 'the seed has an active customer');
    for (let i = 0; i < 60; i += 1) {
      const login = `missed.customer.${i}@acme-missed.test`;
      okta.addUser({
        ...template,
        id: `00umissed${String(i).padStart(11, '0')}`,
        profile: { ...template.profile, login, email: login, lastName: `Missed ${i}` },
        factors: [],
      });
    }

    await inPage(
      '/setup',
      async (page) => {
        await page.getByRole('tab', { name: 'Reconciliation' }).click();
        const panel = page.locator('c-okta-reconciliation');
        await panel.getByRole('button', { name: 'Start dry run' }).click();
        const show = panel.getByRole('radiogroup', { name: 'Show' });
        const creates = show.getByText(/^Creates \((\d+)\)$/);
        await panel.locator('[data-id="run-status"]', { hasText: 'PLANNED' }).waitFor({
          timeout: 120_000,
        });
        const createCount = Number(/\((\d+)\)/.exec(await creates.innerText())?.[1]);
        assert.ok(createCount >= 60, `the plan creates the missed users (${createCount})`);
        const allText = await show.getByText(/^All changes \(\d+\)$/).innerText();
        const total = Number(/\((\d+)\)/.exec(allText)?.[1]);
        await panel
          .getByText(`Rows 1–50 of ${total}, page 1 of ${Math.ceil(total / 50)}`)
          .waitFor();
        const plan = panel.locator('lightning-datatable.plan');
        assert.equal(await plan.locator('tbody tr').count(), 50, '50 rows a page');
        await assertAccessible(page, 'reconciliation plan', t);
        await screenshot(page, 'setup-reconciliation', undefined, { fullPage: false });

        // Only the creates, then the next page of them.
        await creates.click();
        await panel
          .getByText(`Rows 1–50 of ${createCount}, page 1 of ${Math.ceil(createCount / 50)}`)
          .waitFor();
        assert.deepEqual(
          [...new Set(await plan.locator('tbody tr th').allInnerTexts())].map((x) => x.trim()),
          ['Create'],
        );
        await panel.getByRole('button', { name: 'Next page' }).click();
        await panel
          .getByText(
            `Rows 51–${createCount} of ${createCount}, page 2 of ${Math.ceil(createCount / 50)}`,
          )
          .waitFor();
        assert.equal(await plan.locator('tbody tr').count(), createCount - 50);
        assert.equal(await panel.getByRole('button', { name: 'Next page' }).isDisabled(), true);
        await panel.getByRole('button', { name: 'Previous page' }).click();
        await panel.getByText(`Rows 1–50 of ${createCount}`).waitFor();

        // Export the changes shown (the creates) as a CSV file.
        await panel.getByRole('button', { name: 'Export the creates (CSV)' }).click();
        await panel.getByText(`${createCount} changes ready.`).waitFor();
        const download = panel.locator('.plan-export a');
        assert.match(
          String(await download.getAttribute('download')),
          /^okta-sync-reconciliation_.+_create\.csv$/,
        );
        const csv = decodeURIComponent(
          String(await download.getAttribute('href')).replace(/^data:text\/csv;charset=utf-8,/, ''),
        );
        assert.match(csv, /missed\.customer\.59@acme-missed\.test/);
        await assertAccessible(page, 'plan export ready', t);

        // Apply asks first, stating the counts.
        await panel.getByRole('button', { name: 'Apply plan' }).click();
        const confirm = page.getByRole('alertdialog', { name: 'Apply the reconciliation plan' });
        await confirm
          .getByText(
            new RegExp(
              `^Apply the plan to Salesforce\\? ${createCount} Contacts will be created, \\d+ updated and \\d+ linked`,
            ),
          )
          .waitFor();
        await assertAccessible(page, 'apply confirmation', t);
        await confirm.getByRole('button', { name: 'Cancel' }).click();
      },
      t,
    );
  });
  it('7. A failed job names its user; the guard holds deactivations: Health says how many, names the users on demand, and Sales Ops confirms them', async (t) => {
    /** The companion's API, as Salesforce calls it. */
    const companionApi = async (/** @type {string} */ path) => {
      const res = await fetch(`${world.world.companionUrl}/api/v1/${path}`, {
        headers: { authorization: `Bearer ${world.world.apiSecret}` },
      });
      assert.equal(res.status, 200, `${path} answers`);
      return /** @type {any} */ (await res.json());
    };
    const contacts = await activeLinkedContacts();
    assert.ok(contacts.length >= 8, 'the seed has enough active linked Contacts');
    const leaving = contacts.slice(-4);
    const failing = /** @type {any} */ (contacts.at(-5));
    const failingUser = world.sandbox.okta.state.findUser(failing.Okta_User_Id__c);

    // Salesforce refuses Contact updates while a profile changes in Okta: the change fails both
    // its attempts and is kept as a failed job.
    world.sandbox.salesforce.faults.add({
      route: 'PATCH composite/sobjects*',
      error: 'SERVER_UNAVAILABLE',
    });
    world.sandbox.okta.updateUserDirect(failing.Okta_User_Id__c, { title: 'Escalations Lead' });
    await eventually(async () => (await companionApi('dead-letters')).items.length > 0);
    world.sandbox.salesforce.faults.clear();

    await inPage(
      '/setup',
      async (page) => {
        // Sales Ops lowers the guard's floor, so that a handful of deactivations trips it.
        await page.getByRole('tab', { name: 'Settings' }).click();
        const settings = page.getByRole('tabpanel', { name: 'Settings' });
        await settings
          .getByRole('spinbutton', { name: 'Guard applies above this many deactivations' })
          .fill('2');
        await settings.getByRole('button', { name: 'Save', exact: true }).click();
        await page.getByRole('status').filter({ hasText: 'Settings saved' }).waitFor();
        await eventually(async () => (await companionApi('health')).guard.threshold === 2);

        // Four users leave in Okta at once: two are deactivated, two are held.
        for (const contact of leaving) {
          world.sandbox.okta.setUserStatus(contact.Okta_User_Id__c, 'DEPROVISIONED');
        }
        const guard = await eventually(async () => {
          const view = (await companionApi('health')).guard;
          return view.tripped && view.held === 2 && view;
        });
        await page.getByRole('tab', { name: 'Health' }).click();
        const health = page.getByRole('tabpanel', { name: 'Health' });
        await health.getByRole('button', { name: 'Refresh health and failed jobs' }).click();
        await health
          .getByText(
            `The blast-radius guard is holding 2 deactivations (limit 2 in ${guard.windowMinutes} minutes).`,
            { exact: false },
          )
          .waitFor();
        await health.getByRole('button', { name: 'Show the 2 held deactivations' }).click();
        const held = health.getByRole('list', { name: 'Held deactivations' });
        const heldText = (await held.innerText()).replace(/\s+/g, ' ');
        const heldUsers = (await companionApi('guard/held')).items.map(
          (/** @type {any} */ item) => item.user,
        );
        for (const user of heldUsers) {
          assert.ok(heldText.includes(`${user.name} (${user.login})`), `${user.login} is named`);
        }
        assert.match(heldText, /queued [A-Z][a-z]{2} \d{2}, \d{4}, \d{2}:\d{2}:\d{2} (AM|PM) UTC/);

        // The failed job names its user and login, with the full failure time.
        const failedRow = health
          .locator('lightning-datatable.dead-letters')
          .getByRole('row')
          .filter({ hasText: failingUser.profile.login });
        const failedText = (await failedRow.innerText()).replace(/\s+/g, ' ');
        assert.ok(
          failedText.includes(
            `${failingUser.profile.firstName} ${failingUser.profile.lastName} (${failingUser.profile.login})`,
          ),
          failedText,
        );
        assert.match(failedText, /\d{2}:\d{2}:\d{2} (AM|PM) UTC/);
        await assertNothingTruncated(
          page.locator('c-okta-sync-health lightning-datatable.dead-letters th .slds-truncate'),
        );

        await assertAccessible(
          page,
          'health with a failed job and the guard holding deactivations',
          t,
        );
        await screenshot(page, 'setup-health-guard');

        // Salesforce is back: the failed job is replayed and applied.
        await failedRow.getByRole('button', { name: 'Replay' }).click();
        await page.getByRole('status').filter({ hasText: 'Job queued again' }).waitFor();
        await eventually(async () => {
          const [record] = await org.query(
            `SELECT Title FROM Contact WHERE Id = ${soqlString(failing.Id)}`,
          );
          // Upper-case once journey 1 has saved that transform.
          return String(record?.Title ?? '').toUpperCase() === 'ESCALATIONS LEAD';
        });

        // Confirmed: the held deactivations go ahead.
        await health.getByRole('button', { name: 'Confirm held deactivations' }).click();
        await page
          .getByRole('alertdialog', { name: 'Confirm held deactivations' })
          .getByRole('button', { name: 'OK' })
          .click();
        await page
          .getByRole('status')
          .filter({ hasText: 'Held deactivations confirmed' })
          .waitFor();
        await eventually(async () => (await companionApi('health')).guard.held === 0);
        for (const contact of leaving) {
          await eventually(async () => {
            const [record] = await org.query(
              `SELECT Okta_Status__c FROM Contact WHERE Id = ${soqlString(contact.Id)}`,
            );
            return record?.Okta_Status__c === 'DEPROVISIONED';
          });
        }
      },
      t,
    );
  });
});
