import { Hono } from 'hono';
import { SalesforceApiError } from '../errors.js';
import type { SalesforceOrg } from '../org.js';
import { executeSoql } from '../soql/query-executor.js';
import { sfJson } from './hono-env.js';
import type { DataContext, DataEnv } from './hono-env.js';

const DEFAULT_BATCH = 2000;

/** `Sforce-Query-Options: batchSize=N` — 200 to 2000; Salesforce may use a larger size than asked. */
export function batchSizeOf(header: string | undefined): number {
  const match = header ? /batchSize\s*=\s*(\d+)/i.exec(header) : null;
  if (!match) return DEFAULT_BATCH;
  return Math.min(DEFAULT_BATCH, Math.max(200, Number(match[1])));
}

/** SOQL: query, queryAll, and the next-page locators. */
export function queryRoutes(org: SalesforceOrg) {
  const app = new Hono<DataEnv>();

  const run = (c: DataContext, includeDeleted: boolean) => {
    const soql = c.req.query('q');
    if (soql === undefined || soql.trim() === '') {
      throw SalesforceApiError.of(400, 'MALFORMED_QUERY', 'A query string has to be specified');
    }
    const apiVersion = c.get('apiVersion');
    const outcome = executeSoql(
      { registry: org.registry, store: org.store, nowMs: () => org.clock().getTime() },
      soql,
      { includeDeleted, apiVersion },
    );
    switch (outcome.kind) {
      case 'count':
        return sfJson(c, { totalSize: outcome.totalSize, done: true, records: [] });
      case 'aggregate':
        return sfJson(c, {
          totalSize: outcome.records.length,
          done: true,
          records: outcome.records,
        });
      case 'records':
        return sfJson(
          c,
          org.cursors.firstPage(
            outcome.rows,
            outcome.project,
            batchSizeOf(c.req.header('sforce-query-options')),
            apiVersion,
          ),
        );
    }
  };

  app.get('/query', (c) => run(c, false));
  app.get('/queryAll', (c) => run(c, true));
  app.get('/query/:locator', (c) =>
    sfJson(c, org.cursors.nextPage(c.req.param('locator'), c.get('apiVersion'))),
  );
  app.get('/queryAll/:locator', (c) =>
    sfJson(c, org.cursors.nextPage(c.req.param('locator'), c.get('apiVersion'))),
  );

  return app;
}
