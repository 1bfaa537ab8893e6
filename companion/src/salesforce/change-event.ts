/**
 * The messages the Streaming API delivers on CDC and platform event channels, checked and
 * reduced to what the companion reads. Over CometD a change event is
 * `{schema, payload: {ChangeEventHeader, ...changed fields}, event: {replayId}}`; a platform
 * event is `{schema, payload: {...fields, CreatedDate, CreatedById}, event: {replayId, EventUuid}}`.
 */

export const CHANGE_TYPES = ['CREATE', 'UPDATE', 'DELETE', 'UNDELETE'] as const;
export const GAP_CHANGE_TYPES = [
  'GAP_CREATE',
  'GAP_UPDATE',
  'GAP_DELETE',
  'GAP_UNDELETE',
  'GAP_OVERFLOW',
] as const;

export type ChangeType = (typeof CHANGE_TYPES)[number] | (typeof GAP_CHANGE_TYPES)[number];

export interface ChangeEventHeader {
  entityName: string;
  recordIds: string[];
  changeType: ChangeType;
  changedFields: string[];
  changeOrigin: string;
  transactionKey: string;
  sequenceNumber: number;
  /** Epoch milliseconds. */
  commitTimestamp: number;
  commitUser: string;
}

export interface ChangeEventMessage {
  kind: 'change';
  replayId: number;
  header: ChangeEventHeader;
  /** The record fields of the event (compound fields nested, as CometD sends them). */
  fields: Record<string, unknown>;
}

export interface PlatformEventMessage {
  kind: 'platform';
  replayId: number;
  eventUuid: string | undefined;
  /** Epoch milliseconds of CreatedDate, when present. */
  createdAt: number | undefined;
  fields: Record<string, unknown>;
}

export type StreamingMessage = ChangeEventMessage | PlatformEventMessage;

const KNOWN_CHANGE_TYPES: ReadonlySet<string> = new Set([...CHANGE_TYPES, ...GAP_CHANGE_TYPES]);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function texts(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** Reads one delivered message; a message that is not a streaming event gives an Error. */
export function parseStreamingMessage(data: unknown): StreamingMessage | Error {
  if (!isRecord(data) || !isRecord(data['payload']) || !isRecord(data['event'])) {
    return new Error('not a streaming event: payload or event missing');
  }
  const replayId = data['event']['replayId'];
  if (typeof replayId !== 'number' || !Number.isSafeInteger(replayId)) {
    return new Error('not a streaming event: replayId missing');
  }
  const { ChangeEventHeader: rawHeader, ...fields } = data['payload'];
  if (rawHeader === undefined) {
    const uuid = data['event']['EventUuid'];
    const created =
      typeof fields['CreatedDate'] === 'string' ? Date.parse(fields['CreatedDate']) : NaN;
    return {
      kind: 'platform',
      replayId,
      eventUuid: typeof uuid === 'string' ? uuid : undefined,
      createdAt: Number.isFinite(created) ? created : undefined,
      fields,
    };
  }
  if (!isRecord(rawHeader)) return new Error('ChangeEventHeader is not an object');
  const changeType = rawHeader['changeType'];
  const entityName = rawHeader['entityName'];
  if (typeof changeType !== 'string' || !KNOWN_CHANGE_TYPES.has(changeType)) {
    return new Error(`unknown changeType ${JSON.stringify(changeType)}`);
  }
  if (typeof entityName !== 'string' || entityName === '') {
    return new Error('ChangeEventHeader.entityName missing');
  }
  const commitTimestamp = Number(rawHeader['commitTimestamp']);
  return {
    kind: 'change',
    replayId,
    header: {
      entityName,
      recordIds: texts(rawHeader['recordIds']),
      changeType: changeType as ChangeType,
      changedFields: texts(rawHeader['changedFields']),
      changeOrigin: typeof rawHeader['changeOrigin'] === 'string' ? rawHeader['changeOrigin'] : '',
      transactionKey:
        typeof rawHeader['transactionKey'] === 'string' ? rawHeader['transactionKey'] : '',
      sequenceNumber: Number(rawHeader['sequenceNumber'] ?? 0),
      commitTimestamp: Number.isFinite(commitTimestamp) ? commitTimestamp : 0,
      commitUser: typeof rawHeader['commitUser'] === 'string' ? rawHeader['commitUser'] : '',
    },
    fields,
  };
}

export const isGapChange = (changeType: ChangeType): boolean => changeType.startsWith('GAP_');

/** Fields every write touches: never a reason to act, never compared for echoes. */
export const SYSTEM_FIELDS: ReadonlySet<string> = new Set(
  [
    'LastModifiedDate',
    'LastModifiedById',
    'SystemModstamp',
    'LastReferencedDate',
    'LastViewedDate',
  ].map((f) => f.toLowerCase()),
);

/**
 * The changed fields as plain field names with their new values: `Name.FirstName` becomes
 * `FirstName` (the record field), system fields are left out. For CREATE and UNDELETE every
 * field of the body counts as changed.
 */
export function changedValues(message: ChangeEventMessage): Map<string, unknown> {
  const values = new Map<string, unknown>();
  const { header, fields } = message;
  const names =
    header.changeType === 'UPDATE'
      ? header.changedFields
      : Object.keys(fields).flatMap((key) => {
          const value = fields[key];
          return isRecord(value) ? Object.keys(value).map((inner) => `${key}.${inner}`) : [key];
        });
  for (const name of names) {
    const dot = name.indexOf('.');
    const field = dot === -1 ? name : name.slice(dot + 1);
    if (SYSTEM_FIELDS.has(field.toLowerCase())) continue;
    let value: unknown;
    if (dot === -1) value = fields[name];
    else {
      const outer = fields[name.slice(0, dot)];
      value = isRecord(outer) ? outer[field] : undefined;
    }
    values.set(compoundComponentField(name.slice(0, dot === -1 ? 0 : dot), field), value ?? null);
  }
  return values;
}

/**
 * The record field of a compound component: `MailingAddress.Street` → `MailingStreet`,
 * `Name.FirstName` → `FirstName`, `BillingAddress.City` → `BillingCity`.
 */
function compoundComponentField(compound: string, component: string): string {
  if (compound === '' || compound === 'Name' || compound === 'Address') return component;
  if (compound.endsWith('Address')) return `${compound.slice(0, -'Address'.length)}${component}`;
  return component;
}
