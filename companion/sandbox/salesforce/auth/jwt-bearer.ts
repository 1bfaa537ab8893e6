import { createPublicKey, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';

export interface JwtClaims {
  readonly iss: string;
  readonly sub: string;
  readonly aud: string | readonly string[];
  readonly exp: number;
}

/** Why an assertion was refused, mapped to the OAuth error the token endpoint answers. */
export class JwtRejected extends Error {
  constructor(
    readonly error: 'invalid_grant' | 'invalid_client_id',
    readonly description: string,
  ) {
    super(description);
  }
}

export function toPublicKey(key: string | KeyObject): KeyObject {
  return typeof key === 'string' ? createPublicKey(key) : key;
}

function decodePart(part: string): Record<string, unknown> {
  const parsed: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  if (!parsed || typeof parsed !== 'object') throw new Error('not an object');
  return parsed as Record<string, unknown>;
}

/**
 * Verifies an RS256 JWT bearer assertion (signature, iss, aud, exp) and returns its claims.
 * Salesforce allows a few minutes of clock skew on exp.
 */
export function verifyJwtAssertion(
  assertion: string,
  options: {
    publicKeys: readonly KeyObject[];
    clientIds: readonly string[];
    audiences: readonly string[];
    nowMs: number;
  },
): JwtClaims {
  const parts = assertion.split('.');
  const [encodedHeader = '', encodedPayload = '', encodedSignature = ''] = parts;
  if (parts.length !== 3) throw new JwtRejected('invalid_grant', 'invalid assertion');
  let header: Record<string, unknown>;
  let payload: Record<string, unknown>;
  try {
    header = decodePart(encodedHeader);
    payload = decodePart(encodedPayload);
  } catch {
    throw new JwtRejected('invalid_grant', 'invalid assertion');
  }
  if (header['alg'] !== 'RS256') throw new JwtRejected('invalid_grant', 'invalid assertion');
  const signed = Buffer.from(`${encodedHeader}.${encodedPayload}`);
  const signature = Buffer.from(encodedSignature, 'base64url');
  if (!options.publicKeys.some((key) => verify('RSA-SHA256', signed, key, signature))) {
    throw new JwtRejected('invalid_grant', 'invalid assertion');
  }
  const { iss, sub, aud, exp } = payload;
  if (typeof iss !== 'string' || !options.clientIds.includes(iss)) {
    throw new JwtRejected('invalid_client_id', 'client identifier invalid');
  }
  const audiences = Array.isArray(aud) ? aud : [aud];
  if (
    !audiences.some(
      (a) => typeof a === 'string' && options.audiences.includes(a.replace(/\/$/, '')),
    )
  ) {
    throw new JwtRejected('invalid_grant', 'audience is invalid');
  }
  if (typeof exp !== 'number' || exp * 1000 + 180_000 < options.nowMs) {
    throw new JwtRejected('invalid_grant', 'expired authorization code');
  }
  if (typeof sub !== 'string' || sub === '')
    throw new JwtRejected('invalid_grant', 'invalid assertion');
  return { iss, sub, aud: aud as string, exp };
}
