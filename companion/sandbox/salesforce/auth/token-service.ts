import { createHmac, randomBytes } from 'node:crypto';

export interface IssuedToken {
  readonly accessToken: string;
  readonly userId: string;
  readonly clientId: string;
  readonly issuedAt: number;
  readonly expiresAt: number;
}

/** Access tokens of the emulated org: opaque session ids with an expiry. */
export class TokenService {
  readonly #tokens = new Map<string, IssuedToken>();

  constructor(
    private readonly orgId: string,
    private readonly ttlMs: () => number,
    private readonly nowMs: () => number,
  ) {}

  issue(userId: string, clientId: string, ttlMs = this.ttlMs()): IssuedToken {
    const issuedAt = this.nowMs();
    const accessToken = `${this.orgId.slice(0, 15)}!AQ${randomBytes(36).toString('base64url')}`;
    const token = { accessToken, userId, clientId, issuedAt, expiresAt: issuedAt + ttlMs };
    this.#tokens.set(accessToken, token);
    return token;
  }

  /** The live token, or undefined when unknown or expired. */
  verify(accessToken: string): IssuedToken | undefined {
    const token = this.#tokens.get(accessToken);
    if (!token) return undefined;
    if (token.expiresAt <= this.nowMs()) {
      this.#tokens.delete(accessToken);
      return undefined;
    }
    return token;
  }

  revoke(accessToken: string): void {
    this.#tokens.delete(accessToken);
  }

  expireAll(): void {
    this.#tokens.clear();
  }
}

/** The token response's `signature`: HMAC-SHA256 of id + issued_at, keyed by the client secret. */
export function tokenSignature(idUrl: string, issuedAt: number, secret: string): string {
  return createHmac('sha256', secret)
    .update(idUrl + String(issuedAt))
    .digest('base64');
}
