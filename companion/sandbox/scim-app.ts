import { SANDBOX_CREDENTIALS, type Sandbox } from './index.js';
import type { ScimApp } from './okta/index.js';

/**
 * Registers the companion in the sandbox's Okta org as a SCIM 2.0 app, as an administrator
 * would in a real org: base URL `<companion>/scim/v2`, a bearer token, PATCH updates (OIN
 * template). Assigning people or groups to it provisions them.
 */
export function registerCompanionScimApp(
  sandbox: Pick<Sandbox, 'okta'>,
  companionUrl: string,
  options: { updateMethod?: 'PUT' | 'PATCH' } = {},
): ScimApp {
  return sandbox.okta.provisioning.createScimApp({
    label: 'Okta Sync (SCIM)',
    baseUrl: `${companionUrl}/scim/v2`,
    token: SANDBOX_CREDENTIALS.scimToken,
    updateMethod: options.updateMethod ?? 'PATCH',
  });
}
