import type { WriteContext } from '../change-events.js';

/**
 * Salesforce's `com/salesforce/api/<API_Name>/<API_Version>;client=<Client_ID>`.
 * sObject Collections are part of the REST API and Bulk API 2.0 reports as `bulkapi`;
 * the `;client=` part appears only when the writer sent `Sforce-Call-Options: client=…`.
 * Changes made outside any API (the emulator's own seeding) carry an empty origin.
 */
const API_NAMES: Readonly<Record<WriteContext['api'], string | undefined>> = {
  rest: 'rest',
  composite: 'rest',
  bulk2: 'bulkapi',
  emulator: undefined,
};

export function changeOrigin(context: WriteContext): string {
  const apiName = API_NAMES[context.api];
  if (apiName === undefined) return '';
  const origin = `com/salesforce/api/${apiName}/${context.apiVersion}`;
  return context.clientId ? `${origin};client=${context.clientId}` : origin;
}
