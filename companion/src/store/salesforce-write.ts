/**
 * A Salesforce write as a plan holds it: reconciliation plans are stored with their writes,
 * so the store owns this shape and the Salesforce record writer applies it.
 */

export type SalesforceRecord = Record<string, unknown>;

/**
 * `autoAssign`: run the org's active assignment rule on the created Lead or Case
 * (`Sforce-Auto-Assign: TRUE`). Every other write says FALSE, so no rule moves a record the
 * companion wrote.
 */
export type SalesforceWrite =
  | {
      op: 'upsert';
      object: string;
      externalIdField: string;
      record: SalesforceRecord;
      autoAssign?: boolean;
    }
  | { op: 'update'; object: string; record: SalesforceRecord & { Id: string } }
  | { op: 'create'; object: string; record: SalesforceRecord; autoAssign?: boolean }
  | { op: 'delete'; object: string; id: string };
