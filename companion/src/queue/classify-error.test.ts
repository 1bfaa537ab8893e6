import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import okta from '@okta/okta-sdk-nodejs';
import jsforce from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conflict, invalidState, notFound, refused, unavailable } from '../errors/domain-errors.js';
import { classifyError } from './classify-error.js';
import { DeferredError, PermanentError, TransientError } from './job-errors.js';

/** The next answer of the loopback server; real clients turn it into their own error objects. */
interface Canned {
  status: number;
  headers?: Record<string, string>;
  body: string;
  /** Destroy the socket instead of answering. */
  hangUp?: boolean;
}

let next: Canned = { status: 200, body: '{}' };
let server: Server;
let baseUrl = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (next.hangUp) {
        req.socket.destroy();
        return;
      }
      res.writeHead(next.status, { 'content-type': 'application/json', ...next.headers });
      res.end(next.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

function oktaClient(): okta.Client {
  return new okta.Client({
    orgUrl: baseUrl,
    token: 'test-token',
    cacheMiddleware: null,
    requestExecutor: new okta.DefaultRequestExecutor({ maxRetries: 0, requestTimeout: 0 }),
  });
}

async function oktaError(answer: Canned): Promise<unknown> {
  next = answer;
  return rejectionOf(oktaClient().userApi.getUser({ userId: '00u1' }));
}

async function salesforceError(answer: Canned): Promise<unknown> {
  next = answer;
  const conn = new jsforce.Connection({
    instanceUrl: baseUrl,
    accessToken: 'test-token',
    version: '62.0',
  });
  // A POST: jsforce does not retry it by itself.
  return rejectionOf(conn.sobject('Contact').create({ LastName: 'Doe' }));
}

const oktaBody = (errorCode: string, errorSummary: string) =>
  JSON.stringify({
    errorCode,
    errorSummary,
    errorLink: errorCode,
    errorId: 'oae1',
    errorCauses: [],
  });
const sfBody = (errorCode: string, message: string) =>
  JSON.stringify([{ errorCode, message, fields: [] }]);

describe('classifyError with Okta SDK errors', () => {
  it('waits for X-Rate-Limit-Reset on a 429 E0000047, measured against the Date header', async () => {
    const date = new Date('2025-03-01T10:00:00.000Z');
    const err = await oktaError({
      status: 429,
      headers: {
        date: date.toUTCString(),
        'x-rate-limit-limit': '600',
        'x-rate-limit-remaining': '0',
        'x-rate-limit-reset': String(date.getTime() / 1000 + 42),
      },
      body: oktaBody('E0000047', 'API call exceeded rate limit due to too many requests.'),
    });
    expect(classifyError(err, { now: new Date('2030-01-01T00:00:00.000Z') })).toMatchObject({
      kind: 'rate-limited',
      code: 'E0000047',
      retryAfterMs: 42_000,
    });
  });

  it('treats 5xx as transient and 400/403/404 as permanent', async () => {
    const unavailable = await oktaError({
      status: 503,
      body: oktaBody('E0000010', 'Service is in read only mode'),
    });
    const invalid = await oktaError({
      status: 400,
      body: oktaBody('E0000001', 'Api validation failed: login'),
    });
    const forbidden = await oktaError({
      status: 403,
      body: oktaBody('E0000006', 'You do not have permission'),
    });
    const missing = await oktaError({
      status: 404,
      body: oktaBody('E0000007', 'Not found: Resource not found: 00u1 (User)'),
    });
    const html = await oktaError({
      status: 502,
      headers: { 'content-type': 'text/html' },
      body: '<html>bad gateway</html>',
    });

    expect(classifyError(unavailable)).toMatchObject({ kind: 'transient', code: 'E0000010' });
    expect(classifyError(invalid)).toMatchObject({ kind: 'permanent', code: 'E0000001' });
    expect(classifyError(forbidden)).toMatchObject({ kind: 'permanent', code: 'E0000006' });
    expect(classifyError(missing)).toMatchObject({ kind: 'permanent', code: 'E0000007' });
    expect(classifyError(html)).toMatchObject({ kind: 'transient', code: 'HTTP_502' });
  });

  it('retries a 401 once, then gives up', async () => {
    const err = await oktaError({
      status: 401,
      body: oktaBody('E0000011', 'Invalid token provided'),
    });
    expect(classifyError(err)).toMatchObject({ kind: 'transient', code: 'E0000011' });
    expect(classifyError(err, { previousCode: 'HTTP_503' })).toMatchObject({ kind: 'transient' });
    expect(classifyError(err, { previousCode: 'E0000011' })).toMatchObject({ kind: 'permanent' });
  });

  it('treats a dropped connection as transient', async () => {
    const err = await oktaError({ status: 200, body: '', hangUp: true });
    expect(classifyError(err)).toMatchObject({ kind: 'transient', code: 'ECONNRESET' });
  });
});

describe('classifyError with jsforce errors', () => {
  it('knows transient, rate-limit and data errors by errorCode', async () => {
    const locked = await salesforceError({
      status: 400,
      body: sfBody('UNABLE_TO_LOCK_ROW', 'unable to obtain exclusive access to this record'),
    });
    const session = await salesforceError({
      status: 401,
      body: sfBody('INVALID_SESSION_ID', 'Session expired or invalid'),
    });
    const daily = await salesforceError({
      status: 403,
      body: sfBody('REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.'),
    });
    const concurrent = await salesforceError({
      status: 403,
      body: sfBody('REQUEST_LIMIT_EXCEEDED', 'ConcurrentPerOrgLongTxn Limit exceeded.'),
    });
    const field = await salesforceError({
      status: 400,
      body: sfBody('INVALID_FIELD', "No such column 'Foo__c' on sobject of type Contact"),
    });
    const tooLong = await salesforceError({
      status: 400,
      body: sfBody('STRING_TOO_LONG', 'Last Name: data value too large'),
    });
    const required = await salesforceError({
      status: 400,
      body: sfBody('REQUIRED_FIELD_MISSING', 'Required fields are missing: [LastName]'),
    });

    expect(classifyError(locked)).toMatchObject({ kind: 'transient', code: 'UNABLE_TO_LOCK_ROW' });
    expect(classifyError(session)).toMatchObject({ kind: 'transient', code: 'INVALID_SESSION_ID' });
    expect(classifyError(session, { previousCode: 'INVALID_SESSION_ID' })).toMatchObject({
      kind: 'permanent',
    });
    expect(classifyError(daily)).toMatchObject({
      kind: 'rate-limited',
      code: 'REQUEST_LIMIT_EXCEEDED',
      retryAfterMs: 600_000,
    });
    expect(classifyError(concurrent)).toMatchObject({ kind: 'rate-limited', retryAfterMs: 30_000 });
    expect(classifyError(field)).toMatchObject({ kind: 'permanent', code: 'INVALID_FIELD' });
    expect(classifyError(tooLong)).toMatchObject({ kind: 'permanent', code: 'STRING_TOO_LONG' });
    expect(classifyError(required)).toMatchObject({
      kind: 'permanent',
      code: 'REQUIRED_FIELD_MISSING',
    });
  });

  it('classifies bodies that are not Salesforce errors by HTTP status', async () => {
    const unavailable = await salesforceError({
      status: 503,
      headers: { 'content-type': 'text/html' },
      body: '<html>Maintenance</html>',
    });
    const serverUnavailable = await salesforceError({
      status: 503,
      body: sfBody('SERVER_UNAVAILABLE', 'Server unavailable'),
    });
    expect(classifyError(unavailable)).toMatchObject({ kind: 'transient', code: 'ERROR_HTTP_503' });
    expect(classifyError(serverUnavailable)).toMatchObject({
      kind: 'transient',
      code: 'SERVER_UNAVAILABLE',
    });
  });

  it('keeps the most hopeful of several errors', async () => {
    const err = await salesforceError({
      status: 400,
      body: JSON.stringify([
        { errorCode: 'INVALID_FIELD', message: 'bad field', fields: [] },
        { errorCode: 'UNABLE_TO_LOCK_ROW', message: 'locked', fields: [] },
      ]),
    });
    expect(classifyError(err)).toMatchObject({ kind: 'transient', code: 'UNABLE_TO_LOCK_ROW' });
  });

  it('reads a save result error returned as an outcome', () => {
    expect(
      classifyError({
        statusCode: 'DUPLICATE_VALUE',
        message: 'duplicate value found',
        fields: ['Okta_User_Id__c'],
      }),
    ).toMatchObject({
      kind: 'permanent',
      code: 'DUPLICATE_VALUE',
    });
    expect(
      classifyError({ statusCode: 'UNABLE_TO_LOCK_ROW', message: 'locked', fields: [] }),
    ).toMatchObject({ kind: 'transient' });
  });

  it('treats a refused connection as transient', async () => {
    const conn = new jsforce.Connection({
      instanceUrl: 'http://127.0.0.1:1',
      accessToken: 't',
      version: '62.0',
    });
    const err = await rejectionOf(conn.sobject('Contact').create({ LastName: 'Doe' }));
    expect(classifyError(err)).toMatchObject({ kind: 'transient', code: 'ECONNREFUSED' });
  });
});

describe('classifyError with other errors', () => {
  it('honours the explicit error types', () => {
    expect(classifyError(new PermanentError('no such group', { code: 'GROUP_MISSING' }))).toEqual({
      kind: 'permanent',
      code: 'GROUP_MISSING',
      message: 'no such group',
    });
    expect(classifyError(new TransientError('try later', { retryAfterMs: 5000 }))).toEqual({
      kind: 'transient',
      retryAfterMs: 5000,
      message: 'try later',
    });
    // Waiting for a person never uses up a job's attempts: it is treated like a rate limit.
    expect(
      classifyError(new DeferredError('held', { code: 'GUARD_HELD', retryAfterMs: 300_000 })),
    ).toEqual({
      kind: 'rate-limited',
      code: 'GUARD_HELD',
      retryAfterMs: 300_000,
      message: 'held',
    });
  });

  it('recognises network failures, timeouts and their causes', () => {
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    const fetchFailed = new TypeError('fetch failed', {
      cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }),
    });
    const timeout = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    expect(classifyError(reset)).toMatchObject({ kind: 'transient', code: 'ECONNRESET' });
    expect(classifyError(fetchFailed)).toMatchObject({ kind: 'transient', code: 'ECONNREFUSED' });
    expect(classifyError(timeout)).toMatchObject({ kind: 'transient', code: 'TIMEOUT' });
    expect(
      classifyError(
        new Error('HTTP 429 retry delay would exceed okta.client.rateLimit.requestTimeout'),
      ),
    ).toMatchObject({
      kind: 'rate-limited',
    });
  });

  it('honours a Retry-After header in a plain header object', () => {
    const err = { status: 429, headers: { 'Retry-After': '7' }, message: 'slow down' };
    expect(classifyError(err)).toMatchObject({
      kind: 'rate-limited',
      code: 'HTTP_429',
      retryAfterMs: 7000,
    });
  });

  it('retries what it does not know', () => {
    expect(classifyError(new Error('something odd'))).toMatchObject({
      kind: 'transient',
      message: 'something odd',
    });
    expect(classifyError('text')).toEqual({ kind: 'transient', message: 'text' });
    expect(classifyError(undefined)).toEqual({ kind: 'transient', message: 'undefined' });
  });
});

describe('classifyError with domain errors', () => {
  it('retries what another operation or an outage may change, and gives up on the rest', () => {
    expect(classifyError(notFound('Grant a01 does not exist.'))).toEqual({
      kind: 'permanent',
      code: 'NOT_FOUND',
      message: 'Grant a01 does not exist.',
    });
    expect(classifyError(refused('admin group', 'GROUP_NOT_GRANTABLE')).kind).toBe('permanent');
    expect(classifyError(conflict('a run is in progress')).kind).toBe('transient');
    expect(classifyError(invalidState('the Case is being closed')).kind).toBe('transient');
    expect(classifyError(unavailable('Okta is not reachable')).kind).toBe('transient');
  });
});
