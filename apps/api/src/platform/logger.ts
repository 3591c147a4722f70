import type { LoggerService } from '@nestjs/common';
import pino, { type Logger } from 'pino';
import { requestContext } from './request-context';
import { logTraceFields } from './trace-context';

/** Bytes of log lines held before one write to stdout (LOG_FLUSH_MS bounds how long they wait). */
const LOG_BUFFER_BYTES = 4096;
/** The longest a line waits in the buffer before it reaches stdout. */
export const LOG_FLUSH_MS = 100;

/**
 * stdout, written in batches: a line per request written on its own was a write(2) per request.
 * The request line costs about 12% of the API's CPU on a product list at 1,300 req/s; batching
 * its writes saves about 5% of the API's CPU (paired A/B, issue 17). Lines are held up to
 * LOG_BUFFER_BYTES or LOG_FLUSH_MS, whichever comes first, and written in one call; pino flushes
 * synchronously on exit (process.exit, a fatal error, an uncaught exception). Only a process
 * killed outright (SIGKILL, the OOM killer) loses what it held: at most LOG_FLUSH_MS of lines.
 */
function batchedStdout(): ReturnType<typeof pino.destination> {
  const destination = pino.destination({ dest: 1, sync: false, minLength: LOG_BUFFER_BYTES });
  // flush() is a no-op while a write is under way (that write takes what follows when it ends).
  const timer = setInterval(() => destination.flush(), LOG_FLUSH_MS);
  timer.unref();
  destination.on('close', () => clearInterval(timer));
  return destination;
}

/**
 * ISO-8601 UTC with milliseconds, as pino's isoTime writes it, formatting the date only when the
 * second changes (a new Date and toISOString per line was a tenth of the request line's cost).
 */
let isoSecond = Number.NaN;
let isoPrefix = '';
export function isoTimestamp(now = Date.now()): string {
  const second = Math.floor(now / 1000);
  if (second !== isoSecond) {
    isoSecond = second;
    isoPrefix = new Date(second * 1000).toISOString().slice(0, 20);
  }
  return `,"time":"${isoPrefix}${String(now - second * 1000).padStart(3, '0')}Z"`;
}

/**
 * JSON logs; every line written inside a request or job carries its correlation_id and, when
 * tracing is on, the trace_id and span_id of the span it was written in (docs/operate/traces.md).
 */
export function createLogger(level: string, name: string): Logger {
  return pino(
    {
      name,
      level,
      base: { service: name, pid: process.pid },
      timestamp: () => isoTimestamp(),
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
    },
    batchedStdout(),
  );
}

/**
 * The per-request line ("request completed", bootstrap.ts) without the redaction: its fields are
 * fixed (method, url, route, address, status, duration), so nothing the redaction paths name can
 * be in it, and running them on every request cost about 7% of the API's CPU per product-list
 * request (paired A/B, issue 17). Every other line keeps the redaction.
 */
export function requestLineLogger(logger: Logger): Logger {
  return logger.child({}, { redact: [] });
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
