// The sandbox's messaging stand-ins (shared/reference/apis.md sections 2 and 3):
// WhatsApp Cloud API (apps/sandbox/src/whatsapp/CONTRACT.md): sends, validation errors, the
// webhook verification handshake, signed status and inbound webhooks, scripted scenarios, the
// 24-hour window; Africa's Talking SMS (apps/sandbox/src/sms/CONTRACT.md); the SMTP mail sink
// (apps/sandbox/src/email/README.md). Real HTTP to an in-process sandbox, webhooks to a real
// local receiver, a real SMTP client (nodemailer).
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { type IncomingHttpHeaders, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { startReceiver, startSandboxApp, type SandboxApp } from './helpers/sandbox-app.ts';
import { waitFor as waitForCondition } from './helpers/wait.ts';

const DIST = join(__dirname, '..', 'apps', 'sandbox', 'dist');
// nodemailer is a devDependency of apps/sandbox (not of the root): resolve it from there.
const nodemailer = createRequire(join(DIST, '..', 'package.json'))('nodemailer') as typeof import('nodemailer');

const PNID = '106540352242922';
const OTHER_PNID = '106540352242923';
const DISPLAY = '254700000000';
const WABA = '102290129340398';
const APP_SECRET = 'test-app-secret-0123456789';
const VERIFY_TOKEN = 'good-verify-token';
const CUSTOMER = '254712345678';
const BEARER = { authorization: 'Bearer EAAG-sandbox-token' };

// The answers and webhooks as the tests read them (parsed, not checked: the assertions check them).
/** A Graph API error (what assertGraphError checks). */
interface GraphError {
  message: string;
  type: string;
  code: number;
  error_subcode?: number;
  error_data: { details: string };
  fbtrace_id: string;
}
/** A send's answer: the Graph send fields on a 200, `error` otherwise. */
interface GraphAnswer {
  messaging_product: string;
  contacts: { input: string; wa_id: string }[];
  messages: [{ id: string }];
  error: GraphError;
}
/** One status of a status webhook. */
interface StatusItem {
  id: string;
  status: string;
  recipient_id: string;
  timestamp: string;
  errors?: [{ code: number; title: string; error_data: { details: string } }];
  pricing?: { category: string };
  conversation?: { id: string; origin: { type: string } };
}
/** One message of an inbound webhook. */
interface InboundMessage {
  from: string;
  id: string;
  timestamp: string;
  type: string;
  text?: { body: string };
  interactive?: unknown;
  context?: unknown;
}
/** A webhook POST's body (Meta's envelope): statuses or inbound messages. */
interface WebhookBody {
  object: string;
  entry: [
    {
      id: string;
      changes: [
        {
          field: string;
          value: {
            messaging_product: string;
            metadata: { display_phone_number: string; phone_number_id: string };
            contacts?: unknown[];
            statuses?: [StatusItem];
            messages?: [InboundMessage];
          };
        },
      ];
    },
  ];
}
/** The sandbox's record of a sent WhatsApp message (/__admin/whatsapp/messages). */
interface SandboxMessage {
  id: string;
  to: string;
  type: string;
  text?: unknown;
  template?: unknown;
  interactive?: unknown;
  insideWindow: boolean;
  failure: number | null;
  statuses: { status: string; deliveries: { status: number | null; error: string | null; at: string }[] }[];
}
/** A WhatsApp phone number's configuration (/__admin/whatsapp/config). */
interface WhatsAppConfig {
  phoneNumberId: string;
  wabaId: string;
  displayPhoneNumber: string;
  verified: boolean;
  verification: { status: number | null };
  appSecret?: string;
  verifyToken?: string;
}
/** An SMS the sandbox recorded (/__admin/sms/messages). */
interface SandboxSms {
  message: string;
  from: string;
  messageId: string;
}
/** An email the SMTP sink parsed (/__admin/email/messages). */
interface SandboxEmail {
  from: string;
  fromAddress: string;
  to: string[];
  cc: string[];
  subject: string;
  text: string;
  html: string;
  messageId: string;
  envelope: { rcptTo: string[] };
}
/** Africa's Talking's JSON answer to a send. */
interface AtAnswer {
  SMSMessageData: {
    Message: string;
    Recipients: { statusCode: number; number: string; status: string; cost: string; messageId: string }[];
  };
}

interface Hit {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  raw: string;
  /** The parsed body (null when it is not JSON). */
  body: WebhookBody;
}

let sandbox: SandboxApp;
let baseUrl: string;
let receiver: Server;
let receiverUrl: string;
const hits: Hit[] = [];
/** The verify token the receiver's GET handler accepts (Meta's handshake). */
let acceptedVerifyToken = VERIFY_TOKEN;

/** `request<Shape>(...)`: the body parsed as the shape the caller names (null when it is not JSON). */
async function request<T = unknown>(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: res.status, body: json as T, text, headers: res.headers };
}

const admin = <T = unknown>(method: string, path: string, body?: unknown) =>
  request<T>(method, `/__admin${path}`, body);
/** POST /__admin/whatsapp/inbound: the message's id and its webhook delivery. */
interface InboundAnswer {
  id: string;
  message: { webhook: { status: number } };
}
/** The sandbox's status webhook delays (/__admin/whatsapp/status-delays). */
interface StatusDelays {
  sentMs: number;
  deliveredMs: number;
  readMs: number;
}

/** When the sandbox answered each accepted send: every status timer it set for the message was set before. */
const answeredAt = new Map<string, number>();
const send = async (
  body: unknown,
  {
    pnid = PNID,
    version = 'v21.0',
    headers = BEARER,
  }: { pnid?: string; version?: string; headers?: Record<string, string> } = {},
) => {
  const res = await request<GraphAnswer>('POST', `/whatsapp/${version}/${pnid}/messages`, body, headers);
  const id = res.body?.messages?.[0]?.id;
  if (typeof id === 'string') answeredAt.set(id, Date.now());
  return res;
};

const text = (to: string, body = 'Habari! Your order SK-1042 is packed.') => ({
  messaging_product: 'whatsapp',
  recipient_type: 'individual',
  to,
  type: 'text',
  text: { preview_url: false, body },
});
const template = (to: string, name = 'order_confirmed', params: string[] = ['SK-1042'], code = 'en') => ({
  messaging_product: 'whatsapp',
  to,
  type: 'template',
  template: {
    name,
    language: { code },
    components: [{ type: 'body', parameters: params.map((p) => ({ type: 'text', text: p })) }],
  },
});
const buttons = (to: string, list: Array<{ id: string; title: string }>) => ({
  messaging_product: 'whatsapp',
  to,
  type: 'interactive',
  interactive: {
    type: 'button',
    body: { text: 'Payment failed. Try again?' },
    action: { buttons: list.map((reply) => ({ type: 'reply', reply })) },
  },
});

async function configure(overrides: Record<string, unknown> = {}) {
  return admin<WhatsAppConfig>('POST', '/whatsapp/config', {
    phoneNumberId: PNID,
    displayPhoneNumber: DISPLAY,
    wabaId: WABA,
    webhookUrl: `${receiverUrl}/wa/nairobi-gadgets`,
    appSecret: APP_SECRET,
    verifyToken: VERIFY_TOKEN,
    ...overrides,
  });
}

/** Polls (every 15 ms, up to 3 s); a timeout names the probe and what it last saw. */
const waitFor = <T>(
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 3_000,
): Promise<T> => waitForCondition(probe.toString(), probe, { timeoutMs, intervalMs: 15 });

const posts = (path = '/wa/nairobi-gadgets') => hits.filter((h) => h.method === 'POST' && h.path === path);
/** Status webhooks for one message id, in arrival order. */
const statusHits = (id: string, path?: string) =>
  posts(path).filter((h) => h.body.entry?.[0]?.changes?.[0]?.value?.statuses?.[0]?.id === id);
const statusesOf = (id: string, path?: string): string[] =>
  statusHits(id, path).map((h) => h.body.entry[0].changes[0].value.statuses![0].status);
const statusItem = (hit: Hit) => hit.body.entry[0].changes[0].value.statuses![0];

function assertSigned(hit: Hit, secret = APP_SECRET): void {
  const expected = `sha256=${createHmac('sha256', secret).update(hit.raw).digest('hex')}`;
  assert.equal(hit.headers['x-hub-signature-256'], expected, 'X-Hub-Signature-256 is the HMAC of the raw body');
}

function assertGraphError(
  res: { status: number; body: { error: GraphError } },
  status: number,
  code: number,
  message?: string | RegExp,
): void {
  assert.equal(res.status, status, JSON.stringify(res.body));
  assert.deepEqual(Object.keys(res.body), ['error']);
  assert.equal(res.body.error.code, code);
  assert.equal(res.body.error.type, 'OAuthException');
  assert.match(res.body.error.fbtrace_id, /^[A-Za-z0-9_-]{10,}$/);
  if (typeof message === 'string') assert.equal(res.body.error.message, message);
  else if (message) assert.match(res.body.error.message, message);
}

/** The sandbox's record of one sent message (statuses emitted so far, each with its deliveries). */
const sandboxMessage = async (id: string) =>
  (await admin<{ message: SandboxMessage }>('GET', `/whatsapp/messages/${encodeURIComponent(id)}`)).body.message;

/**
 * Waits until no status webhook for the message is still to come: every timer the sandbox set
 * for it is due (set before the send was answered, at most the longest status delay ahead; the
 * delays are the sandbox's clock setting), and every status it emitted has been POSTed and
 * answered, exactly the POSTs the receiver got. Returns the sandbox's record.
 */
async function allStatusesPosted(id: string, path?: string) {
  const { statusDelays } = (await admin<{ statusDelays: StatusDelays }>('GET', '/whatsapp/status-delays')).body;
  const due = answeredAt.get(id)! + Math.max(statusDelays.sentMs, statusDelays.deliveredMs, statusDelays.readMs);
  await waitFor(() => Date.now() > due);
  return waitFor(async () => {
    const message = await sandboxMessage(id);
    const statuses = message.statuses;
    const delivered = statuses.reduce((n, s) => n + s.deliveries.filter((d) => d.status !== null).length, 0);
    return statuses.every((s) => s.deliveries.length > 0) && delivered === statusHits(id, path).length && message;
  });
}

/** Waits for the expected status webhooks, then until no more can come; returns them in arrival order. */
async function settled(id: string, expectedCount: number, path?: string): Promise<string[]> {
  await waitFor(() => statusHits(id, path).length >= expectedCount);
  await allStatusesPosted(id, path);
  return statusesOf(id, path);
}

before(async () => {
  ({ sandbox, baseUrl } = await startSandboxApp({ smtpPort: 0 }));
  ({ server: receiver, url: receiverUrl } = await startReceiver((req, raw, res) => {
    const url = new URL(req.url ?? '/', 'http://receiver');
    let body: unknown = null;
    try {
      body = raw ? (JSON.parse(raw) as unknown) : null;
    } catch {
      body = null;
    }
    hits.push({
      method: req.method ?? '',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      raw,
      body: body as WebhookBody,
    });
    if (req.method === 'GET') {
      const ok =
        url.searchParams.get('hub.mode') === 'subscribe' &&
        url.searchParams.get('hub.verify_token') === acceptedVerifyToken;
      res
        .writeHead(ok ? 200 : 403, { 'content-type': 'text/plain' })
        .end(ok ? (url.searchParams.get('hub.challenge') ?? '') : 'Forbidden');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/plain' }).end('EVENT_RECEIVED');
  }));
});

after(async () => {
  await sandbox?.close();
  await new Promise((resolve) => receiver?.close(resolve));
});

beforeEach(async () => {
  assert.equal((await admin('POST', '/reset')).status, 200);
  hits.length = 0;
  acceptedVerifyToken = VERIFY_TOKEN;
});

// ------------------------------------------------------------------------------------------------
describe('WhatsApp: sending', () => {
  beforeEach(async () => {
    assert.equal((await configure()).status, 201);
    assert.equal(
      (
        await admin('POST', '/whatsapp/templates', {
          phoneNumberId: PNID,
          name: 'order_confirmed',
          language: 'en',
          bodyParameters: 1,
        })
      ).status,
      201,
    );
  });

  test('a Bearer token is required: missing or blank answers 401 OAuthException code 190', async () => {
    for (const headers of [
      {} as Record<string, string>,
      { authorization: 'Bearer ' },
      { authorization: 'Bearer    ' },
      { authorization: 'Basic abc' },
    ]) {
      const res = await send(text(CUSTOMER), { headers });
      assertGraphError(res, 401, 190, 'Invalid OAuth access token - Cannot parse access token');
    }
    assert.equal((await send(text(CUSTOMER))).status, 200, 'any non-empty token is accepted');
  });

  test('any v<major>.<minor> version; unknown phone number ids and paths answer in Meta shape', async () => {
    assert.equal((await send(text(CUSTOMER), { version: 'v19.0' })).status, 200);
    assert.equal((await send(text(CUSTOMER), { version: 'v22.1' })).status, 200);
    assertGraphError(await send(text(CUSTOMER), { version: 'v21' }), 400, 2500, /Unknown path components/);
    const unknown = await send(text(CUSTOMER), { pnid: '999999' });
    assertGraphError(unknown, 400, 100, /Object with ID '999999' does not exist/);
    assert.equal(unknown.body.error.error_subcode, 33);
    assertGraphError(
      await request<GraphAnswer>('GET', `/whatsapp/v21.0/${PNID}/nothing`, undefined, BEARER),
      400,
      2500,
    );
  });

  test('text: exact response shape, `to` echoed as sent, wa_id without +, ids unique', async () => {
    const res = await send(text(`+${CUSTOMER}`));
    assert.equal(res.status, 200);
    assert.deepEqual(Object.keys(res.body), ['messaging_product', 'contacts', 'messages']);
    assert.equal(res.body.messaging_product, 'whatsapp');
    assert.deepEqual(res.body.contacts, [{ input: `+${CUSTOMER}`, wa_id: CUSTOMER }]);
    assert.equal(res.body.messages.length, 1);
    assert.deepEqual(Object.keys(res.body.messages[0]), ['id']);
    assert.match(res.body.messages[0].id, /^wamid\.[A-Za-z0-9+/=]{20,}$/);
    const ids = new Set([res.body.messages[0].id]);
    for (let i = 0; i < 20; i++) ids.add((await send(text(CUSTOMER))).body.messages[0].id);
    assert.equal(ids.size, 21);
    const listed = (await admin<{ messages: SandboxMessage[] }>('GET', `/whatsapp/messages?to=${CUSTOMER}`)).body
      .messages;
    assert.equal(listed.length, 21);
    assert.deepEqual(listed[0]!.text, { body: 'Habari! Your order SK-1042 is packed.', previewUrl: false });
    assert.equal(listed[0]!.type, 'text');
    assert.equal(listed[0]!.to, `+${CUSTOMER}`);
  });

  test('text validation: messaging_product, to, body length (4096), preview_url', async () => {
    assert.equal((await send(text(CUSTOMER, 'x'.repeat(4096)))).status, 200);
    assertGraphError(
      await send(text(CUSTOMER, 'x'.repeat(4097))),
      400,
      100,
      "(#100) Param text['body'] must be at most 4096 characters long.",
    );
    assertGraphError(
      await send({ ...text(CUSTOMER), messaging_product: undefined }),
      400,
      100,
      '(#100) The parameter messaging_product is required.',
    );
    assertGraphError(await send({ ...text(CUSTOMER), messaging_product: 'sms' }), 400, 100);
    assertGraphError(
      await send({ ...text(CUSTOMER), to: undefined }),
      400,
      100,
      '(#100) The parameter to is required.',
    );
    const bad = await send(text('not-a-number'));
    assertGraphError(bad, 400, 100, '(#100) Invalid parameter');
    assert.match(bad.body.error.error_data.details, /international format/);
    assertGraphError(
      await send({ messaging_product: 'whatsapp', to: CUSTOMER, type: 'text', text: {} }),
      400,
      100,
      "(#100) The parameter text['body'] is required.",
    );
    assertGraphError(
      await send({
        messaging_product: 'whatsapp',
        to: CUSTOMER,
        type: 'text',
        text: { body: 'hi', preview_url: 'yes' },
      }),
      400,
      100,
    );
    assertGraphError(
      await send({ messaging_product: 'whatsapp', to: CUSTOMER, type: 'image', image: { link: 'https://x/y.png' } }),
      400,
      131009,
    );
    assertGraphError(await send({ messaging_product: 'whatsapp', to: CUSTOMER, type: 'carrier-pigeon' }), 400, 100);
    assertGraphError(
      await request<GraphAnswer>('POST', `/whatsapp/v21.0/${PNID}/messages`, undefined, {
        ...BEARER,
        'content-type': 'text/plain',
      }),
      400,
      100,
    );
    assert.equal(
      (await admin<{ messages: SandboxMessage[] }>('GET', '/whatsapp/messages')).body.messages.length,
      1,
      'rejected sends are not recorded',
    );
  });

  test('template: the catalogue decides; unknown name or language 132001, wrong parameter count 132000', async () => {
    const ok = await send(template(CUSTOMER));
    assert.equal(ok.status, 200);
    assert.deepEqual(ok.body.contacts, [{ input: CUSTOMER, wa_id: CUSTOMER }]);
    const missing = await send(template(CUSTOMER, 'order_shipped'));
    assertGraphError(missing, 404, 132001, '(#132001) Template name does not exist in the translation');
    assert.equal(missing.body.error.error_data.details, 'template name (order_shipped) does not exist in en');
    assertGraphError(await send(template(CUSTOMER, 'order_confirmed', ['SK-1042'], 'sw')), 404, 132001);
    const count = await send(template(CUSTOMER, 'order_confirmed', ['SK-1042', 'KES 2,300']));
    assertGraphError(count, 400, 132000, '(#132000) Number of parameters does not match the expected number of params');
    assert.match(count.body.error.error_data.details, /\(2\) does not match the expected number of params \(1\)/);
    assertGraphError(await send(template(CUSTOMER, 'order_confirmed', [])), 400, 132000);
    assertGraphError(
      await send({
        messaging_product: 'whatsapp',
        to: CUSTOMER,
        type: 'template',
        template: { name: 'order_confirmed' },
      }),
      400,
      100,
      "(#100) The parameter template['language']['code'] is required.",
    );
    // The catalogue is per phone number id (one per store).
    await configure({ phoneNumberId: OTHER_PNID, webhookUrl: `${receiverUrl}/wa/other-store` });
    assertGraphError(await send(template(CUSTOMER), { pnid: OTHER_PNID }), 404, 132001);
    const listed = (await admin<{ messages: SandboxMessage[] }>('GET', '/whatsapp/messages')).body.messages;
    assert.equal(listed.length, 1);
    assert.deepEqual(listed[0]!.template, { name: 'order_confirmed', language: 'en', bodyParameters: ['SK-1042'] });
  });

  test('interactive buttons: up to 3, titles up to 20 characters, else 131009', async () => {
    const three = [
      { id: 'pay_again', title: 'Pay again' },
      { id: 'pay_on_delivery', title: 'x'.repeat(20) },
      { id: 'cancel', title: 'Cancel order' },
    ];
    const ok = await send(buttons(CUSTOMER, three));
    assert.equal(ok.status, 200);
    const tooMany = await send(buttons(CUSTOMER, [...three, { id: 'later', title: 'Later' }]));
    assertGraphError(tooMany, 400, 131009, '(#131009) Parameter value is not valid');
    assert.match(tooMany.body.error.error_data.details, /between 1 and 3/);
    assertGraphError(await send(buttons(CUSTOMER, [])), 400, 131009, '(#131009) Parameter value is not valid');
    const longTitle = await send(buttons(CUSTOMER, [{ id: 'a', title: 'x'.repeat(21) }]));
    assertGraphError(longTitle, 400, 131009, '(#131009) Parameter value is not valid');
    assert.match(longTitle.body.error.error_data.details, /Max length: 20/);
    assertGraphError(
      await send(
        buttons(CUSTOMER, [
          { id: 'a', title: 'Same' },
          { id: 'b', title: 'Same' },
        ]),
      ),
      400,
      131009,
    );
    const listed = (await admin<{ messages: SandboxMessage[] }>('GET', '/whatsapp/messages')).body.messages;
    assert.deepEqual(listed[0]!.interactive, { type: 'button', body: 'Payment failed. Try again?', buttons: three });
  });
});

// ------------------------------------------------------------------------------------------------
describe('WhatsApp: webhook verification handshake', () => {
  test('config GETs the webhook with hub.mode, hub.verify_token and hub.challenge; verified when the challenge comes back', async () => {
    const res = await configure();
    assert.equal(res.status, 201);
    assert.equal(res.body.verified, true);
    assert.equal(res.body.phoneNumberId, PNID);
    assert.equal(res.body.wabaId, WABA);
    assert.equal(res.body.appSecret, undefined, 'secrets are never echoed');
    assert.equal(res.body.verifyToken, undefined);
    const get = hits.find((h) => h.method === 'GET')!;
    assert.equal(get.path, '/wa/nairobi-gadgets');
    assert.equal(get.query.get('hub.mode'), 'subscribe');
    assert.equal(get.query.get('hub.verify_token'), VERIFY_TOKEN);
    assert.match(get.query.get('hub.challenge') ?? '', /^\d+$/);
    const other = await admin<WhatsAppConfig>('POST', '/whatsapp/config', {
      phoneNumberId: OTHER_PNID,
      displayPhoneNumber: '+254700000001',
      webhookUrl: `${receiverUrl}/wa/other`,
      appSecret: 's',
      verifyToken: VERIFY_TOKEN,
    });
    assert.equal(other.status, 201);
    assert.match(other.body.wabaId, /^\d{15}$/, 'a WABA id is made up when none is given');
    assert.equal(other.body.displayPhoneNumber, '254700000001');
    assert.deepEqual(
      (await admin<{ configs: WhatsAppConfig[] }>('GET', '/whatsapp/config')).body.configs.map((c) => c.phoneNumberId),
      [PNID, OTHER_PNID],
    );
  });

  test('a wrong verify token (403) leaves it unverified and no webhook is delivered; verify retries', async () => {
    acceptedVerifyToken = 'something-else';
    const res = await configure();
    assert.equal(res.status, 201);
    assert.equal(res.body.verified, false);
    assert.equal(res.body.verification.status, 403);
    await admin('POST', '/whatsapp/status-delays', { sentMs: 5, deliveredMs: 10, readMs: 15 });
    await admin('POST', '/whatsapp/templates', {
      phoneNumberId: PNID,
      name: 'order_confirmed',
      language: 'en',
      bodyParameters: 1,
    });
    const sent = await send(template(CUSTOMER));
    assert.equal(sent.status, 200, 'sending works without a verified webhook');
    const id = sent.body.messages[0].id;
    const listed = await waitFor(async () => {
      const m = (await admin<{ message: SandboxMessage }>('GET', `/whatsapp/messages/${encodeURIComponent(id)}`)).body
        .message;
      return m.statuses.length === 3 && m;
    });
    assert.equal(posts().length, 0);
    assert.equal(listed.statuses[0]!.deliveries[0]!.status, null);
    assert.match(listed.statuses[0]!.deliveries[0]!.error!, /not verified/);

    acceptedVerifyToken = VERIFY_TOKEN;
    const retried = await admin<WhatsAppConfig>('POST', `/whatsapp/config/${PNID}/verify`);
    assert.equal(retried.status, 200);
    assert.equal(retried.body.verified, true);
    assert.equal((await admin('POST', '/whatsapp/config/nope/verify')).status, 404);
  });

  test('a 200 that does not echo the challenge exactly is not a verification', async () => {
    const res = await configure({ webhookUrl: `http://127.0.0.1:1/unreachable` });
    assert.equal(res.body.verified, false);
    assert.equal(res.body.verification.status, null);
    const bad = await admin<{ error: { code: string } }>('POST', '/whatsapp/config', { phoneNumberId: PNID });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.code, 'validation_failed');
  });
});

// ------------------------------------------------------------------------------------------------
describe('WhatsApp: status webhooks and scenarios', () => {
  beforeEach(async () => {
    assert.equal((await configure()).body.verified, true);
    await admin('POST', '/whatsapp/templates', {
      phoneNumberId: PNID,
      name: 'order_confirmed',
      language: 'en',
      bodyParameters: 1,
    });
    await admin('POST', '/whatsapp/status-delays', { sentMs: 20, deliveredMs: 60, readMs: 100 });
  });

  test('default delays are 100/200/300 ms (reset restores them)', async () => {
    await admin('POST', '/reset');
    assert.deepEqual(
      (await admin<{ statusDelays: StatusDelays }>('GET', '/whatsapp/status-delays')).body.statusDelays,
      {
        sentMs: 100,
        deliveredMs: 200,
        readMs: 300,
      },
    );
  });

  test('sent, delivered, read in order, in Meta envelope, signed with the app secret over the raw body', async () => {
    const id = (await send(template(CUSTOMER))).body.messages[0].id;
    assert.deepEqual(await settled(id, 3), ['sent', 'delivered', 'read']);
    for (const hit of statusHits(id)) {
      assertSigned(hit);
      assert.equal(hit.headers['content-type'], 'application/json');
      assert.equal(hit.body.object, 'whatsapp_business_account');
      assert.equal(hit.body.entry.length, 1);
      assert.equal(hit.body.entry[0].id, WABA);
      const change = hit.body.entry[0].changes[0];
      assert.equal(change.field, 'messages');
      assert.equal(change.value.messaging_product, 'whatsapp');
      assert.deepEqual(change.value.metadata, { display_phone_number: DISPLAY, phone_number_id: PNID });
      const item = statusItem(hit);
      assert.equal(item.recipient_id, CUSTOMER);
      assert.match(item.timestamp, /^\d{10}$/);
      assert.equal(item.errors, undefined);
    }
    const [sentItem, deliveredItem, readItem] = statusHits(id).map(statusItem) as [StatusItem, StatusItem, StatusItem];
    assert.equal(sentItem.pricing!.category, 'utility');
    assert.equal(sentItem.conversation!.origin.type, 'utility');
    assert.equal(deliveredItem.conversation!.id, sentItem.conversation!.id);
    assert.equal(readItem.pricing, undefined);
    // A tampered body would not verify.
    const hit = statusHits(id)[0]!;
    assert.notEqual(
      createHmac('sha256', APP_SECRET)
        .update(hit.raw + ' ')
        .digest('hex'),
      String(hit.headers['x-hub-signature-256']).slice(7),
    );
    const listed = (await admin<{ messages: SandboxMessage[] }>('GET', `/whatsapp/messages?phoneNumberId=${PNID}`)).body
      .messages[0]!;
    assert.deepEqual(
      listed.statuses.map((s) => s.status),
      ['sent', 'delivered', 'read'],
    );
    for (const s of listed.statuses) {
      assert.equal(s.deliveries.length, 1);
      assert.equal(s.deliveries[0]!.status, 200);
      assert.equal(s.deliveries[0]!.error, null);
      assert.ok(!Number.isNaN(Date.parse(s.deliveries[0]!.at)));
    }
  });

  const scripted: Array<[string, string[]]> = [
    ['undeliverable', ['failed']],
    ['no-read', ['sent', 'delivered']],
    ['skip-delivered', ['sent', 'read']],
    ['out-of-order', ['sent', 'read', 'delivered']],
    ['duplicate-statuses', ['sent', 'sent', 'delivered', 'delivered', 'read', 'read']],
  ];
  for (const [scenario, expected] of scripted) {
    test(`scenario ${scenario}: ${expected.join(', ')}`, async () => {
      const to = '254722000111';
      assert.equal((await admin('POST', '/whatsapp/scenarios', { to: `+${to}`, scenario })).status, 201);
      const id = (await send(template(to))).body.messages[0].id;
      assert.deepEqual(await settled(id, expected.length), expected);
      for (const hit of statusHits(id)) assertSigned(hit);
      if (scenario === 'undeliverable') {
        const item = statusItem(statusHits(id)[0]!);
        assert.equal(item.errors![0].code, 131026);
        assert.equal(item.errors![0].title, 'Message undeliverable');
      }
      if (scenario === 'duplicate-statuses') {
        const raws = statusHits(id).map((h) => h.raw);
        assert.equal(raws[0], raws[1], 'a duplicate is the same body');
      }
      const other = (await send(template(CUSTOMER))).body.messages[0].id;
      assert.deepEqual(await settled(other, 3), ['sent', 'delivered', 'read'], 'other recipients are not affected');
    });
  }

  test('scenario no-statuses: no webhook at all', async () => {
    await admin('POST', '/whatsapp/scenarios', { to: CUSTOMER, scenario: 'no-statuses' });
    const id = (await send(template(CUSTOMER))).body.messages[0].id;
    assert.deepEqual((await allStatusesPosted(id)).statuses, [], 'the sandbox emitted none');
    assert.equal(statusHits(id).length, 0);
  });

  test('scenarios by suffix (8801 undeliverable, 8803 skip-delivered) and a number that is not on WhatsApp (131026)', async () => {
    const undeliverable = (await send(template('254700008801'))).body.messages[0].id;
    const skip = (await send(template('254700008803'))).body.messages[0].id;
    const foreign = await send(template('447700900123'));
    assert.equal(foreign.status, 200, 'accepted at first, like Meta');
    assert.deepEqual(await settled(undeliverable, 1), ['failed']);
    assert.deepEqual(await settled(skip, 2), ['sent', 'read']);
    const foreignId = foreign.body.messages[0].id;
    assert.deepEqual(await settled(foreignId, 1), ['failed']);
    assert.equal(statusItem(statusHits(foreignId)[0]!).errors![0].code, 131026);
    assert.equal((await admin('POST', '/whatsapp/scenarios', { to: CUSTOMER, scenario: 'lost' })).status, 400);
  });

  test('resend-statuses POSTs every status again, byte for byte (for idempotency tests)', async () => {
    const id = (await send(template(CUSTOMER))).body.messages[0].id;
    await settled(id, 3);
    const first = statusHits(id).map((h) => h.raw);
    const res = await admin<{ message: SandboxMessage }>(
      'POST',
      `/whatsapp/messages/${encodeURIComponent(id)}/resend-statuses`,
    );
    assert.equal(res.status, 200);
    const all = statusHits(id);
    assert.equal(all.length, 6);
    assert.deepEqual(
      all.slice(3).map((h) => h.raw),
      first,
    );
    for (const hit of all) assertSigned(hit);
    assert.deepEqual(
      res.body.message.statuses.map((s) => s.deliveries.length),
      [2, 2, 2],
    );
    assert.equal((await admin('POST', '/whatsapp/messages/wamid.nope/resend-statuses')).status, 404);
  });

  test('each phone number id posts to its own webhook, signed with its own secret', async () => {
    await configure({
      phoneNumberId: OTHER_PNID,
      displayPhoneNumber: '254700000001',
      wabaId: '999',
      webhookUrl: `${receiverUrl}/wa/other-store`,
      appSecret: 'other-secret',
    });
    const id = (await send(text(CUSTOMER), { pnid: OTHER_PNID })).body.messages[0].id;
    assert.deepEqual(
      await settled(id, 1, '/wa/other-store'),
      ['failed'],
      'free text with no inbound: outside the window',
    );
    const hit = statusHits(id, '/wa/other-store')[0]!;
    assertSigned(hit, 'other-secret');
    assert.deepEqual(hit.body.entry[0].changes[0].value.metadata, {
      display_phone_number: '254700000001',
      phone_number_id: OTHER_PNID,
    });
    assert.equal(statusHits(id).length, 0);
  });
});

// ------------------------------------------------------------------------------------------------
describe('WhatsApp: inbound messages and the 24-hour window', () => {
  beforeEach(async () => {
    assert.equal((await configure()).body.verified, true);
    await admin('POST', '/whatsapp/status-delays', { sentMs: 20, deliveredMs: 40, readMs: 60 });
  });

  test('free text and buttons outside the window are accepted, then fail with 131047', async () => {
    const res = await send(text(CUSTOMER));
    assert.equal(res.status, 200);
    const id = res.body.messages[0].id;
    assert.deepEqual(await settled(id, 1), ['failed']);
    const item = statusItem(statusHits(id)[0]!);
    assert.equal(item.errors![0].code, 131047);
    assert.equal(item.errors![0].title, 'Re-engagement message');
    assert.match(item.errors![0].error_data.details, /24 hours/);
    const interactive = (await send(buttons(CUSTOMER, [{ id: 'pay_again', title: 'Pay again' }]))).body.messages[0].id;
    assert.deepEqual(await settled(interactive, 1), ['failed']);
    const listed = (await admin<{ message: SandboxMessage }>('GET', `/whatsapp/messages/${encodeURIComponent(id)}`))
      .body.message;
    assert.equal(listed.insideWindow, false);
    assert.equal(listed.failure, 131047);
  });

  test('an inbound message is POSTed signed in Meta shape and opens the window', async () => {
    const inbound = await admin<InboundAnswer>('POST', '/whatsapp/inbound', {
      phoneNumberId: PNID,
      from: CUSTOMER,
      text: 'Hi, is my order ready?',
      name: 'Wanjiku',
    });
    assert.equal(inbound.status, 201);
    assert.match(inbound.body.id, /^wamid\./);
    const hit = posts().find((h) => h.body.entry[0].changes[0].value.messages)!;
    assertSigned(hit);
    const value = hit.body.entry[0].changes[0].value;
    assert.equal(hit.body.object, 'whatsapp_business_account');
    assert.equal(hit.body.entry[0].id, WABA);
    assert.deepEqual(value.metadata, { display_phone_number: DISPLAY, phone_number_id: PNID });
    assert.deepEqual(value.contacts, [{ profile: { name: 'Wanjiku' }, wa_id: CUSTOMER }]);
    assert.equal(value.messages!.length, 1);
    const message = value.messages![0];
    assert.deepEqual(Object.keys(message).sort(), ['from', 'id', 'text', 'timestamp', 'type']);
    assert.equal(message.from, CUSTOMER);
    assert.equal(message.id, inbound.body.id);
    assert.match(message.timestamp, /^\d{10}$/);
    assert.equal(message.type, 'text');
    assert.deepEqual(message.text, { body: 'Hi, is my order ready?' });
    assert.equal(inbound.body.message.webhook.status, 200);

    const id = (await send(text(CUSTOMER, 'Yes! Pick it up at Yaya Centre.'))).body.messages[0].id;
    assert.deepEqual(await settled(id, 3), ['sent', 'delivered', 'read']);
    assert.equal(statusItem(statusHits(id)[0]!).pricing!.category, 'service');
    const withButtons = (await send(buttons(CUSTOMER, [{ id: 'pay_again', title: 'Pay again' }]))).body.messages[0].id;
    assert.deepEqual(await settled(withButtons, 3), ['sent', 'delivered', 'read']);
    assert.equal(
      (await admin<{ message: SandboxMessage }>('GET', `/whatsapp/messages/${encodeURIComponent(id)}`)).body.message
        .insideWindow,
      true,
    );
    // The window is per customer and per phone number id.
    const other = (await send(text('254733000444'))).body.messages[0].id;
    assert.deepEqual(await settled(other, 1), ['failed']);
  });

  test('a button reply quotes the message that offered the button; an old inbound leaves the window closed', async () => {
    await admin('POST', '/whatsapp/inbound', { phoneNumberId: PNID, from: CUSTOMER, text: 'Hi' });
    const offered = (await send(buttons(CUSTOMER, [{ id: 'pay_again', title: 'Pay again' }]))).body.messages[0].id;
    const reply = await admin<InboundAnswer>('POST', '/whatsapp/inbound', {
      phoneNumberId: PNID,
      from: `+${CUSTOMER}`,
      buttonReplyId: 'pay_again',
    });
    assert.equal(reply.status, 201);
    const hit = posts().find((h) => h.body.entry[0].changes[0].value.messages?.[0]?.id === reply.body.id)!;
    assertSigned(hit);
    const message = hit.body.entry[0].changes[0].value.messages![0];
    assert.equal(message.type, 'interactive');
    assert.deepEqual(message.interactive, {
      type: 'button_reply',
      button_reply: { id: 'pay_again', title: 'Pay again' },
    });
    assert.deepEqual(message.context, { from: DISPLAY, id: offered });
    assert.equal(
      (await admin<{ messages: unknown[] }>('GET', `/whatsapp/inbound?from=${CUSTOMER}`)).body.messages.length,
      2,
    );

    const longAgo = new Date(Date.now() - 25 * 3_600_000).toISOString();
    await admin('POST', '/whatsapp/inbound', {
      phoneNumberId: PNID,
      from: '254733000444',
      text: 'old',
      receivedAt: longAgo,
    });
    const late = (await send(text('254733000444'))).body.messages[0].id;
    assert.deepEqual(await settled(late, 1), ['failed']);
    assert.equal(statusItem(statusHits(late)[0]!).errors![0].code, 131047);

    assert.equal(
      (await admin('POST', '/whatsapp/inbound', { phoneNumberId: PNID, from: CUSTOMER })).status,
      400,
      'text or buttonReplyId',
    );
    assert.equal(
      (await admin('POST', '/whatsapp/inbound', { phoneNumberId: 'nope', from: CUSTOMER, text: 'x' })).status,
      404,
    );
  });
});

// ------------------------------------------------------------------------------------------------
describe("Africa's Talking SMS", () => {
  async function sms(
    fields: Record<string, string>,
    headers: Record<string, string> = { apiKey: 'atsk_sandbox', accept: 'application/json' },
  ) {
    const res = await fetch(`${baseUrl}/africastalking/version1/messaging`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(fields).toString(),
    });
    const body = await res.text();
    let json: unknown = null;
    try {
      json = JSON.parse(body);
    } catch {
      json = null;
    }
    // The JSON answer as the tests read it (null when it is not JSON).
    return { status: res.status, json: json as AtAnswer, text: body, type: res.headers.get('content-type') ?? '' };
  }

  test('success: the exact AT shape, one ATXid per recipient, listed by admin', async () => {
    const res = await sms({
      username: 'sandbox',
      to: '+254711000000',
      message: 'Your order SK-1042 is ready',
      from: 'SOKONI',
    });
    assert.equal(res.status, 201);
    assert.deepEqual(Object.keys(res.json), ['SMSMessageData']);
    assert.equal(res.json.SMSMessageData.Message, 'Sent to 1/1 Total Cost: KES 0.8000');
    const recipient = res.json.SMSMessageData.Recipients[0]!;
    assert.deepEqual(Object.keys(recipient), ['statusCode', 'number', 'status', 'cost', 'messageId']);
    assert.equal(recipient.statusCode, 101);
    assert.equal(recipient.number, '+254711000000');
    assert.equal(recipient.status, 'Success');
    assert.equal(recipient.cost, 'KES 0.8000');
    assert.match(recipient.messageId, /^ATXid_[0-9a-f]{32}$/);
    const two = await sms({ username: 'sandbox', to: '+254711000001, +254111000002', message: 'x'.repeat(161) });
    assert.equal(
      two.json.SMSMessageData.Message,
      'Sent to 2/2 Total Cost: KES 3.2000',
      '161 GSM characters = 2 segments each',
    );
    const ids = new Set([recipient.messageId, ...two.json.SMSMessageData.Recipients.map((r) => r.messageId)]);
    assert.equal(ids.size, 3);
    const listed = (await admin<{ messages: SandboxSms[] }>('GET', '/sms/messages?to=%2B254711000000')).body.messages;
    assert.equal(listed.length, 1);
    assert.equal(listed[0]!.message, 'Your order SK-1042 is ready');
    assert.equal(listed[0]!.from, 'SOKONI');
    assert.equal(listed[0]!.messageId, recipient.messageId);
    assert.equal((await admin<{ messages: SandboxSms[] }>('GET', '/sms/messages')).body.messages.length, 3);
  });

  test('invalid numbers get 403 InvalidPhoneNumber in Recipients', async () => {
    const res = await sms({ username: 'sandbox', to: '+254711000000,0711000000,+254201234567', message: 'Hi' });
    assert.equal(res.status, 201);
    assert.equal(res.json.SMSMessageData.Message, 'Sent to 1/3 Total Cost: KES 0.8000');
    const [, local, landline] = res.json.SMSMessageData.Recipients;
    assert.deepEqual(local, {
      statusCode: 403,
      number: '0711000000',
      status: 'InvalidPhoneNumber',
      cost: '0',
      messageId: 'None',
    });
    assert.equal(landline!.statusCode, 403);
  });

  test('scripted failures per number: 405, 406, 407, and a gateway HTTP 500', async () => {
    const scripted: Array<[string, string, number]> = [
      ['+254722000405', 'InsufficientBalance', 405],
      ['+254722000406', 'UserInBlacklist', 406],
      ['254722000407', 'CouldNotRoute', 407],
    ];
    for (const [to, scenario] of scripted)
      assert.equal((await admin('POST', '/sms/scenarios', { to, scenario })).status, 201);
    const res = await sms({
      username: 'sandbox',
      to: '+254722000405,+254722000406,+254722000407,+254722000000',
      message: 'Hi',
    });
    assert.equal(res.status, 201);
    assert.equal(res.json.SMSMessageData.Message, 'Sent to 1/4 Total Cost: KES 0.8000');
    const recipients = res.json.SMSMessageData.Recipients;
    for (const [i, [, scenario, code]] of scripted.entries()) {
      assert.equal(recipients[i]!.statusCode, code);
      assert.equal(recipients[i]!.status, scenario);
      assert.equal(recipients[i]!.messageId, 'None');
    }
    assert.equal(recipients[3]!.statusCode, 101);
    await admin('POST', '/sms/scenarios', { to: '+254722000500', scenario: 'http-500' });
    const down = await sms({ username: 'sandbox', to: '+254722000500', message: 'Hi' });
    assert.equal(down.status, 500);
    assert.equal((await admin('POST', '/sms/scenarios', { to: '+254722000500', scenario: 'Nope' })).status, 400);
  });

  test('apiKey header required (401 plain text); missing fields 400; XML without Accept: application/json', async () => {
    const noKey = await sms(
      { username: 'sandbox', to: '+254711000000', message: 'Hi' },
      { accept: 'application/json' },
    );
    assert.equal(noKey.status, 401);
    assert.equal(noKey.text, 'The supplied authentication is invalid');
    assert.match(noKey.type, /^text\/plain/);
    const blank = await sms(
      { username: 'sandbox', to: '+254711000000', message: 'Hi' },
      { apiKey: ' ', accept: 'application/json' },
    );
    assert.equal(blank.status, 401);
    const noMessage = await sms({ username: 'sandbox', to: '+254711000000' });
    assert.equal(noMessage.status, 400);
    assert.equal(noMessage.text, "Request is missing required form field 'message'");
    assert.equal((await sms({ to: '+254711000000', message: 'Hi' })).status, 400);
    const xml = await sms({ username: 'sandbox', to: '+254711000000', message: 'Hi' }, { apiKey: 'atsk_sandbox' });
    assert.equal(xml.status, 201);
    assert.match(xml.type, /xml/);
    assert.match(xml.text, /<statusCode>101<\/statusCode>/);
    assert.equal((await admin<{ messages: SandboxSms[] }>('GET', '/sms/messages')).body.messages.length, 1);
  });
});

// ------------------------------------------------------------------------------------------------
describe('Email sink (SMTP)', () => {
  async function transport(auth = false) {
    const server = (await admin<{ listening: boolean; port: number }>('GET', '/email/server')).body;
    assert.equal(server.listening, true);
    assert.ok(server.port > 0);
    return nodemailer.createTransport({
      host: '127.0.0.1',
      port: server.port,
      secure: false,
      ...(auth ? { auth: { user: 'any', pass: 'thing' } } : {}),
    });
  }

  test('a real SMTP send is parsed and listed, with or without AUTH', async () => {
    const mailer = await transport();
    const info = await mailer.sendMail({
      from: '"Sokoni" <no-reply@sokoni.test>',
      to: 'Wanjiku@Example.com',
      cc: 'owner@nairobi-gadgets.test',
      subject: 'Order SK-1042 confirmed',
      text: 'Asante! Your order is confirmed.',
      html: '<p>Asante! Your order is <b>confirmed</b>.</p>',
    });
    assert.equal(info.rejected.length, 0);
    const authed = await transport(true);
    await authed.sendMail({ from: 'no-reply@sokoni.test', to: 'other@example.com', subject: 'Second', text: 'two' });
    mailer.close();
    authed.close();
    const all = (await admin<{ messages: SandboxEmail[] }>('GET', '/email/messages')).body.messages;
    assert.equal(all.length, 2);
    const first = (await admin<{ messages: SandboxEmail[] }>('GET', '/email/messages?to=wanjiku@example.com')).body
      .messages[0]!;
    assert.equal(first.from, '"Sokoni" <no-reply@sokoni.test>');
    assert.equal(first.fromAddress, 'no-reply@sokoni.test');
    assert.deepEqual(first.to, ['wanjiku@example.com']);
    assert.deepEqual(first.cc, ['owner@nairobi-gadgets.test']);
    assert.equal(first.subject, 'Order SK-1042 confirmed');
    assert.equal(first.text.trim(), 'Asante! Your order is confirmed.');
    assert.equal(first.html, '<p>Asante! Your order is <b>confirmed</b>.</p>');
    assert.equal(first.messageId, info.messageId);
    assert.deepEqual(first.envelope.rcptTo.sort(), ['owner@nairobi-gadgets.test', 'wanjiku@example.com']);
    assert.equal(
      (await admin<{ messages: SandboxEmail[] }>('GET', '/email/messages?to=owner@nairobi-gadgets.test')).body.messages
        .length,
      1,
    );
    assert.equal(
      (await admin<{ messages: SandboxEmail[] }>('GET', '/email/messages?to=nobody@example.com')).body.messages.length,
      0,
    );
  });
});

// ------------------------------------------------------------------------------------------------
describe('reset', () => {
  test('POST /__admin/reset clears WhatsApp, SMS and email state and cancels pending status webhooks', async () => {
    await configure();
    await admin('POST', '/whatsapp/templates', {
      phoneNumberId: PNID,
      name: 'order_confirmed',
      language: 'en',
      bodyParameters: 1,
    });
    await admin('POST', '/whatsapp/scenarios', { to: CUSTOMER, scenario: 'no-read' });
    await admin('POST', '/whatsapp/inbound', { phoneNumberId: PNID, from: CUSTOMER, text: 'Hi' });
    await admin('POST', '/whatsapp/status-delays', { sentMs: 300, deliveredMs: 350, readMs: 400 });
    const pending = (await send(template(CUSTOMER))).body.messages[0].id; // statuses due in 300-400 ms
    await admin('POST', '/sms/scenarios', { to: '+254722000405', scenario: 'InsufficientBalance' });
    await fetch(`${baseUrl}/africastalking/version1/messaging`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', apiKey: 'k', accept: 'application/json' },
      body: new URLSearchParams({ username: 'sandbox', to: '+254711000000', message: 'Hi' }).toString(),
    });
    const server = (await admin<{ listening: boolean; port: number }>('GET', '/email/server')).body;
    const mailer = nodemailer.createTransport({ host: '127.0.0.1', port: server.port, secure: false });
    await mailer.sendMail({ from: 'a@sokoni.test', to: 'b@example.com', subject: 's', text: 't' });
    mailer.close();

    const reset = await admin<{ reset: string[] }>('POST', '/reset');
    assert.deepEqual(reset.body.reset, [
      'daraja',
      'delivery-partner',
      'whatsapp',
      'sms',
      'email',
      'alertmanager',
      'etims',
      'dns',
      'push',
    ]);
    // Past the moment the last of them was due (the delays were 300-400 ms): none came.
    const due = answeredAt.get(pending)! + 400;
    await waitFor(() => Date.now() > due);
    assert.equal(statusHits(pending).length, 0, 'pending status webhooks were cancelled');
    assert.deepEqual((await admin<{ messages: SandboxMessage[] }>('GET', '/whatsapp/messages')).body.messages, []);
    assert.deepEqual((await admin<{ messages: unknown[] }>('GET', '/whatsapp/inbound')).body.messages, []);
    assert.deepEqual((await admin<{ configs: unknown[] }>('GET', '/whatsapp/config')).body.configs, []);
    assert.deepEqual((await admin<{ templates: unknown[] }>('GET', '/whatsapp/templates')).body.templates, []);
    assert.deepEqual((await admin<{ overrides: unknown[] }>('GET', '/whatsapp/scenarios')).body.overrides, []);
    assert.deepEqual((await admin<{ messages: SandboxSms[] }>('GET', '/sms/messages')).body.messages, []);
    assert.deepEqual((await admin<{ overrides: unknown[] }>('GET', '/sms/scenarios')).body.overrides, []);
    assert.deepEqual((await admin<{ messages: SandboxEmail[] }>('GET', '/email/messages')).body.messages, []);
    assert.deepEqual((await admin<{ messages: unknown[] }>('GET', '/alertmanager/messages')).body.messages, []);
    assertGraphError(await send(template(CUSTOMER)), 400, 100, /does not exist/);
    assert.equal(
      (await admin<{ listening: boolean; port: number }>('GET', '/email/server')).body.listening,
      true,
      'the SMTP server keeps running',
    );
  });
});
