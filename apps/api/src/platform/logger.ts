import type { LoggerService } from '@nestjs/common';
import pino, { type Logger } from 'pino';
import { requestContext } from './request-context';
import { logTraceFields } from './trace-context';

/**
 * JSON logs; every line written inside a request or job carries its correlation_id and, when
 * tracing is on, the trace_id and span_id of the span it was written in (docs/operate/traces.md).
 */
export function createLogger(level: string, name: string): Logger {
  return pino({
    name,
    level,
    base: { service: name, pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    mixin() {
      const context = requestContext.current();
      return context
        ? {
            correlation_id: context.correlationId,
            ...(context.tenantId ? { tenant_id: context.tenantId } : {}),
            ...logTraceFields(),
          }
        : logTraceFields();
    },
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.passkey', '*.consumerSecret'],
      censor: '[redacted]',
    },
  });
}

/**
 * The M-Pesa callback log stream: every callback Safaricom sends, as received (verdict, kind,
 * reference, source address) and as applied (outcome), one line each, on the same stdout but
 * marked `log_stream: "mpesa-callbacks"`, so the on-call engineer (and the log pipeline: route
 * on that field) reads them apart from the rest: `grep '"log_stream":"mpesa-callbacks"'`.
 */
export const MPESA_CALLBACK_STREAM = 'mpesa-callbacks';
export function mpesaCallbackLogger(logger: Logger): Logger {
  return logger.child({ log_stream: MPESA_CALLBACK_STREAM });
}

/** Nest's own messages (route mapping, lifecycle) through the same JSON logger. */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}
  log(message: unknown, context?: string) {
    this.logger.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string) {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string) {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string) {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string) {
    this.logger.trace({ context }, String(message));
  }
}
