import okta from '@okta/okta-sdk-nodejs';
import type { CompanionConfig } from '../config.js';

export type OktaClient = InstanceType<typeof okta.Client>;

export interface OktaClientOptions {
  maxRetries?: number;
  requestTimeoutMs?: number;
  userAgent?: string;
}

/**
 * The Okta Management API client. The SDK's GET cache is disabled: the sync must
 * always read the current user, never a cached one.
 */
export function createOktaClient(
  config: CompanionConfig['okta'],
  options: OktaClientOptions = {},
): OktaClient {
  const requestExecutor = new okta.DefaultRequestExecutor({
    maxRetries: options.maxRetries ?? 2,
    requestTimeout: options.requestTimeoutMs ?? 15_000,
  });
  const common = {
    orgUrl: config.orgUrl,
    cacheMiddleware: null,
    requestExecutor,
    userAgent: options.userAgent ?? 'okta-salesforce-sync',
  };
  // Every setting is explicit: the SDK would otherwise fill gaps from ~/.okta/okta.yaml,
  // ./okta.yaml and OKTA_CLIENT_* variables.
  if (config.auth.kind === 'ssws') {
    return new okta.Client({
      ...common,
      authorizationMode: 'SSWS',
      token: config.auth.token.reveal(),
      clientId: '',
      scopes: [],
      privateKey: '',
      keyId: '',
    });
  }
  return new okta.Client({
    ...common,
    authorizationMode: 'PrivateKey',
    clientId: config.auth.clientId,
    scopes: config.auth.scopes,
    privateKey: config.auth.privateKey.reveal(),
    ...(config.auth.keyId ? { keyId: config.auth.keyId } : {}),
  });
}
