-- Traces (issue 16): the W3C traceparent of the request that sent an STK push, so the M-Pesa
-- callback, which arrives later in a trace of its own, can be linked to the trace of the
-- shopper's tap. NULL when tracing is off (OTEL_EXPORTER_OTLP_ENDPOINT unset) and on older rows.
ALTER TABLE payments
  ADD COLUMN trace_parent text CHECK (trace_parent ~ '^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$');
