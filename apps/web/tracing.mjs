/**
 * OpenTelemetry for the web server (server.mjs; docs/operate/traces.md). Off unless
 * OTEL_EXPORTER_OTLP_ENDPOINT (or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) is set: then no SDK module
 * is loaded and startTracing() returns null.
 *
 * On: a tracer provider with AsyncLocalStorage context and W3C propagation is registered
 * globally, so
 *  - server.mjs opens a SERVER span per request (continuing an incoming traceparent);
 *  - Next.js's own spans (`GET /s/[store]/...`, `render route`, `executing api route`, `fetch`)
 *    nest under it (Next uses the global @opentelemetry/api);
 *  - every fetch the server side makes (to the API) carries `traceparent` (undici
 *    instrumentation), so the API's spans join the same trace.
 * Spans go in batches (OTEL_BSP_SCHEDULE_DELAY) as OTLP/HTTP JSON to `<endpoint>/v1/traces`.
 */
export async function startTracing() {
  const endpoint = process.env.OTEL_EXPORTER_OTLP_ENDPOINT || process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  if (!endpoint || process.env.OTEL_SDK_DISABLED === 'true') return null;
  const [{ NodeTracerProvider, BatchSpanProcessor }, { OTLPTraceExporter }, { resourceFromAttributes }, instr, undici] =
    await Promise.all([
      import('@opentelemetry/sdk-trace-node'),
      import('@opentelemetry/exporter-trace-otlp-http'),
      import('@opentelemetry/resources'),
      import('@opentelemetry/instrumentation'),
      import('@opentelemetry/instrumentation-undici'),
    ]);
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({
      'service.name': process.env.OTEL_SERVICE_NAME || 'sokoni-web',
      'service.version': process.env.IMAGE_TAG || process.env.GIT_SHA || 'dev',
    }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
  });
  provider.register();
  instr.registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [new undici.UndiciInstrumentation()],
  });
  return {
    tracer: provider.getTracer('sokoni-web'),
    shutdown: () => provider.shutdown().catch(() => undefined),
  };
}
