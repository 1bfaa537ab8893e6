import { createServer } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_TOKEN_ADMIN } from '../sandbox/okta/index.js';
import { oktaSdkClient } from '../sandbox/okta/sdk-client.js';
import { endToEndProfile, seededRandom } from '../sandbox/profile.js';
import { startCompanion, type RunningCompanion } from '../src/companion.js';
import { silentLogger } from '../src/logger.js';
import type { FieldMapping } from '../src/mapping/types.js';
import {
  allowedFinalValues,
  comparable,
  sourceOfTruthOf,
  writableSides,
  type Side,
  type UserWrite,
} from './convergence-model.js';
import { cdcSubscribed, eventually, startTestWorld, type TestWorld } from './harness.js';

/**
 * Convergence under the realistic profile, as a property: fast-check generates interleavings of
 * Okta profile changes (Admin Console and admin API token), Salesforce Contact edits, pauses,
 * settle points and companion restarts on the same store, while the emulated Okta delivers its
 * event hooks late, out of order and some twice (delay and duplicate rate drawn per case) and
 * Salesforce delivers change events after a lag. Once the input stops, within a bound:
 * - every mapped field of every user agrees across the orgs, on the last write by its source of
 *   truth (read from the loaded sync configuration; see convergence-model.ts);
 * - each Okta user has exactly one Contact;
 * - the companion's writes to Okta profiles are no more than the Contact edits (no echo loop).
 *
 * `npm test` runs a few cases with a fixed seed. A longer run:
 *   CONVERGENCE_RUNS=200 npx vitest run test/convergence.property.test.ts
 * CONVERGENCE_SEED picks another seed; a failure prints the seed and path to replay it with
 * CONVERGENCE_SEED and CONVERGENCE_PATH (CONVERGENCE_SHRINK=1 shrinks it to a smaller case).
 */

const RUNS = positiveEnv('CONVERGENCE_RUNS', 4);
const SEED = positiveEnv('CONVERGENCE_SEED', 1414);
const PATH = process.env['CONVERGENCE_PATH'];
const SHRINK = process.env['CONVERGENCE_SHRINK'] === '1';
/** How long both orgs may take to agree once the input stops. */
const CONVERGENCE_BOUND_MS = 45_000;

function positiveEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) {
    throw new Error(`${name} must be a positive integer, not "${raw}"`);
  }
  return value;
}

type Op =
  | { kind: 'okta'; user: number; field: number; via: 'console' | 'api' }
  | { kind: 'salesforce'; user: number; field: number }
  | { kind: 'pause'; ms: number }
  | { kind: 'settle' }
  | { kind: 'restart' };

interface Case {
  /** Seed of the orgs' random draws (lags, duplicates, lock failures) for this case. */
  timingSeed: number;
  hookDuplicateRate: number;
  hookDelayMaxMs: number;
  users: number;
  ops: Op[];
}

/** A user of one case: its Okta id, its Contact, and what was written since the last settle point. */
interface CaseUser {
  oktaId: string;
  email: string;
  contactId: string;
  /** Each mapped field's values (comparable) in the orgs at the last settle point, by mapping. */
  settled: Map<string, string[]>;
  /** When the last settle point was reached (ISO 8601, as Okta's log publishes). */
  settledAt: string;
  writes: UserWrite[];
}

let world: TestWorld;
let companion: RunningCompanion;
let drawRandom: () => number = seededRandom(1);
let caseNumber = 0;
const convergenceTimes: number[] = [];

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no free port')),
      );
    });
  });
}

beforeAll(async () => {
  // One world for every case (each case has its own users); the random draws of both orgs go
  // through `drawRandom`, reseeded per case. A fixed port lets a restarted companion keep the
  // registered event hook URL, as a redeployed service keeps its address.
  world = await startTestWorld({
    users: 5,
    profile: { ...endToEndProfile(), random: () => drawRandom() },
    env: { PORT: String(await freePort()), OKTA_SYSTEM_LOG_POLL_SECONDS: '1' },
  });
  companion = world.companion;
});

afterAll(async () => {
  await companion?.stop();
  await world?.close();
  if (convergenceTimes.length > 0) {
    console.info(
      `convergence: ${convergenceTimes.length} cases, slowest ${Math.max(...convergenceTimes)} ms after the input stopped`,
    );
  }
});

/** The mappings a case writes: Contact fields carried from an Okta profile attribute. */
function caseMappings(): FieldMapping[] {
  return companion.syncConfig
    .current()
    .mappings.filter(
      (m) =>
        m.objectName === 'Contact' &&
        m.oktaAttribute.startsWith('profile.') &&
        m.oktaAttribute !== 'profile.login' &&
        !m.isMatchKey &&
        ['NONE', 'TRIM', 'LOWER', 'UPPER', 'PHONE_E164'].includes(m.transform),
    );
}

function caseArbitrary(mappings: readonly FieldMapping[]): fc.Arbitrary<Case> {
  const salesforceWritable = mappings.filter((m) => writableSides(m).includes('SALESFORCE'));
  const oktaWritable = mappings.filter((m) => writableSides(m).includes('OKTA'));
  const user = fc.nat({ max: 1 });
  const op: fc.Arbitrary<Op> = fc.oneof(
    {
      weight: 4,
      arbitrary: fc.record({
        kind: fc.constant('okta' as const),
        user,
        field: fc.nat({ max: oktaWritable.length - 1 }),
        via: fc.constantFrom('console' as const, 'api' as const),
      }),
    },
    {
      weight: 4,
      arbitrary: fc.record({
        kind: fc.constant('salesforce' as const),
        user,
        field: fc.nat({ max: salesforceWritable.length - 1 }),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('pause' as const),
        ms: fc.integer({ min: 0, max: 400 }),
      }),
    },
    { weight: 1, arbitrary: fc.constant({ kind: 'settle' as const }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'restart' as const }) },
  );
  return fc.record({
    timingSeed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
    hookDuplicateRate: fc.constantFrom(0, 0.2, 0.5, 1),
    hookDelayMaxMs: fc.constantFrom(0, 250, 600),
    users: fc.integer({ min: 1, max: 2 }),
    ops: fc.array(op, { minLength: 1, maxLength: 10 }),
  });
}

/** A value for a write, distinct from the other writes of a case. */
function freshValue(mapping: FieldMapping, side: Side, n: number): string {
  if (mapping.transform === 'PHONE_E164') {
    // Valid US numbers (415 555 0000–9999); Okta holds E.164, a person types spaces in Salesforce.
    const line = String(n % 10_000).padStart(4, '0');
    return side === 'OKTA' ? `+1415555${line}` : `+1 415 555 ${line}`;
  }
  return `${mapping.label} ${side === 'OKTA' ? 'O' : 'S'}${n}`;
}

let writeCounter = 0;

function profileValue(oktaId: string, mapping: FieldMapping): unknown {
  return world.sandbox.okta.state.users.get(oktaId)?.profile[
    mapping.oktaAttribute.slice('profile.'.length)
  ];
}

function contactValue(contactId: string, mapping: FieldMapping): unknown {
  return world.sandbox.salesforce.db.get('Contact', contactId)?.[mapping.field];
}

async function queueIdle(): Promise<boolean> {
  const counts = await companion.store.jobs.counts();
  return counts.pending === 0 && counts.leased === 0 && counts.delayed === 0;
}

/** Every delivery in flight has arrived and the companion has worked it. */
async function quiesce(): Promise<void> {
  const okta = world.sandbox.okta;
  await okta.whenHooksIdle();
  await okta.whenLogPersisted();
  // Change events travel for up to the CDC lag; then the queue holds what they became.
  await new Promise((resolve) => setTimeout(resolve, 300));
  await eventually(() => queueIdle());
}

async function restartCompanion(): Promise<void> {
  await companion.stop();
  companion = await startCompanion(world.config, { logger: silentLogger(), background: true });
  await cdcSubscribed(companion);
}

/** Each field's mismatch with what the case allows, empty once the orgs agree on it. */
function mismatches(users: readonly CaseUser[], mappings: readonly FieldMapping[]): string[] {
  const out: string[] = [];
  for (const [u, user] of users.entries()) {
    for (const mapping of mappings) {
      const okta = comparable(mapping, profileValue(user.oktaId, mapping));
      const salesforce = comparable(mapping, contactValue(user.contactId, mapping));
      const allowed = allowedFinalValues({
        mapping: mapping.name,
        sourceOfTruth: sourceOfTruthOf(mapping),
        initial: user.settled.get(mapping.name) ?? [''],
        writes: user.writes,
        oktaWriteReplacedByPush: pushedAfterOktaWrite(user, mapping),
      });
      const values = allowed.values.map((v) => comparable(mapping, v));
      const fits =
        values.includes(okta) &&
        values.includes(salesforce) &&
        (!allowed.agree || okta === salesforce);
      if (!fits) {
        out.push(
          `user ${u} ${mapping.name}: Okta "${okta}", Salesforce "${salesforce}", expected ${allowed.agree ? 'both on' : 'each on'} one of ${JSON.stringify(values)}`,
        );
      }
    }
  }
  return out;
}

/** Waits until the orgs agree as the case allows and nothing is in flight; the time it took. */
async function converge(
  users: readonly CaseUser[],
  mappings: readonly FieldMapping[],
): Promise<number> {
  const started = Date.now();
  let last: string[] = [];
  for (;;) {
    await quiesce();
    last = mismatches(users, mappings);
    if (last.length === 0) {
      // Still so once everything that could have been in flight has landed.
      await quiesce();
      last = mismatches(users, mappings);
      if (last.length === 0) return Date.now() - started;
    }
    if (Date.now() - started > CONVERGENCE_BOUND_MS) {
      throw new Error(
        `no convergence within ${CONVERGENCE_BOUND_MS} ms after the input stopped:\n${last.join('\n')}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function createCaseUsers(
  count: number,
  mappings: readonly FieldMapping[],
): Promise<CaseUser[]> {
  caseNumber += 1;
  const created = Array.from({ length: count }, (_, i) => {
    const login = `convergence.${caseNumber}.${i}@example.test`;
    const profile: Record<string, string> = {
      login,
      email: login,
      firstName: 'Prop',
      lastName: `Case${caseNumber}User${i}`,
      userType: 'Customer',
      organization: 'Convergence Org',
    };
    for (const mapping of mappings) {
      const attribute = mapping.oktaAttribute.slice('profile.'.length);
      profile[attribute] ??= freshValue(mapping, 'OKTA', (writeCounter += 1));
    }
    return world.sandbox.okta.createUserDirect(profile);
  });
  const contacts = await eventually(() => {
    const rows = created.map((u) =>
      world.sandbox.salesforce.db.find('Contact', (c) => c['Okta_User_Id__c'] === u.id),
    );
    return rows.every((r) => r.length > 0) ? rows : undefined;
  });
  return created.map((u, i) => ({
    oktaId: u.id,
    email: String(u.profile['email']),
    contactId: String(contacts[i]?.[0]?.['Id']),
    settled: new Map(),
    settledAt: new Date(0).toISOString(),
    // The values the user was created with are its first writes, Okta's.
    writes: mappings.map((m) => ({
      side: 'OKTA' as const,
      mapping: m.name,
      value: String(profileValue(u.id, m) ?? ''),
    })),
  }));
}

async function runCase(c: Case, mappings: readonly FieldMapping[]): Promise<void> {
  const okta = world.sandbox.okta;
  drawRandom = seededRandom(c.timingSeed);
  if (world.sandbox.profile === 'realistic') {
    okta.retimeHooks({
      hookDuplicateRate: c.hookDuplicateRate,
      hookDelay: { minMs: 0, maxMs: c.hookDelayMaxMs },
    });
  }
  const salesforceWritable = mappings.filter((m) => writableSides(m).includes('SALESFORCE'));
  const oktaWritable = mappings.filter((m) => writableSides(m).includes('OKTA'));
  const admin = oktaSdkClient(okta.url, { token: world.sandbox.credentials.oktaAdminToken });

  const users = await createCaseUsers(c.users, mappings);
  await settle(users, mappings);
  const oktaWritesBefore = ourProfileWrites(users).length;

  let contactEdits = 0;
  for (const op of c.ops) {
    switch (op.kind) {
      case 'okta': {
        const user = users[op.user % users.length] as CaseUser;
        const mapping = oktaWritable[op.field] as FieldMapping;
        const value = freshValue(mapping, 'OKTA', (writeCounter += 1));
        const attribute = mapping.oktaAttribute.slice('profile.'.length);
        if (op.via === 'console') okta.updateUserDirect(user.oktaId, { [attribute]: value });
        else {
          await admin.userApi.updateUser({
            userId: user.oktaId,
            user: { profile: { [attribute]: value } },
          });
        }
        user.writes.push({ side: 'OKTA', mapping: mapping.name, value });
        break;
      }
      case 'salesforce': {
        const user = users[op.user % users.length] as CaseUser;
        const mapping = salesforceWritable[op.field] as FieldMapping;
        const value = freshValue(mapping, 'SALESFORCE', (writeCounter += 1));
        await world.salesforce
          .sobject('Contact')
          .update({ Id: user.contactId, [mapping.field]: value });
        contactEdits += 1;
        user.writes.push({ side: 'SALESFORCE', mapping: mapping.name, value });
        break;
      }
      case 'pause':
        await new Promise((resolve) => setTimeout(resolve, op.ms));
        break;
      case 'settle':
        await settle(users, mappings);
        break;
      case 'restart':
        await restartCompanion();
        break;
    }
  }

  convergenceTimes.push(await converge(users, mappings));

  for (const user of users) {
    const linked = world.sandbox.salesforce.db.find(
      'Contact',
      (r) => r['Okta_User_Id__c'] === user.oktaId || r['Email'] === user.email,
    );
    expect(
      linked.map((r) => r['Id']),
      `Contacts of Okta user ${user.oktaId}`,
    ).toEqual([user.contactId]);
  }
  const companionWrites = ourProfileWrites(users).length - oktaWritesBefore;
  expect(companionWrites, 'profile updates the companion made in Okta').toBeLessThanOrEqual(
    contactEdits,
  );
}

/** Waits for convergence, then takes the converged values as the new starting point. */
async function settle(users: CaseUser[], mappings: readonly FieldMapping[]): Promise<void> {
  await converge(users, mappings);
  for (const user of users) {
    for (const m of mappings) {
      const okta = comparable(m, profileValue(user.oktaId, m));
      const salesforce = comparable(m, contactValue(user.contactId, m));
      user.settled.set(m.name, [...new Set([okta, salesforce])]);
    }
    user.writes = [];
    user.settledAt = new Date().toISOString();
  }
}

/**
 * Whether the Okta log shows the companion writing the mapping's attribute after the last Okta
 * write of it by someone else since the settle point (see `oktaWriteReplacedByPush`).
 */
function pushedAfterOktaWrite(user: CaseUser, mapping: FieldMapping): boolean {
  const attribute = mapping.oktaAttribute.slice('profile.'.length);
  const writesOf = world.sandbox.okta.state.logs.filter(
    (e) =>
      e.eventType === 'user.account.update_profile' &&
      e.published >= user.settledAt &&
      e.target?.some((t) => t.id === user.oktaId) &&
      String(e.debugContext.debugData['changedAttributes'] ?? '')
        .split(',')
        .includes(attribute),
  );
  const lastByOthers = writesOf.filter((e) => e.actor?.id !== API_TOKEN_ADMIN.id).at(-1);
  return (
    lastByOthers !== undefined &&
    writesOf.some((e) => e.actor?.id === API_TOKEN_ADMIN.id && e.published > lastByOthers.published)
  );
}

/** Profile updates of the case's users made with the companion's API token. */
function ourProfileWrites(users: readonly CaseUser[]): string[] {
  const ids = new Set(users.map((u) => u.oktaId));
  return world.sandbox.okta.state.logs
    .filter(
      (e) =>
        e.eventType === 'user.account.update_profile' &&
        e.actor?.id === API_TOKEN_ADMIN.id &&
        e.target?.some((t) => ids.has(t.id)),
    )
    .map((e) => e.uuid);
}

describe('convergence under duplicated, reordered and delayed deliveries and restarts', () => {
  it(
    'both orgs end on the last write by each field’s source of truth, without duplicates or echo loops',
    async () => {
      const mappings = caseMappings();
      expect(mappings.some((m) => m.direction === 'BOTH')).toBe(true);
      await fc.assert(
        fc.asyncProperty(caseArbitrary(mappings), (c) => runCase(c, mappings)),
        {
          seed: SEED,
          numRuns: RUNS,
          endOnFailure: !SHRINK,
          ...(PATH === undefined ? {} : { path: PATH }),
        },
      );
    },
    RUNS * 120_000,
  );
});
