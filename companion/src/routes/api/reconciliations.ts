import { Hono } from 'hono';
import { z } from 'zod';
import { AppError } from '../../http/app-error.js';
import { validate } from '../../http/validation.js';
import type { Logger } from '../../logger.js';
import type {
  PlanItemKind,
  ReconciliationRun,
  ReconciliationService,
} from '../../reconciliation/types.js';
import type { ApiEnv } from './api-env.js';
import { EXPORT_CONTENT_TYPES } from '../../services/audit-export.js';
import { lineStream } from './line-stream.js';
import { planExportLines, planItemsOf } from '../../services/plan-export.js';
import { exportFormat, limitParam } from './query-schemas.js';

export interface ReconciliationRouteDeps {
  reconciliations: ReconciliationService;
  logger: Logger;
}

const PLAN_KINDS = [
  'create',
  'update',
  'link',
  'deactivate',
  'conflict',
] as const satisfies readonly PlanItemKind[];

const startBody = z.object({
  dryRun: z.boolean({ error: 'dryRun must be true or false.' }),
  confirmDeactivations: z
    .boolean({ error: 'confirmDeactivations must be true or false.' })
    .nullish(),
});
const applyBody = z.object({
  confirmDeactivations: z
    .boolean({ error: 'confirmDeactivations must be true or false.' })
    .nullish(),
});
const runParams = z.object({
  id: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,100}$/, 'Expected a reconciliation run id.'),
});
const listQuery = z.object({ limit: limitParam(100, 20) });
const planQuery = z.object({
  after: z.coerce.number({ error: 'after must be a number.' }).int().min(0).optional(),
  limit: limitParam(1000, 100),
  kind: z
    .string()
    .transform((v) =>
      v
        .split(',')
        .map((k) => k.trim())
        .filter((k) => k !== ''),
    )
    .pipe(z.array(z.enum(PLAN_KINDS, { error: `kind must be among ${PLAN_KINDS.join(', ')}.` })))
    .optional(),
  format: exportFormat.optional(),
});

async function requireRun(service: ReconciliationService, id: string): Promise<ReconciliationRun> {
  const run = await service.get(id);
  if (!run) throw AppError.notFound(`No reconciliation run ${id}.`);
  return run;
}

/** `reconciliations`: start a run (dry run first), follow it, read or export its plan, apply it. */
export function reconciliationRoutes(deps: ReconciliationRouteDeps) {
  const service = deps.reconciliations;
  return new Hono<ApiEnv>()
    .post('/', validate('json', startBody), async (c) => {
      const body = c.req.valid('json');
      const running = service.current();
      if (running) {
        throw AppError.conflict(`A reconciliation is already running (${running.id}).`, {
          runId: running.id,
        });
      }
      const actor = c.get('actor');
      const run = await service.start({
        dryRun: body.dryRun,
        trigger: 'api',
        ...(body.confirmDeactivations ? { confirmDeactivations: true } : {}),
        ...(actor ? { requestedBy: actor } : {}),
      });
      return c.json(run, 202);
    })
    .get('/', validate('query', listQuery), async (c) =>
      c.json({ runs: await service.list(c.req.valid('query').limit) }),
    )
    .get('/:id', validate('param', runParams), async (c) =>
      c.json(await requireRun(service, c.req.valid('param').id)),
    )
    .get('/:id/plan', validate('param', runParams), validate('query', planQuery), async (c) => {
      const { id } = c.req.valid('param');
      const query = c.req.valid('query');
      await requireRun(service, id);
      const kinds = query.kind?.length ? query.kind : undefined;
      if (query.format) {
        const body = lineStream(planExportLines(planItemsOf(service, id, kinds), query.format), {
          onError: (error) =>
            deps.logger.error({ err: error, runId: id }, 'plan export failed mid-stream'),
        });
        return c.body(body, 200, {
          'Content-Type': EXPORT_CONTENT_TYPES[query.format],
          'Content-Disposition': `attachment; filename="okta-sync-reconciliation-${id}.${query.format}"`,
          'Cache-Control': 'no-store',
        });
      }
      const page = await service.planItems(id, {
        limit: query.limit,
        ...(query.after === undefined ? {} : { after: query.after }),
        ...(kinds ? { kinds } : {}),
      });
      return c.json(page);
    })
    .post('/:id/apply', validate('param', runParams), validate('json', applyBody), async (c) => {
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      await requireRun(service, id);
      const actor = c.get('actor');
      const run = await service.apply(id, {
        ...(body.confirmDeactivations ? { confirmDeactivations: true } : {}),
        ...(actor ? { requestedBy: actor } : {}),
      });
      if (run.status === 'REFUSED') {
        throw new AppError(
          409,
          'REFUSED',
          run.error ??
            'The plan deactivates more Contacts than the blast-radius guard allows; confirm the deactivations to apply it.',
          { run },
        );
      }
      return c.json(run, 202);
    });
}
