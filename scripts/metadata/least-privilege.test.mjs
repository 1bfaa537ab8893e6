// The product's least-privilege policy over its own permission sets (docs/security.md).
// Okta_Access_Grant__c drives Okta group memberships: only the companion's integration user
// creates or edits it, so no Salesforce user can write a grant the companion would apply.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseMetadataXml } from './xml-document.mjs';

const DIR = 'force-app/main/default/permissionsets';
const INTEGRATION = 'Okta_Sync_Integration';
const GRANT = 'Okta_Access_Grant__c';

const asList = (value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

function permissionSets() {
  return readdirSync(DIR)
    .filter((file) => file.endsWith('.permissionset-meta.xml'))
    .map((file) => {
      const parsed = parseMetadataXml(readFileSync(join(DIR, file), 'utf8'));
      assert.ok(parsed.ok, `${file} parses`);
      return { name: file.replace('.permissionset-meta.xml', ''), root: parsed.root };
    });
}

const objectGrant = (root, object) =>
  asList(root.objectPermissions).find((p) => p.object === object);
const editableFields = (root, object) =>
  asList(root.fieldPermissions)
    .filter((p) => String(p.field).startsWith(`${object}.`) && p.editable === 'true')
    .map((p) => p.field);

describe('least privilege of the shipped permission sets', () => {
  const sets = permissionSets();

  it('finds the three permission sets', () => {
    assert.deepEqual(sets.map((s) => s.name).sort(), [
      'Okta_Sync_Admin',
      'Okta_Sync_Agent',
      INTEGRATION,
    ]);
  });

  for (const { name, root } of sets.filter((s) => s.name !== INTEGRATION)) {
    it(`${name} cannot create, edit or delete ${GRANT} records`, () => {
      const grant = objectGrant(root, GRANT);
      if (grant) {
        for (const flag of ['allowCreate', 'allowEdit', 'allowDelete', 'modifyAllRecords'])
          assert.equal(grant[flag], 'false', `${name} ${GRANT} ${flag}`);
      }
      assert.deepEqual(editableFields(root, GRANT), [], `${name} edits no ${GRANT} field`);
    });

    it(`${name} cannot create, edit or delete audit log entries`, () => {
      const log = objectGrant(root, 'Okta_Sync_Log__c');
      for (const flag of ['allowCreate', 'allowEdit', 'allowDelete', 'modifyAllRecords'])
        assert.notEqual(log?.[flag], 'true', `${name} Okta_Sync_Log__c ${flag}`);
      assert.deepEqual(editableFields(root, 'Okta_Sync_Log__c'), []);
    });

    it(`${name} cannot edit the Okta link of a Contact`, () => {
      const link = asList(root.fieldPermissions).find((p) => p.field === 'Contact.Okta_User_Id__c');
      assert.notEqual(link?.editable, 'true', `${name} edits Contact.Okta_User_Id__c`);
    });
  }

  it(`${INTEGRATION} creates and edits ${GRANT} but never deletes or sees all records`, () => {
    const root = sets.find((s) => s.name === INTEGRATION)?.root;
    const grant = objectGrant(root, GRANT);
    assert.equal(grant?.allowCreate, 'true');
    assert.equal(grant?.allowEdit, 'true');
    assert.equal(grant?.allowDelete, 'false');
    assert.equal(grant?.modifyAllRecords, 'false');
  });
});
