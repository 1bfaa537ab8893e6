/**
 * Errors the domain throws (grants, reconciliation, services): what went wrong in the
 * product's words, never an HTTP status. The error handler maps each kind to a status in one
 * place (`http/error-handler.ts`); workflows may catch them by kind.
 */
export type DomainErrorKind =
  'invalid' | 'not-found' | 'conflict' | 'invalid-state' | 'refused' | 'unavailable';

export class DomainError extends Error {
  override readonly name: string = 'DomainError';

  constructor(
    readonly kind: DomainErrorKind,
    /** A stable machine-readable code, e.g. GROUP_NOT_GRANTABLE. */
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** The request itself is wrong (a missing or malformed value). */
export const invalid = (message: string, code = 'VALIDATION_FAILED', details?: unknown) =>
  new DomainError('invalid', code, message, details);

export const notFound = (message: string, details?: unknown) =>
  new DomainError('not-found', 'NOT_FOUND', message, details);

/** Another operation holds the resource (a run in progress, a record in use). */
export const conflict = (message: string, details?: unknown) =>
  new DomainError('conflict', 'CONFLICT', message, details);

/** The subject is in a state that does not allow the operation (a closed Case, a deactivated user). */
export const invalidState = (message: string, details?: unknown) =>
  new DomainError('invalid-state', 'INVALID_STATE', message, details);

/** The product's rules forbid it whoever asks (an admin group, an Okta administrator). */
export const refused = (message: string, code = 'REFUSED', details?: unknown) =>
  new DomainError('refused', code, message, details);

/** A system the operation needs (Okta, the loaded configuration) cannot serve it now; try later. */
export const unavailable = (message: string, details?: unknown) =>
  new DomainError('unavailable', 'UNAVAILABLE', message, details);
