import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { problemsOf } from './fixture-project.mjs';

describe('custom-field rule', () => {
  it('reports each field whose elements do not fit its type', () => {
    assert.deepEqual(problemsOf('broken-custom-field', ['custom-field']), [
      {
        file: 'force-app/main/default/objects/Rate__mdt/fields/Code__c.field-meta.xml',
        element: 'fieldManageability',
        message:
          'required on custom metadata fields; one of DeveloperControlled, SubscriberControlled, Locked',
      },
      {
        file: 'force-app/main/default/objects/Rate__mdt/fields/Price__c.field-meta.xml',
        line: 8,
        element: 'type',
        message: 'custom metadata types do not support Currency fields',
      },
      {
        file: 'force-app/main/default/objects/Thing__c/fields/Amount__c.field-meta.xml',
        line: 6,
        element: 'scale',
        message: '6 must be between 0 and the precision (5)',
      },
      {
        file: 'force-app/main/default/objects/Thing__c/fields/Bad_Type__c.field-meta.xml',
        line: 5,
        element: 'type',
        message: 'String is not a field type',
      },
      {
        file: 'force-app/main/default/objects/Thing__c/fields/Ext_Flag__c.field-meta.xml',
        line: 6,
        element: 'externalId',
        message: 'only AutoNumber, Email, Number, Text fields can be External IDs',
      },
      {
        file: 'force-app/main/default/objects/Thing__c/fields/Flag__c.field-meta.xml',
        element: 'defaultValue',
        message: 'a Checkbox needs defaultValue true or false',
      },
      {
        file: 'force-app/main/default/objects/Thing__c/fields/Kind__c.field-meta.xml',
        line: 5,
        element: 'valueSet',
        message: 'needs at least one value',
      },
      {
        file: 'force-app/main/default/objects/Thing__c/fields/No_Length__c.field-meta.xml',
        element: 'length',
        message: 'required for Text (1–255)',
      },
      {
        file: 'force-app/main/default/objects/Thing__c/fields/Notes__c.field-meta.xml',
        line: 5,
        element: 'length',
        message: '100 is outside 256–131072 for LongTextArea',
      },
      {
        file: 'force-app/main/default/objects/Thing__c/fields/Owner_Ref__c.field-meta.xml',
        element: 'relationshipName',
        message: 'required for Lookup',
      },
      {
        file: 'force-app/main/default/objects/Thing__c/fields/Owner_Ref__c.field-meta.xml',
        line: 5,
        element: 'deleteConstraint',
        message:
          'Cascade on a Lookup needs a feature Salesforce support must enable; use SetNull or Restrict',
      },
      {
        file: 'force-app/main/default/objects/Thing__c/fields/Renamed__c.field-meta.xml',
        line: 3,
        element: 'fullName',
        message: 'must equal the file name Renamed__c (found Other__c)',
      },
      {
        file: 'force-app/main/default/objects/Thing__c/fields/Too_Long__c.field-meta.xml',
        line: 5,
        element: 'length',
        message: '300 is outside 1–255 for Text',
      },
      {
        file: 'force-app/main/default/objects/Thing__c/fields/When__c.field-meta.xml',
        line: 5,
        element: 'length',
        message: 'a Date field takes no length',
      },
    ]);
  });

  it('finds nothing wrong in the good project', () => {
    assert.deepEqual(problemsOf('good', ['custom-field']), []);
  });
});
