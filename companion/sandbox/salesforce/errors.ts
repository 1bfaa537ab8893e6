/** One entry of Salesforce's REST error array, `[{message, errorCode, fields}]`. */
export interface ApiErrorItem {
  readonly message: string;
  readonly errorCode: string;
  readonly fields?: readonly string[];
}

/** A failure answered as the whole HTTP response (as opposed to a per-record save error). */
export class SalesforceApiError extends Error {
  constructor(
    readonly status: number,
    readonly errors: readonly ApiErrorItem[],
  ) {
    super(errors[0]?.message ?? 'error');
  }

  static of(status: number, errorCode: string, message: string, fields?: readonly string[]) {
    return new SalesforceApiError(status, [{ message, errorCode, ...(fields ? { fields } : {}) }]);
  }
}

/** A per-record error as it appears in save results: `{statusCode, message, fields}`. */
export interface SaveError {
  readonly statusCode: string;
  readonly message: string;
  readonly fields: readonly string[];
}

export function saveError(
  statusCode: string,
  message: string,
  fields: readonly string[] = [],
): SaveError {
  return { statusCode, message, fields };
}

/** Thrown inside the DML engine when one record cannot be saved. */
export class RecordSaveError extends Error {
  constructor(readonly errors: readonly SaveError[]) {
    super(errors[0]?.message ?? 'error');
  }

  static of(statusCode: string, message: string, fields: readonly string[] = []) {
    return new RecordSaveError([saveError(statusCode, message, fields)]);
  }
}

export const NOT_FOUND_MESSAGE = 'The requested resource does not exist';

export function notFound(): SalesforceApiError {
  return SalesforceApiError.of(404, 'NOT_FOUND', NOT_FOUND_MESSAGE);
}
