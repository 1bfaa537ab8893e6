/**
 * A Salesforce record's field value by name, whatever the case of the key (SOQL rows and change
 * events spell field names as they were asked for or declared); absent or undefined is null.
 */
export function recordFieldValue(
  record: Readonly<Record<string, unknown>>,
  field: string,
): unknown {
  if (Object.hasOwn(record, field)) return record[field] ?? null;
  const key = Object.keys(record).find((k) => k.toLowerCase() === field.toLowerCase());
  return key === undefined ? null : (record[key] ?? null);
}
