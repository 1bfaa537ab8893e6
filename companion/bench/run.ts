/**
 * `npm run bench`: runs the benchmarks against the sandbox's emulated orgs on this machine,
 * writes each result to bench/results/<name>.json and the tables into BENCHMARKS.md
 * (between the `results` markers; the text around them is kept).
 *
 *   node companion/dist/bench/run.js [--only=reconciliation,hooks,topologies,cdc,scim]
 *     [--quick | --report-only]
 *     [--profile=realistic]
 *
 * `--quick` runs small sizes into bench/results/quick/ and leaves BENCHMARKS.md alone;
 * `--report-only` runs nothing and rewrites the tables from the stored results;
 * `--profile=realistic` runs the orgs with the realistic profile's timing (sandbox/profile.ts) and
 * stores the results beside the instant ones, named so.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCdcBench, type CdcBenchOptions } from './cdc-bench.js';
import { describeEnvironment } from './environment.js';
import { runHookBurst, type HookBurstResult } from './hook-burst-bench.js';
import { describeTopology, type HookTopology } from './hook-topology.js';

const int = (n: number) => Math.round(n).toLocaleString('en-US');
import { runReconciliationBench } from './reconciliation-bench.js';
import { runScimBurst, type ScimBurstOptions } from './scim-burst-bench.js';
import { medianRun, resultsSection, summarizeRun, type StoredResult } from './report.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const START = '<!-- results:start -->';
const END = '<!-- results:end -->';

interface Plan {
  reconciliation: { customers: number; perRecordSample?: number }[];
  hooks: {
    label: string;
    customers: number;
    events: number;
    users: number;
    processEnv?: Record<string, string>;
    settleTimeoutMs?: number;
  }[];
  /** One burst, measured on each deployment. */
  topologies: {
    burst: {
      customers: number;
      events: number;
      users: number;
      processEnv?: Record<string, string>;
    };
    deployments: HookTopology[];
    /** Offered loads, events/s; undefined: as fast as the senders go. */
    loads: (number | undefined)[];
    /**
     * Runs of each deployment and load: on two cores shared with the emulators one run's tail
     * varies by half from the next, so the report shows the median run and every run's p99.
     */
    runs: number;
  };
  cdc: (Omit<CdcBenchOptions, 'mode' | 'log'> & { name: string })[];
  scim: Omit<ScimBurstOptions, 'mode' | 'log'>[];
}

/**
 * The Okta SDK parses `Link` headers with parse-link-header, which gives up (null, and the SDK
 * throws) on headers over 2000 characters; a user list filtered by 50 ids has a self link longer
 * than that. Raising the limit in the companion's process shows the sync without that failure.
 */
const LINK_FIX = { PARSE_LINK_HEADER_MAXLEN: '16384' };

const FULL: Plan = {
  reconciliation: [{ customers: 10_000 }, { customers: 100_000, perRecordSample: 10_000 }],
  hooks: [
    // Batches of 50 users fail on the Link header and back off: give up after two minutes.
    { label: 'as is', customers: 2_500, events: 20_000, users: 2_000, settleTimeoutMs: 120_000 },
    {
      label: 'link-header fix',
      customers: 2_500,
      events: 20_000,
      users: 2_000,
      processEnv: LINK_FIX,
    },
    {
      label: 'link-header fix',
      customers: 25_000,
      events: 20_000,
      users: 20_000,
      processEnv: LINK_FIX,
    },
  ],
  topologies: {
    burst: { customers: 2_500, events: 20_000, users: 2_000, processEnv: LINK_FIX },
    deployments: [
      { store: 'sqlite', instances: 1, split: false },
      { store: 'sqlite', instances: 1, split: true },
      { store: 'postgres', instances: 1, split: false },
      { store: 'postgres', instances: 1, split: true },
      { store: 'postgres', instances: 2, split: false },
      { store: 'postgres', instances: 2, split: true },
    ],
    loads: [2_000, undefined],
    runs: 3,
  },
  cdc: [
    {
      name: 'cdc-500-edits-default-okta-budget',
      label: 'Okta budget 600/min (default)',
      customers: 4_000,
      events: 500,
      processEnv: LINK_FIX,
    },
    {
      name: 'cdc-2000-edits-raised-okta-budget',
      label: 'Okta budget 60,000/min',
      customers: 4_000,
      events: 2_000,
      oktaRateLimits: { users: 60_000 },
      processEnv: LINK_FIX,
    },
  ],
  scim: [{ customers: 2_500, users: 2_000, events: 10_000 }],
};

const QUICK: Plan = {
  reconciliation: [{ customers: 2_000 }],
  hooks: [{ label: 'as is', customers: 2_000, events: 2_000, users: 200 }],
  topologies: {
    burst: { customers: 2_000, events: 2_000, users: 200, processEnv: LINK_FIX },
    deployments: [
      { store: 'sqlite', instances: 1, split: false },
      { store: 'sqlite', instances: 1, split: true },
      { store: 'postgres', instances: 2, split: true },
    ],
    loads: [2_000],
    runs: 1,
  },
  cdc: [
    {
      name: 'cdc-200-edits',
      label: 'Okta budget 600/min (default)',
      customers: 2_000,
      events: 200,
    },
  ],
  scim: [{ customers: 2_000, users: 200, events: 1_000 }],
};

function parseArgs(argv: readonly string[]) {
  const only = argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
  const selected = new Set(
    only ? only.split(',') : ['reconciliation', 'hooks', 'topologies', 'cdc', 'scim'],
  );
  const reportOnly = argv.includes('--report-only');
  const profile = argv.find((a) => a.startsWith('--profile='))?.slice('--profile='.length);
  if (profile !== undefined && profile !== 'instant' && profile !== 'realistic') {
    throw new Error(`--profile must be instant or realistic, not "${profile}"`);
  }
  return {
    quick: argv.includes('--quick'),
    selected: reportOnly ? new Set<string>() : selected,
    realistic: profile === 'realistic',
  };
}

/** The realistic variant of a run: the orgs' realistic timing, named in the report's label. */
function withProfile<T extends { label?: string }>(
  run: T,
  realistic: boolean,
): T & { profile?: 'realistic' } {
  if (!realistic) return run;
  return { ...run, profile: 'realistic', label: `${run.label ?? 'as is'}, realistic profile` };
}

function log(message: string) {
  process.stdout.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

function save(dir: string, name: string, stored: StoredResult) {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.json`);
  writeFileSync(file, `${JSON.stringify(stored, null, 2)}\n`);
  log(`wrote ${file}`);
}

/** The repository's Prettier formats the file as `npm run lint` expects (tables padded). */
async function formatMarkdown(text: string): Promise<string> {
  try {
    const prettier = await import('prettier');
    const options = (await prettier.resolveConfig(join(ROOT, 'BENCHMARKS.md'))) ?? {};
    return await prettier.format(text, { ...options, parser: 'markdown' });
  } catch {
    return text;
  }
}

async function updateBenchmarksMd(resultsDir: string) {
  const stored = readdirSync(resultsDir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(join(resultsDir, f), 'utf8')) as StoredResult);
  const file = join(ROOT, 'BENCHMARKS.md');
  const generated = `${START}\n${resultsSection(stored)}\n${END}`;
  const current = existsSync(file)
    ? readFileSync(file, 'utf8')
    : `# Benchmarks\n\nReproduce with \`npm run bench\`.\n\n${START}\n${END}\n`;
  const start = current.indexOf(START);
  const end = current.indexOf(END);
  const next =
    start >= 0 && end > start
      ? `${current.slice(0, start)}${generated}${current.slice(end + END.length)}`
      : `${current.trimEnd()}\n\n${generated}\n`;
  writeFileSync(file, await formatMarkdown(next));
  log(`updated ${file}`);
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const plan = args.quick ? QUICK : FULL;
  const resultsDir = join(ROOT, 'bench', 'results', ...(args.quick ? ['quick'] : []));

  if (args.selected.has('reconciliation')) {
    for (const size of plan.reconciliation) {
      const environment = describeEnvironment();
      const result = await runReconciliationBench({ ...size, mode: 'processes', log });
      log(
        `reconciliation N=${size.customers}: ${result.ours.calls.total} calls (floor ${result.ours.floor.total}), ` +
          `${Math.round(result.ours.resources.wallMs)} ms wall, ${Math.round(result.ours.resources.maxRssMb)} MB peak RSS`,
      );
      save(resultsDir, `reconciliation-${size.customers}`, {
        kind: 'reconciliation',
        environment,
        result,
      });
    }
  }
  if (args.selected.has('hooks')) {
    for (const burst of plan.hooks) {
      const environment = describeEnvironment();
      const result = await runHookBurst({
        ...withProfile(burst, args.realistic),
        mode: 'processes',
        log,
      });
      log(
        `hook burst ${burst.events}/${burst.users}: ${Math.round(result.ingestEventsPerSecond)} events/s in, ` +
          `ack p99 ${result.ackMs.p99?.toFixed(1)} ms, ${result.perEvent.salesforce.toFixed(4)} SF calls/event`,
      );
      const variant = `${burst.processEnv ? '-link-header-fix' : ''}${args.realistic ? '-realistic' : ''}`;
      save(resultsDir, `hook-burst-${burst.events}-events-${burst.users}-users${variant}`, {
        kind: 'hook-burst',
        environment,
        result,
      });
    }
  }
  if (args.selected.has('topologies')) {
    for (const topology of plan.topologies.deployments)
      for (const load of plan.topologies.loads) {
        const environment = describeEnvironment();
        const label = `${describeTopology(topology)}, ${load === undefined ? 'flat out' : `${int(load)} events/s offered`}`;
        const runs: HookBurstResult[] = [];
        for (let run = 0; run < plan.topologies.runs; run++) {
          const result = await runHookBurst({
            ...withProfile({ ...plan.topologies.burst, label }, args.realistic),
            topology,
            ...(load === undefined ? {} : { eventsPerSecond: load }),
            mode: 'processes',
            log,
          });
          log(
            `${result.label}: ${Math.round(result.ingestEventsPerSecond)} events/s in, ` +
              `ack p50 ${result.ackMs.p50?.toFixed(1)} / p99 ${result.ackMs.p99?.toFixed(1)} ms, ` +
              `applied ${result.appliedEventsPerSecond?.toFixed(0) ?? '–'} events/s`,
          );
          runs.push(result);
        }
        const result = medianRun(runs);
        const slug = label
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, '-')
          .replace(/-+$/, '');
        save(resultsDir, `hook-topology-${slug}${args.realistic ? '-realistic' : ''}`, {
          kind: 'hook-topology',
          environment,
          result,
          runs: runs.map(summarizeRun),
        });
      }
  }
  if (args.selected.has('cdc')) {
    for (const { name, ...cdc } of plan.cdc) {
      const environment = describeEnvironment();
      const result = await runCdcBench({
        ...withProfile(cdc, args.realistic),
        mode: 'processes',
        log,
      });
      log(
        `CDC ${cdc.events} edits (${cdc.label}): ${result.appliedEventsPerSecond?.toFixed(1) ?? '–'} events/s, ` +
          `end-to-end p99 ${result.endToEndMs.p99?.toFixed(0)} ms`,
      );
      save(resultsDir, `${name}${args.realistic ? '-realistic' : ''}`, {
        kind: 'cdc',
        environment,
        result,
      });
    }
  }
  if (args.selected.has('scim')) {
    for (const burst of plan.scim) {
      const environment = describeEnvironment();
      const result = await runScimBurst({ ...burst, mode: 'processes', log });
      log(
        `SCIM burst ${burst.users} users / ${burst.events} updates: ` +
          `${Math.round(result.updates.requestsPerSecond)} PATCH/s, answer p99 ${result.updates.answerMs.p99?.toFixed(1)} ms, ` +
          `${result.assignment.salesforceCallsPerUser.toFixed(4)} SF calls per assigned user`,
      );
      save(resultsDir, `scim-burst-${burst.users}-users-${burst.events}-updates`, {
        kind: 'scim-burst',
        environment,
        result,
      });
    }
  }
  if (!args.quick) await updateBenchmarksMd(resultsDir);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(
      `benchmark failed: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
    process.exit(1);
  },
);
