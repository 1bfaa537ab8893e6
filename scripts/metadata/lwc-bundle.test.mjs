import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { problemsOf } from './fixture-project.mjs';

describe('lwc-bundle rule', () => {
  it('reports a bundle without configuration file and invalid targets', () => {
    assert.deepEqual(problemsOf('broken-lwc-bundle', ['lwc-bundle']), [
      {
        file: 'force-app/main/default/lwc/badTargets/badTargets.js-meta.xml',
        line: 7,
        element: 'target',
        message: 'lightning__Page is not a Lightning web component target',
      },
      {
        file: 'force-app/main/default/lwc/badTargets/badTargets.js-meta.xml',
        line: 10,
        element: 'targetConfig',
        message: 'targets lightning__HomePage, which is not listed in <targets>',
      },
      {
        file: 'force-app/main/default/lwc/badTargets/badTargets.js-meta.xml',
        line: 12,
        element: 'object',
        message: 'object Widget__c is not defined in the project',
      },
      {
        file: 'force-app/main/default/lwc/noExposed/noExposed.js-meta.xml',
        element: 'isExposed',
        message: 'required (true or false)',
      },
      {
        file: 'force-app/main/default/lwc/noMeta/noMeta.js-meta.xml',
        element: 'noMeta',
        message: 'bundle noMeta has no noMeta.js-meta.xml',
      },
    ]);
  });

  it('finds nothing wrong in the good project', () => {
    assert.deepEqual(problemsOf('good', ['lwc-bundle']), []);
  });
});
