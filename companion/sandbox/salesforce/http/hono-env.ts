import type { HttpBindings } from '@hono/node-server';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { WriteContext } from '../change-events.js';
import { SalesforceApiError } from '../errors.js';
import { newWriteContext } from '../write-context.js';

export interface DataVariables {
  /** API version of the request path, e.g. "62.0". */
  apiVersion: string;
  /** User of the request's session. */
  userId: string;
  /** An injected UNABLE_TO_LOCK_ROW fault that per-record endpoints answer record by record. */
  lockFault: boolean;
}

export type DataEnv = { Bindings: HttpBindings; Variables: DataVariables };
export type DataContext = Context<DataEnv>;

/** JSON with Salesforce's content type. */
export function sfJson(c: Context, body: unknown, status: ContentfulStatusCode = 200): Response {
  return c.body(JSON.stringify(body), status, { 'Content-Type': 'application/json;charset=UTF-8' });
}

/** Reads a JSON request body; malformed JSON is a JSON_PARSER_ERROR like Salesforce's. */
export async function readJson(c: Context): Promise<unknown> {
  const text = await c.req.text();
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw SalesforceApiError.of(
      400,
      'JSON_PARSER_ERROR',
      text.trim() === ''
        ? 'No content to map due to end-of-input at [line:1, column:0]'
        : `Unexpected character: ${(err as Error).message}`,
    );
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The WriteContext of this request (new transaction key per call). */
export function writeContextOf(c: DataContext, api: WriteContext['api']): WriteContext {
  return newWriteContext({
    callOptions: c.req.header('sforce-call-options'),
    apiVersion: c.get('apiVersion'),
    api,
    userId: c.get('userId'),
    autoAssign: c.req.header('sforce-auto-assign'),
  });
}
