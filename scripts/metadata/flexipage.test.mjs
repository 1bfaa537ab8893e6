import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { problemsOf } from './fixture-project.mjs';

describe('flexipage rule', () => {
  it('reports bad types, a record page without object, and unusable components', () => {
    assert.deepEqual(problemsOf('broken-flexipage', ['flexipage']), [
      {
        file: 'force-app/main/default/flexipages/Broken_Record.flexipage-meta.xml',
        element: 'sobjectType',
        message: 'required for a RecordPage',
      },
      {
        file: 'force-app/main/default/flexipages/Broken_Record.flexipage-meta.xml',
        line: 6,
        element: 'componentName',
        message: 'Lightning web component missingThing does not exist in lwc/',
      },
      {
        file: 'force-app/main/default/flexipages/Broken_Record.flexipage-meta.xml',
        line: 12,
        element: 'componentName',
        message: 'hidden is not exposed (isExposed false)',
      },
      {
        file: 'force-app/main/default/flexipages/Broken_Record.flexipage-meta.xml',
        line: 18,
        element: 'componentName',
        message: 'appOnly is placed on a RecordPage but lacks the target lightning__RecordPage',
      },
      {
        file: 'force-app/main/default/flexipages/Broken_Type.flexipage-meta.xml',
        line: 7,
        element: 'type',
        message: 'RecordHome is not a FlexiPage type',
      },
    ]);
  });

  it('finds nothing wrong in the good project', () => {
    assert.deepEqual(problemsOf('good', ['flexipage']), []);
  });
});
