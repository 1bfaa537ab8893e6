import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { problemsOf } from './fixture-project.mjs';

describe('custom-tab rule', () => {
  it('reports tabs pointing at objects or pages that do not exist', () => {
    assert.deepEqual(problemsOf('broken-custom-tab', ['custom-tab']), [
      {
        file: 'force-app/main/default/tabs/Setup_Page.tab-meta.xml',
        element: 'motif',
        message: 'required (for example Custom57: Building Block)',
      },
      {
        file: 'force-app/main/default/tabs/Setup_Page.tab-meta.xml',
        line: 3,
        element: 'flexiPage',
        message: 'FlexiPage Missing_Page does not exist',
      },
      {
        file: 'force-app/main/default/tabs/Widget__c.tab-meta.xml',
        line: 3,
        element: 'customObject',
        message: "custom object Widget__c (the tab's name) does not exist",
      },
    ]);
  });

  it('finds nothing wrong in the good project', () => {
    assert.deepEqual(problemsOf('good', ['custom-tab']), []);
  });
});
