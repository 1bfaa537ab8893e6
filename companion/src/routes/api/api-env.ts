import type { RequestIdVariables } from 'hono/request-id';

/** Context variables of the `/api/v1` routes: the request id and the acting Salesforce user. */
export interface ApiEnv {
  Variables: RequestIdVariables & {
    /** Salesforce User id from `X-Salesforce-User-Id`, when the caller sent one. */
    actor: string | undefined;
  };
}
