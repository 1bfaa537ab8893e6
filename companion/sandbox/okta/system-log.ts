/** `GET /api/v1/logs`. */
import { Hono } from 'hono';
import {
  absoluteUrl,
  okJson,
  requireScope,
  selfUrl,
  setLinks,
  type OktaEnv,
} from './api-context.js';
import { queryLogs } from './log-query.js';
import type { OktaState } from './state.js';

export function systemLogRoutes(deps: {
  state: () => OktaState;
  now: () => Date;
  orgUrl: () => string;
  generation: () => string;
}) {
  return new Hono<OktaEnv>().get('/', (c) => {
    requireScope(c, 'okta.logs.read');
    const { since, until, after, filter, q, limit, sortOrder } = c.req.query();
    const page = queryLogs(
      deps.state().logs,
      { since, until, after, filter, q, limit, sortOrder },
      deps.now().getTime(),
      deps.generation(),
    );
    const base = deps.orgUrl();
    const next =
      page.nextAfter === undefined
        ? undefined
        : absoluteUrl(base, '/api/v1/logs', {
            until,
            filter,
            q,
            limit: String(page.limit),
            sortOrder: page.sortOrder,
            after: page.nextAfter,
          });
    setLinks(c, selfUrl(c, base), next);
    return okJson(c, page.events);
  });
}
