// Traces end to end (issue 16, docs/operate/traces.md): the real web (production Next build),
// API, worker and provider sandbox, each with OTEL_EXPORTER_OTLP_ENDPOINT pointed at an OTLP
// receiver in this process. A shopper places an order and pays it in Chromium; the spans must
// form one trace from the web's Pay request through the API, Postgres and the STK push to the
// sandbox; the M-Pesa callback (a trace of its own) and its job link back to it; the WhatsApp
// "paid" message is sent in the callback's trace. Log lines carry the same trace ids.
// Run alone (needs `npm run build:server` and `npm run build -w @sokoni/web`):
//   node --import tsx --test tests/ops/tracing.test.ts
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { addToCartOn, fillCheckout, launchChromium, PHONE, tapPlaceOrder } from '../helpers/browser.ts';
import { createTestDatabase, withClient, type TestDatabase } from '../helpers/database.ts';
import { KIND, startOtlpSink, tracingEnv, type OtlpSink, type ReceivedSpan } from '../helpers/otlp-sink.ts';
import { startPaymentStack, type PaymentStack } from '../helpers/payment-stack.ts';
import { startWeb, type RunningProcess } from '../helpers/processes.ts';
import { waitFor } from '../helpers/wait.ts';

const STORE = 'nairobi-gadgets';
const CABLE = 'oraimo-usb-c-cable';

let sink: OtlpSink;
let db: TestDatabase;
let payments: PaymentStack;
let web: RunningProcess & { url: string };
let browser: Browser;

before(async () => {
  sink = await startOtlpSink();
  db = await createTestDatabase({ seed: true });
  payments = await startPaymentStack(db, tracingEnv(sink));
  web = await startWeb(payments.api.url, tracingEnv(sink));
  browser = await launchChromium();
});

after(async () => {
  // TRACING_TEST_DUMP=<file>: every span received, to see what a failing run saw.
  if (process.env.TRACING_TEST_DUMP && sink)
    writeFileSync(process.env.TRACING_TEST_DUMP, JSON.stringify(sink.spans(), null, 1));
  await browser?.close();
  await web?.stop();
  await payments?.stop();
  await db?.drop();
  await sink?.close();
});

const spans = () => sink.spans();
const byId = (traceId: string) =>
  new Map(
    spans()
      .filter((s) => s.traceId === traceId)
      .map((s) => [s.spanId, s]),
  );

/** The chain of parents from a span up to its trace's root (all of them exported). */
function ancestors(span: ReceivedSpan): ReceivedSpan[] {
  const index = byId(span.traceId);
  const chain: ReceivedSpan[] = [];
  for (let s = span.parentSpanId ? index.get(span.parentSpanId) : undefined; s;) {
    chain.push(s);
    s = s.parentSpanId ? index.get(s.parentSpanId) : undefined;
  }
  return chain;
}

const describeSpan = (s: ReceivedSpan) => `${s.service}: ${s.name}`;
const find = (what: string, predicate: (s: ReceivedSpan) => boolean) =>
  waitFor(`span: ${what}`, () => spans().find(predicate), { timeoutMs: 20_000 });

test('one trace from the web Pay tap through the API, Postgres and the STK push; callback and WhatsApp linked to it', async () => {
  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  // Cart -> checkout -> Place order (as tests/web/payment.e2e.test.ts); 0000: the sandbox pays.
  // Without one-tap pay (pay=mpesa dropped), so the trace starts at the order page's own Pay form.
  await page.route('**/checkout/place', (route) =>
    route.continue({ postData: (route.request().postData() ?? '').replace(/(^|&)pay=mpesa(?=&|$)/, '') }),
  );
  await addToCartOn(page, `${web.url}/s/${STORE}/products/${CABLE}`);
  await page.goto(`${web.url}/s/${STORE}/checkout`);
  await fillCheckout(page, { phone: '0712 340 000' });
  const orderId = await tapPlaceOrder(page, STORE);
  await page.locator('form[data-pay-form] [data-pay]').click();
  await page.waitForURL(/\?payment=[0-9a-f-]{36}$/);
  await page.locator('[data-payment-status="paid"]').waitFor({ timeout: 30_000 });
  await context.close();

  // 1. The web's span for the Pay form post (root of the trace: the browser sends no traceparent).
  const webPay = await find(
    'web POST .../pay',
    (s) =>
      s.service === 'sokoni-web' &&
      s.kind === KIND.server &&
      s.attributes['url.path'] === `/s/${STORE}/orders/${orderId}/pay`,
  );
  const T = webPay.traceId;
  assert.equal(webPay.parentSpanId, undefined, 'the web request is the root of the trace');

  // 2. The API request it made, a descendant of the web span (through Next's and fetch's spans).
  const apiPay = await find(
    'API POST payments in the web trace',
    (s) =>
      s.service === 'sokoni-api' &&
      s.kind === KIND.server &&
      s.traceId === T &&
      s.name === 'POST /v1/stores/:store/orders/:order/payments',
  );
  assert.ok(
    ancestors(apiPay).some((s) => s.spanId === webPay.spanId),
    `API span's parents lead to the web span: ${ancestors(apiPay).map(describeSpan).join(' <- ')}`,
  );
  assert.equal(apiPay.attributes['http.route'], '/v1/stores/:store/orders/:order/payments');
  assert.equal(typeof apiPay.attributes['sokoni.correlation_id'], 'string');

  // 3. Postgres queries under the API request.
  const query = await find(
    'a Postgres query under the API request',
    (s) =>
      s.service === 'sokoni-api' &&
      s.traceId === T &&
      s.kind === KIND.client &&
      (s.attributes['db.system'] === 'postgresql' || s.attributes['db.system.name'] === 'postgresql') &&
      ancestors(s).some((a) => a.spanId === apiPay.spanId),
  );
  assert.ok(!JSON.stringify(query.attributes).includes('254712340000'), 'no query parameters (phone) in spans');

  // 4. The STK push: an HTTP call from the API to the sandbox, in the same trace, under the request.
  const stkPush = await find(
    'STK push client span',
    (s) =>
      s.service === 'sokoni-api' &&
      s.traceId === T &&
      s.kind === KIND.client &&
      String(s.attributes['url.full'] ?? '').startsWith(`${payments.sandbox.url}/mpesa/stkpush/`),
  );
  assert.ok(
    ancestors(stkPush).some((a) => a.spanId === apiPay.spanId),
    'STK push under the API request',
  );

  // 5. The callback: Safaricom (the sandbox) posts later, a trace of its own, linked to T.
  const callback = await find(
    'callback request linked to the payment trace',
    (s) =>
      s.service === 'sokoni-api' &&
      s.kind === KIND.server &&
      s.name === 'POST /v1/hooks/daraja/:secret/:kind' &&
      s.links.some((l) => l.traceId === T),
  );
  const C = callback.traceId;
  assert.notEqual(C, T, 'the callback is its own trace');

  // 6. Its job in the worker continues the callback's trace (context in the job envelope) and
  //    links to the payment's trace too.
  const job = await find(
    'payment.callback job span',
    (s) =>
      s.service === 'sokoni-worker' &&
      s.kind === KIND.consumer &&
      s.name === 'payments process payment.callback' &&
      s.traceId === C &&
      s.links.some((l) => l.traceId === T),
  );
  assert.ok(
    ancestors(job).some((a) => a.spanId === callback.spanId),
    `job under the callback request: ${ancestors(job).map(describeSpan).join(' <- ')}`,
  );
  assert.ok(
    ancestors(job).some((a) => a.kind === KIND.producer && a.name === 'payments publish payment.callback'),
    'a producer span where the job was queued',
  );

  // 7. The "paid" WhatsApp message: queued by whichever settled the payment, sent by the worker to
  //    the sandbox. Usually the callback job (the send is in the callback's trace, linked to the
  //    shopper's); when the callback overtook the push's answer and the STK Query settled it
  //    first, the query job (queued by the push: the send is in the shopper's trace itself).
  const whatsapp = await find(
    'WhatsApp send under the order_paid job, in the callback trace or the payment trace',
    (s) =>
      s.service === 'sokoni-worker' &&
      (s.traceId === C || s.traceId === T) &&
      s.kind === KIND.client &&
      /\/whatsapp\/.*\/messages$/.test(String(s.attributes['url.full'] ?? '')) &&
      // (its parents are exported when they end, after it: wait for the whole chain)
      ancestors(s).some((a) => a.name === 'notifications process order.order_paid') &&
      ancestors(s).some(
        (a) => a.spanId === job.spanId || (a.kind === KIND.consumer && a.name === 'payments process payment.query'),
      ),
  );
  assert.equal(
    ancestors(whatsapp).find((a) => a.kind === KIND.consumer)?.name,
    'notifications process order.order_paid',
  );

  // 8. Log lines: trace_id and span_id next to the correlation id, in all three processes.
  const apiLine = await waitFor('API log line of the Pay request with its trace', () =>
    payments.api
      .logs()
      .find(
        (l) =>
          l.msg === 'request completed' &&
          l.trace_id === T &&
          (l.req as { route?: string })?.route?.endsWith('/payments'),
      ),
  );
  assert.match(String(apiLine.span_id), /^[0-9a-f]{16}$/);
  assert.equal(apiLine.correlation_id, apiPay.attributes['sokoni.correlation_id']);
  const workerLine = await waitFor('worker log line of the callback job with its trace', () =>
    payments.worker
      .logs()
      .find((l) => l.msg === 'job started' && l.job_name === 'payment.callback' && l.trace_id === C),
  );
  assert.equal(typeof workerLine.correlation_id, 'string');
  const webLine = await waitFor('web log line of the Pay request with its trace', () =>
    web.logs().find((l) => l.msg === 'request completed' && l.trace_id === T),
  );
  assert.equal(webLine.span_id, webPay.spanId);
  assert.equal(webLine.correlation_id, webPay.attributes['sokoni.correlation_id']);

  // The M-Pesa callback stream: its own lines (log_stream), in the callback's trace.
  const received = await waitFor('callback stream: received', () =>
    payments.api.logs().find((l) => l.log_stream === 'mpesa-callbacks' && l.msg === 'mpesa callback received'),
  );
  assert.equal(received.trace_id, C);
  assert.equal(received.verdict, 'stored');
  assert.equal(received.kind, 'stk');
  const processed = await waitFor('callback stream: processed', () =>
    payments.worker.logs().find((l) => l.log_stream === 'mpesa-callbacks' && l.msg === 'mpesa callback processed'),
  );
  assert.equal(processed.trace_id, C);
  assert.equal(processed.callback_id, received.callback_id);
  // applied_paid; or, when the STK Query settled the payment first, the callback only confirms it.
  assert.ok(
    ['applied_paid', 'duplicate', 'receipt_filled'].includes(String(processed.outcome)),
    String(processed.outcome),
  );
  // The rest of the API's lines are not on that stream.
  assert.equal(apiLine.log_stream, undefined);

  // The payment row keeps the push's trace (what the callback links to).
  const rows = await withClient(
    db.ownerUrl,
    async (c) =>
      (
        await c.query<{ trace_parent: string | null }>('SELECT trace_parent FROM payments WHERE order_id = $1', [
          orderId,
        ])
      ).rows,
  );
  assert.match(rows[0]?.trace_parent ?? '', new RegExp(`^00-${T}-[0-9a-f]{16}-01$`));
});

test('probes are not traced', async () => {
  const res = await fetch(`${payments.api.url}/healthz`);
  assert.equal(res.status, 200);
  await res.arrayBuffer();
  // A request that is traced, after the probe: once it is exported, the probe would have been too.
  const traced = await fetch(`${payments.api.url}/v1/stores/${STORE}`);
  await traced.arrayBuffer();
  await find('the store request span', (s) => s.service === 'sokoni-api' && s.name === 'GET /v1/stores/:store');
  assert.equal(spans().filter((s) => s.attributes['url.path'] === '/healthz' || s.name.includes('/healthz')).length, 0);
});
