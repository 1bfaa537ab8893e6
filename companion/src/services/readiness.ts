import { channelIsDown, type ChannelStatus } from '../cdc/cdc-subscriber.js';
import type { ScheduleView } from '../reconciliation/scheduler.js';
import type { SyncConfigSource } from '../workflows/sync-config-source.js';
import type { InstanceView } from './health-snapshot.js';

export interface CheckResult {
  ok: boolean;
  detail?: unknown;
}

/** One dependency whose state decides whether the companion can take traffic. */
export interface ReadinessCheck {
  name: string;
  check(): Promise<CheckResult> | CheckResult;
}

export interface ReadinessDeps {
  store: () => Promise<CheckResult>;
  /** Okta answers (cached by the caller: readiness is polled often). */
  okta: () => Promise<CheckResult>;
  salesforce: () => Promise<CheckResult>;
  cdcChannels: () => Record<string, Pick<ChannelStatus, 'state'>>;
  /** Whether the CDC subscription runs in this process (it leads); a channel that is down then fails. */
  cdcRequired: boolean | (() => boolean);
  /** This instance and the leader; shown, never failing readiness. */
  leadership?: (() => InstanceView) | undefined;
  schedule: () => ScheduleView;
  syncConfig: Pick<SyncConfigSource, 'state'>;
}

/** What `/readyz` checks: the store, Okta, Salesforce, CDC, the schedule and the configuration. */
const required = (value: boolean | (() => boolean)) =>
  typeof value === 'function' ? value() : value;

export function readinessChecks(deps: ReadinessDeps): ReadinessCheck[] {
  return [
    { name: 'store', check: deps.store },
    { name: 'okta', check: deps.okta },
    { name: 'salesforce', check: deps.salesforce },
    {
      name: 'cdc',
      check: () => {
        const channels = deps.cdcChannels();
        return {
          ok: !required(deps.cdcRequired) || !Object.values(channels).some(channelIsDown),
          detail: channels,
        };
      },
    },
    {
      // Never fails readiness: shows the schedule and the next run (null when none is armed).
      name: 'reconciliation',
      check: () => ({ ok: true, detail: deps.schedule() }),
    },
    ...(deps.leadership
      ? [{ name: 'leadership', check: () => ({ ok: true, detail: deps.leadership?.() }) }]
      : []),
    {
      name: 'config',
      check: () => {
        const state = deps.syncConfig.state();
        return {
          ok: state.loadedAt !== undefined,
          detail: {
            loadedAt: state.loadedAt,
            problems: state.problems,
            lastError: state.lastError,
          },
        };
      },
    },
  ];
}
