/**
 * OAuth 2.0 client credentials with a private-key JWT client assertion, as the Okta org
 * authorization server (`/oauth2/v1/token`) answers it; plus the access tokens it issues.
 */
import { createPublicKey, randomBytes, verify, type KeyObject } from 'node:crypto';
import { checkDpopProof, newNonce } from './dpop.js';
import type { OAuthClient } from './principals.js';

export const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

export interface IssuedToken {
  clientId: string;
  scopes: ReadonlySet<string>;
  expiresAtMs: number;
  /** Thumbprint of the key a DPoP-bound token is bound to. */
  jkt?: string;
}

export interface OAuthError {
  status: 400 | 401;
  error: string;
  error_description: string;
  /** Response headers (the DPoP nonce). */
  headers?: Record<string, string>;
}

export interface TokenGrant {
  token_type: 'Bearer' | 'DPoP';
  expires_in: number;
  access_token: string;
  scope: string;
}

function b64urlJson(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

const invalidClient = (description: string): OAuthError => ({
  status: 401,
  error: 'invalid_client',
  error_description: description,
});

export class OAuthTokenService {
  private readonly clients = new Map<string, OAuthClient>();
  private readonly tokens = new Map<string, IssuedToken>();
  private readonly usedJtis = new Map<string, number>();
  private readonly usedProofJtis = new Map<string, number>();
  private nonce = { value: newNonce(), issuedAtMs: 0 };

  constructor(
    clients: readonly OAuthClient[],
    private readonly options: { tokenTtlSeconds: number; wallClock: () => number },
  ) {
    for (const client of clients) this.clients.set(client.clientId, client);
  }

  client(clientId: string): OAuthClient | undefined {
    return this.clients.get(clientId);
  }

  /** The access token's grant, or undefined when unknown or expired. */
  introspect(accessToken: string): IssuedToken | undefined {
    const token = this.tokens.get(accessToken);
    if (!token) return undefined;
    if (token.expiresAtMs <= this.options.wallClock()) {
      this.tokens.delete(accessToken);
      return undefined;
    }
    return token;
  }

  revokeAll(): void {
    this.tokens.clear();
    this.usedJtis.clear();
    this.usedProofJtis.clear();
  }

  /** Handles one token request; `tokenEndpoint` is the absolute URL the assertion's aud must name. */
  grant(form: URLSearchParams, tokenEndpoint: string, dpopProof?: string): TokenGrant | OAuthError {
    const grantType = form.get('grant_type');
    if (grantType !== 'client_credentials') {
      return {
        status: 400,
        error: 'unsupported_grant_type',
        error_description: `The authorization grant type is not supported by the authorization server. Configured grant types: [client_credentials].`,
      };
    }
    if (form.get('client_assertion_type') !== CLIENT_ASSERTION_TYPE) {
      return invalidClient(
        "The 'client_assertion_type' parameter must be 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'.",
      );
    }
    const assertion = form.get('client_assertion') ?? '';
    const parts = assertion.split('.');
    if (parts.length !== 3) return invalidClient('The client_assertion token is not a valid JWT.');
    const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
    const header = b64urlJson(headerPart);
    const claims = b64urlJson(payloadPart);
    if (!header || !claims) return invalidClient('The client_assertion token is not a valid JWT.');

    const clientId = claims['iss'];
    if (typeof clientId !== 'string' || claims['sub'] !== clientId) {
      return invalidClient(
        "The 'iss' and 'sub' claims of the client_assertion must both be the client_id.",
      );
    }
    const client = this.clients.get(clientId);
    if (!client) return invalidClient("Invalid value for 'client_id' parameter.");
    const formClientId = form.get('client_id');
    if (formClientId !== null && formClientId !== clientId) {
      return invalidClient("The 'client_id' parameter does not match the client_assertion.");
    }

    const signingInput = Buffer.from(`${headerPart}.${payloadPart}`);
    const signature = Buffer.from(signaturePart, 'base64url');
    const alg = header['alg'];
    const valid = this.candidateKeys(client, header).some((key) =>
      verifySignature(alg, key, signingInput, signature),
    );
    if (!valid) return invalidClient('The client_assertion signature is invalid.');

    if (claims['aud'] !== tokenEndpoint) {
      return invalidClient(
        'The audience claim for client_assertion must be the endpoint invoked for the request.',
      );
    }
    const nowSeconds = Math.floor(this.options.wallClock() / 1000);
    const exp = claims['exp'];
    if (typeof exp !== 'number')
      return invalidClient("The client_assertion token must contain an 'exp' claim.");
    if (exp <= nowSeconds) return invalidClient('The client_assertion token is expired.');
    if (exp > nowSeconds + 3600 + 60) {
      return invalidClient('The client_assertion token has an expiration too far in the future.');
    }
    const jti = claims['jti'];
    if (typeof jti === 'string') {
      this.forgetOldJtis(nowSeconds);
      if (this.usedJtis.has(jti))
        return invalidClient('The client_assertion token has already been used.');
      this.usedJtis.set(jti, exp);
    }

    const requested = (form.get('scope') ?? '').split(' ').filter((s) => s !== '');
    if (requested.length === 0) {
      return {
        status: 400,
        error: 'invalid_scope',
        error_description:
          "The authorization server resource does not have any configured default scopes, 'scope' must be provided.",
      };
    }
    const granted = new Set(client.scopes ?? []);
    const notAllowed = client.scopes === undefined ? [] : requested.filter((s) => !granted.has(s));
    if (notAllowed.length > 0) {
      return {
        status: 400,
        error: 'invalid_scope',
        error_description: `The following scopes are not allowed: ${notAllowed.join(', ')}`,
      };
    }
    let jkt: string | undefined;
    if (client.dpop === true) {
      const proof = checkDpopProof(dpopProof, {
        method: 'POST',
        url: tokenEndpoint,
        nonce: this.currentNonce(),
        nowSeconds,
      });
      if (!proof.ok) {
        return proof.needsNonce === true
          ? {
              status: 400,
              error: 'use_dpop_nonce',
              error_description: proof.reason,
              headers: { 'DPoP-Nonce': this.currentNonce() },
            }
          : { status: 400, error: 'invalid_dpop_proof', error_description: proof.reason };
      }
      jkt = proof.jkt;
    }
    const accessToken = `sbx.${randomBytes(32).toString('base64url')}`;
    const ttl = this.options.tokenTtlSeconds;
    this.tokens.set(accessToken, {
      clientId,
      scopes: new Set(requested),
      expiresAtMs: this.options.wallClock() + ttl * 1000,
      ...(jkt === undefined ? {} : { jkt }),
    });
    return {
      token_type: jkt === undefined ? 'Bearer' : 'DPoP',
      expires_in: ttl,
      access_token: accessToken,
      scope: requested.join(' '),
    };
  }

  /** Checks the DPoP proof of a resource request made with a DPoP-bound token. */
  checkResourceProof(
    token: IssuedToken,
    accessToken: string,
    proof: string | undefined,
    request: { method: string; url: string },
  ): boolean {
    const nowSeconds = Math.floor(this.options.wallClock() / 1000);
    const result = checkDpopProof(proof, { ...request, accessToken, nowSeconds });
    if (!result.ok || result.jkt !== token.jkt || this.usedProofJtis.has(result.jti)) return false;
    if (this.usedProofJtis.size > 10_000) this.usedProofJtis.clear();
    this.usedProofJtis.set(result.jti, nowSeconds);
    return true;
  }

  /** The server nonce for DPoP proofs at the token endpoint; rotates every 5 minutes. */
  private currentNonce(): string {
    const now = this.options.wallClock();
    if (now - this.nonce.issuedAtMs > 300_000) this.nonce = { value: newNonce(), issuedAtMs: now };
    return this.nonce.value;
  }

  private candidateKeys(client: OAuthClient, header: Record<string, unknown>): KeyObject[] {
    const kid = header['kid'];
    const byKid = client.publicJwks.filter((k) => typeof kid === 'string' && k.kid === kid);
    const keys: KeyObject[] = [];
    for (const jwk of byKid.length > 0 ? byKid : client.publicJwks) {
      try {
        keys.push(createPublicKey({ key: jwk, format: 'jwk' }));
      } catch {
        // An unusable registered key never verifies anything.
      }
    }
    return keys;
  }

  private forgetOldJtis(nowSeconds: number): void {
    if (this.usedJtis.size < 10_000) return;
    for (const [jti, exp] of this.usedJtis) if (exp < nowSeconds) this.usedJtis.delete(jti);
  }
}

function verifySignature(alg: unknown, key: KeyObject, input: Buffer, signature: Buffer): boolean {
  try {
    if (alg === 'RS256' && key.asymmetricKeyType === 'rsa')
      return verify('sha256', input, key, signature);
    if (alg === 'ES256' && key.asymmetricKeyType === 'ec') {
      return verify('sha256', input, { key, dsaEncoding: 'ieee-p1363' }, signature);
    }
  } catch {
    return false;
  }
  return false;
}
