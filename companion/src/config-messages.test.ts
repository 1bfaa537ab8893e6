import { describe, expect, it } from 'vitest';
import { ConfigError, parseEnvironment } from './config.js';

/** Every configuration error is one line per variable: its name, what is wrong, the fix. */

function problems(env: Record<string, string>): string[] {
  try {
    parseEnvironment(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message.split('\n').slice(1);
    throw error;
  }
  throw new Error('expected a configuration error');
}

const live = {
  OKTA_ORG_URL: 'https://example.okta.com',
  OKTA_API_TOKEN: 'token-token-token',
  OKTA_HOOK_SECRET: 'a-hook-secret-of-16',
  SF_LOGIN_URL: 'https://example.my.salesforce.com',
  SF_CLIENT_ID: 'client',
  SF_CLIENT_SECRET: 'secret',
  COMPANION_API_SECRET: 'an-api-secret-of-16',
};

describe('configuration messages', () => {
  it.each([
    [
      { PORT: 'abc' },
      '  PORT: must be a whole number (got "abc"); fix it or unset PORT to use the default',
    ],
    [
      { PORT: '70000' },
      '  PORT: must be at most 65,535 (got "70000"); fix it or unset PORT to use the default',
    ],
    [
      { SANDBOX_USERS: '5' },
      '  SANDBOX_USERS: must be at least 10 (got "5"); fix it or unset SANDBOX_USERS to use the default',
    ],
    [
      { WORKER_CONCURRENCY: '0' },
      '  WORKER_CONCURRENCY: must be a whole number greater than 0 (got "0"); fix it or unset WORKER_CONCURRENCY to use the default',
    ],
    [
      { LOG_LEVEL: 'loud' },
      '  LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent (got "loud"); fix it or unset LOG_LEVEL to use the default',
    ],
  ])('%j → one plain line', (env, line) => {
    expect(problems(env)).toEqual([line]);
  });

  it('names a variable once, even when several checks fail', () => {
    const lines = problems({ PUBLIC_URL: 'nope' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^ {2}PUBLIC_URL: .*http.*\(got "nope"\)$/);
  });

  it('never repeats a secret value', () => {
    const lines = problems({ ...live, OKTA_HOOK_SECRET: 'short-secret' });
    expect(lines).toEqual(['  OKTA_HOOK_SECRET: must be at least 16 characters long']);
    expect(lines.join('\n')).not.toContain('short-secret');
  });

  it('lists every bad variable, one line each, without validator wording', () => {
    const lines = problems({ ...live, PORT: 'x', LOG_LEVEL: 'loud', SF_API_VERSION: '62' });
    expect(lines.map((l) => l.trim().split(':')[0])).toEqual([
      'PORT',
      'LOG_LEVEL',
      'SF_API_VERSION',
    ]);
    for (const line of lines) {
      expect(line).not.toMatch(
        /Invalid input|Too small|Too big|Invalid option|expected .* received/,
      );
    }
  });
});
