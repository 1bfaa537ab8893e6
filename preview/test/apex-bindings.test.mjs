import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { APEX_BINDINGS } from '../server/apex-bindings.mjs';
import { APEX_DIR } from '../server/repo-paths.mjs';
import { auraEnabledMethods } from './apex-signatures.mjs';

describe('the Apex binding table', () => {
  const methods = auraEnabledMethods(APEX_DIR);

  it('finds the @AuraEnabled methods of the controllers', () => {
    assert.ok(methods.length >= 20, `found ${methods.length}`);
    assert.deepEqual(
      methods.find((m) => m.name === 'OktaCaseAccessController.grantAccess')?.params,
      ['caseId', 'groupId', 'hours', 'reason'],
    );
  });

  it('binds every @AuraEnabled Apex method, with the parameters of its Apex signature', () => {
    const missing = methods.filter((m) => !Object.hasOwn(APEX_BINDINGS, m.name)).map((m) => m.name);
    assert.deepEqual(
      missing,
      [],
      'Apex methods the preview cannot call: add them to preview/server/apex-bindings.mjs',
    );
    for (const method of methods) {
      assert.deepEqual(
        APEX_BINDINGS[method.name]?.params,
        method.params,
        `parameters of ${method.name}`,
      );
    }
  });

  it('binds nothing that Apex does not declare', () => {
    const declared = new Set(methods.map((m) => m.name));
    assert.deepEqual(
      Object.keys(APEX_BINDINGS).filter((name) => !declared.has(name)),
      [],
      'bindings of methods that are gone or not @AuraEnabled',
    );
  });

  it('would notice a new @AuraEnabled method', () => {
    const dir = mkdtempSync(join(tmpdir(), 'apex-'));
    try {
      writeFileSync(
        join(dir, 'NewController.cls'),
        'public with sharing class NewController {\n  @AuraEnabled(cacheable=true)\n  public static String hello(Id recordId, String name) { return name; }\n  public static String notExposed() { return null; }\n}\n',
      );
      assert.deepEqual(auraEnabledMethods(dir), [
        { name: 'NewController.hello', params: ['recordId', 'name'] },
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
