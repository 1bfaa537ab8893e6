import { Writable } from 'node:stream';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { describe, expect, it } from 'vitest';
import { createApp } from './app.js';
import { conflict, invalid, invalidState, notFound, refused } from './errors/domain-errors.js';
import { AppError } from './http/app-error.js';
import { createLogger, silentLogger } from './logger.js';

describe('createApp', () => {
  it('answers /healthz', async () => {
    const app = createApp({ logger: silentLogger(), readiness: [] });
    const res = await app.request('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok' });
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('reports readiness per dependency and 503 when one fails', async () => {
    const app = createApp({
      logger: silentLogger(),
      readiness: [
        { name: 'store', check: () => ({ ok: true }) },
        {
          name: 'okta',
          check: () => {
            throw new Error('connect ECONNREFUSED');
          },
        },
      ],
    });
    const res = await app.request('/readyz');
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({
      status: 'not-ready',
      checks: { store: { ok: true }, okta: { ok: false, detail: 'connect ECONNREFUSED' } },
    });
  });

  it('answers unknown routes with the JSON error shape', async () => {
    const app = createApp({ logger: silentLogger(), readiness: [] });
    const res = await app.request('/nope');
    expect(res.status).toBe(404);
    const body = (await res.json()) as { error: { code: string; requestId: string } };
    expect(body.error.code).toBe('NOT_FOUND');
    expect(body.error.requestId).toBe(res.headers.get('x-request-id'));
  });

  it('turns errors into the JSON error shape without leaking internals', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const app = createApp({ logger: createLogger({ level: 'info' }, sink), readiness: [] });
    app.get('/known', () => {
      throw AppError.conflict('Already granted.', { grantId: 'g1' });
    });
    app.get('/http', () => {
      throw new HTTPException(413);
    });
    app.get('/boom', () => {
      throw new Error('database password=hunter2 is wrong');
    });

    const known = await app.request('/known');
    expect(known.status).toBe(409);
    expect(await known.json()).toMatchObject({
      error: { code: 'CONFLICT', message: 'Already granted.', details: { grantId: 'g1' } },
    });

    const tooLarge = await app.request('/http');
    expect(tooLarge.status).toBe(413);
    expect(await tooLarge.json()).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } });

    const boom = await app.request('/boom');
    expect(boom.status).toBe(500);
    const body = await boom.text();
    expect(body).not.toContain('hunter2');
    expect(JSON.parse(body)).toMatchObject({
      error: { code: 'INTERNAL', message: 'An unexpected error occurred.' },
    });
    expect(lines.some((line) => line.includes('unhandled error'))).toBe(true);
  });

  it('never logs authorization headers', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logger = createLogger({ level: 'info' }, sink);
    logger.info({ headers: { authorization: 'SSWS abc' }, okta: { token: 'xyz' } }, 'outbound');
    expect(lines.join('')).not.toMatch(/SSWS abc|xyz/);
  });

  it('logs the route pattern of a request, never a login carried in its path', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const app = createApp({ logger: createLogger({ level: 'info' }, sink), readiness: [] });
    const users = new Hono().get('/:idOrLogin/status', (c) => c.json({ ok: true }));
    app.route('/api/v1/users', users);

    const res = await app.request('/api/v1/users/jane.doe%40example.com/status');
    expect(res.status).toBe(200);
    const access = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(access).toContainEqual(
      expect.objectContaining({ msg: 'request', route: '/api/v1/users/:idOrLogin/status' }),
    );
    expect(lines.join('')).not.toMatch(/jane\.doe/);
  });

  it('maps each kind of domain error to its status in the one error shape', async () => {
    const app = createApp({ logger: silentLogger(), readiness: [] });
    const cases = [
      [invalid('Bad duration.'), 400, 'VALIDATION_FAILED'],
      [notFound('No such grant.'), 404, 'NOT_FOUND'],
      [conflict('A run is in progress.'), 409, 'CONFLICT'],
      [invalidState('The Case is closed.'), 409, 'INVALID_STATE'],
      [refused('Admin group.', 'GROUP_NOT_GRANTABLE'), 403, 'GROUP_NOT_GRANTABLE'],
    ] as const;
    cases.forEach(([error], i) =>
      app.get(`/domain/${i}`, () => {
        throw error;
      }),
    );
    for (const [i, [error, status, code]] of cases.entries()) {
      const res = await app.request(`/domain/${i}`);
      expect(res.status).toBe(status);
      expect(await res.json()).toMatchObject({ error: { code, message: error.message } });
    }
  });
});
