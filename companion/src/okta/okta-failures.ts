import { refused, unavailable } from '../errors/domain-errors.js';

/** The fields of an `OktaApiError` (and of network failures) the product looks at. */
export interface OktaFailure {
  status?: number;
  errorCode?: string | number;
  errorSummary?: string;
  errorCauses?: { errorSummary?: string }[];
  code?: string;
  name?: string;
}

const asFailure = (error: unknown): OktaFailure =>
  typeof error === 'object' && error !== null ? (error as OktaFailure) : {};

/** Okta has no such object (404, or E0000007 in the body). */
export function isOktaNotFound(error: unknown): boolean {
  const e = asFailure(error);
  return e.status === 404 || e.errorCode === 'E0000007';
}

/** Okta refused an operation because of the object's state (not because of who asked). */
export function isOktaStateRefusal(error: unknown): boolean {
  const e = asFailure(error);
  if (e.errorCode === 'E0000006') return false; // permission, not state
  return e.status === 400 || e.status === 403;
}

/** What Okta said, for the `details` of an error answer. */
export function oktaErrorDetails(error: unknown): Record<string, unknown> {
  const e = asFailure(error);
  return {
    oktaErrorCode: e.errorCode ?? null,
    oktaErrorSummary: e.errorSummary ?? null,
    oktaErrorCauses: (e.errorCauses ?? []).map((cause) => cause.errorSummary ?? ''),
  };
}

/**
 * Turns an Okta outage (network failure, 5xx, 429, rejected credentials) into an `unavailable`
 * domain error with a readable message, and a permission refusal (E0000006) into `refused`;
 * anything else is rethrown as it is.
 */
export function rethrowOktaError(error: unknown): never {
  const e = asFailure(error);
  if (e.status === 429) {
    throw unavailable('Okta is rate limiting the companion; try again in a minute.');
  }
  if (e.status === 401) {
    throw unavailable('The companion cannot authenticate to Okta; check its Okta credentials.');
  }
  if (e.errorCode === 'E0000006') {
    throw refused(
      'The companion’s Okta credentials are not allowed to perform this operation.',
      'FORBIDDEN',
      oktaErrorDetails(error),
    );
  }
  const network = e.status === undefined && (typeof e.code === 'string' || e.name === 'FetchError');
  if ((e.status !== undefined && e.status >= 500) || network) {
    throw unavailable('Okta is not reachable right now; try again shortly.');
  }
  throw error;
}
