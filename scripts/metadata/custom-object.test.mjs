import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { problemsOf } from './fixture-project.mjs';

describe('custom-object rule', () => {
  it('reports missing and invalid elements of objects, metadata types, events and list views', () => {
    assert.deepEqual(problemsOf('broken-custom-object', ['custom-object']), [
      {
        file: 'force-app/main/default/objects/Orphan__c/fields/Note__c.field-meta.xml',
        element: 'Orphan__c',
        message: 'custom object has fields but no Orphan__c.object-meta.xml',
      },
      {
        file: 'force-app/main/default/objects/Bad_Event__e/Bad_Event__e.object-meta.xml',
        line: 4,
        element: 'eventType',
        message: 'Standard is not one of HighVolume, StandardVolume',
      },
      {
        file: 'force-app/main/default/objects/Bad_Log__c/Bad_Log__c.object-meta.xml',
        element: 'pluralLabel',
        message: 'required',
      },
      {
        file: 'force-app/main/default/objects/Bad_Log__c/Bad_Log__c.object-meta.xml',
        line: 9,
        element: 'sharingModel',
        message:
          'Public is not one of Private, Read, ReadSelect, ReadWrite, ReadWriteTransfer, FullAccess, ControlledByParent, ControlledByLeadOrContact, ControlledByCampaign',
      },
      {
        file: 'force-app/main/default/objects/Bad_Log__c/Bad_Log__c.object-meta.xml',
        line: 5,
        element: 'nameField',
        message: 'an AutoNumber name field needs a displayFormat with a {0…} counter',
      },
      {
        file: 'force-app/main/default/objects/Bad_Setting__mdt/Bad_Setting__mdt.object-meta.xml',
        element: 'visibility',
        message: 'required; one of PackageProtected, Protected, Public',
      },
      {
        file: 'force-app/main/default/objects/Bad_Log__c/listViews/Failures.listView-meta.xml',
        line: 7,
        element: 'Status__c',
        message: 'Bad_Log__c has no field Status__c',
      },
    ]);
  });

  it('finds nothing wrong in the good project', () => {
    assert.deepEqual(problemsOf('good', ['custom-object']), []);
  });
});
