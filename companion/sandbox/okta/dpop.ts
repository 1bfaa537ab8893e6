/**
 * DPoP proofs (RFC 9449) as the Okta org authorization server checks them for service
 * apps that require DPoP-bound access tokens: a `dpop+jwt` signed with the key in its own
 * header, bound to the method and URL, to a server nonce at the token endpoint, and to
 * the access token (`ath`) at resource endpoints.
 */
import {
  createHash,
  createPublicKey,
  randomBytes,
  verify,
  type JsonWebKeyInput,
} from 'node:crypto';

type Jwk = JsonWebKeyInput['key'];

export interface DpopExpectations {
  method: string;
  /** The absolute request URL without query or fragment. */
  url: string;
  /** Required nonce (token endpoint), if any. */
  nonce?: string | undefined;
  /** The access token the proof must be bound to (resource requests). */
  accessToken?: string | undefined;
  nowSeconds: number;
}

export type DpopResult =
  { ok: true; jkt: string; jti: string } | { ok: false; reason: string; needsNonce?: boolean };

function decode(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** RFC 7638 JWK thumbprint (SHA-256, base64url) of an RSA or EC public key. */
export function jwkThumbprint(jwk: Jwk): string {
  const members =
    jwk.kty === 'EC'
      ? { crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y }
      : { e: jwk.e, kty: jwk.kty, n: jwk.n };
  return createHash('sha256').update(JSON.stringify(members)).digest('base64url');
}

export function accessTokenHash(accessToken: string): string {
  return createHash('sha256').update(accessToken).digest('base64url');
}

export function newNonce(): string {
  return randomBytes(24).toString('base64url');
}

export function checkDpopProof(proof: string | undefined, expected: DpopExpectations): DpopResult {
  if (proof === undefined || proof === '')
    return { ok: false, reason: 'The DPoP proof JWT header is missing.' };
  const parts = proof.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'The DPoP proof is not a valid JWT.' };
  const [h = '', p = '', sig = ''] = parts;
  const header = decode(h);
  const claims = decode(p);
  if (!header || !claims) return { ok: false, reason: 'The DPoP proof is not a valid JWT.' };
  if (header['typ'] !== 'dpop+jwt')
    return { ok: false, reason: "The DPoP proof 'typ' must be 'dpop+jwt'." };
  const jwk = header['jwk'] as Jwk | undefined;
  if (typeof jwk !== 'object' || jwk === null || 'd' in jwk) {
    return { ok: false, reason: "The DPoP proof must carry the public key in its 'jwk' header." };
  }
  let valid = false;
  try {
    const key = createPublicKey({ key: jwk, format: 'jwk' });
    const input = Buffer.from(`${h}.${p}`);
    const signature = Buffer.from(sig, 'base64url');
    if (header['alg'] === 'RS256' && key.asymmetricKeyType === 'rsa')
      valid = verify('sha256', input, key, signature);
    if (header['alg'] === 'ES256' && key.asymmetricKeyType === 'ec') {
      valid = verify('sha256', input, { key, dsaEncoding: 'ieee-p1363' }, signature);
    }
  } catch {
    valid = false;
  }
  if (!valid) return { ok: false, reason: 'The DPoP proof signature is invalid.' };
  if (String(claims['htm']).toUpperCase() !== expected.method.toUpperCase()) {
    return { ok: false, reason: "The DPoP proof 'htm' does not match the request method." };
  }
  if (claims['htu'] !== expected.url)
    return { ok: false, reason: "The DPoP proof 'htu' does not match the request URL." };
  const iat = claims['iat'];
  if (typeof iat !== 'number' || Math.abs(iat - expected.nowSeconds) > 300) {
    return { ok: false, reason: "The DPoP proof 'iat' is missing or out of range." };
  }
  const jti = claims['jti'];
  if (typeof jti !== 'string' || jti === '')
    return { ok: false, reason: "The DPoP proof 'jti' is missing." };
  if (expected.nonce !== undefined && claims['nonce'] !== expected.nonce) {
    return {
      ok: false,
      reason: 'Authorization server requires nonce in DPoP proof.',
      needsNonce: true,
    };
  }
  if (
    expected.accessToken !== undefined &&
    claims['ath'] !== accessTokenHash(expected.accessToken)
  ) {
    return { ok: false, reason: "The DPoP proof 'ath' does not match the access token." };
  }
  return { ok: true, jkt: jwkThumbprint(jwk), jti };
}
