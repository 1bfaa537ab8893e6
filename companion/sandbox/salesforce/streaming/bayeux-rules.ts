/**
 * Server-side Bayeux rules of Salesforce's Streaming API, as a faye extension:
 * OAuth on every request, only known channels, `ext.replay` on /meta/subscribe, and
 * Salesforce's error strings and advice in place of faye's.
 */
import type { IncomingMessage } from 'node:http';
import type { BayeuxMessage, BayeuxServerExtension } from './faye-runtime.js';
import { REPLAY_NEW, type LoggedEvent, type ReplayDecision } from './event-log.js';

export const HANDSHAKE_DENIED = '403::Handshake denied';
export const AUTHENTICATION_INVALID = '401::Authentication invalid';
export const AUTHENTICATION_REQUIRED = '401::Request requires authentication';
export const UNKNOWN_CLIENT = '403::Unknown client';

export function unknownChannelError(channel: string): string {
  return `400::The channel you requested to subscribe to does not exist {${channel}}`;
}

export interface BayeuxRulesDeps {
  authenticate(token: string): { userId: string } | undefined;
  channelExists(channel: string): boolean;
  replay(channel: string, option: unknown): ReplayDecision;
  /** Sends already-published events to one client only. */
  deliverTo(clientId: string, channel: string, events: readonly LoggedEvent[]): void;
  /** A wedged session: its /meta/connect answers (and the events they carry) are held back. */
  isStalled?(clientId: string): boolean;
}

/** Why the request's credentials are refused, or undefined when they are good. */
function authFailure(
  request: IncomingMessage | null,
  authenticate: BayeuxRulesDeps['authenticate'],
): string | undefined {
  if (request === null) return undefined; // in-process messages are the server's own
  const header = request.headers.authorization;
  if (!header) return AUTHENTICATION_REQUIRED;
  const match = /^(?:OAuth|Bearer)\s+(\S+)$/i.exec(header);
  if (!match?.[1]) return AUTHENTICATION_INVALID;
  return authenticate(match[1]) ? undefined : AUTHENTICATION_INVALID;
}

function subscriptions(message: BayeuxMessage): string[] {
  const { subscription } = message;
  if (subscription === undefined) return [];
  return Array.isArray(subscription) ? subscription : [subscription];
}

function replayOption(message: BayeuxMessage, channel: string): unknown {
  const replay = message.ext?.['replay'];
  if (!replay || typeof replay !== 'object') return REPLAY_NEW;
  const option = (replay as Record<string, unknown>)[channel];
  return option === undefined ? REPLAY_NEW : option;
}

export function bayeuxRules(deps: BayeuxRulesDeps): BayeuxServerExtension {
  /** Events to replay once a /meta/subscribe succeeds, keyed by client, message id and channel. */
  const pendingReplays = new Map<string, readonly LoggedEvent[]>();
  const replayKey = (clientId: string | undefined, id: string | undefined, channel: string) =>
    `${clientId ?? ''}\n${id ?? ''}\n${channel}`;

  function checkSubscribe(message: BayeuxMessage): string | undefined {
    for (const channel of subscriptions(message)) {
      if (!deps.channelExists(channel)) return unknownChannelError(channel);
      const decision = deps.replay(channel, replayOption(message, channel));
      if (!decision.ok) return decision.error;
      pendingReplays.set(replayKey(message.clientId, message.id, channel), decision.events);
    }
    return undefined;
  }

  return {
    incoming(message, request, callback) {
      if (!message.channel.startsWith('/meta/')) {
        message.error = `403:${message.channel}:Publishing is not allowed on this channel`;
        return callback(message);
      }
      const failure = authFailure(request, deps.authenticate);
      if (message.channel === '/meta/handshake') {
        if (failure) message.error = HANDSHAKE_DENIED;
      } else if (message.channel !== '/meta/disconnect' && failure) {
        message.error = failure;
      } else if (message.channel === '/meta/subscribe') {
        const error = checkSubscribe(message);
        if (error) message.error = error;
      }
      callback(message);
    },

    outgoing(message, request, callback) {
      if (
        message.channel === '/meta/connect' &&
        message.clientId !== undefined &&
        deps.isStalled?.(message.clientId)
      ) {
        return; // never answered: the events of this long-poll are not delivered
      }
      if (message.channel === '/meta/handshake') {
        if (message.successful) {
          message.ext = { replay: true, 'payload.format': true };
          message.supportedConnectionTypes = ['long-polling'];
          message.minimumVersion = '1.0';
          delete message.advice;
        } else if (message.error === HANDSHAKE_DENIED) {
          const reason = authFailure(request, deps.authenticate) ?? AUTHENTICATION_INVALID;
          message.ext = { sfdc: { failureReason: reason }, replay: true };
          message.advice = { reconnect: 'none' };
          delete message.supportedConnectionTypes;
          delete message.version;
        }
      } else if (message.error !== undefined && /^401:[^:]*:Unknown client$/.test(message.error)) {
        message.error = UNKNOWN_CLIENT;
        message.advice = { interval: 0, reconnect: 'handshake' };
      } else if (message.error?.startsWith('401::')) {
        message.advice = { reconnect: 'none', interval: 0 };
      }

      if (message.channel === '/meta/subscribe') {
        for (const channel of subscriptions(message)) {
          const key = replayKey(message.clientId, message.id, channel);
          const events = pendingReplays.get(key);
          pendingReplays.delete(key);
          if (message.successful && message.clientId && events) {
            deps.deliverTo(message.clientId, channel, events);
          }
        }
      }
      callback(message);
    },
  };
}
