import type { CdcBenchResult } from './cdc-bench.js';
import type { Environment } from './environment.js';
import type { HookBurstResult } from './hook-burst-bench.js';
import type { ScimBurstResult } from './scim-burst-bench.js';
import type { ReconciliationBenchResult } from './reconciliation-bench.js';

/** Markdown tables of benchmark results, for BENCHMARKS.md. */

export type StoredResult =
  | { kind: 'reconciliation'; environment: Environment; result: ReconciliationBenchResult }
  | { kind: 'hook-burst'; environment: Environment; result: HookBurstResult }
  | {
      kind: 'hook-topology';
      environment: Environment;
      /** The run with the median acknowledgement p99. */
      result: HookBurstResult;
      /** Every run of the deployment and load (absent in results of a single run). */
      runs?: RunSummary[];
    }
  | { kind: 'scim-burst'; environment: Environment; result: ScimBurstResult }
  | { kind: 'cdc'; environment: Environment; result: CdcBenchResult };

const int = (n: number | undefined) =>
  n === undefined ? '–' : Math.round(n).toLocaleString('en-US');
const dec = (n: number | undefined, digits = 2) => (n === undefined ? '–' : n.toFixed(digits));
const seconds = (ms: number | undefined) =>
  ms === undefined ? '–' : `${(ms / 1000).toFixed(1)} s`;
const mb = (n: number) => `${Math.round(n)} MB`;
const times = (n: number | undefined, digits = 2) =>
  n === undefined ? '–' : `${n.toFixed(digits)}×`;

function table(header: string[], rows: string[][]): string {
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n');
}

export function reconciliationTable(results: readonly ReconciliationBenchResult[]): string {
  const rows: string[][] = [];
  for (const r of results) {
    const n = int(r.customers);
    const ours = r.ours;
    rows.push([
      n,
      'floor',
      int(ours.floor.oktaListCalls),
      `${int(ours.floor.soqlPages)} pages`,
      int(ours.floor.writeCalls),
      int(ours.floor.total),
      '1.00×',
      '–',
      '–',
      '–',
    ]);
    rows.push([
      n,
      `**companion** (${ours.applyPath ?? '?'})`,
      int(ours.calls.byClass['okta-user-list'] + ours.calls.byClass['okta-other']),
      `${int(ours.calls.byClass['soql-page'])} pages`,
      int(ours.calls.byClass['sf-write'] + ours.calls.byClass['sf-other']),
      int(ours.calls.total),
      times(ours.ratioToFloor, 3),
      seconds(ours.resources.wallMs),
      seconds(ours.resources.cpuMs),
      `${mb(ours.resources.maxRssMb)} (heap ${mb(ours.resources.peakHeapUsedMb)})`,
    ]);
    const p = r.perRecord;
    const f = p.factor;
    const est = (x: number) => int(x * f);
    rows.push([
      n,
      p.sampled ? `per record (${int(p.usersListed)} users, ×${dec(f, 1)})` : 'per record',
      est(p.calls.byClass['okta-user-list'] + p.calls.byClass['okta-other']),
      `${est(p.calls.byClass['soql-page'])} queries`,
      est(p.calls.byClass['sf-write'] + p.calls.byClass['sf-other']),
      int(p.estimated.calls),
      times(p.ratioToFloor),
      seconds(p.estimated.wallMs),
      seconds(p.estimated.cpuMs),
      `${mb(p.resources.maxRssMb)} (heap ${mb(p.resources.peakHeapUsedMb)})`,
    ]);
  }
  return table(
    [
      'N',
      'strategy',
      'Okta calls',
      'SOQL',
      'SF writes + other',
      'API calls',
      '÷ floor',
      'wall',
      'CPU',
      'peak RSS',
    ],
    rows,
  );
}

export function driftLines(results: readonly ReconciliationBenchResult[]): string {
  return results
    .map((r) => {
      const d = r.drift;
      const s = r.ours.summary;
      return (
        `- N = ${int(r.customers)} (${int(r.world.oktaUsers)} Okta users, ${int(r.world.contacts)} Contacts, ` +
        `${int(r.world.accounts)} Accounts): drift ${int(d.profileChange)} profile changes, ` +
        `${int(d.missingContact)} missing Contacts, ${int(d.deprovisioned)} deprovisioned, ` +
        `${int(d.unlinked)} unlinked → plan ${int(s.updates)} updates, ${int(s.creates)} creates, ` +
        `${int(s.links)} links, ${int(s.deactivations)} deactivations; ` +
        `Okta rate-limit wait ${seconds(r.ours.rateLimitWaitMs)}; calls by endpoint: ` +
        Object.entries({ ...r.ours.calls.byEndpoint.okta, ...r.ours.calls.byEndpoint.salesforce })
          .map(([k, v]) => `\`${k}\` ${v}`)
          .join(', ')
      );
    })
    .join('\n');
}

/** Ingest events/s, ack p50 / p99, applied events/s, end-to-end p50 / p99: both hook tables. */
function hookFlowCells(r: HookBurstResult): string[] {
  return [
    int(r.ingestEventsPerSecond),
    `${dec(r.ackMs.p50, 1)} / ${dec(r.ackMs.p99, 1)} ms`,
    r.appliedEventsPerSecond === undefined
      ? `– (${int(r.unapplied)} not applied)`
      : int(r.appliedEventsPerSecond),
    `${seconds(r.endToEndMs.p50)} / ${seconds(r.endToEndMs.p99)}`,
  ];
}

const emulatorCpu = (r: HookBurstResult) =>
  `${seconds(r.emulatorResources.cpuMs)} in ${seconds(r.emulatorResources.wallMs)}`;

export function hookBurstTable(results: readonly HookBurstResult[]): string {
  return table(
    [
      'events / users (org)',
      'variant',
      'ingest events/s',
      'ack p50 / p99',
      'applied events/s',
      'end-to-end p50 / p99',
      'Okta calls/event',
      'SF calls/event',
      'Contact writes',
      'companion CPU',
      'peak RSS',
      'emulators CPU',
    ],
    results.map((r) => [
      `${int(r.events)} / ${int(r.users)} (${int(r.customers)})`,
      r.label,
      ...hookFlowCells(r),
      dec(r.perEvent.okta, 4),
      dec(r.perEvent.salesforce, 4),
      int(r.contactWrites),
      seconds(r.resources.cpuMs),
      mb(r.resources.maxRssMb),
      emulatorCpu(r),
    ]),
  );
}

/** CPU milliseconds per event of each companion process, and of the database server. */
export function cpuPerEvent(r: HookBurstResult): string {
  const processes = r.processes
    .map((p) => `${p.name} ${dec(p.resources.cpuMs / r.events, 2)}`)
    .join(', ');
  return r.databaseCpuMs === undefined
    ? processes
    : `${processes}; PostgreSQL ${dec(r.databaseCpuMs / r.events, 2)}`;
}

/** What is kept of each repeated run of one deployment and load. */
export interface RunSummary {
  ingestEventsPerSecond: number;
  ackP99Ms: number | undefined;
  appliedEventsPerSecond: number | undefined;
}

export function summarizeRun(r: HookBurstResult): RunSummary {
  return {
    ingestEventsPerSecond: r.ingestEventsPerSecond,
    ackP99Ms: r.ackMs.p99,
    appliedEventsPerSecond: r.appliedEventsPerSecond,
  };
}

/** Pure: the run whose acknowledgement p99 is the median (the lower of the middle two). */
export function medianRun(runs: readonly HookBurstResult[]): HookBurstResult {
  const sorted = [...runs].sort((a, b) => (a.ackMs.p99 ?? Infinity) - (b.ackMs.p99 ?? Infinity));
  const median = sorted[Math.floor((sorted.length - 1) / 2)];
  if (!median) throw new Error('no runs to choose from');
  return median;
}

/** '46–62 ms (3 runs)', or '–' for a single run. */
function ackSpread(runs: readonly RunSummary[] | undefined): string {
  const p99s = (runs ?? []).flatMap((r) => (r.ackP99Ms === undefined ? [] : [r.ackP99Ms]));
  if (p99s.length < 2) return '–';
  return `${dec(Math.min(...p99s), 0)}–${dec(Math.max(...p99s), 0)} ms (${p99s.length} runs)`;
}

export function hookTopologyTable(
  measured: readonly { result: HookBurstResult; runs?: readonly RunSummary[] }[],
): string {
  return table(
    [
      'deployment',
      'ingest events/s',
      'ack p50 / p99',
      'ack p99, every run',
      'applied events/s',
      'end-to-end p50 / p99',
      'CPU ms per event, by process',
      'companion CPU',
      'peak RSS, by process',
      'emulators CPU',
    ],
    measured.map(({ result: r, runs }) => {
      const [ingest = '', ack = '', ...applied] = hookFlowCells(r);
      return [
        r.label,
        ingest,
        ack,
        ackSpread(runs),
        ...applied,
        cpuPerEvent(r),
        seconds(r.resources.cpuMs),
        r.processes.map((p) => `${p.name} ${mb(p.resources.maxRssMb)}`).join(', '),
        emulatorCpu(r),
      ];
    }),
  );
}

/** How late paced deliveries left against their schedule (results from before it was kept have none). */
function departures(r: HookBurstResult): string {
  const late = r.departureLateMs;
  return late
    ? `, leaving ${dec(late.p50, 1)} / ${dec(late.p99, 1)} ms (p50 / p99) after their time`
    : '';
}

export function hookCallLines(results: readonly HookBurstResult[]): string {
  return results
    .map(
      (r) =>
        `- ${int(r.events)} events / ${int(r.users)} users, ${r.label}: ${int(r.deliveries)} deliveries ` +
        `of ≤ ${r.batchSize} events, ${r.senders} in flight${departures(r)}; ${int(r.queue.completed)} jobs, ` +
        `${int(r.queue.retried)} retried, ${int(r.queue.deadLetters)} dead letters; calls: ` +
        Object.entries({ ...r.calls.byEndpoint.okta, ...r.calls.byEndpoint.salesforce })
          .map(([k, v]) => `\`${k}\` ${v}`)
          .join(', '),
    )
    .join('\n');
}

export function scimBurstTable(results: readonly ScimBurstResult[]): string {
  return table(
    [
      'phase',
      'requests',
      'requests/s',
      'answer p50 / p99',
      'applied events/s',
      'end-to-end p50 / p99',
      'Okta calls',
      'SF calls',
      'SF calls per user / event',
      'dead letters',
    ],
    results.flatMap((r) => [
      [
        `${int(r.users)} assignments`,
        int(r.assignment.requests),
        int(r.assignment.requestsPerSecond),
        `${dec(r.assignment.answerMs.p50, 1)} / ${dec(r.assignment.answerMs.p99, 1)} ms`,
        '–',
        '–',
        int(r.assignment.calls.okta),
        int(r.assignment.calls.salesforce),
        `${dec(r.assignment.salesforceCallsPerUser, 4)} per user`,
        int(r.assignment.queue.deadLetters),
      ],
      [
        `${int(r.events)} updates over ${int(r.users)} users`,
        int(r.updates.requests),
        int(r.updates.requestsPerSecond),
        `${dec(r.updates.answerMs.p50, 1)} / ${dec(r.updates.answerMs.p99, 1)} ms`,
        r.updates.appliedEventsPerSecond === undefined
          ? `– (${int(r.updates.unapplied)} not applied)`
          : int(r.updates.appliedEventsPerSecond),
        `${seconds(r.updates.endToEndMs.p50)} / ${seconds(r.updates.endToEndMs.p99)}`,
        int(r.updates.calls.okta),
        int(r.updates.calls.salesforce),
        `${dec(r.updates.perEvent.salesforce, 4)} per event`,
        int(r.updates.queue.deadLetters),
      ],
    ]),
  );
}

export function cdcTable(results: readonly CdcBenchResult[]): string {
  return table(
    [
      'Contact edits',
      'Okta budget',
      'applied events/s',
      'end-to-end p50 / p99',
      'Okta calls/event',
      'SF calls/event',
      'jobs retried',
      'companion CPU',
      'peak RSS',
      'emulators CPU',
    ],
    results.map((r) => [
      int(r.events),
      r.label,
      r.appliedEventsPerSecond === undefined
        ? `– (${int(r.unapplied)} not applied)`
        : dec(r.appliedEventsPerSecond, 1),
      `${seconds(r.endToEndMs.p50)} / ${seconds(r.endToEndMs.p99)}`,
      dec(r.perEvent.okta, 3),
      dec(r.perEvent.salesforce, 3),
      int(r.queue.retried),
      seconds(r.resources.cpuMs),
      mb(r.resources.maxRssMb),
      `${seconds(r.emulatorResources.cpuMs)} in ${seconds(r.emulatorResources.wallMs)}`,
    ]),
  );
}

function callLine(title: string, counts: EndpointCountsLike): string {
  return (
    `- ${title}: ` +
    Object.entries({ ...counts.okta, ...counts.salesforce })
      .map(([k, v]) => `\`${k}\` ${v}`)
      .join(', ')
  );
}

type EndpointCountsLike = { okta: Record<string, number>; salesforce: Record<string, number> };

export function environmentLine(environment: Environment): string {
  return (
    `Node ${environment.node}, ${environment.cpus} × ${environment.cpuModel}, ` +
    `${environment.memoryGb} GB RAM, ${environment.os}; load average ${environment.loadAverage} ` +
    `at start; ${environment.startedAt}`
  );
}

/** The generated part of BENCHMARKS.md. */
export function resultsSection(stored: readonly StoredResult[]): string {
  const reconciliations = stored.flatMap((s) => (s.kind === 'reconciliation' ? [s] : []));
  const bursts = stored.flatMap((s) => (s.kind === 'hook-burst' ? [s] : []));
  const parts: string[] = [];
  if (reconciliations.length > 0) {
    const sorted = [...reconciliations].sort((a, b) => a.result.customers - b.result.customers);
    parts.push(
      '### 1. Reconciliation',
      '',
      reconciliationTable(sorted.map((s) => s.result)),
      '',
      driftLines(sorted.map((s) => s.result)),
      '',
      ...sorted.map(
        (s) => `- N = ${int(s.result.customers)} ran on ${environmentLine(s.environment)}`,
      ),
    );
  }
  if (bursts.length > 0) {
    const sorted = [...bursts].sort(
      (a, b) => a.result.users - b.result.users || a.result.label.localeCompare(b.result.label),
    );
    parts.push(
      '',
      '### 2. Okta → Salesforce, event hook burst',
      '',
      hookBurstTable(sorted.map((s) => s.result)),
      '',
      hookCallLines(sorted.map((s) => s.result)),
      '',
      ...sorted.map(
        (s) =>
          `- ${int(s.result.events)} events / ${int(s.result.users)} users, ${s.result.label}, ran on ${environmentLine(s.environment)}`,
      ),
    );
  }
  const topologies = stored.flatMap((s) => (s.kind === 'hook-topology' ? [s] : []));
  if (topologies.length > 0) {
    const order = (r: HookBurstResult) =>
      [
        r.topology.store === 'sqlite' ? 0 : 1,
        r.topology.instances,
        r.topology.split ? 1 : 0,
      ].join();
    const sorted = [...topologies].sort(
      (a, b) =>
        order(a.result).localeCompare(order(b.result)) ||
        (b.result.eventsPerSecond ?? 0) - (a.result.eventsPerSecond ?? 0),
    );
    const first = sorted[0]?.result;
    parts.push(
      '',
      '### 2b. Event hook intake by deployment: one process or intake + worker, SQLite or PostgreSQL',
      '',
      first
        ? `${int(first.events)} profile updates over ${int(first.users)} users (${int(first.customers)} in the org), ` +
            `deliveries of ${first.batchSize} events, at most ${first.senders} in flight, round robin over the processes that take hooks; ` +
            'either offered at a steady rate (a delivery leaves on schedule, or as soon as a sender is free when late; the emulated org is told every change and its time before the burst and makes each when its time comes, so that the emulators, at a lower priority, never hold a delivery back) or sent flat out (the changes of each delivery made just before it leaves).'
        : '',
      '',
      hookTopologyTable(sorted),
      '',
      hookCallLines(sorted.map((s) => s.result)),
      '',
      ...sorted.map((s) => `- ${s.result.label}, ran on ${environmentLine(s.environment)}`),
    );
  }
  const cdc = stored.flatMap((s) => (s.kind === 'cdc' ? [s] : []));
  if (cdc.length > 0) {
    parts.push(
      '',
      '### 3. Salesforce → Okta, Change Data Capture',
      '',
      cdcTable(cdc.map((s) => s.result)),
      '',
      ...cdc.map((s) =>
        callLine(`${int(s.result.events)} edits, ${s.result.label}`, s.result.calls.byEndpoint),
      ),
      '',
      ...cdc.map(
        (s) =>
          `- ${int(s.result.events)} edits, ${s.result.label}, ran on ${environmentLine(s.environment)}`,
      ),
    );
  }
  const scim = stored.flatMap((s) => (s.kind === 'scim-burst' ? [s] : []));
  if (scim.length > 0) {
    parts.push(
      '',
      '### 4. Okta → Salesforce, SCIM provisioning burst',
      '',
      scimBurstTable(scim.map((s) => s.result)),
      '',
      ...scim.flatMap((s) => [
        callLine(
          `${int(s.result.users)} assignments (lookup + POST)`,
          s.result.assignment.calls.byEndpoint,
        ),
        callLine(`${int(s.result.events)} PATCH updates`, s.result.updates.calls.byEndpoint),
      ]),
      '',
      ...scim.map(
        (s) =>
          `- ${int(s.result.users)} users / ${int(s.result.events)} updates, ${s.result.senders} requests in flight, ran on ${environmentLine(s.environment)}`,
      ),
    );
  }
  return parts.join('\n');
}
