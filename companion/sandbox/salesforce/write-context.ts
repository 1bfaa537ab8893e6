import { randomUUID } from 'node:crypto';
import type { WriteContext } from './change-events.js';

/** The `client=` value of a `Sforce-Call-Options` header (`client=okta-sync, defaultNamespace=x`). */
export function clientIdFromCallOptions(header: string | undefined): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(',')) {
    const [name, ...rest] = part.split('=');
    if (name?.trim().toLowerCase() === 'client') {
      const value = rest.join('=').trim();
      return value === '' ? undefined : value;
    }
  }
  return undefined;
}

export function newWriteContext(input: {
  callOptions: string | undefined;
  apiVersion: string;
  api: WriteContext['api'];
  userId: string;
  autoAssign?: string | undefined;
}): WriteContext {
  return {
    clientId: clientIdFromCallOptions(input.callOptions),
    apiVersion: input.apiVersion,
    api: input.api,
    userId: input.userId,
    transactionKey: randomUUID(),
    autoAssign: input.autoAssign,
  };
}
