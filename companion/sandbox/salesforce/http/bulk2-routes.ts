import { Hono } from 'hono';
import type { IngestJobs } from '../bulk2/ingest-jobs.js';
import { SalesforceApiError } from '../errors.js';
import { isPlainObject, readJson, sfJson } from './hono-env.js';
import type { DataEnv } from './hono-env.js';

/** Bulk API 2.0 ingest: /jobs/ingest. */
export function bulk2Routes(jobs: IngestJobs) {
  const app = new Hono<DataEnv>();

  app.post('/jobs/ingest', async (c) => {
    const body = await readJson(c);
    if (!isPlainObject(body))
      throw SalesforceApiError.of(400, 'JSON_PARSER_ERROR', 'The request body must be an object');
    return sfJson(
      c,
      jobs.create(body, {
        userId: c.get('userId'),
        apiVersion: c.get('apiVersion'),
        callOptions: c.req.header('sforce-call-options'),
      }),
    );
  });

  app.get('/jobs/ingest', (c) =>
    sfJson(c, { done: true, records: jobs.list(), nextRecordsUrl: null }),
  );

  app.put('/jobs/ingest/:id/batches', async (c) => {
    const type = c.req.header('content-type') ?? '';
    if (!type.startsWith('text/csv')) {
      throw SalesforceApiError.of(400, 'INVALIDCONTENTTYPE', `Unsupported content type: ${type}`);
    }
    jobs.upload(c.req.param('id'), await c.req.text());
    return c.body(null, 201);
  });

  app.patch('/jobs/ingest/:id', async (c) => {
    const body = await readJson(c);
    return sfJson(
      c,
      jobs.setState(c.req.param('id'), isPlainObject(body) ? body['state'] : undefined),
    );
  });

  app.get('/jobs/ingest/:id', (c) => sfJson(c, jobs.info(c.req.param('id'))));

  app.delete('/jobs/ingest/:id', (c) => {
    jobs.delete(c.req.param('id'));
    return c.body(null, 204);
  });

  for (const kind of ['successfulResults', 'failedResults', 'unprocessedrecords'] as const) {
    app.get(`/jobs/ingest/:id/${kind}`, (c) =>
      c.body(jobs.results(c.req.param('id'), kind), 200, { 'Content-Type': 'text/csv' }),
    );
  }

  return app;
}
