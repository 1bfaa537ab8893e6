import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { problemsOf } from './fixture-project.mjs';

describe('field-level-security rule', () => {
  it('reports what the admin permission set does not grant', () => {
    assert.deepEqual(problemsOf('broken-field-level-security', ['field-level-security']), [
      {
        file: 'force-app/main/default/permissionsets/Okta_Sync_Admin.permissionset-meta.xml',
        element: 'customMetadataTypeAccesses[Rule__mdt]',
        message: 'Okta_Sync_Admin does not enable Rule__mdt',
      },
      {
        file: 'force-app/main/default/permissionsets/Okta_Sync_Admin.permissionset-meta.xml',
        element: 'objectPermissions[Thing__c]',
        message: 'Okta_Sync_Admin grants nothing on Thing__c',
      },
      {
        file: 'force-app/main/default/permissionsets/Okta_Sync_Admin.permissionset-meta.xml',
        element: 'fieldPermissions[Thing__c.Note__c]',
        message: 'Okta_Sync_Admin has no field permission for Thing__c.Note__c',
      },
      {
        file: 'force-app/main/default/permissionsets/Okta_Sync_Admin.permissionset-meta.xml',
        element: 'tabSettings[Thing__c]',
        message: 'Okta_Sync_Admin does not make tab Thing__c visible or available',
      },
    ]);
  });

  it('finds nothing wrong in the good project', () => {
    assert.deepEqual(problemsOf('good', ['field-level-security']), []);
  });
});
