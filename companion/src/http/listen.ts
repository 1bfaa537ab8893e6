import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import type { Hono } from 'hono';

export interface ListeningServer {
  server: ServerType;
  url: string;
  port: number;
  /** Stops accepting, lets in-flight requests finish for `graceMs`, then cuts the rest. */
  close(graceMs?: number): Promise<void>;
}

export function listen(
  app: Hono,
  options: { host: string; port: number },
): Promise<ListeningServer> {
  return new Promise((resolve, reject) => {
    const server = serve(
      { fetch: app.fetch, hostname: options.host, port: options.port },
      (info: AddressInfo) => {
        const host = info.address.includes(':') ? `[${info.address}]` : info.address;
        const shownHost = host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host;
        resolve({
          server,
          port: info.port,
          url: `http://${shownHost}:${info.port}`,
          close: (graceMs = 10_000) =>
            new Promise<void>((done) => {
              const http = server as import('node:http').Server;
              const force = setTimeout(() => http.closeAllConnections(), graceMs);
              force.unref();
              http.close(() => {
                clearTimeout(force);
                done();
              });
              http.closeIdleConnections();
            }),
        });
      },
    );
    server.once('error', reject);
  });
}
