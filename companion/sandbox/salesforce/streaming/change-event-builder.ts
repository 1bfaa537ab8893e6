/**
 * Turns one committed transaction into CDC event payloads. Records of one entity with
 * the same change type and identical field changes share one event (several
 * recordIds); sequenceNumber numbers the events of the transaction from 1.
 */
import type { ChangeType, RecordChange, WriteContext } from '../change-events.js';
import { changeEventBody, type ChangeEventBody } from './change-event-body.js';
import { changeOrigin } from './change-origin.js';

export interface CommitStamp {
  /** Epoch milliseconds. */
  readonly timestamp: number;
  readonly number: number;
}

/** Who last modified each record, so UPDATE events omit an unchanged LastModifiedById. */
export interface ModifierMemory {
  get(recordId: string): string | undefined;
  set(recordId: string, userId: string): void;
}

export interface BuiltChangeEvent {
  readonly entityName: string;
  readonly payload: Readonly<Record<string, unknown>>;
}

interface EventGroup {
  readonly entityName: string;
  readonly changeType: ChangeType;
  readonly recordIds: string[];
  readonly body: ChangeEventBody;
}

export function buildChangeEvents(
  context: WriteContext,
  changes: readonly RecordChange[],
  commit: CommitStamp,
  modifiers: ModifierMemory,
): BuiltChangeEvent[] {
  const groups = new Map<string, EventGroup>();
  for (const change of changes) {
    const body = changeEventBody(change, modifiers.get(change.recordId));
    const modifier = change.fields['LastModifiedById'];
    if (typeof modifier === 'string') modifiers.set(change.recordId, modifier);

    const key = canonicalJson([change.entityName, change.changeType, body]);
    const group = groups.get(key);
    if (group) group.recordIds.push(change.recordId);
    else {
      groups.set(key, {
        entityName: change.entityName,
        changeType: change.changeType,
        recordIds: [change.recordId],
        body,
      });
    }
  }

  const origin = changeOrigin(context);
  return [...groups.values()].map((group, index) => ({
    entityName: group.entityName,
    payload: {
      ChangeEventHeader: {
        entityName: group.entityName,
        recordIds: group.recordIds,
        changeType: group.changeType,
        changedFields: group.body.changedFields,
        // Change Data Capture Developer Guide, "ChangeEventHeader Fields": the fields set to
        // null, and the large text fields sent as diffs (the emulator sends whole values).
        nulledFields: group.body.nulledFields,
        diffFields: [],
        changeOrigin: origin,
        transactionKey: context.transactionKey,
        sequenceNumber: index + 1,
        commitTimestamp: commit.timestamp,
        commitUser: context.userId,
        commitNumber: commit.number,
      },
      ...group.body.fields,
    },
  }));
}

function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
