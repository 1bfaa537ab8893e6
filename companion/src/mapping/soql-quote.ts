const ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  "'": "\\'",
  '"': '\\"',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};

/**
 * A SOQL string literal, quotes included: `O'Brien` → `'O\'Brien'`, `a\b` → `'a\\b'`. Other
 * control characters are written as `\uXXXX`, so no input can end the literal early.
 */
export function soqlQuote(value: string): string {
  // eslint-disable-next-line no-control-regex
  const escaped = value.replace(/[\\'"\n\r\t\b\f\u0000-\u001f\u007f]/g, (c) => {
    return ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
  return `'${escaped}'`;
}

const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z][A-Za-z0-9_]*)*$/;

/** A field API name safe to splice into SOQL; anything else throws. */
export function soqlFieldName(name: string): string {
  if (!FIELD_NAME.test(name)) {
    throw new Error(`"${name}" is not a Salesforce field API name`);
  }
  return name;
}
