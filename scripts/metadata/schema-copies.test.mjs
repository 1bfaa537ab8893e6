// The configuration schema has one source, the force-app XML: the copies of its picklists in the
// companion and in the mapping editor must list exactly the values the XML declares, so a value
// added in one place only fails here.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { parseMetadataXml, list, text } from './xml-document.mjs';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const FIELDS = 'force-app/main/default/objects/Okta_Field_Mapping__mdt/fields';

/** @param {string} field */
function xmlPicklist(field) {
  const parsed = parseMetadataXml(
    readFileSync(path.join(ROOT, FIELDS, `${field}.field-meta.xml`), 'utf8'),
  );
  if (!parsed.ok) throw new Error(`${field}: ${parsed.message}`);
  return list(parsed.root.valueSet?.valueSetDefinition?.value).map((v) => text(v.fullName));
}

/**
 * The string values of `export const NAME = [ ... ]` in a source file.
 * @param {string} file
 * @param {string} name
 */
export function exportedList(file, name) {
  const source = readFileSync(path.join(ROOT, file), 'utf8');
  const match = new RegExp(`export const ${name}\\s*=\\s*\\[([^\\]]*)\\]`).exec(source);
  if (!match) throw new Error(`${file} has no export const ${name} = [...]`);
  return [...(match[1] ?? '').matchAll(/'([^']*)'|"([^"]*)"/g)].map((m) => m[1] ?? m[2]);
}

const COPIES = [
  'companion/src/mapping/types.ts',
  'force-app/main/default/lwc/oktaMappingEditor/mappingRules.js',
];

const PICKLISTS = [
  { field: 'Direction__c', constant: 'DIRECTIONS' },
  { field: 'Transform__c', constant: 'TRANSFORMS' },
  { field: 'Source_Of_Truth__c', constant: 'SOURCES_OF_TRUTH' },
];

describe('configuration schema copies', () => {
  for (const { field, constant } of PICKLISTS) {
    for (const copy of COPIES) {
      it(`${copy} ${constant} lists the values of Okta_Field_Mapping__mdt.${field}`, () => {
        assert.deepEqual([...exportedList(copy, constant)].sort(), [...xmlPicklist(field)].sort());
      });
    }
  }

  it('reads a list the way the copies declare it', () => {
    assert.deepEqual(exportedList('companion/src/mapping/types.ts', 'SOURCES_OF_TRUTH'), [
      'OKTA',
      'SALESFORCE',
    ]);
  });
});
