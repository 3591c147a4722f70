/**
 * OpenTelemetry tracing for the API and the worker (docs/operate/traces.md). Imported FIRST by
 * main.ts and worker.main.ts (CommonJS: this module runs before Nest, pg, ioredis or http load,
 * so the instrumentations can patch them).
 *
 * Off unless OTEL_EXPORTER_OTLP_ENDPOINT (or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) is set: then no
 * SDK module is even loaded, nothing is patched, and every span call in the code base is the
 * @opentelemetry/api no-op. On: spans go in batches (OTEL_BSP_SCHEDULE_DELAY, default 5 s) as
 * OTLP/HTTP JSON to `<endpoint>/v1/traces`. Incoming HTTP (W3C traceparent honoured), outgoing
 * fetch (Daraja, WhatsApp, SMS, delivery partner: traceparent injected), Postgres and Redis
 * are instrumented; BullMQ jobs carry the context in their envelope (queues/trace-context.ts).
 */
import type { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

const PROBES = new Set(['/healthz', '/readyz', '/metrics']);

let provider: NodeTracerProvider | undefined;

function serviceName(): string {
  if (process.env.OTEL_SERVICE_NAME) return process.env.OTEL_SERVICE_NAME;
  return /worker/.test(process.argv[1] ?? '') ? 'sokoni-worker' : 'sokoni-api';
}

export function tracingEnabled(): boolean {
  return (
    provider !== undefined ||
    (process.env.OTEL_SDK_DISABLED !== 'true' &&
      Boolean(process.env.OTEL_EXPORTER_OTLP_ENDPOINT || process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT))
  );
}

function start(): void {
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded only when tracing is on */
  const { NodeTracerProvider, BatchSpanProcessor } =
    require('@opentelemetry/sdk-trace-node') as typeof import('@opentelemetry/sdk-trace-node');
  const { OTLPTraceExporter } =
    require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http');
  const { resourceFromAttributes } = require('@opentelemetry/resources') as typeof import('@opentelemetry/resources');
  const { registerInstrumentations } =
    require('@opentelemetry/instrumentation') as typeof import('@opentelemetry/instrumentation');
  const { HttpInstrumentation } =
    require('@opentelemetry/instrumentation-http') as typeof import('@opentelemetry/instrumentation-http');
  const { UndiciInstrumentation } =
    require('@opentelemetry/instrumentation-undici') as typeof import('@opentelemetry/instrumentation-undici');
  const { PgInstrumentation } =
    require('@opentelemetry/instrumentation-pg') as typeof import('@opentelemetry/instrumentation-pg');
  const { IORedisInstrumentation } =
    require('@opentelemetry/instrumentation-ioredis') as typeof import('@opentelemetry/instrumentation-ioredis');
  /* eslint-enable @typescript-eslint/no-require-imports */

  const nodeProvider = new NodeTracerProvider({
    resource: resourceFromAttributes({
      'service.name': serviceName(),
      'service.version': process.env.IMAGE_TAG ?? process.env.GIT_SHA ?? 'dev',
    }),
    // The exporter reads OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT and _HEADERS; the processor OTEL_BSP_*.
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
  });
  // AsyncLocalStorage context + W3C traceparent/baggage propagation.
  nodeProvider.register();
  registerInstrumentations({
    tracerProvider: nodeProvider,
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (req) => PROBES.has((req.url ?? '').split('?')[0] ?? ''),
      }),
      new UndiciInstrumentation(),
      // SQL text without parameters (no phone numbers or secrets in spans); only inside a trace.
      // No pg-pool.connect spans: one per transaction, they doubled the span count for little news.
      new PgInstrumentation({ enhancedDatabaseReporting: false, requireParentSpan: true, ignoreConnectSpans: true }),
      // BullMQ polls Redis all the time: only commands made inside a request or job are spans.
      new IORedisInstrumentation({ requireParentSpan: true }),
    ],
  });
  provider = nodeProvider;
}

/** Flushes what is batched (shutdown: called before the process exits). */
export async function shutdownTracing(): Promise<void> {
  await provider?.shutdown().catch(() => undefined);
}

if (tracingEnabled()) start();
