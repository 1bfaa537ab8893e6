import { describe, expect, it } from 'vitest';
import { ConfigError, parseEnvironment } from './config.js';

const LIVE = {
  OKTA_ORG_URL: 'https://example.okta.com',
  OKTA_API_TOKEN: 'okta-token',
  OKTA_HOOK_SECRET: 'hook-secret-0123456789',
  SF_LOGIN_URL: 'https://example.my.salesforce.com',
  SF_CLIENT_ID: 'client',
  SF_CLIENT_SECRET: 'secret',
  COMPANION_API_SECRET: 'api-secret-0123456789',
};

const TOKEN = 'scim-token-0123456789abcdef-0123456';

function issues(env: Record<string, string>) {
  try {
    parseEnvironment(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  return [];
}

describe('SCIM configuration', () => {
  it('serves SCIM only with SCIM_TOKEN, with the previous token during a rotation', () => {
    const off = parseEnvironment(LIVE);
    expect(off.mode === 'live' && off.config.scim).toBeUndefined();
    const on = parseEnvironment({
      ...LIVE,
      SCIM_TOKEN: TOKEN,
      SCIM_TOKEN_PREVIOUS: `${TOKEN}-old`,
    });
    if (on.mode !== 'live') throw new Error('live expected');
    expect(on.config.scim?.tokens.map((t) => t.reveal())).toEqual([TOKEN, `${TOKEN}-old`]);
    expect(JSON.stringify(on.config.scim)).not.toContain(TOKEN);
  });

  it('refuses tokens shorter than 32 characters, naming the variable, never the value', () => {
    const found = issues({ ...LIVE, SCIM_TOKEN: 'short-token', SCIM_TOKEN_PREVIOUS: 'also-short' });
    expect(found.map((i) => i.variable)).toEqual(['SCIM_TOKEN', 'SCIM_TOKEN_PREVIOUS']);
    expect(JSON.stringify(found)).not.toContain('short-token');
  });

  it('refuses a previous token without a current one', () => {
    expect(issues({ ...LIVE, SCIM_TOKEN_PREVIOUS: TOKEN }).map((i) => i.variable)).toEqual([
      'SCIM_TOKEN',
    ]);
  });
});
