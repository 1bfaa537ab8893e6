/**
 * The Salesforce emulator's streaming layer: Change Data Capture and platform events
 * over CometD (Bayeux long-polling, as jsforce's faye client speaks it), with replay.
 *
 *   const streaming = createStreamingLayer({ authenticate: (t) => sessions.get(t) });
 *   streaming.attach(server);              // serves /cometd/62.0 on the emulator's server
 *   streaming.sink.recordChanges(ctx, changes);   // called by the data layer after commit
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type {
  ChangeEventSink,
  GapChangeType,
  RecordChange,
  WriteContext,
} from './change-events.js';
import { bayeuxRules } from './streaming/bayeux-rules.js';
import { buildChangeEvents } from './streaming/change-event-builder.js';
import {
  ALL_CHANGE_EVENTS_CHANNEL,
  changeEventChannel,
  changeEventName,
  platformEventChannel,
  schemaId,
} from './streaming/channel-names.js';
import { EventLog, type EventData, type LoggedEvent } from './streaming/event-log.js';
import { drawLag, type LagRange } from '../profile.js';
import { BayeuxEndpoint } from './streaming/faye-runtime.js';

export interface StreamingLayerOptions {
  /** Mounts /cometd/<version> for each; jsforce posts to `${instanceUrl}/cometd/${version}`. */
  readonly apiVersions?: readonly string[];
  /** Resolves the OAuth access token of a CometD request, or undefined when invalid. */
  readonly authenticate: (token: string) => { userId: string } | undefined;
  /** Objects selected for Change Data Capture. */
  readonly selectedEntities?: readonly string[];
  readonly platformEvents?: readonly string[];
  readonly retentionMs?: number;
  readonly now?: () => number;
  /** How long a /meta/connect long-poll is held open. */
  readonly timeoutSeconds?: number;
  /**
   * Realistic profile: each committed transaction's change events are delivered together after
   * a lag drawn from this range, in commit order. Default: at once.
   */
  readonly cdcLag?: LagRange;
  /** Whether Bulk API 2.0 writes carry the writer's client into `changeOrigin` (default true). */
  readonly bulk2ClientInChangeOrigin?: boolean;
  readonly random?: () => number;
}

export interface PublishedEvent {
  readonly channel: string;
  readonly data: EventData;
}

export interface StreamingStats {
  /** Live CometD sessions (handshaken and not yet expired or forgotten). */
  readonly clients: number;
  /** Subscribed clients per channel. */
  readonly subscriptions: Readonly<Record<string, number>>;
  /** /meta/connect requests being held open now. */
  readonly longPolls: number;
  /** Sessions stalled by `stallChannel` so far (until `clearStalls`). */
  readonly stalledSessions: number;
}

export interface StreamingLayer {
  /** Where the data layer reports committed writes and platform event publications. */
  readonly sink: ChangeEventSink;
  /** Serves CometD ahead of the server's existing `request` listeners. */
  attach(server: Server): void;
  /** Serves the request when it is for a CometD endpoint; false otherwise. */
  handleRequest(request: IncomingMessage, response: ServerResponse): boolean;
  isPlatformEvent(eventName: string): boolean;
  /** Events still retained on a channel, oldest first. */
  published(channel: string): readonly PublishedEvent[];
  /** Committed transactions whose change events are still held back by the CDC lag. */
  undelivered(): number;
  /** Simulates the retention window passing: drops events below a replay id or before a time. */
  expireBefore(bound: number | Date): void;
  /** Publishes a header-only gap event; returns its replay id. */
  emitGap(
    entityName: string,
    changeType: GapChangeType,
    recordIds: readonly string[],
    options?: { readonly commitUser?: string; readonly transactionKey?: string },
  ): number;
  /** Publishes an overflow event (GAP_OVERFLOW, empty record id); returns its replay id. */
  emitOverflow(entityName: string, options?: { readonly commitUser?: string }): number;
  /**
   * Simulates a CometD server restart: every session is forgotten and its open long-poll
   * answered, so each client's next request gets `403::Unknown client` and re-handshakes.
   */
  restart(): void;
  /**
   * Simulates a network drop: open CometD connections are cut, sessions survive, and
   * events wait in each session's queue until its client reconnects.
   */
  disconnectAll(): void;
  /**
   * Simulates a channel whose sessions are wedged: every session subscribed to `channel`, now
   * or until `clearStalls`, stops being served — its /meta/connect requests are never answered
   * and the events they would carry never arrive — while handshakes and subscriptions still
   * succeed. Returns the number of sessions stalled at once.
   */
  stallChannel(channel: string): number;
  /** Ends the stalls; answers held back so far are never sent (the clients time them out). */
  clearStalls(): void;
  stats(): StreamingStats;
  /** Ends every long-poll and CometD connection; call before closing the HTTP server. */
  close(): void;
}

const DEFAULT_ENTITIES = ['Contact', 'Lead', 'Case', 'Account', 'Opportunity'];
const DEFAULT_PLATFORM_EVENTS = ['Okta_Config_Changed__e'];
const SEVENTY_TWO_HOURS_MS = 72 * 60 * 60 * 1000;
/** Salesforce holds a /meta/connect for 110 s. */
const DEFAULT_TIMEOUT_SECONDS = 110;
/** The empty record id that overflow events carry. */
const EMPTY_RECORD_ID = '000000000000000AAA';
const SYSTEM_USER_ID = '005000000000000AAA';
/** Commit numbers look like Salesforce's system change numbers. */
const FIRST_COMMIT_NUMBER = 1_100_670_800_000;

interface Endpoint {
  readonly bayeux: BayeuxEndpoint;
  readonly clients: Set<string>;
  readonly subscriptions: Map<string, Set<string>>;
}

export function createStreamingLayer(options: StreamingLayerOptions): StreamingLayer {
  const now = options.now ?? Date.now;
  const selected = new Set(options.selectedEntities ?? DEFAULT_ENTITIES);
  const platformEvents = new Set(options.platformEvents ?? DEFAULT_PLATFORM_EVENTS);
  const knownChannels = new Set([
    ALL_CHANGE_EVENTS_CHANNEL,
    ...[...selected].map(changeEventChannel),
    ...[...platformEvents].map(platformEventChannel),
  ]);
  const log = new EventLog(options.retentionMs ?? SEVENTY_TWO_HOURS_MS, now);
  const lastModifiers = new Map<string, string>();
  const sockets = new Set<Socket>();
  const stalled = new Set<string>();
  const stalledChannels = new Set<string>();
  let commitNumber = FIRST_COMMIT_NUMBER;

  const endpoints = (options.apiVersions ?? ['62.0']).map((version) =>
    createEndpoint(`/cometd/${version}`),
  );

  function createEndpoint(mount: string): Endpoint {
    const bayeux = new BayeuxEndpoint(mount, options.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS);
    const endpoint: Endpoint = { bayeux, clients: new Set(), subscriptions: new Map() };
    bayeux.adapter.addExtension(
      bayeuxRules({
        authenticate: options.authenticate,
        channelExists: (channel) => knownChannels.has(channel),
        replay: (channel, option) => log.replay(channel, option),
        deliverTo: (clientId, channel, events) =>
          bayeux.deliverTo(
            clientId,
            events.map((e) => ({ channel, data: structuredClone(e.data) })),
          ),
        isStalled: (clientId) => stalled.has(clientId),
      }),
    );
    bayeux.adapter.on('handshake', (clientId) => endpoint.clients.add(clientId));
    bayeux.adapter.on('disconnect', (clientId) => endpoint.clients.delete(clientId));
    bayeux.adapter.on('subscribe', (clientId, channel) => {
      if (stalledChannels.has(channel)) stalled.add(clientId);
      const subscribers = endpoint.subscriptions.get(channel) ?? new Set();
      endpoint.subscriptions.set(channel, subscribers.add(clientId));
    });
    bayeux.adapter.on('unsubscribe', (clientId, channel) => {
      endpoint.subscriptions.get(channel)?.delete(clientId);
    });
    return endpoint;
  }

  function publish(channels: readonly string[], data: (replayId: number) => EventData): number {
    const entry = log.append(channels, data);
    for (const channel of channels) {
      for (const { bayeux } of endpoints) {
        bayeux.publish({ channel, data: structuredClone(entry.data) });
      }
    }
    return entry.replayId;
  }

  /** For selected entities only: others publish no change events at all. */
  function publishChangeEvent(
    entityName: string,
    payload: Readonly<Record<string, unknown>>,
  ): number {
    const schema = schemaId(changeEventName(entityName));
    return publish([changeEventChannel(entityName), ALL_CHANGE_EVENTS_CHANNEL], (replayId) => ({
      schema,
      payload,
      event: { replayId },
    }));
  }

  function commitStamp() {
    // Salesforce commit timestamps are whole seconds.
    return { timestamp: Math.floor(now() / 1000) * 1000, number: ++commitNumber };
  }

  function emitHeaderOnly(
    entityName: string,
    changeType: GapChangeType,
    recordIds: readonly string[],
    extra: { readonly commitUser?: string; readonly transactionKey?: string } = {},
  ): number {
    if (!selected.has(entityName)) {
      throw new Error(`${entityName} is not selected for Change Data Capture`);
    }
    const commit = commitStamp();
    return publishChangeEvent(entityName, {
      ChangeEventHeader: {
        entityName,
        recordIds: [...recordIds],
        changeType,
        changedFields: [],
        changeOrigin: '',
        transactionKey: extra.transactionKey ?? randomUUID(),
        sequenceNumber: 1,
        commitTimestamp: commit.timestamp,
        commitUser: extra.commitUser ?? SYSTEM_USER_ID,
        commitNumber: commit.number,
      },
    });
  }

  // Transactions held back by the CDC lag, in commit order with non-decreasing due times. One
  // timer serves the queue: timers of equal or close due times may fire in any order, a
  // queue cannot deliver a later transaction first.
  const delayed: { at: number; deliver: () => void }[] = [];
  let deliveryTimer: NodeJS.Timeout | undefined;
  const deliverDue = (): void => {
    deliveryTimer = undefined;
    while (delayed.length > 0 && (delayed[0]?.at ?? 0) <= Date.now()) delayed.shift()?.deliver();
    armDelivery();
  };
  const armDelivery = (): void => {
    const next = delayed[0];
    if (next === undefined || deliveryTimer !== undefined) return;
    deliveryTimer = setTimeout(deliverDue, Math.max(0, next.at - Date.now()));
  };

  const sink: ChangeEventSink = {
    recordChanges(context: WriteContext, changes: readonly RecordChange[]): void {
      const captured = changes.filter((c) => selected.has(c.entityName));
      if (captured.length === 0) return;
      // Not documented to carry the client tag: the realistic profile leaves it out.
      const origin =
        context.api === 'bulk2' && options.bulk2ClientInChangeOrigin === false
          ? { ...context, clientId: undefined }
          : context;
      const events = buildChangeEvents(origin, captured, commitStamp(), lastModifiers);
      const deliver = () => {
        for (const event of events) publishChangeEvent(event.entityName, event.payload);
      };
      const lag = options.cdcLag ? drawLag(options.cdcLag, options.random ?? Math.random) : 0;
      if (lag <= 0 && delayed.length === 0) {
        deliver();
        return;
      }
      // One transaction's events travel together, after the ones committed before them.
      const at = Math.max(Date.now() + lag, delayed.at(-1)?.at ?? 0);
      delayed.push({ at, deliver });
      armDelivery();
    },

    publishPlatformEvent(context, eventName, payload): number {
      if (!platformEvents.has(eventName)) {
        throw new Error(`Unknown platform event ${eventName}`);
      }
      const schema = schemaId(eventName);
      return publish([platformEventChannel(eventName)], (replayId) => ({
        schema,
        payload: {
          ...payload,
          CreatedDate: new Date(now()).toISOString(),
          CreatedById: context.userId,
        },
        event: { replayId, EventUuid: randomUUID() },
      }));
    },
  };

  function handleRequest(request: IncomingMessage, response: ServerResponse): boolean {
    const endpoint = endpoints.find((e) => e.bayeux.adapter.check(request));
    if (!endpoint) return false;
    const { socket } = request;
    if (!sockets.has(socket)) {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
    }
    endpoint.bayeux.adapter.handle(request, response);
    return true;
  }

  function cutConnections(): void {
    for (const socket of sockets) socket.destroy();
    sockets.clear();
    // The long-polls' answers go nowhere, as in a real drop; events published from now on
    // wait in each session's queue for its client's next /meta/connect.
    for (const { bayeux } of endpoints) bayeux.releaseLongPolls();
  }

  return {
    sink,
    handleRequest,

    attach(server: Server): void {
      const previous = server.listeners('request') as ((...args: unknown[]) => void)[];
      server.removeAllListeners('request');
      server.on('request', (request: IncomingMessage, response: ServerResponse) => {
        if (handleRequest(request, response)) return;
        for (const listener of previous) listener.call(server, request, response);
      });
    },

    isPlatformEvent: (eventName) => platformEvents.has(eventName),

    published: (channel) =>
      log.retained(channel).map((e: LoggedEvent) => ({ channel, data: e.data })),

    undelivered: () => delayed.length,

    expireBefore: (bound) => log.expireBefore(bound),

    emitGap: (entityName, changeType, recordIds, extra) =>
      emitHeaderOnly(entityName, changeType, recordIds, extra),

    emitOverflow: (entityName, extra) =>
      emitHeaderOnly(entityName, 'GAP_OVERFLOW', [EMPTY_RECORD_ID], extra),

    restart(): void {
      for (const { bayeux, clients } of endpoints) {
        for (const clientId of [...clients]) bayeux.forgetClient(clientId);
      }
    },

    disconnectAll: cutConnections,

    stallChannel(channel: string): number {
      stalledChannels.add(channel);
      let count = 0;
      for (const { subscriptions } of endpoints) {
        for (const clientId of subscriptions.get(channel) ?? []) {
          stalled.add(clientId);
          count += 1;
        }
      }
      return count;
    },

    clearStalls(): void {
      stalledChannels.clear();
      stalled.clear();
    },

    stats(): StreamingStats {
      const subscriptions: Record<string, number> = {};
      let clients = 0;
      let longPolls = 0;
      for (const endpoint of endpoints) {
        clients += endpoint.clients.size;
        longPolls += endpoint.bayeux.openLongPolls();
        for (const [channel, subscribers] of endpoint.subscriptions) {
          if (subscribers.size > 0) {
            subscriptions[channel] = (subscriptions[channel] ?? 0) + subscribers.size;
          }
        }
      }
      return { clients, subscriptions, longPolls, stalledSessions: stalled.size };
    },

    close(): void {
      if (deliveryTimer !== undefined) clearTimeout(deliveryTimer);
      deliveryTimer = undefined;
      delayed.length = 0;
      for (const { bayeux } of endpoints) bayeux.adapter.close();
      cutConnections();
    },
  };
}
