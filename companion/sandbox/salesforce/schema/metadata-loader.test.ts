import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURE_FORCE_APP, must } from '../__fixtures__/fixture-org.js';
import { findForceAppDir, loadForceAppMetadata } from './metadata-loader.js';
import { loadSchema } from './registry.js';

describe('loadForceAppMetadata', () => {
  it('reads custom objects, fields on standard objects, custom metadata and events', () => {
    const { objects, customMetadata } = loadForceAppMetadata(FIXTURE_FORCE_APP);
    const log = must(objects.find((o) => o.name === 'Okta_Sync_Log__c'));
    expect(log).toMatchObject({
      kind: 'custom',
      declared: true,
      label: 'Okta Sync Log',
      labelPlural: 'Okta Sync Logs',
    });
    expect(log.nameField).toMatchObject({ autoNumber: true, displayFormat: 'SL-{00000000}' });
    expect(log.fields['Event_Id__c']).toMatchObject({
      type: 'string',
      length: 255,
      externalId: true,
      unique: true,
      caseSensitive: true,
    });
    expect(log.fields['Contact__c']).toMatchObject({
      type: 'reference',
      referenceTo: ['Contact'],
      relationshipName: 'Contact__r',
      childRelationshipName: 'Okta_Sync_Logs__r',
    });
    expect(log.fields['Field_Changes__c']).toMatchObject({ type: 'textarea', length: 131072 });
    expect(log.fields['Attempts__c']).toMatchObject({ type: 'int', precision: 4, scale: 0 });
    expect(log.fields['Status__c']).toMatchObject({
      type: 'picklist',
      restricted: true,
      values: ['SUCCESS', 'FAILED', 'RETRYING'],
    });
    expect(objects.find((o) => o.name === 'Contact')).toMatchObject({
      kind: 'standard',
      declared: false,
    });
    expect(objects.find((o) => o.name === 'Okta_Config_Changed__e')).toMatchObject({
      kind: 'event',
    });
    expect(customMetadata).toContainEqual({
      type: 'Okta_Field_Mapping__mdt',
      developerName: 'Contact_Phone',
      label: 'Contact_Phone label',
      values: {
        Direction__c: 'BOTH',
        Salesforce_Field__c: 'Phone',
        Active__c: false,
        Match_Priority__c: null,
      },
    });
  });

  it('merges the tree into the standard schema with system fields and key prefixes', () => {
    const { registry } = loadSchema(FIXTURE_FORCE_APP);
    const contact = must(registry.get('contact'));
    expect(contact.fieldsByLowerName.get('okta_user_id__c')?.externalId).toBe(true);
    expect(contact.fieldsByLowerName.get('lastname')?.required).toBe(true);
    const mdt = must(registry.get('Okta_Field_Mapping__mdt'));
    expect(mdt.keyPrefix).toMatch(/^m0/);
    expect(mdt.fields.map((f) => f.name)).toEqual(
      expect.arrayContaining(['DeveloperName', 'MasterLabel', 'QualifiedApiName', 'Direction__c']),
    );
    expect(must(registry.get('Okta_Sync_Log__c')).fields.map((f) => f.name)).toEqual(
      expect.arrayContaining(['Id', 'OwnerId', 'Name', 'CreatedDate', 'IsDeleted']),
    );
    expect(registry.byKeyPrefix('003')?.name).toBe('Contact');
  });

  it("loads the repository's own force-app tree when it has objects", () => {
    const dir = findForceAppDir();
    if (!dir || !existsSync(join(dir, 'objects'))) return;
    const { registry, customMetadata } = loadSchema(dir);
    for (const record of customMetadata) {
      const def = registry.get(record.type);
      expect(def, record.type).toBeDefined();
      for (const field of Object.keys(record.values)) {
        expect(
          must(def).fieldsByLowerName.has(field.toLowerCase()),
          `${record.type}.${field}`,
        ).toBe(true);
      }
    }
  });
});
