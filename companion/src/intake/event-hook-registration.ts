import { SUBSCRIBED_EVENT_TYPES } from './okta-events.js';
import type { Secret } from '../secret.js';
import type { OktaClient } from '../okta/client.js';

/**
 * Registers (or finds) the companion's event hook in Okta and has Okta verify it: Okta sends
 * the one-time verification request to `<uri>`, which the companion answers.
 */
export async function registerEventHook(
  okta: OktaClient,
  options: { uri: string; secret: Secret; name?: string },
): Promise<{ id: string; verified: boolean }> {
  const name = options.name ?? 'Okta Salesforce Sync';
  for await (const hook of await okta.eventHookApi.listEventHooks()) {
    if (hook?.channel?.config?.uri === options.uri && hook.id) {
      if (hook.verificationStatus !== 'VERIFIED')
        await okta.eventHookApi.verifyEventHook({ eventHookId: hook.id });
      return { id: hook.id, verified: true };
    }
  }
  const created = await okta.eventHookApi.createEventHook({
    eventHook: {
      name,
      events: { type: 'EVENT_TYPE', items: [...SUBSCRIBED_EVENT_TYPES] },
      channel: {
        type: 'HTTP',
        version: '1.0.0',
        config: {
          uri: options.uri,
          authScheme: { type: 'HEADER', key: 'Authorization', value: options.secret.reveal() },
        },
      },
    },
  });
  const id = String(created.id);
  const verified = await okta.eventHookApi.verifyEventHook({ eventHookId: id });
  return { id, verified: verified.verificationStatus === 'VERIFIED' };
}
