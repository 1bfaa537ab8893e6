import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { problemsOf } from './fixture-project.mjs';

describe('apex-conventions rule', () => {
  it('reports missing meta files, undeclared sharing and queries not in user mode', () => {
    assert.deepEqual(problemsOf('broken-apex-conventions', ['apex-conventions']), [
      {
        file: 'force-app/main/default/classes/Elevated.cls',
        line: 1,
        element: 'Elevated',
        message: '"without sharing" needs a comment that says why',
      },
      {
        file: 'force-app/main/default/classes/Elevated.cls',
        line: 3,
        element: 'SELECT … FROM Account',
        message: 'SOQL must run WITH USER_MODE (found SYSTEM_MODE)',
      },
      {
        file: 'force-app/main/default/classes/Misnamed.cls',
        line: 1,
        element: 'SomethingElse',
        message: 'the class must be named Misnamed like its file',
      },
      {
        file: 'force-app/main/default/classes/NoMeta.cls',
        element: 'NoMeta.cls',
        message: 'NoMeta.cls-meta.xml is missing',
      },
      {
        file: 'force-app/main/default/classes/NoSharing.cls',
        line: 1,
        element: 'NoSharing',
        message:
          'declare "with sharing" or "inherited sharing" (or justify the choice in a comment that mentions sharing)',
      },
      {
        file: 'force-app/main/default/classes/NoSharing.cls',
        line: 3,
        element: 'SELECT … FROM Account',
        message: 'SOQL must run WITH USER_MODE (found no access mode)',
      },
      {
        file: 'force-app/main/default/classes/NoSharing.cls',
        line: 7,
        element: 'Database.query',
        message: 'dynamic SOQL must pass AccessLevel.USER_MODE',
      },
    ]);
  });

  it('finds nothing wrong in the good project', () => {
    assert.deepEqual(problemsOf('good', ['apex-conventions']), []);
  });
});
