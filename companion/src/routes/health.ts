import { Hono } from 'hono';
import type { CheckResult, ReadinessCheck } from '../services/readiness.js';

export type { CheckResult, ReadinessCheck } from '../services/readiness.js';

const CHECK_TIMEOUT_MS = 5_000;

async function runCheck(check: ReadinessCheck): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<CheckResult>((resolve) => {
    timer = setTimeout(
      () => resolve({ ok: false, detail: `no answer within ${CHECK_TIMEOUT_MS} ms` }),
      CHECK_TIMEOUT_MS,
    );
  });
  try {
    return await Promise.race([Promise.resolve().then(() => check.check()), timeout]);
  } catch (error) {
    return { ok: false, detail: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

/** `/healthz`: the process is alive. `/readyz`: every dependency answers. */
export function healthRoutes(deps: { readiness: readonly ReadinessCheck[]; startedAt: Date }) {
  return new Hono()
    .get('/healthz', (c) =>
      c.json({
        status: 'ok',
        uptimeSeconds: Math.round((Date.now() - deps.startedAt.getTime()) / 1000),
      }),
    )
    .get('/readyz', async (c) => {
      const results = await Promise.all(
        deps.readiness.map(async (check) => [check.name, await runCheck(check)] as const),
      );
      const ready = results.every(([, result]) => result.ok);
      return c.json(
        { status: ready ? 'ready' : 'not-ready', checks: Object.fromEntries(results) },
        ready ? 200 : 503,
      );
    });
}
