/**
 * `/__sandbox/*`: the emulator's own control surface (no Okta auth; the header
 * `x-sandbox-admin` must carry one of the org's API tokens). Faults, reset, a state summary.
 */
import { timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import { okJson, readJsonBody, type OktaEnv } from './api-context.js';
import { fail } from './errors.js';
import type { FaultRegistry, FaultSpec } from './faults.js';

export interface SandboxControls {
  /** Secrets accepted in `x-sandbox-admin`: the org's SSWS API tokens. */
  adminTokens: () => readonly string[];
  faults: FaultRegistry;
  summary: () => unknown;
  reset: (generate: { users: number; seed?: number } | undefined) => void;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function sandboxRoutes(controls: SandboxControls) {
  return new Hono<OktaEnv>()
    .use('*', async (c, next) => {
      const given = c.req.header('x-sandbox-admin');
      if (given === undefined || !controls.adminTokens().some((token) => sameSecret(given, token)))
        throw fail.invalidToken();
      await next();
    })
    .get('/state', (c) => okJson(c, controls.summary()))
    .post('/reset', async (c) => {
      const body = await readJsonBody(c);
      const users = body['users'];
      const seed = body['seed'];
      if (
        users !== undefined &&
        (typeof users !== 'number' || !Number.isInteger(users) || users < 1)
      ) {
        throw fail.validation('users', ['users: must be a positive integer']);
      }
      controls.reset(
        typeof users === 'number'
          ? { users, ...(typeof seed === 'number' ? { seed } : {}) }
          : undefined,
      );
      return okJson(c, controls.summary());
    })
    .get('/faults', (c) => okJson(c, controls.faults.list()))
    .post('/faults', async (c) => {
      const body = await readJsonBody(c);
      if (typeof body['route'] !== 'string')
        throw fail.validation('route', ['route: The field cannot be left blank']);
      try {
        return okJson(c, controls.faults.add(body as unknown as FaultSpec), 201);
      } catch (error) {
        throw fail.validation('fault', [error instanceof Error ? error.message : String(error)]);
      }
    })
    .post('/faults/hook-loss', async (c) => {
      const count = (await readJsonBody(c))['count'];
      if (typeof count !== 'number' || count < 0)
        throw fail.validation('count', ['count: must be a number ≥ 0']);
      controls.faults.dropHookDeliveries(count);
      return okJson(c, { pendingHookLoss: controls.faults.pendingHookLoss });
    })
    .delete('/faults/:id', (c) => {
      controls.faults.remove(Number(c.req.param('id')));
      return c.body(null, 204);
    })
    .delete('/faults', (c) => {
      controls.faults.clear();
      return c.body(null, 204);
    });
}
