import { timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import { z } from 'zod';
import { RecordSaveError } from '../errors.js';
import type { FaultRule } from '../faults.js';
import type { LeadConvertRequest, LeadConvertResult } from '../lead-conversion.js';

export interface AdminControls {
  readonly adminSecret: string;
  state(): Record<string, unknown>;
  reset(): void;
  addFault(rule: FaultRule): void;
  clearFaults(): void;
  listFaults(): readonly FaultRule[];
  expireTokens(): void;
  setLimits(limits: { max?: number | undefined; used?: number | undefined }): void;
  issueToken(username: string | undefined): { accessToken: string; userId: string } | undefined;
  /** A Metadata API deployment of custom metadata records. */
  deployCustomMetadata(record: {
    type: string;
    developerName: string;
    label: string;
    values: Record<string, unknown>;
  }): void;
  /** Converts a Lead as a person in Salesforce would (`Database.convertLead`). */
  convertLead(request: LeadConvertRequest, username: string | undefined): LeadConvertResult;
  /** The CometD layer, once one is attached (Change Data Capture controls). */
  streaming(): StreamingControls | undefined;
}

export interface StreamingControls {
  restart(): void;
  emitGap(
    entity: string,
    changeType: 'GAP_CREATE' | 'GAP_UPDATE' | 'GAP_DELETE' | 'GAP_UNDELETE',
    recordIds: string[],
  ): number;
  emitOverflow(entity: string): number;
  expireBefore(replayId: number): void;
  stallChannel(channel: string): number;
  clearStalls(): void;
}

const gapSchema = z.object({
  entity: z.string().min(1),
  changeType: z.enum(['GAP_CREATE', 'GAP_UPDATE', 'GAP_DELETE', 'GAP_UNDELETE', 'GAP_OVERFLOW']),
  recordIds: z.array(z.string()).default([]),
});

const faultSchema = z.object({
  route: z.string().min(1),
  latencyMs: z.number().int().min(0).max(120_000).optional(),
  error: z
    .enum([
      'SERVER_UNAVAILABLE',
      'UNABLE_TO_LOCK_ROW',
      'REQUEST_LIMIT_EXCEEDED',
      'INVALID_SESSION_ID',
      'DROP_CONNECTION',
    ])
    .optional(),
  times: z.number().int().min(1).optional(),
  rate: z.number().min(0).max(1).optional(),
});

const convertSchema = z.object({
  leadId: z.string().min(15),
  convertedStatus: z.string().min(1),
  accountId: z.string().min(15).optional(),
  contactId: z.string().min(15).optional(),
  ownerId: z.string().min(15).optional(),
  /** Who converts (default the run-as user). */
  username: z.string().optional(),
});

const limitsSchema = z.object({
  max: z.number().int().min(0).optional(),
  used: z.number().int().min(0).optional(),
});

function sameSecret(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

async function body(req: { text(): Promise<string> }): Promise<unknown> {
  const text = await req.text();
  return text.trim() === '' ? {} : (JSON.parse(text) as unknown);
}

/** Test and demo controls under /__sandbox, guarded by the `x-sandbox-admin` header. */
export function adminRoutes(controls: AdminControls) {
  const app = new Hono();
  app.use('*', async (c, next) => {
    if (!sameSecret(c.req.header('x-sandbox-admin'), controls.adminSecret)) {
      return c.json(
        { error: 'forbidden', message: 'x-sandbox-admin header missing or wrong' },
        401,
      );
    }
    return next();
  });
  app.onError((err, c) => c.json({ error: 'bad_request', message: err.message }, 400));

  app.get('/state', (c) => c.json(controls.state()));
  const streaming = () => {
    const layer = controls.streaming();
    if (!layer) throw new Error('no CometD layer is attached to this emulator');
    return layer;
  };
  app.post('/custom-metadata', async (c) => {
    const { records } = z
      .object({
        records: z
          .array(
            z.object({
              type: z.string().regex(/__mdt$/),
              developerName: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,39}$/),
              label: z.string().min(1).max(40),
              values: z.record(z.string(), z.unknown()),
            }),
          )
          .min(1),
      })
      .parse(await body(c.req));
    for (const record of records) controls.deployCustomMetadata(record);
    return c.json({ deployed: records.length });
  });
  // Answers like a LeadConvertResult: success with the ids, or the save errors.
  app.post('/leads/convert', async (c) => {
    const { username, ...request } = convertSchema.parse(await body(c.req));
    try {
      const result = controls.convertLead(request, username);
      return c.json({ success: true, ...result, errors: [] });
    } catch (error) {
      if (!(error instanceof RecordSaveError)) throw error;
      return c.json({ success: false, leadId: request.leadId, errors: error.errors }, 400);
    }
  });
  app.post('/cometd/restart', (c) => {
    streaming().restart();
    return c.json({ restarted: true });
  });
  app.post('/cometd/gap', async (c) => {
    const gap = gapSchema.parse(await body(c.req));
    const replayId =
      gap.changeType === 'GAP_OVERFLOW'
        ? streaming().emitOverflow(gap.entity)
        : streaming().emitGap(gap.entity, gap.changeType, gap.recordIds);
    return c.json({ replayId });
  });
  app.post('/cometd/expire', async (c) => {
    const { replayId } = z.object({ replayId: z.number().int() }).parse(await body(c.req));
    streaming().expireBefore(replayId);
    return c.json({ expiredBefore: replayId });
  });
  app.post('/cometd/stall', async (c) => {
    const { channel } = z
      .object({ channel: z.string().regex(/^\/(data|event)\/\w+$/) })
      .parse(await body(c.req));
    return c.json({ channel, stalledSessions: streaming().stallChannel(channel) });
  });
  app.delete('/cometd/stall', (c) => {
    streaming().clearStalls();
    return c.json({ stalled: false });
  });
  app.post('/reset', (c) => {
    controls.reset();
    return c.json(controls.state());
  });
  app.get('/faults', (c) => c.json(controls.listFaults()));
  app.post('/faults', async (c) => {
    const parsed = faultSchema.parse(await body(c.req));
    const rule: FaultRule = {
      route: parsed.route,
      ...(parsed.latencyMs !== undefined ? { latencyMs: parsed.latencyMs } : {}),
      ...(parsed.error !== undefined ? { error: parsed.error } : {}),
      ...(parsed.times !== undefined ? { times: parsed.times } : {}),
      ...(parsed.rate !== undefined ? { rate: parsed.rate } : {}),
    };
    controls.addFault(rule);
    return c.json(rule, 201);
  });
  app.delete('/faults', (c) => {
    controls.clearFaults();
    return c.body(null, 204);
  });
  app.post('/tokens/expire', (c) => {
    controls.expireTokens();
    return c.body(null, 204);
  });
  app.post('/tokens', async (c) => {
    const parsed = z.object({ username: z.string().optional() }).parse(await body(c.req));
    const token = controls.issueToken(parsed.username);
    return token
      ? c.json(token, 201)
      : c.json({ error: 'not_found', message: 'no such active user' }, 404);
  });
  app.post('/limits', async (c) => {
    controls.setLimits(limitsSchema.parse(await body(c.req)));
    return c.json(controls.state());
  });
  return app;
}
