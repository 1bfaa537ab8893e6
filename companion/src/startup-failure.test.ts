import { describe, expect, it } from 'vitest';
import {
  databaseConnectFailure,
  describeStartupFailure,
  networkReason,
  salesforceConnectFailure,
  StartupError,
} from './startup-failure.js';

const refused = Object.assign(new Error('request to http://127.0.0.1:9/x failed'), {
  name: 'FetchError',
  code: 'ECONNREFUSED',
});

describe('start-up failures', () => {
  it('names the address, the variable and what to check when Salesforce cannot be reached', () => {
    const message = salesforceConnectFailure('https://acme.my.salesforce.com', refused).message;
    expect(message).toBe(
      'Could not reach Salesforce at https://acme.my.salesforce.com (SF_LOGIN_URL): nothing accepts connections there (connection refused). Check the URL (your My Domain, https://<domain>.my.salesforce.com), DNS, and any proxy or firewall.',
    );
  });

  it('tells a refused sign-in from an unreachable org', () => {
    const error = Object.assign(new Error('invalid client credentials'), {
      name: 'invalid_client',
    });
    const message = salesforceConnectFailure('https://acme.my.salesforce.com', error).message;
    expect(message).toContain('refused the companion');
    expect(message).toContain('(invalid_client: invalid client credentials)');
    expect(message).toContain('SF_CLIENT_ID and SF_CLIENT_SECRET');
  });

  it.each([
    ['ENOTFOUND', 'does not resolve'],
    ['ETIMEDOUT', 'timed out'],
    ['SELF_SIGNED_CERT_IN_CHAIN', 'NODE_EXTRA_CA_CERTS'],
  ])('explains %s', (code, words) => {
    expect(networkReason(Object.assign(new Error('x'), { cause: { code } }))).toContain(words);
  });

  it('is one line, without a stack trace, for any failure', () => {
    expect(describeStartupFailure(new StartupError('exactly this'))).toBe('exactly this');
    expect(
      describeStartupFailure(
        Object.assign(new Error('listen EADDRINUSE'), { code: 'EADDRINUSE', port: 8787 }),
      ),
    ).toMatch(/^Port 8787 is already in use: .*PORT/);
    expect(describeStartupFailure(new Error('first line\nsecond line'))).toBe('first line');
  });
});

describe('PostgreSQL start-up failures', () => {
  const url = 'postgres://companion:s3cret@db.internal:5432/companion';
  const failure = (code: string, message: string) =>
    databaseConnectFailure(url, Object.assign(new Error(message), { code })).message;

  it('name the database without its credentials, and what to check', () => {
    expect(failure('28P01', 'password authentication failed for user "companion"')).toBe(
      'PostgreSQL at db.internal:5432/companion (DATABASE_URL) refused the companion\'s sign-in (password authentication failed for user "companion"). Check the user and password in DATABASE_URL.',
    );
    expect(failure('3D000', 'database "companion" does not exist')).toContain(
      'Create the database (createdb)',
    );
    expect(failure('ENOTFOUND', 'getaddrinfo ENOTFOUND db.internal')).toContain(
      'the host name does not resolve',
    );
    for (const code of ['28P01', '3D000', 'ENOTFOUND', 'XX000']) {
      expect(failure(code, 'x')).not.toContain('s3cret');
    }
  });
});
