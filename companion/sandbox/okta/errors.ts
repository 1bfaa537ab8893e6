import { randomBytes } from 'node:crypto';

/** An Okta API error: the HTTP status plus the documented `errorCode` and summary. */
export class OktaApiFailure extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 405 | 429 | 500 | 503,
    readonly errorCode: string,
    readonly errorSummary: string,
    readonly errorCauses: readonly { errorSummary: string }[] = [],
  ) {
    super(`${errorCode}: ${errorSummary}`);
    this.name = 'OktaApiFailure';
  }
}

export interface OktaErrorBody {
  errorCode: string;
  errorSummary: string;
  errorLink: string;
  errorId: string;
  errorCauses: { errorSummary: string }[];
}

export function newErrorId(): string {
  return `oae${randomBytes(16).toString('base64url').slice(0, 22)}`;
}

export function errorBody(failure: OktaApiFailure): OktaErrorBody {
  return {
    errorCode: failure.errorCode,
    errorSummary: failure.errorSummary,
    errorLink: failure.errorCode,
    errorId: newErrorId(),
    errorCauses: failure.errorCauses.map((c) => ({ errorSummary: c.errorSummary })),
  };
}

export const fail = {
  notFound: (id: string, type: string) =>
    new OktaApiFailure(404, 'E0000007', `Not found: Resource not found: ${id} (${type})`),
  validation: (field: string, causes: readonly string[]) =>
    new OktaApiFailure(
      400,
      'E0000001',
      `Api validation failed: ${field}`,
      causes.map((errorSummary) => ({ errorSummary })),
    ),
  invalidToken: () => new OktaApiFailure(401, 'E0000011', 'Invalid token provided'),
  forbidden: () =>
    new OktaApiFailure(
      403,
      'E0000006',
      'You do not have permission to perform the requested action',
    ),
  rateLimited: () =>
    new OktaApiFailure(429, 'E0000047', 'API call exceeded rate limit due to too many requests.'),
  concurrencyLimited: () =>
    new OktaApiFailure(
      429,
      'E0000047',
      'API call exceeded rate limit due to too many concurrent requests.',
    ),
  activationFailed: (summary: string) => new OktaApiFailure(403, 'E0000016', summary),
  statusNotAllowed: () =>
    new OktaApiFailure(
      403,
      'E0000038',
      "This operation is not allowed in the user's current status.",
    ),
  unlockNotAllowed: () =>
    new OktaApiFailure(403, 'E0000032', 'Unlock is not allowed for this user.'),
  invalidSearch: (detail?: string) =>
    new OktaApiFailure(
      400,
      'E0000031',
      'Invalid search criteria.',
      detail === undefined ? [] : [{ errorSummary: detail }],
    ),
  invalidLogParameter: (summary: string) => new OktaApiFailure(400, 'E0000053', summary),
  malformedBody: () => new OktaApiFailure(400, 'E0000003', 'The request body was not well-formed.'),
  internal: () => new OktaApiFailure(500, 'E0000009', 'Internal Server Error'),
  unavailable: () => new OktaApiFailure(503, 'E0000010', 'Service is in read only mode'),
};
