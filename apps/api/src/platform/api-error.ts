import type { ErrorCode } from '@sokoni/contracts';
import { ZodError } from 'zod';

/** Thrown by services for an expected failure the client can act on. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  static notFound(code: ErrorCode, message: string, details?: unknown) {
    return new ApiError(404, code, message, details);
  }

  static validation(error: ZodError, where: 'query' | 'body' | 'params' | 'headers') {
    return new ApiError(400, 'validation_failed', `Invalid request ${where}`, {
      where,
      issues: error.issues.map((i) => ({ path: i.path.join('.'), message: i.message, code: i.code })),
    });
  }
}
