/**
 * The contract between the Salesforce emulator's data layer (REST, composite,
 * Bulk 2.0 writers) and its streaming layer (CometD: Change Data Capture and
 * platform events). The data layer reports every committed write; the streaming
 * layer turns it into change events with a faithful ChangeEventHeader and
 * delivers them, with replay, to CometD subscribers.
 */

export type ChangeType = 'CREATE' | 'UPDATE' | 'DELETE' | 'UNDELETE';

export type GapChangeType =
  'GAP_CREATE' | 'GAP_UPDATE' | 'GAP_DELETE' | 'GAP_UNDELETE' | 'GAP_OVERFLOW';

/** Who wrote, and through which API: becomes changeOrigin, commitUser and transactionKey. */
export interface WriteContext {
  /** Value of `client=` in the writer's `Sforce-Call-Options` header, if any. */
  readonly clientId: string | undefined;
  /** API version of the request path, e.g. "62.0". */
  readonly apiVersion: string;
  /** Which API carried the write; changeOrigin is built from it. */
  readonly api: 'rest' | 'composite' | 'bulk2' | 'emulator';
  /** Salesforce User id of the session that wrote. */
  readonly userId: string;
  /** One id per committed transaction (one REST call, one collection call, one Bulk batch). */
  readonly transactionKey: string;
  /**
   * The REST call's `Sforce-Auto-Assign` header (undefined when absent, which REST reads as
   * TRUE). Only REST and collection writes run assignment rules.
   */
  readonly autoAssign?: string | undefined;
}

/** One record's committed change. */
export interface RecordChange {
  /** Object API name, e.g. "Contact". */
  readonly entityName: string;
  readonly changeType: ChangeType;
  readonly recordId: string;
  /**
   * For CREATE and UNDELETE: every non-null field of the record.
   * For UPDATE: only the fields whose value changed, with the new value (null when nulled).
   * For DELETE: empty.
   * Always includes LastModifiedDate / LastModifiedById for CREATE and UPDATE.
   */
  readonly fields: Readonly<Record<string, unknown>>;
}

export interface ChangeEventSink {
  /** Called once per committed transaction, after the write is visible to queries. */
  recordChanges(context: WriteContext, changes: readonly RecordChange[]): void;
  /** Called when a platform event is published (REST POST /sobjects/Name__e). Returns its replay id. */
  publishPlatformEvent(
    context: WriteContext,
    eventName: string,
    payload: Readonly<Record<string, unknown>>,
  ): number;
}
