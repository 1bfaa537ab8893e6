import { changedValues, type ChangeEventMessage } from '../salesforce/change-event.js';
import type { WriteLedger } from './write-ledger.js';

/**
 * `changeOrigin` is `com/salesforce/api/<api>/<version>;client=<id>` (parameters separated by
 * `;`). The client tag must match exactly: `client=okta-sync-2` is not `okta-sync`.
 */
export function isOwnOrigin(changeOrigin: string, clientTag: string): boolean {
  if (clientTag === '') return false;
  return changeOrigin
    .split(';')
    .slice(1)
    .some((param) => param.trim() === `client=${clientTag}`);
}

/**
 * The record ids of a change event that are not our own echo: all of them for events of other
 * writers, minus records whose changed fields all equal values the ledger says we wrote.
 */
export function recordsToKeep(
  message: ChangeEventMessage,
  options: { clientTag: string; ledger?: WriteLedger },
): string[] {
  const { header } = message;
  if (isOwnOrigin(header.changeOrigin, options.clientTag)) return [];
  if (!options.ledger || header.changeType !== 'UPDATE') return header.recordIds;
  const changed = changedValues(message);
  const ledger = options.ledger;
  return header.recordIds.filter((id) => !ledger.matches(header.entityName, id, changed));
}
