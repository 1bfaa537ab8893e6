import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_CREDENTIALS, startSandbox, type Sandbox } from '../sandbox/index.js';

/**
 * The production entry point (companion/dist/src/index.js) started against an org it cannot
 * use: it says in one line which address failed and what to check, without a stack trace.
 */

const ENTRY = join(import.meta.dirname, '..', 'dist', 'src', 'index.js');
let sandbox: Sandbox;
let dataDir: string;

beforeAll(async () => {
  sandbox = await startSandbox({ users: 10 });
  dataDir = mkdtempSync(join(tmpdir(), 'okta-sync-startup-'));
});
afterAll(async () => {
  await sandbox.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

function start(env: Record<string, string>, args: string[] = []) {
  return spawn(process.execPath, [ENTRY, ...args], {
    env: {
      PATH: process.env['PATH'],
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      STORE_PATH: join(dataDir, `${Math.random().toString(36).slice(2)}.sqlite`),
      OKTA_ORG_URL: sandbox.okta.url,
      OKTA_API_TOKEN: SANDBOX_CREDENTIALS.oktaToken,
      OKTA_HOOK_SECRET: SANDBOX_CREDENTIALS.oktaHookSecret,
      SF_CLIENT_ID: SANDBOX_CREDENTIALS.salesforceClientId,
      SF_CLIENT_SECRET: SANDBOX_CREDENTIALS.salesforceClientSecret,
      COMPANION_API_SECRET: SANDBOX_CREDENTIALS.companionApiSecret,
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}

function run(
  env: Record<string, string>,
  args: string[] = [],
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = start(env, args);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    // 'close', not 'exit': at exit the last of stderr may still be unread.
    child.once('close', (code) => resolve({ code, stderr }));
  });
}

describe('starting against an org the companion cannot use', () => {
  it('names the Salesforce URL that failed and what to check', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const result = await run({ SF_LOGIN_URL: url });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      `The companion could not start: Could not reach Salesforce at ${url} (SF_LOGIN_URL): nothing accepts connections there (connection refused). Check the URL (your My Domain, https://<domain>.my.salesforce.com), DNS, and any proxy or firewall.`,
    ]);
  });

  it('says the sign-in was refused when the credentials are wrong', async () => {
    const result = await run({
      SF_LOGIN_URL: sandbox.salesforce.url,
      SF_CLIENT_SECRET: 'not-the-secret',
    });
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`Salesforce at ${sandbox.salesforce.url} (SF_LOGIN_URL) refused`);
    expect(lines[0]).toContain('Check SF_CLIENT_ID and SF_CLIENT_SECRET');
  });

  it('exits 78 with one line per bad variable on a configuration error', async () => {
    const result = await run({ SF_LOGIN_URL: sandbox.salesforce.url, PORT: 'eighty' });
    expect(result.code).toBe(78);
    expect(result.stderr).toContain('  PORT: must be a whole number (got "eighty")');
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  it('exits 78 naming --role when the role is not one it knows', async () => {
    const result = await run({ SF_LOGIN_URL: sandbox.salesforce.url }, ['--role=ingest']);
    expect(result.code).toBe(78);
    expect(result.stderr).toContain('  --role: must be one of all, intake, worker (got "ingest")');
  });

  it('starts the intake role while Salesforce is unreachable, and stops on SIGTERM', async () => {
    const port = await closedPort();
    const child = start(
      { SF_LOGIN_URL: `http://127.0.0.1:${await closedPort()}`, PORT: String(port) },
      ['--role', 'intake'],
    );
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    let ready = false;
    for (let attempt = 0; attempt < 300 && !ready; attempt++) {
      ready = await fetch(`http://127.0.0.1:${port}/readyz`).then(
        (response) => response.ok,
        () => false,
      );
      if (!ready) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    child.kill('SIGTERM');
    expect(ready).toBe(true);
    expect(await exited).toBe(0);
  });
});
