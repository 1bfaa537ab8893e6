import { describe, expect, it } from 'vitest';
import { ConfigError, parseEnvironment } from './config.js';

const liveEnv = {
  OKTA_ORG_URL: 'https://example.okta.com',
  OKTA_API_TOKEN: 'okta-token-value',
  OKTA_HOOK_SECRET: 'hook-secret-0123456789',
  SF_LOGIN_URL: 'https://example.my.salesforce.com',
  SF_CLIENT_ID: 'client-id',
  SF_CLIENT_SECRET: 'client-secret-value',
  COMPANION_API_SECRET: 'api-secret-0123456789',
};

function issuesOf(env: Record<string, string>): string[] {
  try {
    parseEnvironment(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map((i) => i.variable);
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('parseEnvironment', () => {
  it('runs the sandbox when no credentials are configured', () => {
    const parsed = parseEnvironment({});
    expect(parsed.mode).toBe('sandbox');
    if (parsed.mode !== 'sandbox') return;
    expect(parsed.common.http.port).toBe(8787);
    expect(parsed.sandbox).toEqual({ oktaPort: 8788, salesforcePort: 8789, users: 200 });
  });

  it('parses a complete live configuration', () => {
    const parsed = parseEnvironment({
      ...liveEnv,
      PORT: '9000',
      COMPANION_API_SECRET_PREVIOUS: 'old-secret-0123456789',
    });
    expect(parsed.mode).toBe('live');
    if (parsed.mode !== 'live') return;
    expect(parsed.config.http.port).toBe(9000);
    expect(parsed.config.okta.auth.kind).toBe('ssws');
    expect(parsed.config.salesforce.auth.kind).toBe('client-credentials');
    expect(parsed.config.api.secrets.map((s) => s.reveal())).toEqual([
      'api-secret-0123456789',
      'old-secret-0123456789',
    ]);
  });

  it('names every missing variable of a partial live configuration', () => {
    expect(issuesOf({ OKTA_ORG_URL: 'https://example.okta.com' }).sort()).toEqual(
      [
        'COMPANION_API_SECRET',
        'OKTA_CLIENT_ID',
        'OKTA_HOOK_SECRET',
        'OKTA_PRIVATE_KEY',
        'SF_CLIENT_ID',
        'SF_CLIENT_SECRET',
        'SF_LOGIN_URL',
      ].sort(),
    );
  });

  it('rejects malformed values with the variable name', () => {
    expect(issuesOf({ ...liveEnv, OKTA_ORG_URL: 'https://example.okta.com/' })).toEqual([
      'OKTA_ORG_URL',
    ]);
    expect(issuesOf({ ...liveEnv, PORT: 'eighty' })).toEqual(['PORT']);
    expect(issuesOf({ ...liveEnv, SF_API_VERSION: 'v62' })).toEqual(['SF_API_VERSION']);
    expect(issuesOf({ ...liveEnv, OKTA_HOOK_SECRET: 'short' })).toEqual(['OKTA_HOOK_SECRET']);
  });

  it('takes a previous hook secret for rotation, and refuses a short one', () => {
    const parsed = parseEnvironment({
      ...liveEnv,
      OKTA_HOOK_SECRET_PREVIOUS: 'hook-secret-previous-0123',
    });
    expect(
      parsed.mode === 'live' &&
        parsed.config.okta.hookSecretPrevious?.matches('hook-secret-previous-0123'),
    ).toBe(true);
    expect(issuesOf({ ...liveEnv, OKTA_HOOK_SECRET_PREVIOUS: 'short' })).toEqual([
      'OKTA_HOOK_SECRET_PREVIOUS',
    ]);
  });

  it('allows identity attribute writes from Salesforce only when named, and only known ones', () => {
    const none = parseEnvironment(liveEnv);
    expect(none.mode === 'live' && none.config.identityWrites).toEqual([]);
    const some = parseEnvironment({ ...liveEnv, OKTA_ALLOW_IDENTITY_WRITES: 'secondEmail, email' });
    expect(some.mode === 'live' && some.config.identityWrites).toEqual(['secondEmail', 'email']);
    expect(issuesOf({ ...liveEnv, OKTA_ALLOW_IDENTITY_WRITES: 'mobilePhone' })).toEqual([
      'OKTA_ALLOW_IDENTITY_WRITES',
    ]);
  });

  it('selects the JWT bearer flow when a username and key are given', () => {
    const parsed = parseEnvironment({
      ...liveEnv,
      SF_CLIENT_SECRET: '',
      SF_USERNAME: 'integration@example.com',
      SF_PRIVATE_KEY: '-----BEGIN PRIVATE KEY-----',
    });
    expect(parsed.mode === 'live' && parsed.config.salesforce.auth.kind).toBe('jwt-bearer');
  });

  it('never exposes secrets when the configuration is printed', () => {
    const parsed = parseEnvironment(liveEnv);
    const printed = JSON.stringify(parsed);
    for (const secret of [
      'okta-token-value',
      'hook-secret-0123456789',
      'client-secret-value',
      'api-secret-0123456789',
    ]) {
      expect(printed).not.toContain(secret);
    }
  });
});
