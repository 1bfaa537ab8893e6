/**
 * A real `@okta/okta-sdk-nodejs` Client pointed at an emulator, hermetic from
 * ~/.okta/okta.yaml, ./okta.yaml and OKTA_CLIENT_* variables (every setting is explicit),
 * with the GET cache disabled.
 */
import okta from '@okta/okta-sdk-nodejs';

export type OktaSdkCredentials =
  | { token: string }
  | {
      clientId: string;
      privateKey: string | Record<string, unknown>;
      scopes: string[];
      keyId?: string;
    };

export function oktaSdkClient(
  orgUrl: string,
  credentials: OktaSdkCredentials,
  executor: { maxRetries?: number; requestTimeout?: number } = {},
): okta.Client {
  const requestExecutor = new okta.DefaultRequestExecutor({
    maxRetries: executor.maxRetries ?? 2,
    requestTimeout: executor.requestTimeout ?? 10_000,
  });
  const common = { orgUrl, cacheMiddleware: null, requestExecutor };
  if ('token' in credentials) {
    return new okta.Client({
      ...common,
      authorizationMode: 'SSWS',
      token: credentials.token,
      clientId: '',
      scopes: [],
      privateKey: '',
      keyId: '',
    });
  }
  return new okta.Client({
    ...common,
    authorizationMode: 'PrivateKey',
    token: '',
    clientId: credentials.clientId,
    scopes: credentials.scopes,
    privateKey: credentials.privateKey,
    keyId: credentials.keyId ?? '',
  });
}
