import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { problemsOf } from './fixture-project.mjs';

describe('custom-metadata-record rule', () => {
  it('reports unknown types and fields, mistyped values and missing required values', () => {
    assert.deepEqual(problemsOf('broken-custom-metadata-record', ['custom-metadata-record']), [
      {
        file: 'force-app/main/default/customMetadata/Nothing.Record.md-meta.xml',
        element: 'Nothing__mdt',
        message: 'custom metadata type Nothing__mdt is not defined in the project',
      },
      {
        file: 'force-app/main/default/customMetadata/Rule.Broken.md-meta.xml',
        line: 6,
        element: 'Active__c',
        message: 'a Checkbox value needs xsi:type="xsd:boolean" (found xsd:string)',
      },
      {
        file: 'force-app/main/default/customMetadata/Rule.Broken.md-meta.xml',
        line: 10,
        element: 'Weight__c',
        message: '1.25 has more than 1 decimal places',
      },
      {
        file: 'force-app/main/default/customMetadata/Rule.Broken.md-meta.xml',
        line: 14,
        element: 'Group_Id__c',
        message: "longer than the field's length 5",
      },
      {
        file: 'force-app/main/default/customMetadata/Rule.Broken.md-meta.xml',
        line: 18,
        element: 'Missing__c',
        message: 'Rule__mdt has no field Missing__c',
      },
      {
        file: 'force-app/main/default/customMetadata/Rule.Broken.md-meta.xml',
        element: 'Kind__c',
        message: 'required field has no value',
      },
      {
        file: 'force-app/main/default/customMetadata/Rule.Wrong_Kind.md-meta.xml',
        line: 6,
        element: 'Kind__c',
        message: 'TEAM is not a value of the picklist (GROUP)',
      },
    ]);
  });

  it('finds nothing wrong in the good project', () => {
    assert.deepEqual(problemsOf('good', ['custom-metadata-record']), []);
  });
});
