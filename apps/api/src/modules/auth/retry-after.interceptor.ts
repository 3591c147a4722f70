import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { catchError, type Observable, throwError } from 'rxjs';
import { ApiError } from '../../platform/api-error';

/** A 429 from the auth limits carries details.retryAfterSeconds: send it as Retry-After too. */
@Injectable()
export class RetryAfterInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((error: unknown) => {
        if (error instanceof ApiError && error.status === 429) {
          const seconds = (error.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
          if (seconds) void context.switchToHttp().getResponse<FastifyReply>().header('retry-after', String(seconds));
        }
        return throwError(() => error);
      }),
    );
  }
}
