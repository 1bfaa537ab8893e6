/** The Hono environment shared by the emulator's routes, and small request/response helpers. */
import type { HttpBindings } from '@hono/node-server';
import type { Context } from 'hono';
import { fail } from './errors.js';
import type { ActionContext } from './log-events.js';
import type { Principal } from './principals.js';

export type OktaEnv = {
  Bindings: HttpBindings;
  Variables: {
    requestId: string;
    principal: Principal;
    actionContext: ActionContext;
  };
};

export type OktaContext = Context<OktaEnv>;

/** Answers with JSON and Okta's content type. */
export function okJson(c: OktaContext, body: unknown, status: 200 | 201 = 200): Response {
  return c.body(JSON.stringify(body), status, { 'Content-Type': 'application/json' });
}

export async function readJsonBody(c: OktaContext): Promise<Record<string, unknown>> {
  const text = await c.req.text();
  if (text.trim() === '') return {};
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      throw fail.malformedBody();
    return value as Record<string, unknown>;
  } catch {
    throw fail.malformedBody();
  }
}

/** Throws 403 E0000006 unless the caller may use one of the scopes (SSWS tokens are super admin). */
export function requireScope(c: OktaContext, ...anyOf: string[]): void {
  const principal = c.get('principal');
  if (principal.kind === 'ssws') return;
  if (!anyOf.some((scope) => principal.scopes.has(scope))) throw fail.forbidden();
}

export function parseBooleanParam(
  value: string | undefined,
  fallback: boolean,
  name: string,
): boolean {
  if (value === undefined || value === '') return fallback;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw fail.validation(name, [`${name}: must be true or false`]);
}

export function parseLimit(value: string | undefined, fallback: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  if (!/^-?\d+$/.test(value)) throw fail.validation('limit', ['limit: must be an integer']);
  const n = Number(value);
  if (n < 1) return fallback;
  return Math.min(n, max);
}

/** `<url>; rel="self"` and, when there is a next page, `<url>; rel="next"`, as two Link headers. */
export function setLinks(c: OktaContext, self: string, next: string | undefined): void {
  c.header('Link', `<${self}>; rel="self"`, { append: true });
  if (next !== undefined) c.header('Link', `<${next}>; rel="next"`, { append: true });
}

/** An absolute URL on the emulator with the given query (undefined values left out). */
export function absoluteUrl(
  base: string,
  path: string,
  query: Record<string, string | undefined>,
): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(value)}`);
  }
  return `${base}${path}${parts.length > 0 ? `?${parts.join('&')}` : ''}`;
}

/** The absolute URL of the current request (its self link). */
export function selfUrl(c: OktaContext, base: string): string {
  const url = new URL(c.req.url);
  return `${base}${url.pathname}${url.search}`;
}
