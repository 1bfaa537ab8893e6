import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { problemsOf } from './fixture-project.mjs';

describe('permission-set rule', () => {
  it('reports grants a deploy would reject', () => {
    assert.deepEqual(problemsOf('broken-permission-set', ['permission-set']), [
      {
        file: 'force-app/main/default/permissionsets/Broken_Access.permissionset-meta.xml',
        element: 'label',
        message: 'required',
      },
      {
        file: 'force-app/main/default/permissionsets/Broken_Access.permissionset-meta.xml',
        line: 9,
        element: 'fieldPermissions[Thing__c.Code__c]',
        message: 'required fields take no field permissions (a deploy rejects them)',
      },
      {
        file: 'force-app/main/default/permissionsets/Broken_Access.permissionset-meta.xml',
        line: 14,
        element: 'fieldPermissions[Thing__c.Note__c]',
        message: 'editable true needs readable true',
      },
      {
        file: 'force-app/main/default/permissionsets/Broken_Access.permissionset-meta.xml',
        line: 19,
        element: 'fieldPermissions[Thing__c.Gone__c]',
        message: 'Thing__c has no field Gone__c',
      },
      {
        file: 'force-app/main/default/permissionsets/Broken_Access.permissionset-meta.xml',
        line: 24,
        element: 'fieldPermissions[Rule__mdt.Active__c]',
        message:
          'custom metadata fields take no field permissions (grant customMetadataTypeAccesses)',
      },
      {
        file: 'force-app/main/default/permissionsets/Broken_Access.permissionset-meta.xml',
        line: 33,
        element: 'objectPermissions[Thing__c]',
        message: 'allowEdit needs allowRead',
      },
      {
        file: 'force-app/main/default/permissionsets/Broken_Access.permissionset-meta.xml',
        line: 42,
        element: 'objectPermissions[Widget__c]',
        message: 'object Widget__c is not defined in the project',
      },
      {
        file: 'force-app/main/default/permissionsets/Broken_Access.permissionset-meta.xml',
        line: 46,
        element: 'tabSettings[Thing__c]',
        message: 'tab Thing__c does not exist (no tab file, and not standard-<Object>)',
      },
      {
        file: 'force-app/main/default/permissionsets/Broken_Access.permissionset-meta.xml',
        line: 46,
        element: 'tabSettings[Thing__c]',
        message: 'visibility Shown is not one of None, Available, Visible',
      },
      {
        file: 'force-app/main/default/permissionsets/Broken_Access.permissionset-meta.xml',
        line: 4,
        element: 'classAccesses[MissingController]',
        message: 'Apex class MissingController does not exist in classes/',
      },
    ]);
  });

  it('finds nothing wrong in the good project', () => {
    assert.deepEqual(problemsOf('good', ['permission-set']), []);
  });
});
