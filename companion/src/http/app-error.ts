import type { ContentfulStatusCode } from 'hono/utils/http-status';

/**
 * The one error type routes throw. `onError` turns it into the project's JSON error
 * shape: `{ "error": { "code", "message", "requestId", "details"? } }`.
 */
export class AppError extends Error {
  override readonly name = 'AppError';

  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }

  static badRequest(message: string, details?: unknown): AppError {
    return new AppError(400, 'BAD_REQUEST', message, details);
  }

  static validation(message: string, details?: unknown): AppError {
    return new AppError(400, 'VALIDATION_FAILED', message, details);
  }

  static unauthorized(message = 'Missing or invalid credentials.'): AppError {
    return new AppError(401, 'UNAUTHORIZED', message);
  }

  static notFound(message: string): AppError {
    return new AppError(404, 'NOT_FOUND', message);
  }

  static conflict(message: string, details?: unknown): AppError {
    return new AppError(409, 'CONFLICT', message, details);
  }

  static unavailable(message: string, details?: unknown): AppError {
    return new AppError(503, 'UNAVAILABLE', message, details);
  }
}

export interface ErrorBody {
  error: { code: string; message: string; requestId: string; details?: unknown };
}
