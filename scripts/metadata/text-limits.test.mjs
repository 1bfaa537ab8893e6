import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { problemsOf } from './fixture-project.mjs';
import { TEXT_LIMITS } from './rules/text-limits.mjs';

describe('text-limits rule', () => {
  it('reports every text element longer than its metadata type allows', () => {
    assert.deepEqual(problemsOf('broken-text-limits', ['text-limits']), [
      {
        file: 'force-app/main/default/customMetadata/Rule.Long_Label.md-meta.xml',
        line: 3,
        element: 'label',
        message: '45 characters, over the 40 allowed',
      },
      {
        file: 'force-app/main/default/namedCredentials/Long_Endpoint.namedCredential-meta.xml',
        line: 4,
        element: 'label',
        message: '89 characters, over the 80 allowed',
      },
      {
        file: 'force-app/main/default/namedCredentials/Long_Endpoint.namedCredential-meta.xml',
        line: 3,
        element: 'description',
        message: '300 characters, over the 255 allowed',
      },
      {
        file: 'force-app/main/default/notificationtypes/Long_Alert.notiftype-meta.xml',
        line: 4,
        element: 'description',
        message: '300 characters, over the 255 allowed',
      },
      {
        file: 'force-app/main/default/notificationtypes/Long_Alert.notiftype-meta.xml',
        line: 6,
        element: 'masterLabel',
        message: '89 characters, over the 80 allowed',
      },
      {
        file: 'force-app/main/default/objects/Thing__c/fields/Kind__c.field-meta.xml',
        line: 4,
        element: 'label',
        message: 'must be one line',
      },
      {
        file: 'force-app/main/default/objects/Thing__c/fields/Kind__c.field-meta.xml',
        line: 19,
        element: 'valueSet.valueSetDefinition.value.label',
        message: '300 characters, over the 255 allowed',
      },
      {
        file: 'force-app/main/default/objects/Thing__c/fields/Note__c.field-meta.xml',
        line: 6,
        element: 'label',
        message: '45 characters, over the 40 allowed',
      },
      {
        file: 'force-app/main/default/objects/Thing__c/fields/Note__c.field-meta.xml',
        line: 4,
        element: 'description',
        message: '1001 characters, over the 1000 allowed',
      },
      {
        file: 'force-app/main/default/objects/Thing__c/fields/Note__c.field-meta.xml',
        line: 5,
        element: 'inlineHelpText',
        message: '511 characters, over the 510 allowed',
      },
      {
        file: 'force-app/main/default/objects/Thing__c/Thing__c.object-meta.xml',
        line: 10,
        element: 'pluralLabel',
        message: '45 characters, over the 40 allowed',
      },
      {
        file: 'force-app/main/default/permissionsets/Long_Text.permissionset-meta.xml',
        line: 3,
        element: 'description',
        message: '300 characters, over the 255 allowed',
      },
      {
        file: 'force-app/main/default/permissionsets/Long_Text.permissionset-meta.xml',
        line: 5,
        element: 'label',
        message: '89 characters, over the 80 allowed',
      },
    ]);
  });

  it('cites a source for every limit', () => {
    for (const [type, limits] of TEXT_LIMITS) {
      for (const limit of limits)
        assert.match(limit.source, /^https:\/\//, `${type}.${limit.element}`);
    }
  });

  it('finds nothing wrong in the good project', () => {
    assert.deepEqual(problemsOf('good', ['text-limits']), []);
  });
});
