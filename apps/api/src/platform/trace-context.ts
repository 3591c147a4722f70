import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type SpanContext,
} from '@opentelemetry/api';

/**
 * Trace context across the places a trace crosses (docs/operate/traces.md): the BullMQ job
 * envelope, the payment row (the M-Pesa callback links back to it), log lines. Every function
 * here is a cheap no-op when tracing is off (src/tracing.ts not started): the global
 * @opentelemetry/api has no propagator and no recording spans then.
 */
export const tracer = trace.getTracer('sokoni');

/** The W3C context as carried in a job envelope: `{ traceparent, tracestate? }`. */
export type TraceCarrier = Record<string, string>;

/** The current context as a carrier, or undefined when there is no recording trace. */
export function traceCarrier(from: Context = context.active()): TraceCarrier | undefined {
  const carrier: TraceCarrier = {};
  propagation.inject(from, carrier);
  return carrier.traceparent ? carrier : undefined;
}

/** The current `traceparent` (00-<trace id>-<span id>-<flags>), or null when tracing is off. */
export function currentTraceparent(): string | null {
  return traceCarrier()?.traceparent ?? null;
}

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** A stored traceparent as a span context (for a link), or null if it is not one. */
export function spanContextOf(traceparent: string | null | undefined): SpanContext | null {
  const m = traceparent ? TRACEPARENT.exec(traceparent) : null;
  if (!m || /^0+$/.test(m[2]!) || /^0+$/.test(m[3]!)) return null;
  return { traceId: m[2]!, spanId: m[3]!, traceFlags: parseInt(m[4]!, 16), isRemote: true };
}

/**
 * Adds a link from the active span to the trace a stored traceparent names (the M-Pesa callback
 * -> the request that sent the STK push). Links, not parenthood: the callback comes minutes
 * later from Safaricom and is a trace of its own.
 */
export function linkActiveSpanTo(traceparent: string | null | undefined, attributes: Attributes = {}): void {
  const target = spanContextOf(traceparent);
  const span = trace.getActiveSpan();
  if (target && span?.isRecording()) span.addLink({ context: target, attributes });
}

/** trace_id / span_id of the active span for a log line ({} when there is none). */
export function logTraceFields(): { trace_id?: string; span_id?: string } {
  const span = trace.getActiveSpan();
  if (!span) return {};
  const { traceId, spanId, traceFlags } = span.spanContext();
  if (!trace.isSpanContextValid({ traceId, spanId, traceFlags })) return {};
  return { trace_id: traceId, span_id: spanId };
}

/** A PRODUCER span around adding a job; `fn` gets the carrier to store in the job's envelope. */
export function withProducerSpan<T>(
  queue: string,
  jobName: string,
  fn: (carrier: TraceCarrier | undefined) => Promise<T>,
): Promise<T> {
  // Tracing off, or outside any trace (a scheduler): nothing to continue.
  if (!trace.getActiveSpan()?.isRecording()) return fn(undefined);
  return tracer.startActiveSpan(
    `${queue} publish ${jobName}`,
    {
      kind: SpanKind.PRODUCER,
      attributes: { 'messaging.system': 'bullmq', 'messaging.destination.name': queue, 'sokoni.job.name': jobName },
    },
    async (span) => {
      try {
        return await fn(traceCarrier());
      } catch (error) {
        span.recordException(error as Error);
        span.setStatus({ code: SpanStatusCode.ERROR });
        throw error;
      } finally {
        span.end();
      }
    },
  );
}

/**
 * A CONSUMER span for one job run, child of the context its envelope carries (a job queued by a
 * request continues that request's trace; a scheduled job starts a trace of its own). Extracted
 * into ROOT_CONTEXT, never the worker's ambient context.
 */
export function withJobSpan<T>(
  queue: string,
  job: { id?: string; name: string; attemptsMade: number; correlationId?: string },
  carrier: TraceCarrier | undefined,
  fn: () => Promise<T>,
): Promise<T> {
  const parent = carrier ? propagation.extract(ROOT_CONTEXT, carrier) : ROOT_CONTEXT;
  return tracer.startActiveSpan(
    `${queue} process ${job.name}`,
    {
      kind: SpanKind.CONSUMER,
      attributes: {
        'messaging.system': 'bullmq',
        'messaging.destination.name': queue,
        'messaging.message.id': job.id ?? '',
        'sokoni.job.name': job.name,
        'sokoni.job.attempt': job.attemptsMade + 1,
        ...(job.correlationId ? { 'sokoni.correlation_id': job.correlationId } : {}),
      },
    },
    parent,
    async (span) => {
      try {
        return await fn();
      } catch (error) {
        span.recordException(error as Error);
        span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error)?.message });
        throw error;
      } finally {
        span.end();
      }
    },
  );
}

/**
 * The HTTP server span (instrumentation-http) named by its route, `POST /v1/stores/:store/orders`
 * rather than `POST`, and tagged with the correlation id the logs carry (search by it in Jaeger).
 */
export function nameRequestSpan(method: string, route: string | undefined, correlationId: string): void {
  const span = trace.getActiveSpan();
  if (!span?.isRecording()) return;
  if (route) {
    span.updateName(`${method} ${route}`);
    span.setAttribute('http.route', route);
  }
  span.setAttribute('sokoni.correlation_id', correlationId);
}
