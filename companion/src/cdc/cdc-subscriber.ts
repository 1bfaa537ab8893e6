// The package's `jsforce/api/streaming` alias is a directory import, which Node's ESM loader refuses.
import { StreamingExtension } from 'jsforce/lib/api/streaming.js';
import type { Alerter } from '../audit/alerts.js';
import type { WriteLedger } from '../echo/write-ledger.js';
import type { SyncConfig } from '../mapping/types.js';
import type { InboundEvent, Store } from '../store/types.js';
import { SALESFORCE_JOB_KIND, SWEEP_SUBJECT } from '../queue/salesforce-job-kinds.js';
import type { RecordOwners } from './record-owners.js';
import { contactsToLink, withPersonSubjects } from './person-subjects.js';
import { parseStreamingMessage, type StreamingMessage } from '../salesforce/change-event.js';
import {
  DEFAULT_CHANNELS,
  entityOfChannel,
  isInvalidReplayError,
  replayCursorName,
} from './channels.js';
import {
  accountTeamRulesChanged,
  classifyChangeEvent,
  lostEventsFollowUp,
} from './classify-change-event.js';
import type { Logger } from '../logger.js';

/**
 * The Change Data Capture subscription: one faye client per channel (jsforce streaming, with
 * the Replay and AuthFailure extensions). A channel's replay id is stored in the same store
 * transaction as the inbox write of its events, so a restart resumes exactly where the inbox
 * left off. The faye client's Authorization header is fixed when it is built, so an auth
 * failure rebuilds it after a token refresh.
 *
 * A channel is `connected` only while it proves itself alive: its subscription acknowledged
 * (also the one faye sends by itself after a re-handshake, whose refusal faye keeps to itself)
 * and a successful /meta/connect round at least every long-poll timeout plus a grace period.
 * A channel that stops proving it is `stalled`, reported down, and resubscribed from its
 * stored replay id.
 */

export type ChannelState = 'connecting' | 'connected' | 'stalled' | 'failed' | 'stopped';

export interface ChannelStatus {
  state: ChannelState;
  /**
   * Delivery lag of the last event: seconds from its commit in Salesforce to its storage in the
   * inbox; null before the first event. An idle channel keeps the lag its last event had.
   */
  lagSeconds: number | null;
  lastEventAt: string | null;
  lastReplayId: number | null;
  lastError: string | null;
  /** When the channel's client last completed a /meta/connect round; null before the first. */
  lastConnectAt: string | null;
}

/** Pure: seconds from an event's commit (epoch ms) to its receipt, never negative (clock skew). */
export function deliveryLagSeconds(commitAtMs: number, receivedAt: Date): number {
  return Math.max(0, Math.round((receivedAt.getTime() - commitAtMs) / 100) / 10);
}

/** Down: failed, or silent past the liveness limit. `connecting` is not down (yet). */
export function channelIsDown(status: Pick<ChannelStatus, 'state'>): boolean {
  return status.state === 'failed' || status.state === 'stalled';
}

export interface CdcSubscriber {
  start(): void;
  stop(): Promise<void>;
  state(): Record<string, ChannelStatus>;
}

/** What the subscriber needs from a jsforce Connection (whose token is read at client build). */
export interface StreamingConnection {
  streaming: { createClient(extensions: unknown[]): unknown };
}

export interface CdcSubscriberDeps {
  /** The current Salesforce connection; called each time a client is built. */
  connection: () => StreamingConnection;
  /** Obtains a fresh access token for `connection()`. */
  refreshToken: () => Promise<unknown>;
  store: Pick<Store, 'inbox' | 'cursors' | 'transaction'>;
  config: () => Pick<SyncConfig, 'mappings' | 'accessRules' | 'settings'>;
  /** The `client=` value our writes carry in Sforce-Call-Options. */
  clientTag: string;
  ledger?: WriteLedger;
  owners: RecordOwners;
  requestReconciliation: (entity: string, reason: string) => void | Promise<void>;
  alerter: Pick<Alerter, 'alert'>;
  reloadConfig: (reason: string) => Promise<unknown>;
  /** Called after events were accepted (e.g. to wake the worker). */
  onAccepted?: (count: number) => void;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  channels?: readonly string[];
  /** Replay option when no replay id is stored: -1 new events only (default), -2 all retained. */
  initialReplayId?: number;
  backoff?: { baseMs?: number; maxMs?: number };
  /**
   * How long a channel may go without a proof of life: the server's long-poll timeout (from
   * its advice; `defaultTimeoutMs` until one is seen, Salesforce's 110 s) plus `graceMs`
   * (default 30 s), checked every `checkEveryMs` (default 5 s).
   */
  liveness?: { graceMs?: number; checkEveryMs?: number; defaultTimeoutMs?: number };
  now?: () => Date;
  /** Monotonic milliseconds, for liveness (default performance.now). */
  monotonic?: () => number;
  random?: () => number;
}

/** A Bayeux message as a faye client extension sees it. */
interface BayeuxMessage {
  channel: string;
  successful?: boolean;
  error?: string;
  subscription?: string | string[];
  advice?: { timeout?: unknown };
  ext?: { replay?: Record<string, unknown> };
}

const subscriptionsOf = (message: BayeuxMessage): string[] =>
  message.subscription === undefined ? [] : [message.subscription].flat();

/** The parts of faye's client the subscriber uses (jsforce's typings lack some of them). */
interface FayeClient {
  subscribe(channel: string, onMessage: (data: unknown) => void): PromiseLike<unknown>;
  disconnect(): unknown;
  on?(event: string, listener: () => void): unknown;
  _state?: number;
  _advice?: { reconnect?: string };
  _dispatcher?: {
    close(): void;
    /** Messages in flight or waiting to be retried, each with its retry timer. */
    _envelopes?: Map<unknown, { timer?: ReturnType<typeof setTimeout> | null }>;
  };
}

const FAYE_CONNECTED = 3;
const FAYE_DISCONNECTED = 4;

/**
 * Closes a faye client for good. `disconnect()` alone closes the dispatcher only once the
 * server answers; when it cannot (a closing server, a dropped connection) faye retries the
 * pending messages every few seconds, forever, and keeps the process alive. So the client is
 * told goodbye (best effort), then its dispatcher is closed and every retry timer cleared.
 */
export function closeFayeClient(client: FayeClient): void {
  try {
    if (client._advice) client._advice.reconnect = 'none';
    if (client._state === FAYE_CONNECTED) client.disconnect();
    client._state = FAYE_DISCONNECTED;
    const dispatcher = client._dispatcher;
    dispatcher?.close();
    for (const envelope of dispatcher?._envelopes?.values() ?? []) {
      if (envelope.timer) clearTimeout(envelope.timer);
      envelope.timer = null;
    }
    dispatcher?._envelopes?.clear();
  } catch {
    // A client that is already gone needs no closing.
  }
}

const errorText = (error: unknown) =>
  error instanceof Error
    ? error.message
    : typeof (error as { message?: unknown } | null)?.message === 'string'
      ? (error as { message: string }).message
      : String(error);

export function createCdcSubscriber(deps: CdcSubscriberDeps): CdcSubscriber {
  const now = deps.now ?? (() => new Date());
  const random = deps.random ?? Math.random;
  const baseMs = deps.backoff?.baseMs ?? 1_000;
  const maxMs = deps.backoff?.maxMs ?? 60_000;
  const channels = deps.channels ?? DEFAULT_CHANNELS;
  const monotonic = deps.monotonic ?? (() => performance.now());
  const graceMs = deps.liveness?.graceMs ?? 30_000;
  const checkEveryMs = deps.liveness?.checkEveryMs ?? 5_000;
  const defaultTimeoutMs = deps.liveness?.defaultTimeoutMs ?? 110_000;
  const runners = new Map(channels.map((channel) => [channel, channelRunner(channel)]));

  function channelRunner(channel: string) {
    const entity = entityOfChannel(channel);
    const cursorName = replayCursorName(channel);
    const status: ChannelStatus = {
      state: 'stopped',
      lagSeconds: null,
      lastEventAt: null,
      lastReplayId: null,
      lastError: null,
      lastConnectAt: null,
    };
    let generation = 0;
    let client: FayeClient | undefined;
    let retryTimer: NodeJS.Timeout | undefined;
    let attempts = 0;
    let stopped = true;
    let buffer: StreamingMessage[] = [];
    let flushScheduled = false;
    /** The server acknowledged the subscription of the current session. */
    let subscribed = false;
    /** Monotonic time of the last proof of life (client built, subscription acknowledged, connect round). */
    let aliveAt = 0;
    let adviceTimeoutMs: number | undefined;
    /** The replay id the client last subscribed from (faye resubscribes by itself). */
    let subscribedFrom: number | undefined;
    let watchdog: NodeJS.Timeout | undefined;
    /**
     * When the channel was first subscribed for new events only (-1) and no replay id is
     * stored yet: a resubscription then replays what is retained (-2) and skips events
     * committed well before this time, so events published while the channel was down are kept.
     */
    let newEventsSince: number | undefined;
    /** Events committed before this are skipped (set for such a resubscription only). */
    let skipBefore: number | undefined;

    const storedReplayId = async (): Promise<number | undefined> => {
      const raw = await deps.store.cursors.get(cursorName);
      const parsed = raw === undefined ? NaN : Number(raw);
      return Number.isSafeInteger(parsed) ? parsed : undefined;
    };

    function teardown(): void {
      generation += 1;
      buffer = [];
      if (client) closeFayeClient(client);
      client = undefined;
    }

    function connect(): void {
      if (stopped) return;
      teardown();
      const gen = generation;
      // A channel reported down stays down until its new subscription is acknowledged.
      if (!channelIsDown(status)) status.state = 'connecting';
      storedReplayId().then(
        (stored) => {
          if (gen === generation && !stopped) subscribeFrom(gen, stored);
        },
        (error: unknown) => fail(gen, error),
      );
    }

    function subscribeFrom(gen: number, stored: number | undefined): void {
      const replayFrom =
        stored ?? (newEventsSince === undefined ? (deps.initialReplayId ?? -1) : -2);
      // Ten minutes of margin for the clocks of Salesforce and the companion: older events
      // are processed again at worst (jobs read the current records), none is skipped wrongly.
      skipBefore =
        stored === undefined && newEventsSince !== undefined
          ? newEventsSince - 10 * 60_000
          : undefined;
      status.lastReplayId ??= stored ?? null;
      subscribed = false;
      subscribedFrom = replayFrom;
      aliveAt = monotonic();
      let created: FayeClient;
      try {
        created = deps.connection().streaming.createClient([
          new StreamingExtension.AuthFailure((message: unknown) => onAuthFailure(gen, message)),
          new StreamingExtension.Replay(channel, replayFrom),
          // Last: it sees the replay id the Replay extension puts on each /meta/subscribe.
          livenessExtension(gen),
        ]) as FayeClient;
      } catch (error) {
        return fail(gen, error);
      }
      client = created;
      created.on?.('transport:down', () => {
        if (gen === generation && status.state === 'connected') status.state = 'connecting';
      });
      created.on?.('transport:up', () => {
        if (gen === generation && subscribed && status.state === 'connecting')
          status.state = 'connected';
      });
      deps.logger.info({ channel, replayFrom }, 'subscribing to Salesforce streaming channel');
      created
        .subscribe(channel, (data) => onData(gen, data))
        .then(
          () => {
            if (replayFrom === -1 && gen === generation) newEventsSince ??= now().getTime();
            onSubscribed(gen);
          },
          (error: unknown) => void onSubscribeError(gen, error, replayFrom),
        );
    }

    function onSubscribed(gen: number): void {
      if (gen !== generation || stopped) return;
      subscribed = true;
      aliveAt = monotonic();
      // A channel that was down is up again once a /meta/connect round completes after this.
      if (channelIsDown(status)) return;
      status.state = 'connected';
      status.lastError = null;
      attempts = 0;
    }

    /** Watches the client's Bayeux traffic for proofs of life and for refused resubscriptions. */
    function livenessExtension(gen: number) {
      return {
        outgoing(message: BayeuxMessage, callback: (message: BayeuxMessage) => void): void {
          const replay = message.ext?.replay?.[channel];
          if (message.channel === '/meta/subscribe' && typeof replay === 'number') {
            subscribedFrom = replay;
          }
          callback(message);
        },
        incoming(message: BayeuxMessage, callback: (message: BayeuxMessage) => void): void {
          if (gen === generation && !stopped) observe(gen, message);
          callback(message);
        },
      };
    }

    function observe(gen: number, message: BayeuxMessage): void {
      if (message.channel === '/meta/handshake' && message.successful) {
        // A new session: faye resubscribes by itself; until that is acknowledged, nothing flows.
        subscribed = false;
        if (status.state === 'connected') status.state = 'connecting';
      } else if (message.channel === '/meta/connect' && message.successful) {
        aliveAt = monotonic();
        status.lastConnectAt = now().toISOString();
        const timeout = message.advice?.timeout;
        if (typeof timeout === 'number' && timeout > 0) adviceTimeoutMs = timeout;
        if (subscribed && channelIsDown(status)) {
          status.state = 'connected';
          status.lastError = null;
          attempts = 0;
        }
      } else if (
        message.channel === '/meta/subscribe' &&
        subscriptionsOf(message).includes(channel)
      ) {
        if (message.successful) return onSubscribed(gen);
        // The first subscription's refusal also rejects its promise (handled there, first);
        // a resubscription after a re-handshake is refused only here.
        const error = message.error ?? 'subscription refused';
        const from = subscribedFrom ?? -1;
        setImmediate(() => void onSubscribeError(gen, error, from));
      }
    }

    function checkLiveness(): void {
      if (stopped || client === undefined) return;
      const limitMs = (adviceTimeoutMs ?? defaultTimeoutMs) + graceMs;
      const silentMs = monotonic() - aliveAt;
      if (silentMs <= limitMs) return;
      const seconds = Math.round(silentMs / 1000);
      status.state = 'stalled';
      status.lastError = subscribed
        ? `no /meta/connect round completed for ${seconds} s`
        : `subscription not acknowledged within ${seconds} s`;
      deps.logger.warn(
        { channel, silentMs: Math.round(silentMs), subscribed },
        'streaming channel shows no sign of life; resubscribing from the stored replay id',
      );
      teardown();
      scheduleReconnect(false);
    }

    function scheduleReconnect(refresh: boolean): void {
      if (stopped) return;
      clearTimeout(retryTimer);
      const delay = Math.min(maxMs, baseMs * 2 ** Math.min(attempts, 16)) * (0.5 + random() / 2);
      attempts += 1;
      retryTimer = setTimeout(() => {
        if (!refresh) return connect();
        deps.refreshToken().then(connect, (error: unknown) => {
          status.lastError = `token refresh failed: ${errorText(error)}`;
          deps.logger.error({ channel, err: error }, 'could not refresh the Salesforce token');
          scheduleReconnect(true);
        });
      }, delay);
    }

    function fail(gen: number, error: unknown, refresh = false): void {
      if (gen !== generation || stopped) return;
      status.state = 'failed';
      status.lastError = errorText(error);
      teardown();
      scheduleReconnect(refresh);
    }

    function onAuthFailure(gen: number, message: unknown): void {
      if (gen !== generation || stopped) return;
      deps.logger.warn(
        { channel, error: (message as { error?: unknown }).error },
        'streaming authentication failed; rebuilding with a fresh token',
      );
      status.state = 'connecting';
      status.lastError = 'authentication failed';
      teardown();
      // The first failure refreshes at once; repeated failures back off.
      if (attempts === 0) {
        attempts = 1;
        deps.refreshToken().then(connect, (error: unknown) => fail(generation, error, true));
      } else {
        scheduleReconnect(true);
      }
    }

    async function onSubscribeError(
      gen: number,
      error: unknown,
      replayFrom: number,
    ): Promise<void> {
      if (gen !== generation || stopped) return;
      if (!isInvalidReplayError(error)) {
        deps.logger.error({ channel, error: errorText(error) }, 'subscription failed');
        return fail(gen, error);
      }
      deps.logger.warn({ channel, replayFrom }, 'stored replay id is outside the retention window');
      const at = now();
      const followUp: InboundEvent[] = entity
        ? lostEventsFollowUp(entity, { config: deps.config() }, 'replay-lost', at)
        : [];
      try {
        await deps.store.transaction(async (tx) => {
          if (followUp.length > 0) await tx.inbox.accept(followUp);
          await tx.cursors.delete(cursorName);
        });
      } catch (storeError) {
        deps.logger.error({ channel, err: storeError }, 'could not forget the lost replay id');
        return fail(gen, storeError);
      }
      if (gen !== generation || stopped) return;
      newEventsSince = undefined;
      if (followUp.length > 0) deps.onAccepted?.(followUp.length);
      status.lastReplayId = null;
      const what = entity ?? channel;
      void Promise.resolve(deps.requestReconciliation(what, 'replay-lost')).catch((err: unknown) =>
        deps.logger.error({ channel, err }, 'could not request a reconciliation'),
      );
      void deps.alerter
        .alert({
          kind: 'replay-lost',
          key: `replay-lost:${channel}`,
          title: `Salesforce changes to ${what} may have been missed`,
          body: `The stored position ${replayFrom} on ${channel} is older than the event retention window. The companion resubscribed for new events and requested a reconciliation of ${what}.`,
        })
        .catch(() => undefined);
      connect();
    }

    function onData(gen: number, data: unknown): void {
      if (gen !== generation || stopped) return;
      const message = parseStreamingMessage(data);
      if (message instanceof Error) {
        deps.logger.warn({ channel, error: message.message }, 'ignored a streaming message');
        return;
      }
      buffer.push(message);
      if (!flushScheduled) {
        flushScheduled = true;
        // Messages of one /meta/connect answer arrive together: persist them in one transaction.
        setImmediate(() => {
          flushScheduled = false;
          void flush(gen);
        });
      }
    }

    async function flush(gen: number): Promise<void> {
      if (gen !== generation || stopped || buffer.length === 0) return;
      const since = skipBefore;
      const batch = buffer;
      buffer = [];
      const last = batch[batch.length - 1] as StreamingMessage;
      const lostEntities: string[] = [];
      const configEvents: StreamingMessage[] = [];
      let accepted = 0;
      try {
        // Classified before the transaction: on SQLite it holds the file's write lock, which an
        // intake sharing the file waits for.
        const config = deps.config();
        const events: InboundEvent[] = [];
        for (const message of batch) {
          const at = message.kind === 'change' ? message.header.commitTimestamp : message.createdAt;
          if (since !== undefined && at !== undefined && at > 0 && at < since) continue;
          if (message.kind === 'platform') {
            configEvents.push(message);
            continue;
          }
          const result = classifyChangeEvent(message, {
            channel,
            clientTag: deps.clientTag,
            ...(deps.ledger ? { ledger: deps.ledger } : {}),
            config,
            owners: deps.owners,
          });
          events.push(...result.events);
          if (result.lostEntity) lostEntities.push(result.lostEntity);
        }
        await deps.store.transaction(async (tx) => {
          if (events.length > 0) {
            const links = await tx.syncBaselines.usersOfContacts(contactsToLink(events));
            accepted = (await tx.inbox.accept(withPersonSubjects(events, links))).accepted;
          }
          await tx.cursors.set(cursorName, String(last.replayId));
        });
      } catch (error) {
        deps.logger.error(
          { channel, err: error },
          'could not store streaming events; resubscribing from the stored position',
        );
        return fail(gen, error);
      }
      status.lastReplayId = last.replayId;
      status.lastEventAt = now().toISOString();
      const commitAt = last.kind === 'change' ? last.header.commitTimestamp : last.createdAt;
      if (commitAt) status.lagSeconds = deliveryLagSeconds(commitAt, now());
      if (accepted > 0) deps.onAccepted?.(accepted);
      for (const lost of new Set(lostEntities)) {
        void Promise.resolve(deps.requestReconciliation(lost, 'gap-overflow')).catch(
          (err: unknown) =>
            deps.logger.error({ channel, err }, 'could not request a reconciliation'),
        );
      }
      for (const message of configEvents) onConfigChanged(message);
    }

    function onConfigChanged(message: StreamingMessage): void {
      const changeType = message.fields['Change_Type__c'];
      void deps
        .reloadConfig(`Okta_Config_Changed__e ${String(changeType ?? '')}`.trim())
        .then(async () => {
          if (changeType !== 'ACCESS_RULES') return;
          // New rules can change anyone's access: recompute holders and qualifying owners.
          const id =
            message.kind === 'platform' && message.eventUuid
              ? message.eventUuid
              : String(message.replayId);
          const config = deps.config();
          const result = await deps.store.inbox.accept([
            ...sweepForRulesChange(config, id, now()),
            ...accountTeamRulesChanged(config, id, now()),
          ]);
          if (result.accepted > 0) deps.onAccepted?.(result.accepted);
        })
        .catch((error: unknown) =>
          deps.logger.error({ channel, err: error }, 'configuration reload failed'),
        );
    }

    return {
      status: (): ChannelStatus => ({ ...status }),
      start() {
        if (!stopped) return;
        stopped = false;
        attempts = 0;
        watchdog = setInterval(checkLiveness, checkEveryMs);
        watchdog.unref();
        connect();
      },
      stop() {
        stopped = true;
        clearInterval(watchdog);
        clearTimeout(retryTimer);
        teardown();
        status.state = 'stopped';
      },
    };
  }

  return {
    start() {
      for (const runner of runners.values()) runner.start();
    },
    async stop() {
      for (const runner of runners.values()) runner.stop();
    },
    state() {
      return Object.fromEntries(
        [...runners].map(([channel, runner]) => [channel, runner.status()]),
      );
    },
  };
}

function sweepForRulesChange(
  config: Pick<SyncConfig, 'accessRules'>,
  id: string,
  at: Date,
): InboundEvent[] {
  if (config.accessRules.length === 0) return [];
  return [
    {
      source: 'sf-cdc',
      eventId: `config-changed:${id}:sweep`,
      eventType: 'Okta_Config_Changed__e.ACCESS_RULES',
      subjectKey: SWEEP_SUBJECT,
      jobKind: SALESFORCE_JOB_KIND.accessSweep,
      occurredAt: at.toISOString(),
      payload: { reason: 'access-rules-changed', entity: null },
    },
  ];
}
