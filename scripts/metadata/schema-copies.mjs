// Reads the configuration schema from the force-app XML (the one source) and the lists that
// restate it in other languages, so a test can compare each copy with the XML. Each reader
// takes source text and returns what the copy declares; none of them runs the copy.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { analyseApexSource } from './apex-source.mjs';
import { list, parseMetadataXml, text } from './xml-document.mjs';

/**
 * @typedef {object} FieldSchema
 * @property {string} type    Text, Picklist, Number, Checkbox…
 * @property {string[]} values  picklist values in declared order (empty for other types)
 * @property {number | undefined} length
 * @typedef {Map<string, FieldSchema>} TypeSchema  custom fields by API name
 */

/**
 * The custom fields of one object as its force-app XML declares them.
 * @param {string} root repository root
 * @param {string} objectName e.g. Okta_Field_Mapping__mdt
 * @returns {TypeSchema}
 */
export function xmlSchema(root, objectName) {
  const dir = path.join(root, 'force-app/main/default/objects', objectName, 'fields');
  /** @type {TypeSchema} */
  const fields = new Map();
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.field-meta.xml'))
    .sort()) {
    const parsed = parseMetadataXml(readFileSync(path.join(dir, file), 'utf8'));
    if (!parsed.ok) throw new Error(`${objectName}/${file}: ${parsed.message}`);
    const field = parsed.root;
    const length = text(field.length);
    fields.set(text(field.fullName) ?? file.replace('.field-meta.xml', ''), {
      type: text(field.type) ?? '',
      values: list(field.valueSet?.valueSetDefinition?.value).map((v) => text(v.fullName) ?? ''),
      length: length === undefined ? undefined : Number(length),
    });
  }
  return fields;
}

/** @param {string} source @param {number} open index of an opening bracket */
function matchingClose(source, open) {
  const pairs = /** @type {Record<string, string>} */ ({ '{': '}', '[': ']', '(': ')' });
  const stack = [];
  for (let i = open; i < source.length; i++) {
    const c = source[i] ?? '';
    if (c === "'" || c === '"' || c === '`') {
      i = skipString(source, i);
      continue;
    }
    if (c === '/' && (source[i + 1] === '/' || source[i + 1] === '*')) {
      i = skipComment(source, i);
      continue;
    }
    if (c in pairs) stack.push(pairs[c]);
    else if (c === stack.at(-1)) {
      stack.pop();
      if (stack.length === 0) return i;
    }
  }
  throw new Error(`unbalanced bracket at ${open}`);
}

/** @param {string} source @param {number} start index of the opening slash of a comment */
function skipComment(source, start) {
  if (source[start + 1] === '/') {
    const end = source.indexOf('\n', start);
    return end < 0 ? source.length : end;
  }
  const end = source.indexOf('*/', start + 2);
  return end < 0 ? source.length : end + 1;
}

/** @param {string} source @param {number} start index of the opening quote */
function skipString(source, start) {
  const quote = source[start];
  for (let i = start + 1; i < source.length; i++) {
    if (source[i] === '\\') i++;
    else if (source[i] === quote) return i;
  }
  return source.length;
}

/**
 * The bracketed text that follows `after` (first `{`, `[` or `(` at or after it), brackets
 * included.
 * @param {string} source @param {RegExp | string} after
 */
export function blockAfter(source, after) {
  const found =
    typeof after === 'string'
      ? { index: source.indexOf(after), length: after.length }
      : (() => {
          const m = after.exec(source);
          return m ? { index: m.index, length: m[0].length } : { index: -1, length: 0 };
        })();
  if (found.index < 0) throw new Error(`${String(after)} not found`);
  const open = source.slice(found.index + found.length).search(/[{[(]/);
  if (open < 0) throw new Error(`no block after ${String(after)}`);
  const start = found.index + found.length + open;
  return source.slice(start, matchingClose(source, start) + 1);
}

/** The string literals of a text, in order. @param {string} block */
export function stringLiterals(block) {
  return [...block.matchAll(/'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1] ?? m[2]);
}

/**
 * The strings of `const NAME = [ ... ]` (exported or not, `as const` or not).
 * @param {string} source @param {string} name
 */
export function constList(source, name) {
  return stringLiterals(blockAfter(source, new RegExp(`const ${name}\\s*=\\s*`)));
}

/**
 * The top-level keys of `const NAME = { ... }` or of `NAME = z.object({ ... })`.
 * @param {string} source @param {string} name
 */
export function objectKeys(source, name) {
  const block = blockAfter(
    source,
    new RegExp(`const ${name}\\s*(?::[^=]*)?=\\s*(?:z\\.object\\()?`),
  );
  return topLevelKeys(block);
}

/**
 * Keys of the outermost object literal of a block: `key:` or `'key':` at depth one.
 * @param {string} block text starting with `{`
 */
export function topLevelKeys(block) {
  const keys = [];
  let depth = 0;
  let expectKey = false;
  for (let i = 0; i < block.length; i++) {
    const c = block[i] ?? '';
    if (c === "'" || c === '"' || c === '`') {
      const end = skipString(block, i);
      if (depth === 1 && expectKey && /^\s*:/.test(block.slice(end + 1))) {
        keys.push(block.slice(i + 1, end));
      }
      expectKey = false;
      i = end;
      continue;
    }
    if (c === '/' && (block[i + 1] === '/' || block[i + 1] === '*')) {
      i = skipComment(block, i);
      continue;
    }
    if (c === '{' || c === '[' || c === '(') {
      depth++;
      expectKey = depth === 1;
      continue;
    }
    if (c === '}' || c === ']' || c === ')') {
      depth--;
      continue;
    }
    if (depth === 1 && c === ',') {
      expectKey = true;
      continue;
    }
    if (depth === 1 && expectKey && /[A-Za-z_$]/.test(c)) {
      const m = /^[A-Za-z_$][\w$]*/.exec(block.slice(i));
      const word = m?.[0] ?? '';
      if (/^\s*:/.test(block.slice(i + word.length))) keys.push(word);
      expectKey = false;
      i += word.length - 1;
    }
  }
  return keys;
}

/**
 * The key → string value pairs of `const NAME = { key: 'value', … }`.
 * @param {string} source @param {string} name
 */
export function objectStrings(source, name) {
  const block = blockAfter(source, new RegExp(`const ${name}\\s*(?::[^=]*)?=\\s*`));
  return Object.fromEntries(
    [...block.matchAll(/['"]?([A-Za-z_$][\w$]*)['"]?\s*:\s*'((?:[^'\\]|\\.)*)'/g)].map((m) => [
      m[1],
      m[2],
    ]),
  );
}

/**
 * The field names a function body reads from `source.<Field>` (a row built from a record).
 * @param {string} body
 */
export function sourceFieldReads(body) {
  return [...new Set([...body.matchAll(/\bsource\.(\w+__c)\b/g)].map((m) => m[1] ?? ''))];
}

/**
 * The `__c` names in the SOQL text that ends with `FROM <objectName>` in a JavaScript source
 * (string pieces joined with + or held in a template literal).
 * @param {string} source @param {string} objectName
 */
export function jsSoqlFields(source, objectName) {
  const from = source.indexOf(`FROM ${objectName}`);
  if (from < 0) throw new Error(`no query FROM ${objectName}`);
  const select = source.lastIndexOf('SELECT', from);
  return [...source.slice(select, from).matchAll(/\b(\w+__c)\b/g)].map((m) => m[1] ?? '');
}

/**
 * The custom fields each inline SOQL query of an Apex class selects from `objectName`.
 * @param {string} source @param {string} objectName
 * @returns {string[][]} one list per query
 */
export function apexSoqlFields(source, objectName) {
  const { errors, queries } = analyseApexSource(source, 'class');
  if (errors.length) throw new Error(`Apex does not parse: ${errors[0]?.message}`);
  return queries
    .filter((q) => q.from.toLowerCase() === objectName.toLowerCase())
    .map((q) => q.fields.map((f) => f.path.join('.')).filter((name) => name.endsWith('__c')));
}

/**
 * The values of `Set<String> NAME = new Set<String>{ ... }` in Apex.
 * @param {string} source @param {string} name
 */
export function apexStringSet(source, name) {
  return stringLiterals(
    blockAfter(source, new RegExp(`Set<String> ${name}\\s*=\\s*new Set<String>`)),
  );
}

/**
 * The key → value pairs of `Map<String, String> NAME = new Map<String, String>{ 'k' => 'v' }`.
 * @param {string} source @param {string} name
 */
export function apexStringMap(source, name) {
  const block = blockAfter(
    source,
    new RegExp(`Map<String, String> ${name}\\s*=\\s*new Map<String, String>`),
  );
  return Object.fromEntries(
    [...block.matchAll(/'((?:[^'\\]|\\.)*)'\s*=>\s*'((?:[^'\\]|\\.)*)'/g)].map((m) => [m[1], m[2]]),
  );
}

/**
 * The keys of the `'Name' => value` pairs in a block of Apex (a map literal).
 * @param {string} block
 */
export function apexMapKeys(block) {
  return [...block.matchAll(/'(\w+)'\s*=>/g)].map((m) => m[1] ?? '');
}

/**
 * The public properties (`public Type name { get; set; }`) of a block of Apex.
 * @param {string} block
 */
export function apexProperties(block) {
  return [...block.matchAll(/public\s+[\w<>, ]+\s+(\w+)\s*\{\s*get;\s*set;\s*\}/g)].map(
    (m) => m[1] ?? '',
  );
}

/**
 * The picklist values a source compares a row's property with: `row.direction == 'BOTH'`,
 * `rule.ruleType !== 'X'`, `transform === 'TEMPLATE'`, in Apex or JavaScript.
 * @param {string} source
 * @param {readonly string[]} properties row properties that hold picklist values
 * @returns {{ property: string, value: string }[]}
 */
export function comparedValues(source, properties) {
  const names = properties.join('|');
  const pattern = new RegExp(
    `(?:\\b(?:row|rule|this\\.draft)\\.|\\b)(${names})\\s*(?:===|!==|==|!=)\\s*'([^']*)'`,
    'g',
  );
  return [...source.matchAll(pattern)].map((m) => ({ property: m[1] ?? '', value: m[2] ?? '' }));
}

/**
 * What differs between a copy and the source: missing and extra entries (order is ignored).
 * @param {readonly string[]} copy @param {readonly string[]} source
 */
export function listDifference(copy, source) {
  const copied = new Set(copy);
  const declared = new Set(source);
  return {
    missing: [...declared].filter((v) => !copied.has(v)),
    extra: [...copied].filter((v) => !declared.has(v)),
  };
}

/**
 * A sentence for a difference, or undefined when the lists agree.
 * @param {string} copy where the copy is and what it is
 * @param {string} source what it copies
 * @param {readonly string[]} copied @param {readonly string[]} declared
 */
export function describeDifference(copy, source, copied, declared) {
  const { missing, extra } = listDifference(copied, declared);
  if (missing.length === 0 && extra.length === 0) return undefined;
  const parts = [];
  if (missing.length) parts.push(`lacks ${missing.join(', ')}`);
  if (extra.length) parts.push(`has ${extra.join(', ')}, which ${source} does not`);
  return `${copy} ${parts.join(' and ')} (it copies ${source})`;
}

/**
 * The keys of the object literal a JavaScript function returns first (`return { … }`).
 * @param {string} source @param {string} name
 */
export function returnedObjectKeys(source, name) {
  return topLevelKeys(
    blockAfter(source, new RegExp(`function ${name}\\([\\s\\S]*?\\)\\s*\\{\\s*return\\s*`)),
  );
}

/**
 * The body of a function, method or constructor (`name(…) { … }`), braces included.
 * @param {string} source @param {string} name e.g. `function mappingRow` or `public MappingRow`
 * @param {string} [parameters] a pattern the parameter list matches (any by default)
 */
export function bodyOf(source, name, parameters = '[^)]*') {
  return blockAfter(source, new RegExp(`${name}\\(${parameters}\\)\\s*`));
}

/**
 * The entries of a table from a name to a list of strings, as `KEY: a b c` (values sorted): a
 * JavaScript `const NAME = { KEY: ['a', …] or LIST, … }` or an Apex
 * `Map<String, Set<String>> NAME = new Map<String, Set<String>>{ 'KEY' => new Set<String>{ … } or LIST }`
 * (or the same with List<String>),
 * where LIST names a list declared in the same source.
 * @param {string} source @param {string} name @param {'js' | 'apex'} language
 */
export function listTable(source, name, language) {
  const block =
    language === 'js'
      ? blockAfter(source, new RegExp(`const ${name}\\s*(?::[^=]*)?=\\s*`))
      : blockAfter(
          source,
          new RegExp(
            `Map<String, (?:Set|List)<String>> ${name}\\s*=\\s*new Map<String, (?:Set|List)<String>>`,
          ),
        );
  const entry =
    language === 'js'
      ? /(\w+):\s*(\w+|\[[^\]]*\])/g
      : /'(\w+)'\s*=>\s*(new (?:Set|List)<String>\{[^}]*\}|\w+)/g;
  const named = (/** @type {string} */ list) =>
    language === 'js' ? constList(source, list) : apexStringSet(source, list);
  return [...block.slice(1, -1).matchAll(entry)].map(([, key, value = '']) => {
    const values = /^\w+$/.test(value) ? named(value) : stringLiterals(value);
    return `${key}: ${[...values].sort().join(' ')}`;
  });
}

/**
 * The `words` of each entry of a JavaScript `const NAME = { KEY: { words: '…', … }, … }`.
 * @param {string} source @param {string} name
 */
export function nestedWords(source, name) {
  const block = blockAfter(source, new RegExp(`const ${name}\\s*(?::[^=]*)?=\\s*`));
  return Object.fromEntries(
    [...block.matchAll(/(\w+):\s*\{\s*words:\s*'([^']*)'/g)].map((m) => [m[1], m[2]]),
  );
}
