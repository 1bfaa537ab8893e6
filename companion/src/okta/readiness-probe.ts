import type { CompanionConfig } from '../config.js';
import type { Logger } from '../logger.js';
import type { OktaGateway } from './okta-gateway.js';

/** The user the readiness check reads: the API token's owner, or `me` for a service app. */
export async function resolveProbeUserId(
  okta: Pick<OktaGateway, 'getUser'>,
  auth: CompanionConfig['okta']['auth'],
  logger: Pick<Logger, 'warn'>,
): Promise<string> {
  if (auth.kind === 'private-key') return auth.clientId;
  try {
    const me = await okta.getUser('me');
    return me ? me.id : 'me';
  } catch (error) {
    logger.warn({ err: error }, 'could not read the API token owner');
    return 'me';
  }
}

/** Okta answers a read of the probe user; a user Okta does not have still proves it answers. */
export async function probeOkta(
  okta: Pick<OktaGateway, 'getUser'>,
  probeUserId: string,
): Promise<{ ok: true }> {
  await okta.getUser(probeUserId);
  return { ok: true };
}
