import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CommonConfig, CompanionConfig } from '../src/config.js';
import { Secret } from '../src/secret.js';
import { SANDBOX_CREDENTIALS, type Sandbox } from '../sandbox/index.js';

/** The companion's configuration when it runs against the sandbox's emulated orgs. */
export function sandboxCompanionConfig(
  common: CommonConfig,
  salesforce: { apiVersion: string; clientTag: string },
  sandbox: { okta: { url: string }; salesforce: { url: string } },
  options: { freshStore?: boolean; host?: string } = {},
): CompanionConfig {
  // The emulated orgs start anew each time, so must the companion's cursors and queue.
  const storePath = join(dirname(common.store.path), 'sandbox', 'companion.sqlite');
  if (options.freshStore ?? true) rmSync(dirname(storePath), { recursive: true, force: true });
  return {
    ...common,
    mode: 'sandbox',
    http: { ...common.http, host: options.host ?? '127.0.0.1' },
    // A DATABASE_URL is used as given (the emulated orgs start empty: so should it).
    store: { ...common.store, path: storePath },
    okta: {
      orgUrl: sandbox.okta.url,
      auth: { kind: 'ssws', token: new Secret(SANDBOX_CREDENTIALS.oktaToken) },
      hookSecret: new Secret(SANDBOX_CREDENTIALS.oktaHookSecret),
    },
    salesforce: {
      loginUrl: sandbox.salesforce.url,
      apiVersion: salesforce.apiVersion,
      clientTag: salesforce.clientTag,
      auth: {
        kind: 'client-credentials',
        clientId: SANDBOX_CREDENTIALS.salesforceClientId,
        clientSecret: new Secret(SANDBOX_CREDENTIALS.salesforceClientSecret),
      },
    },
    api: { secrets: [new Secret(SANDBOX_CREDENTIALS.companionApiSecret)] },
    scim: { tokens: [new Secret(SANDBOX_CREDENTIALS.scimToken)] },
  };
}

export function sandboxBanner(input: {
  companionUrl?: string;
  /** The companion's SCIM app in the emulated Okta org, when registered. */
  scimAppId?: string;
  sandbox: Pick<Sandbox, 'okta' | 'salesforce' | 'seed'>;
}): string {
  const seed = input.sandbox.seed;
  const lines = [
    '',
    '  SANDBOX MODE: no Okta or Salesforce credentials are configured, so the product runs',
    '  against emulated orgs with seed data. Nothing leaves this machine.',
    '',
    ...(input.companionUrl
      ? [
          `  Companion          ${input.companionUrl}   (API secret: ${SANDBOX_CREDENTIALS.companionApiSecret})`,
        ]
      : []),
    `  Okta (emulated)    ${input.sandbox.okta.url}   (API token for you and your scripts: ${SANDBOX_CREDENTIALS.oktaAdminToken})`,
    `                     the companion's own token: ${SANDBOX_CREDENTIALS.oktaToken}, hook secret: ${SANDBOX_CREDENTIALS.oktaHookSecret}`,
    ...(input.companionUrl && input.scimAppId
      ? [
          `  SCIM app           ${input.scimAppId} in Okta → ${input.companionUrl}/scim/v2   (bearer token: ${SANDBOX_CREDENTIALS.scimToken})`,
        ]
      : []),
    `  Salesforce (emul.) ${input.sandbox.salesforce.url}   (OAuth client: ${SANDBOX_CREDENTIALS.salesforceClientId} / ${SANDBOX_CREDENTIALS.salesforceClientSecret})`,
    ...(seed
      ? [
          `  Seed data          ${seed.okta.users.length} Okta users, ${seed.okta.groups.length} groups; ${seed.salesforce.contacts.length} Contacts, ${seed.salesforce.accounts.length} Accounts, ${seed.salesforce.cases.length} Cases`,
        ]
      : []),
    '',
    '  Set OKTA_ORG_URL, SF_LOGIN_URL and the variables in README.md › Configuration to use real orgs.',
    '',
  ];
  return lines.join('\n');
}
