import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { AppError } from '../http/app-error.js';
import type {
  Classification,
  InvalidOktaEvent,
  NormalisedOktaEvent,
} from '../intake/okta-events.js';
import {
  classifyOktaEvents,
  oktaHookEnvelopeSchema,
  parseOktaLogEvents,
} from '../intake/okta-events.js';
import type { Secret } from '../secret.js';

export interface OktaHookDeps {
  /** The current secret and, during a rotation, the previous one. */
  hookSecrets: readonly Secret[];
  maxBodyBytes: number;
  /** Durable: returns only once the events are stored. */
  accept(events: readonly NormalisedOktaEvent[]): Promise<{ accepted: number; duplicates: number }>;
  onReceived?: (summary: {
    received: number;
    accepted: number;
    duplicates: number;
    skipped: Classification['skipped'];
    /** Events that could not be read (e.g. a malformed `published`): not stored, reported. */
    invalid: InvalidOktaEvent[];
    deliveryId: string;
  }) => void | Promise<void>;
  /** Seconds from a delivery's arrival to its answer, whatever the answer. */
  onAnswered?: (seconds: number) => void;
}

/**
 * Okta event hooks: the one-time verification GET and the deliveries. A delivery is
 * answered only after its events are stored, and well inside Okta's 3 s timeout. A malformed
 * event is reported and left out; the valid events of its delivery are stored and answered
 * 200, since Okta never retries a 4xx and would drop them all.
 */
export function oktaHookRoutes(deps: OktaHookDeps) {
  // Every secret is compared, so the time taken does not tell which one matched.
  const authorised = (header: string | undefined) =>
    deps.hookSecrets.map((secret) => secret.matches(header)).includes(true);

  return new Hono()
    .get('/', (c) => {
      // Whether Okta sends the auth header on the verification request is not documented:
      // accept it missing, but never wrong.
      const auth = c.req.header('authorization');
      if (auth !== undefined && !authorised(auth)) throw AppError.unauthorized();
      const challenge = c.req.header('x-okta-verification-challenge');
      if (!challenge) throw AppError.badRequest('Missing X-Okta-Verification-Challenge header.');
      return c.json({ verification: challenge });
    })
    .post(
      '/',
      async (_c, next) => {
        const arrived = performance.now();
        try {
          await next();
        } finally {
          deps.onAnswered?.((performance.now() - arrived) / 1000);
        }
      },
      (c, next) => {
        if (!authorised(c.req.header('authorization'))) throw AppError.unauthorized();
        return next();
      },
      bodyLimit({
        maxSize: deps.maxBodyBytes,
        onError: () => {
          throw new AppError(
            413,
            'PAYLOAD_TOO_LARGE',
            `The body exceeds ${deps.maxBodyBytes} bytes.`,
          );
        },
      }),
      async (c) => {
        let body: unknown;
        try {
          body = await c.req.json();
        } catch {
          throw AppError.badRequest('The body is not valid JSON.');
        }
        const envelope = oktaHookEnvelopeSchema.safeParse(body);
        if (!envelope.success) {
          throw AppError.validation(
            'The body is not an Okta event hook delivery.',
            envelope.error.issues.slice(0, 20).map((issue) => ({
              path: issue.path.map(String).join('.') || '(root)',
              message: issue.message,
            })),
          );
        }
        const parsed = parseOktaLogEvents(envelope.data.data.events);
        const classified = classifyOktaEvents(parsed.events, { source: 'okta-hook' });
        const stored = await deps.accept(classified.events);
        await deps.onReceived?.({
          received: envelope.data.data.events.length,
          accepted: stored.accepted,
          duplicates: stored.duplicates,
          skipped: classified.skipped,
          invalid: parsed.invalid,
          deliveryId: envelope.data.eventId,
        });
        return c.json({
          received: envelope.data.data.events.length,
          accepted: stored.accepted,
          duplicates: stored.duplicates,
          ignored: classified.skipped.length,
          invalid: parsed.invalid.map(({ index, uuid, reason }) => ({ index, uuid, reason })),
        });
      },
    );
}
