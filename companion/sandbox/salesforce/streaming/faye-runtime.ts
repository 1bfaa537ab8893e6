/**
 * The slice of faye 1.4 this layer uses, typed. faye ships no types, and two of the
 * operations we need are not part of its public API: queueing a message for ONE
 * client (replay after /meta/subscribe) and publishing synchronously from the server.
 * Both go through the in-memory engine, whose shape is checked once at start-up so a
 * faye upgrade that changes it fails loudly instead of silently losing events.
 */
import { createRequire } from 'node:module';
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface BayeuxMessage {
  channel: string;
  id?: string;
  clientId?: string;
  successful?: boolean;
  error?: string;
  subscription?: string | string[];
  ext?: Record<string, unknown>;
  advice?: Record<string, unknown>;
  data?: unknown;
  version?: string;
  minimumVersion?: string;
  supportedConnectionTypes?: string[];
  connectionType?: string;
}

type Pipe = (message: BayeuxMessage) => void;

/** A server extension; faye passes the HTTP request when the function takes three arguments. */
export interface BayeuxServerExtension {
  incoming(message: BayeuxMessage, request: IncomingMessage | null, callback: Pipe): void;
  outgoing(message: BayeuxMessage, request: IncomingMessage | null, callback: Pipe): void;
}

interface MemoryEngine {
  _messages: Map<string, BayeuxMessage[]>;
  emptyQueue(clientId: string): void;
}

interface EngineProxy {
  _engine: MemoryEngine;
  _connections: Map<string, unknown>;
  publish(message: BayeuxMessage): void;
  destroyClient(clientId: string): void;
  flushConnection(clientId: string): void;
}

export interface FayeNodeAdapter {
  addExtension(extension: BayeuxServerExtension): void;
  check(request: IncomingMessage): boolean;
  handle(request: IncomingMessage, response: ServerResponse): void;
  close(): void;
  on(event: 'handshake' | 'disconnect', listener: (clientId: string) => void): void;
  on(
    event: 'subscribe' | 'unsubscribe',
    listener: (clientId: string, channel: string) => void,
  ): void;
  _server: { _engine: EngineProxy };
}

interface FayeModule {
  NodeAdapter: new (options: { mount: string; timeout: number }) => FayeNodeAdapter;
}

const require = createRequire(import.meta.url);
const faye = require('faye') as FayeModule;

/** A CometD endpoint: faye's adapter plus the engine operations faye does not expose. */
export class BayeuxEndpoint {
  readonly adapter: FayeNodeAdapter;
  private readonly engine: EngineProxy;

  constructor(mount: string, timeoutSeconds: number) {
    this.adapter = new faye.NodeAdapter({ mount, timeout: timeoutSeconds });
    this.engine = this.adapter._server._engine;
    const memory = this.engine._engine;
    if (!(memory?._messages instanceof Map) || typeof memory.emptyQueue !== 'function') {
      throw new Error('Unsupported faye version: the in-memory engine has an unexpected shape');
    }
  }

  /** Delivers to every subscriber of message.channel, in order with everything queued before. */
  publish(message: BayeuxMessage): void {
    this.engine.publish(message);
  }

  /** Queues messages for one client only; they go out on its current or next /meta/connect. */
  deliverTo(clientId: string, messages: readonly BayeuxMessage[]): void {
    if (messages.length === 0) return;
    const memory = this.engine._engine;
    const queue = memory._messages.get(clientId) ?? [];
    queue.push(...messages);
    memory._messages.set(clientId, queue);
    memory.emptyQueue(clientId);
  }

  /** Forgets the session: its open long-poll is answered and its next request gets 403::Unknown client. */
  forgetClient(clientId: string): void {
    this.engine.destroyClient(clientId);
  }

  /** Clients whose /meta/connect is being held open right now. */
  openLongPolls(): number {
    return this.engine._connections.size;
  }

  /**
   * Answers every pending long-poll now (with whatever it holds) and detaches it, so that
   * later events wait in the session's queue for the client's next /meta/connect.
   */
  releaseLongPolls(): void {
    for (const clientId of [...this.engine._connections.keys()]) {
      this.engine.flushConnection(clientId);
    }
  }
}
