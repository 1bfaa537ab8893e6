import { createHash } from 'node:crypto';

/** The standard channel that carries the change events of every selected entity. */
export const ALL_CHANGE_EVENTS_CHANNEL = '/data/ChangeEvents';

/** `Contact` → `ContactChangeEvent`, `Employee__c` → `Employee__ChangeEvent`. */
export function changeEventName(entityName: string): string {
  return entityName.endsWith('__c')
    ? `${entityName.slice(0, -'__c'.length)}__ChangeEvent`
    : `${entityName}ChangeEvent`;
}

export function changeEventChannel(entityName: string): string {
  return `/data/${changeEventName(entityName)}`;
}

export function platformEventChannel(eventName: string): string {
  return `/event/${eventName}`;
}

/** A stable 22-character schema id per event type, shaped like Salesforce's. */
export function schemaId(eventName: string): string {
  return createHash('sha256').update(eventName).digest('base64url').slice(0, 22);
}
