import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { problemsOf } from './fixture-project.mjs';

describe('xml-well-formed rule', () => {
  it('reports malformed XML, a missing namespace and a root element that does not match the suffix', () => {
    assert.deepEqual(problemsOf('broken-xml', ['xml-well-formed']), [
      {
        file: 'force-app/main/default/classes/Plain.cls-meta.xml',
        line: 2,
        element: 'ApexClass',
        message: 'root element has no xmlns="http://soap.sforce.com/2006/04/metadata"',
      },
      {
        file: 'force-app/main/default/objects/Thing__c/fields/Size__c.field-meta.xml',
        line: 6,
        element: 'xml',
        message:
          "malformed XML: Expected closing tag 'CustomField' (opened in line 2, col 1) instead of closing tag 'CustomFeld'.",
      },
      {
        file: 'force-app/main/default/tabs/Thing__c.tab-meta.xml',
        element: 'CustomObject',
        message: 'a .tab-meta.xml file must have the root element CustomTab',
      },
    ]);
  });

  it('finds nothing wrong in the good project', () => {
    assert.deepEqual(problemsOf('good', ['xml-well-formed']), []);
  });
});
