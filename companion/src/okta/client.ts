import okta from '@okta/okta-sdk-nodejs';
import type { CompanionConfig } from '../config.js';

export type OktaClient = InstanceType<typeof okta.Client>;

export interface OktaResponseInfo {
  /** Endpoint family, as Okta's rate limits group them: users, groups, logs, eventHooks, oauth2, other. */
  family: string;
  status: number;
  /** X-Rate-Limit-Remaining / -Limit / -Reset (epoch seconds), when sent. */
  rateLimit: { remaining: number; limit: number; reset: number } | undefined;
}

export interface OktaClientOptions {
  maxRetries?: number;
  requestTimeoutMs?: number;
  userAgent?: string;
  /** Called for every HTTP response, retries included: API-call metrics, rate-limit pacing. */
  onResponse?: (info: OktaResponseInfo) => void;
}

interface FetchResponse {
  url: string;
  status: number;
  headers: { get(name: string): string | null };
}

export function endpointFamily(url: string): string {
  const path = new URL(url).pathname;
  const match = /^\/(?:api\/v1\/(users|groups|logs|eventHooks)|(oauth2))\b/.exec(path);
  return match?.[1] ?? match?.[2] ?? 'other';
}

function responseInfo(response: FetchResponse): OktaResponseInfo {
  const header = (name: string) => {
    const value = response.headers.get(name);
    return value === null ? Number.NaN : Number(value);
  };
  const remaining = header('x-rate-limit-remaining');
  return {
    family: endpointFamily(response.url),
    status: response.status,
    rateLimit: Number.isNaN(remaining)
      ? undefined
      : { remaining, limit: header('x-rate-limit-limit'), reset: header('x-rate-limit-reset') },
  };
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
  const onResponse = options.onResponse;
  if (onResponse)
    requestExecutor.on('response', (response: FetchResponse) => onResponse(responseInfo(response)));
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
