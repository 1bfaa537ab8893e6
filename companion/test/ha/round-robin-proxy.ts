import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * What a load balancer in front of several instances does, reduced to the test's needs: each
 * request goes to the next target in turn, and to the following one when a target refuses
 * the connection or drops it mid-request (a killed instance). Hook deliveries are idempotent
 * (the inbox de-duplicates event ids), so a request re-sent to another instance is safe.
 */
export interface RoundRobinProxy {
  url: string;
  /** Requests answered by each target, by target URL. */
  served: Map<string, number>;
  close(): Promise<void>;
}

async function body(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startRoundRobinProxy(targets: readonly string[]): Promise<RoundRobinProxy> {
  let next = 0;
  const served = new Map<string, number>();
  const forward = async (request: IncomingMessage, response: ServerResponse) => {
    const payload = await body(request);
    const headers = new Headers();
    for (const [name, value] of Object.entries(request.headers)) {
      if (name === 'host' || name === 'content-length' || name === 'connection') continue;
      if (typeof value === 'string') headers.set(name, value);
    }
    const start = next++;
    for (let i = 0; i < targets.length; i++) {
      const target = targets[(start + i) % targets.length] as string;
      try {
        const answer = await fetch(`${target}${request.url ?? '/'}`, {
          method: request.method ?? 'GET',
          headers,
          ...(payload.length > 0 ? { body: new Uint8Array(payload) } : {}),
        });
        const text = Buffer.from(await answer.arrayBuffer());
        served.set(target, (served.get(target) ?? 0) + 1);
        response.writeHead(answer.status, {
          'content-type': answer.headers.get('content-type') ?? 'application/octet-stream',
        });
        response.end(text);
        return;
      } catch {
        // Refused or dropped: the next instance.
      }
    }
    response.writeHead(502, { 'content-type': 'application/json' });
    response.end(
      JSON.stringify({ error: { code: 'NO_INSTANCE', message: 'no instance answered' } }),
    );
  };
  const server = createServer((request, response) => {
    void forward(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    served,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
