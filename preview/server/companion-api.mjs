/**
 * Calls to the companion's `/api/v1` as OktaCompanionClient.cls makes them from Salesforce:
 * the Bearer secret (server side only), the acting user in X-Salesforce-User-Id, and every
 * failure turned into the message the Apex client would show.
 */

export const UNAUTHORIZED_MESSAGE =
  "The companion rejected Salesforce's credentials: check the Okta_Companion external credential.";
export const UNREACHABLE_MESSAGE =
  'The Okta Sync companion did not answer. Check that it is running and reachable from Salesforce, then try again.';

export class CompanionError extends Error {
  /**
   * @param {string} message
   * @param {{ status?: number, code?: string, requestId?: string }} [details]
   */
  constructor(message, details = {}) {
    super(message);
    this.name = 'CompanionError';
    this.status = details.status ?? 0;
    this.code = details.code;
    this.requestId = details.requestId;
  }
}

/** The readable message of a failed answer, as OktaCompanionClient.errorOf builds it. */
export function companionErrorOf(/** @type {number} */ status, /** @type {string} */ text) {
  /** @type {string | undefined} */ let code;
  /** @type {string | undefined} */ let message;
  /** @type {string | undefined} */ let requestId;
  try {
    const error = JSON.parse(text)?.error;
    if (error && typeof error === 'object') {
      code = error.code == null ? undefined : String(error.code);
      message = error.message == null ? undefined : String(error.message);
      requestId = error.requestId == null ? undefined : String(error.requestId);
    }
  } catch {
    // Not the companion's JSON error shape (a proxy page, an empty body): described below.
  }
  let readable;
  if (status === 401) readable = UNAUTHORIZED_MESSAGE;
  else if (status >= 500)
    readable =
      `The Okta Sync companion could not complete the request (HTTP ${status})` +
      (message?.trim() ? `: ${message.replace(/\.$/, '')}` : '') +
      (requestId?.trim() ? ` [request id ${requestId}]` : '') +
      '.';
  else if (message?.trim()) readable = message;
  else
    readable = `The Okta Sync companion refused the request (HTTP ${status}) without a readable reason.`;
  return new CompanionError(readable, {
    status,
    ...(code ? { code } : {}),
    ...(requestId ? { requestId } : {}),
  });
}

/** One path segment, percent-encoded as Apex's EncodingUtil.urlEncode (+ as %20). */
export function segment(/** @type {unknown} */ value) {
  if (value === null || value === undefined || String(value).trim() === '') {
    throw new CompanionError('A required identifier is missing.');
  }
  return encodeURIComponent(String(value));
}

/**
 * `?a=1&b=2` from the given pairs, skipping blank values; '' when none is set.
 * @param {Record<string, unknown>} pairs
 */
export function queryString(pairs) {
  const params = Object.entries(pairs)
    .filter(([, value]) => value !== null && value !== undefined && String(value).trim() !== '')
    .map(([name, value]) => `${name}=${encodeURIComponent(String(value))}`);
  return params.length ? `?${params.join('&')}` : '';
}

/**
 * @typedef {object} CompanionApi
 * @property {(method: string, path: string, body?: unknown) => Promise<any>} json
 * @property {(path: string) => Promise<string>} csv
 */

/**
 * @param {{ url: string, secret: string, actingUserId: () => Promise<string> }} options
 * @returns {CompanionApi}
 */
export function companionApi(options) {
  async function send(
    /** @type {string} */ method,
    /** @type {string} */ path,
    /** @type {unknown} */ body,
    /** @type {string} */ accept,
  ) {
    let response;
    try {
      response = await fetch(new URL(`/api/v1/${path}`, options.url), {
        method,
        headers: {
          authorization: `Bearer ${options.secret}`,
          accept,
          'x-salesforce-user-id': await options.actingUserId(),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      const cause =
        error instanceof Error
          ? error.cause instanceof Error
            ? error.cause.message
            : error.message
          : String(error);
      throw new CompanionError(`${UNREACHABLE_MESSAGE} (${cause})`);
    }
    const text = await response.text();
    if (response.status < 200 || response.status >= 300)
      throw companionErrorOf(response.status, text);
    return text;
  }
  return {
    async json(method, path, body) {
      const text = await send(method, path, body, 'application/json');
      if (!text.trim()) return {};
      let parsed;
      try {
        parsed = JSON.parse(text);
      } catch {
        throw new CompanionError(
          'The Okta Sync companion sent an answer Salesforce could not read (not valid JSON).',
        );
      }
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
        throw new CompanionError(
          'The Okta Sync companion sent an answer Salesforce did not expect (a JSON object was expected).',
        );
      }
      return parsed;
    },
    csv(path) {
      return send('GET', path, undefined, 'text/csv');
    },
  };
}
