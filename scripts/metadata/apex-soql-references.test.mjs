import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { problemsOf } from './fixture-project.mjs';

describe('apex-soql-references rule', () => {
  it('reports SOQL and tokens naming missing objects, fields and relationships', () => {
    assert.deepEqual(problemsOf('broken-apex-soql-references', ['apex-soql-references']), [
      {
        file: 'force-app/main/default/classes/ThingQueries.cls',
        line: 3,
        element: 'Thing__c: Size__c',
        message: 'Thing__c has no field Size__c',
      },
      {
        file: 'force-app/main/default/classes/ThingQueries.cls',
        line: 4,
        element: 'FROM Widget__c',
        message: 'object Widget__c is not defined in the project',
      },
      {
        file: 'force-app/main/default/classes/ThingQueries.cls',
        line: 6,
        element: 'Contact: Account.Region__c',
        message: 'Account has no field Region__c',
      },
      {
        file: 'force-app/main/default/classes/ThingQueries.cls',
        line: 6,
        element: 'Contact: Manager__r.Name',
        message: 'Contact has no relationship Manager__r',
      },
      {
        file: 'force-app/main/default/classes/ThingQueries.cls',
        line: 10,
        element: 'Contact: Okta_Status__c',
        message: 'Contact has no field Okta_Status__c',
      },
      {
        file: 'force-app/main/default/classes/ThingQueries.cls',
        line: 8,
        element: 'FROM Gadgets__r',
        message: 'Contact has no child relationship Gadgets__r',
      },
      {
        file: 'force-app/main/default/classes/ThingQueries.cls',
        line: 13,
        element: 'Schema.SObjectType.Thing__c.fields.Colour__c',
        message: 'Thing__c has no field Colour__c',
      },
      {
        file: 'force-app/main/default/classes/ThingQueries.cls',
        line: 14,
        element: 'Thing__c.Weight__c',
        message: 'Thing__c has no field Weight__c',
      },
    ]);
  });

  it('finds nothing wrong in the good project', () => {
    assert.deepEqual(problemsOf('good', ['apex-soql-references']), []);
  });
});
