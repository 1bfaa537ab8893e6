import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics of one companion process, on its own registry (no globals). */
export function createMetrics(options: { defaultMetrics?: boolean } = {}) {
  const registry = new Registry();
  if (options.defaultMetrics ?? true)
    collectDefaultMetrics({ register: registry, prefix: 'okta_sync_' });

  const metrics = {
    registry,
    eventsReceived: new Counter({
      name: 'okta_sync_events_received_total',
      help: 'Events received, by source and fate (accepted, duplicate, ignored, invalid).',
      labelNames: ['source', 'fate'] as const,
      registers: [registry],
    }),
    jobs: new Counter({
      name: 'okta_sync_jobs_total',
      help: 'Jobs finished, by kind and outcome (done, retried, dead-letter).',
      labelNames: ['kind', 'outcome'] as const,
      registers: [registry],
    }),
    apiCalls: new Counter({
      name: 'okta_sync_api_calls_total',
      help: 'Calls made to Okta and Salesforce, by system and operation.',
      labelNames: ['system', 'operation'] as const,
      registers: [registry],
    }),
    queueJobs: new Gauge({
      name: 'okta_sync_queue_jobs',
      help: 'Jobs in the durable queue, by state.',
      labelNames: ['state'] as const,
      registers: [registry],
    }),
    queueLag: new Gauge({
      name: 'okta_sync_queue_lag_seconds',
      help: 'Age of the oldest job waiting to run.',
      registers: [registry],
    }),
    hookAck: new Histogram({
      name: 'okta_sync_hook_ack_seconds',
      help: 'Time to store and acknowledge an Okta event hook delivery.',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 3],
      registers: [registry],
    }),
    jobDuration: new Histogram({
      name: 'okta_sync_job_batch_seconds',
      help: 'Time to run one batch of jobs, by kind.',
      labelNames: ['kind'] as const,
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    guardTripped: new Gauge({
      name: 'okta_sync_guard_tripped',
      help: '1 while the blast-radius guard holds deactivations.',
      registers: [registry],
    }),
  };
  return metrics;
}

export type Metrics = ReturnType<typeof createMetrics>;
