import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsforce, { type Connection } from 'jsforce';
import { sandboxCompanionConfig } from '../bin/sandbox-mode.js';
import { startSandbox, type Sandbox, type SandboxOptions } from '../sandbox/index.js';
import { endToEndProfile, sandboxProfile } from '../sandbox/profile.js';
import { startCompanion, type RunningCompanion, type StartOptions } from '../src/companion.js';
import { parseEnvironment, type CompanionConfig } from '../src/config.js';
import { silentLogger } from '../src/logger.js';
import { registerEventHook } from '../src/intake/event-hook-registration.js';

/**
 * A whole world for end-to-end tests: the sandbox's emulated orgs and a companion wired to
 * them exactly as `npm start` wires it (real SDKs, real HTTP on 127.0.0.1, a SQLite file).
 * Both orgs run with the realistic profile unless a test names another (or SANDBOX_PROFILE does).
 */
export interface TestWorld {
  sandbox: Sandbox;
  companion: RunningCompanion;
  config: CompanionConfig;
  /** A jsforce connection for assertions, as an admin would look at the org. */
  salesforce: Connection;
  dataDir: string;
  close(): Promise<void>;
}

export interface TestWorldOptions extends SandboxOptions {
  /** Environment overrides for the companion (e.g. OKTA_SYSTEM_LOG_POLL_SECONDS). */
  env?: Record<string, string>;
  registerHook?: boolean;
  background?: boolean;
  /** Liveness limits of the companion's CDC channels. */
  cdcLiveness?: StartOptions['cdcLiveness'];
  /**
   * Resolve only once every CDC channel is subscribed (default: when background loops run).
   * The companion subscribes for new events only on its first start, as it does in a real org,
   * so a record edited before the subscription is acknowledged never reaches it.
   */
  waitForCdc?: boolean;
}

export async function startTestWorld(options: TestWorldOptions = {}): Promise<TestWorld> {
  const sandbox = await startSandbox({ users: 20, profile: endToEndProfile(), ...options });
  const dataDir = mkdtempSync(join(tmpdir(), 'okta-sync-test-'));
  const parsed = parseEnvironment({
    PORT: '0',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    ...options.env,
  });
  if (parsed.mode !== 'sandbox') throw new Error('the test world runs in sandbox mode');
  const config = sandboxCompanionConfig(parsed.common, parsed.salesforce, sandbox);
  const companion = await startCompanion(config, {
    logger: silentLogger(),
    background: options.background ?? true,
    ...(options.cdcLiveness ? { cdcLiveness: options.cdcLiveness } : {}),
    // The sandbox's clock, when a test sets one, is the companion's too.
    ...(options.now ? { now: options.now } : {}),
  });
  if (options.waitForCdc ?? options.background ?? true) await cdcSubscribed(companion);
  if (options.registerHook ?? true) {
    await registerEventHook(companion.okta, {
      uri: `${companion.url}/hooks/okta`,
      secret: config.okta.hookSecret,
    });
  }
  const token = sandbox.salesforce.issueToken();
  const salesforce = savesAgainOnRowLock(
    new jsforce.Connection({
      instanceUrl: token.instanceUrl,
      accessToken: token.accessToken,
      version: '62.0',
    }),
  );
  return {
    sandbox,
    companion,
    config,
    salesforce,
    dataDir,
    async close() {
      await companion.stop();
      await sandbox.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A person in Salesforce saves again when a save is refused with UNABLE_TO_LOCK_ROW, as the
 * page invites them to: with the realistic profile, a test's edit can meet the companion's
 * write to the same Account. Every other error is the test's to see.
 */
export function savesAgainOnRowLock(connection: Connection, attempts = 20): Connection {
  const send = connection.request.bind(connection);
  const request = async (...args: Parameters<Connection['request']>) => {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await send(...args);
      } catch (error) {
        const code = (error as { errorCode?: unknown }).errorCode;
        if (code !== 'UNABLE_TO_LOCK_ROW' || attempt >= attempts) throw error;
        await new Promise((resolve) => setTimeout(resolve, 25 * attempt));
      }
    }
  };
  connection.request = request as unknown as Connection['request'];
  return connection;
}

/** Resolves once every CDC channel of the companion has its subscription acknowledged. */
export async function cdcSubscribed(companion: RunningCompanion): Promise<void> {
  await eventually(() =>
    Object.values(companion.salesforceToOkta.subscriber.state()).every(
      (channel) => channel.state === 'connected',
    ),
  );
}

/** Resolves once `probe` returns a value other than undefined/false; the test timeout bounds it. */
export async function eventually<T>(
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  intervalMs = 50,
): Promise<T> {
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
    if (lastError instanceof Error && lastError.message.startsWith('FATAL')) throw lastError;
  }
}

/** Waits until the companion's queue holds no runnable or running job. */
export async function queueDrained(world: TestWorld): Promise<void> {
  await world.sandbox.okta.whenHooksIdle();
  await eventually(async () => {
    const counts = await world.companion.store.jobs.counts();
    return counts.pending === 0 && counts.leased === 0 && counts.delayed === 0;
  });
}

/**
 * An Okta user created in the emulator, its Contact created by the companion, and every event of
 * that creation (CDC included, delivered `cdcLagMs` late) handled: the person is settled.
 */
export async function settledLinkedUser(
  world: TestWorld,
  profile: { login: string; firstName: string; lastName: string; [attribute: string]: string },
  cdcLagMs: number,
): Promise<{ userId: string; contactId: string }> {
  const user = world.sandbox.okta.createUserDirect({
    email: profile.login,
    userType: 'Customer',
    organization: `${profile.firstName} ${profile.lastName} Org`,
    ...profile,
  });
  const contact = await eventually(
    () => world.sandbox.salesforce.db.find('Contact', (c) => c['Okta_User_Id__c'] === user.id)[0],
  );
  await queueDrained(world);
  await new Promise((resolve) => setTimeout(resolve, cdcLagMs + 500)); // the creation's events
  await queueDrained(world);
  return { userId: user.id, contactId: String(contact['Id']) };
}

/**
 * The realistic profile with hooks on time and never twice, and every Contact change event
 * exactly `lagMs` late: tests that need one order of a Contact edit and a sync pick it so.
 */
export function fixedCdcLagProfile(lagMs: number) {
  return sandboxProfile('realistic', {
    okta: { hookDelay: { minMs: 0, maxMs: 0 }, hookDuplicateRate: 0 },
    salesforce: { cdcLag: { minMs: lagMs, maxMs: lagMs } },
  });
}
