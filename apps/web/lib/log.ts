import { trace } from '@opentelemetry/api';

/**
 * The web's JSON log lines (server side): level, time, service, message, fields, and, when
 * tracing is on (tracing.mjs), the trace_id and span_id of the span the line was written in, so
 * a line leads to its trace (docs/operate/traces.md). The correlation id is a field the caller
 * passes where it has one (`correlation_id`).
 */
export function webLog(level: 'info' | 'warn' | 'error', msg: string, fields: Record<string, unknown> = {}): void {
  const ids = trace.getActiveSpan()?.spanContext();
  const traceFields = ids && trace.isSpanContextValid(ids) ? { trace_id: ids.traceId, span_id: ids.spanId } : {};
  const line = JSON.stringify({
    level,
    time: new Date().toISOString(),
    service: 'sokoni-web',
    msg,
    ...traceFields,
    ...fields,
  });
  if (level === 'info') console.log(line);
  else console.warn(line);
}
