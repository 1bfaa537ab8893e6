import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sandboxCompanionConfig } from '../bin/sandbox-mode.js';
import { startSandbox, type Sandbox } from '../sandbox/index.js';
import { startCompanion, type RunningCompanion } from '../src/companion.js';
import { parseEnvironment } from '../src/config.js';
import { JOB_KIND, userSubjectKey } from '../src/intake/okta-events.js';
import { silentLogger } from '../src/logger.js';
import { instanceIdFor, runWorkerId } from '../src/store/instance-id.js';
import { openSqliteStore } from '../src/store/index.js';
import { eventually } from './harness.js';

/**
 * A companion killed with leases held (SIGKILL: no chance to give them back) and started
 * again on the same store: its jobs run at once, not after the 60 s lease runs out.
 */

const stops: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

describe('a restart on the same store', () => {
  it("releases the leases of this instance's previous run, and not another instance's", async () => {
    const sandbox: Sandbox = await startSandbox({ users: 10 });
    stops.push(() => sandbox.close());
    const dataDir = mkdtempSync(join(tmpdir(), 'okta-sync-leases-'));
    stops.push(async () => rmSync(dataDir, { recursive: true, force: true }));
    const parsed = parseEnvironment({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
    if (parsed.mode !== 'sandbox') throw new Error('sandbox mode expected');
    const config = sandboxCompanionConfig(parsed.common, parsed.salesforce, sandbox);
    const users = [...sandbox.okta.state.users.values()].slice(0, 2);

    // The previous run of this instance claimed a job and was killed; another instance
    // sharing the store holds a live lease of its own.
    const before = openSqliteStore({ path: config.store.path });
    await before.inbox.accept(
      users.map((user, i) => ({
        source: 'okta-hook' as const,
        eventId: `lease-test-${i}`,
        eventType: 'user.account.update_profile',
        subjectKey: userSubjectKey(user.id),
        jobKind: JOB_KIND.oktaUserSync,
        occurredAt: new Date().toISOString(),
        payload: {
          eventType: 'user.account.update_profile',
          published: new Date().toISOString(),
          actorId: null,
          userId: user.id,
          userLogin: String(user.profile['login']),
          groupId: null,
          groupName: null,
          outcome: 'SUCCESS',
        },
      })),
    );
    const instanceId = instanceIdFor(config.store.path);
    const claim = async (workerId: string) =>
      (await before.jobs.claim({ limit: 1, leaseMs: 60_000, workerId })).map((job) => job.id);
    const [killedRunJob] = await claim(runWorkerId(instanceId, 'killed'));
    const [otherInstanceJob] = await claim(runWorkerId('another-instance', 'live'));
    expect(await before.jobs.counts()).toMatchObject({ leased: 2, pending: 0 });
    await before.close();

    const companion: RunningCompanion = await startCompanion(
      sandboxCompanionConfig(parsed.common, parsed.salesforce, sandbox, { freshStore: false }),
      { logger: silentLogger(), background: false },
    );
    stops.push(() => companion.stop());

    expect(await companion.store.jobs.counts()).toMatchObject({ leased: 1, pending: 1 });
    expect((await companion.store.jobs.get(otherInstanceJob ?? -1))?.leaseUntil).not.toBeNull();

    companion.worker.start();
    await eventually(
      async () => (await companion.store.jobs.get(killedRunJob ?? -1)) === undefined,
    );
    expect(await companion.store.jobs.get(otherInstanceJob ?? -1)).toBeDefined();
  });
});
