/**
 * A Salesforce write as a plan holds it: reconciliation plans are stored with their writes,
 * so the store owns this shape and the Salesforce record writer applies it.
 */

export type SalesforceRecord = Record<string, unknown>;

export type SalesforceWrite =
  | { op: 'upsert'; object: string; externalIdField: string; record: SalesforceRecord }
  | { op: 'update'; object: string; record: SalesforceRecord & { Id: string } }
  | { op: 'create'; object: string; record: SalesforceRecord }
  | { op: 'delete'; object: string; id: string };
