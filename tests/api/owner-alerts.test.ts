// Owner alerts end to end (issue 14, "the owner's phone"), real processes: the API, the worker and
// the provider sandbox (WhatsApp, SMS, SMTP, push service). Events come from where they happen (a
// paid order, a flagged M-Pesa callback, a sale that takes stock below the threshold), once per
// event per person per channel, even with a duplicated callback or a worker killed mid-send;
// staff get only what their role handles; quiet hours hold alerts (clock injected in the rules'
// tests, real time in the flows); web push reaches the sandbox's push service with valid VAPID
// auth, and a subscription the service calls gone (410) is removed. docs/owner-alerts.md.
import assert from 'node:assert/strict';
import { createECDH, randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { describe, test } from 'node:test';
import { alertSettingsSchema, pushSubscriptionAnswerSchema } from '@sokoni/contracts';
import { z } from 'zod';
import { nairobiMinuteOfDay, pushEndpointAllowed, quietUntil } from '../../apps/api/dist/modules/alerts/alert-rules.js';
import { checkVapid } from '../../apps/sandbox/dist/push/index.js';
import { useApiStack } from '../helpers/api-fixture.ts';
import { demoLogin, jsonCaller } from '../helpers/http.ts';
import { shopFlows } from '../helpers/shop.ts';
import { waitFor } from '../helpers/wait.ts';

const STORE = 'nairobi-gadgets';
const vapid = createECDH('prime256v1');
vapid.generateKeys();
const stack = useApiStack({
  sandbox: true,
  env: {
    ORDER_PLACED_MESSAGE_AFTER_MS: '600000',
    ALERTS_SWEEP_MS: '1000',
    VAPID_PUBLIC_KEY: vapid.getPublicKey().toString('base64url'),
    VAPID_PRIVATE_KEY: vapid.getPrivateKey().toString('base64url'),
    VAPID_SUBJECT: 'mailto:alerts@sokoni.test',
    // The sandbox's push service on loopback (any port) stands in for FCM and Mozilla's.
    WEB_PUSH_ALLOWED_ORIGINS: 'http://127.0.0.1:*',
  },
});

interface Row {
  id: string;
  n: number;
  kind: string;
  channel: string;
  status: string;
  detail: string | null;
  held: boolean;
  due_at: Date;
  user_id: string;
  role: string;
  phone: string;
  whatsapp_phone_number_id: string;
  endpoint: string;
}
const sql = stack.sql<Row>;
const call = jsonCaller(() => stack.api.url, '198.51.110');
const shop = shopFlows(stack);
let seq = 300;
const shopperPhone = (suffix = '0000') => `2547${String(++seq).padStart(4, '0')}${suffix}`;
const sessions: Record<string, string> = {};
let ownerId = '';
let ownerPhone = '';

interface SandboxMessage {
  message: string;
  to: string;
  template?: { name: string };
  subject?: string;
}
const sandboxGet = async <T>(path: string): Promise<T> =>
  (await (await fetch(`${stack.sandbox.url}/__admin${path}`)).json()) as T;
const smsTo = async (to: string) =>
  (await sandboxGet<{ messages: SandboxMessage[] }>(`/sms/messages?to=%2B${to}`)).messages;
const waTo = async (to: string) =>
  (await sandboxGet<{ messages: SandboxMessage[] }>(`/whatsapp/messages?to=${to}`)).messages;

stack.before(async () => {
  for (const role of ['owner', 'admin', 'staff'] as const)
    sessions[role] = (await demoLogin(call, STORE, role)).accessToken;
  const [owner] = await sql(`SELECT id, phone FROM users WHERE tenant_id = $1 AND role = 'owner'`, [
    stack.tenantOf(STORE),
  ]);
  ownerId = owner!.id;
  ownerPhone = owner!.phone;
  const [settings] = await sql(`SELECT whatsapp_phone_number_id FROM messaging_settings WHERE tenant_id = $1`, [
    stack.tenantOf(STORE),
  ]);
  // The approved template the alerts use (Meta's manager would hold it): title and text.
  const res = await fetch(`${stack.sandbox.url}/__admin/whatsapp/templates`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      phoneNumberId: settings!.whatsapp_phone_number_id,
      name: 'owner_alert',
      language: 'en',
      bodyParameters: 2,
    }),
  });
  assert.equal(res.status, 201);
});

const settingsAnswer = z.object({ settings: alertSettingsSchema });
const settingsOf = async (role: string) =>
  (await call('GET', '/v1/owner/alerts', undefined, sessions[role])).jsonAs(settingsAnswer).settings;
const put = (role: string, body: unknown) => call('PUT', '/v1/owner/alerts', body, sessions[role]);

async function paidOrder(phone = shopperPhone()) {
  const order = await shop.placeOrder<{ id: string; number: number }>(STORE, {
    phone,
    name: 'Akinyi Otieno',
    areaSlug: 'kilimani',
  });
  assert.equal((await shop.startPayment(STORE, order.id)).status, 201);
  await waitFor(
    'the order to be paid',
    async () => (await sql(`SELECT status FROM orders WHERE id = $1`, [order.id]))[0]!.status === 'paid',
  );
  return order;
}

const deliveriesOf = (subject: string) =>
  sql(
    `SELECT d.user_id, u.role, d.channel, d.status, d.detail, d.held, d.due_at FROM alert_deliveries d
      JOIN alert_events e ON e.tenant_id = d.tenant_id AND e.id = d.event_id
      JOIN users u ON u.tenant_id = d.tenant_id AND u.id = d.user_id
     WHERE e.subject_key = $1 ORDER BY u.role, d.channel`,
    [subject],
  );
const settledDeliveries = (subject: string, label: string) =>
  waitFor(label, async () => {
    const rows = await deliveriesOf(subject);
    return rows.length && rows.every((r) => r.status !== 'due' && r.status !== 'sending') ? rows : null;
  });

describe('the rules, with an injected clock', () => {
  test('quiet hours in Nairobi time (UTC+3), wrapping past midnight; start inside, end outside', () => {
    const at = (iso: string) => new Date(iso);
    // 22:00-07:00 Nairobi = 19:00-04:00 UTC.
    const night = { startMin: 22 * 60, endMin: 7 * 60 };
    assert.equal(nairobiMinuteOfDay(at('2026-12-06T19:30:00Z')), 22 * 60 + 30);
    assert.equal(quietUntil(at('2026-12-06T18:59:00Z'), night), null, '21:59 is before quiet hours');
    assert.equal(quietUntil(at('2026-12-06T19:00:00Z'), night)?.toISOString(), '2026-12-07T04:00:00.000Z');
    assert.equal(quietUntil(at('2026-12-06T23:15:30Z'), night)?.toISOString(), '2026-12-07T04:00:00.000Z');
    assert.equal(quietUntil(at('2026-12-07T04:00:00Z'), night), null, '07:00 sharp is the end');
    // 13:00-14:00 the same day.
    const lunch = { startMin: 13 * 60, endMin: 14 * 60 };
    assert.equal(quietUntil(at('2026-12-06T10:30:00Z'), lunch)?.toISOString(), '2026-12-06T11:00:00.000Z');
    assert.equal(quietUntil(at('2026-12-06T11:00:00Z'), lunch), null);
    assert.equal(quietUntil(at('2026-12-06T10:30:00Z'), null), null);
  });

  test('push endpoints only on the allowed push services', () => {
    const allowed = 'https://fcm.googleapis.com,https://wns2-*.notify.windows.com';
    assert.ok(pushEndpointAllowed('https://fcm.googleapis.com/fcm/send/abc', allowed));
    assert.ok(pushEndpointAllowed('https://wns2-bl2p.notify.windows.com/w/?token=x', allowed));
    assert.ok(!pushEndpointAllowed('https://fcm.googleapis.com.evil.example/x', allowed));
    assert.ok(!pushEndpointAllowed('http://169.254.169.254/latest', allowed));
    assert.ok(!pushEndpointAllowed('not a url', allowed));
  });

  test('the sandbox refuses a VAPID header signed by another key or for another audience', () => {
    assert.equal(checkVapid(undefined, 'http://x').valid, false);
    assert.match(String(checkVapid('vapid t=a.b.c, k=AAAA', 'http://x').problem), /P-256/);
  });
});

describe('settings: per person, per kind and channel, refused in words', () => {
  test('staff are offered only what their role handles; the owner everything', async () => {
    const owner = await settingsOf('owner');
    assert.deepEqual(owner.kinds, ['order_paid', 'payment_problem', 'low_stock', 'etims_rejected']);
    assert.equal(owner.canEditStore, true);
    assert.ok(owner.push.publicKey, 'VAPID public key for the browser');
    const staff = await settingsOf('staff');
    assert.deepEqual(staff.kinds, ['order_paid', 'low_stock']);
    assert.equal(staff.canEditStore, false);
    assert.ok(staff.preferences.every((p) => p.kind === 'order_paid' || p.kind === 'low_stock'));

    const refused = await put('staff', { preferences: [{ kind: 'payment_problem', channel: 'sms', enabled: true }] });
    assert.equal(refused.status, 403);
    assert.match(refused.apiError().message, /does not handle payment_problem/);
    const threshold = await put('staff', { lowStockThreshold: 10 });
    assert.equal(threshold.status, 403);
    assert.equal((threshold.apiError().details as { field?: string }).field, 'lowStockThreshold');
  });

  test('bad input is refused naming the field, and nothing is saved', async () => {
    const before = await settingsOf('owner');
    for (const [body, field, words] of [
      [{ phone: '12345' }, 'phone', /Kenyan mobile number/],
      [{ quietHours: { start: '25:00', end: '07:00' } }, 'quietHours.start', /HH:MM/],
      [{ quietHours: { start: '22:00', end: '22:00' } }, 'quietHours.end', /different times/],
      [{ lowStockThreshold: -1 }, 'lowStockThreshold', /below 0/],
      [{ preferences: [{ kind: 'order_paid', channel: 'pigeon', enabled: true }] }, 'preferences.0.channel', /channel/],
      [{ phone: '0712345678', colour: 'red' }, '', /colour/],
    ] as const) {
      const res = await put('owner', body);
      assert.equal(res.status, 400, JSON.stringify(body));
      const error = res.apiError();
      assert.equal(error.code, 'validation_failed');
      const issues = (error.details as { issues: { path: string; message: string }[] }).issues;
      assert.ok(
        issues.some((i) => i.path === field && words.test(i.message)) ||
          (field === '' && issues.some((i) => words.test(`${i.message} ${JSON.stringify(i)}`))),
        `${JSON.stringify(body)} -> ${JSON.stringify(issues)}`,
      );
    }
    const after = await settingsOf('owner');
    assert.deepEqual(after.phone, before.phone);
  });

  test('saved: phone normalised, quiet hours, kind x channel', async () => {
    const res = await put('owner', {
      phone: '0712 000 111',
      quietHours: { start: '22:00', end: '06:30' },
      urgentInQuietHours: true,
      preferences: [{ kind: 'low_stock', channel: 'sms', enabled: true }],
      lowStockThreshold: 3,
    });
    assert.equal(res.status, 200);
    const saved = res.jsonAs(settingsAnswer);
    assert.equal(saved.settings.phone, '254712000111');
    assert.deepEqual(saved.settings.quietHours, { start: '22:00', end: '06:30' });
    assert.ok(saved.settings.preferences.some((p) => p.kind === 'low_stock' && p.channel === 'sms' && p.enabled));
    // Back to the account phone and no quiet hours for the flows below.
    assert.equal((await put('owner', { phone: '', quietHours: null, urgentInQuietHours: false })).status, 200);
  });
});

describe('alerts from where the events happen, once each', () => {
  test('a paid order with a duplicated callback: one event, one delivery per person and channel; WhatsApp template and SMS to the owner, push skipped without a subscription', async () => {
    assert.equal(
      (
        await put('owner', {
          preferences: [
            { kind: 'order_paid', channel: 'whatsapp', enabled: true },
            { kind: 'order_paid', channel: 'sms', enabled: true },
          ],
        })
      ).status,
      200,
    );
    const before = { wa: (await waTo(ownerPhone)).length, sms: (await smsTo(ownerPhone)).length };
    const order = await paidOrder(shopperPhone('9002')); // M-Pesa calls back twice
    const rows = await settledDeliveries(`order_paid:${order.id}`, 'the paid-order alert to be sent');
    const owner = rows.filter((r) => r.role === 'owner');
    assert.deepEqual(
      owner.map((r) => [r.channel, r.status]),
      [
        ['push', 'skipped'],
        ['sms', 'sent'],
        ['whatsapp', 'sent'],
      ],
    );
    // Staff fulfil orders: they get it too (push only by default: no phone, email is the store's).
    assert.ok(rows.some((r) => r.role === 'staff' && r.channel === 'push'));
    const wa = (await waTo(ownerPhone)).slice(before.wa);
    assert.equal(wa.length, 1, 'one WhatsApp alert');
    assert.equal(wa[0]!.template?.name, 'owner_alert');
    const sms = (await smsTo(ownerPhone)).slice(before.sms).filter((m) => m.message.includes(`#${order.number}`));
    assert.equal(sms.length, 1, 'one SMS alert');
    assert.match(sms[0]!.message, new RegExp(`order #${order.number} paid, KES`));
    // The second callback wrote nothing more.
    await new Promise((r) => setTimeout(r, 2500));
    assert.equal(
      (await sql(`SELECT count(*)::int AS n FROM alert_events WHERE subject_key = $1`, [`order_paid:${order.id}`]))[0]!
        .n,
      1,
    );
    assert.equal((await deliveriesOf(`order_paid:${order.id}`)).length, rows.length);
  });

  test('a flagged M-Pesa callback reaches those who may refund, never staff', async () => {
    const [row] = await sql(`SELECT callback_secret AS id FROM mpesa_settings WHERE tenant_id = $1`, [
      stack.tenantOf(STORE),
    ]);
    const res = await fetch(`${stack.api.url}/v1/hooks/daraja/${row!.id}/stk`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        Body: {
          stkCallback: {
            MerchantRequestID: '1',
            CheckoutRequestID: 'ws_CO_999999999999999999',
            ResultCode: 0,
            ResultDesc: 'ok',
          },
        },
      }),
    });
    assert.equal(res.status, 200);
    const [event] = await waitFor('the payment-problem event', async () => {
      const r = await sql(
        `SELECT id, subject_key AS detail FROM alert_events WHERE tenant_id = $1 AND kind = 'payment_problem'`,
        [stack.tenantOf(STORE)],
      );
      return r.length ? r : null;
    });
    const rows = await settledDeliveries(event!.detail!, 'the payment-problem alert');
    assert.deepEqual([...new Set(rows.map((r) => r.role))].sort(), ['admin', 'owner']);
    assert.ok(rows.some((r) => r.role === 'owner' && r.channel === 'whatsapp' && r.status === 'sent'));
  });

  test('low stock: alerted once when a sale crosses the threshold, not on the next sale', async () => {
    const sku = await shop.plentifulSku(STORE);
    const [variant] = await sql(`SELECT id, on_hand AS n FROM product_variants WHERE tenant_id = $1 AND sku = $2`, [
      stack.tenantOf(STORE),
      sku,
    ]);
    // The threshold just under what is on hand: the next reservation crosses it.
    assert.equal((await put('owner', { lowStockThreshold: variant!.n - 1 })).status, 200);
    const placeOne = () =>
      shop.placeOrder<{ id: string }>(STORE, { phone: shopperPhone(), name: 'Wanjiru K', areaSlug: 'kilimani' });
    await placeOne();
    await placeOne();
    const events = await sql(`SELECT id FROM alert_events WHERE kind = 'low_stock' AND facts->>'variantId' = $1`, [
      variant!.id,
    ]);
    assert.equal(events.length, 1, 'one low-stock event for two sales below the threshold');
    const rows = await waitFor('low-stock deliveries', async () => {
      const r = await sql(
        `SELECT u.role, d.channel, d.status FROM alert_deliveries d JOIN users u ON u.tenant_id = d.tenant_id AND u.id = d.user_id WHERE d.event_id = $1`,
        [events[0]!.id],
      );
      return r.length && r.every((x) => x.status !== 'due' && x.status !== 'sending') ? r : null;
    });
    assert.ok(
      rows.some((r) => r.role === 'staff'),
      'staff keep stock right: they hear about it',
    );
    assert.ok(rows.some((r) => r.role === 'owner' && r.channel === 'email' && r.status === 'sent'));
    assert.equal((await put('owner', { lowStockThreshold: 3 })).status, 200);
  });
});

describe('quiet hours', () => {
  test('an alert in quiet hours is held until they end; changing the hours releases it', async () => {
    const now = nairobiMinuteOfDay(new Date());
    const hhmm = (m: number) => {
      const v = (m + 1440) % 1440;
      return `${String(Math.floor(v / 60)).padStart(2, '0')}:${String(v % 60).padStart(2, '0')}`;
    };
    assert.equal((await put('owner', { quietHours: { start: hhmm(now - 30), end: hhmm(now + 90) } })).status, 200);
    const before = (await smsTo(ownerPhone)).length;
    const order = await paidOrder();
    const held = await waitFor('the owner alert to be held', async () => {
      const rows = (await deliveriesOf(`order_paid:${order.id}`)).filter(
        (r) => r.role === 'owner' && r.channel === 'sms',
      );
      return rows[0]?.held ? rows[0] : null;
    });
    assert.equal(held.status, 'due');
    const ahead = new Date(held.due_at).getTime() - Date.now();
    assert.ok(ahead > 80 * 60_000 && ahead <= 91 * 60_000, `held until the end of quiet hours (${ahead} ms ahead)`);
    // Staff have no quiet hours: theirs went out.
    const staff = (await deliveriesOf(`order_paid:${order.id}`)).filter((r) => r.role === 'staff');
    assert.ok(staff.every((r) => !r.held));
    assert.equal((await smsTo(ownerPhone)).length, before, 'nothing sent to the owner yet');

    assert.equal((await put('owner', { quietHours: null })).status, 200);
    await waitFor('the held alert to go out', async () =>
      (await smsTo(ownerPhone)).slice(before).some((m) => m.message.includes(`#${order.number}`)),
    );
    const [sent] = (await deliveriesOf(`order_paid:${order.id}`)).filter(
      (r) => r.role === 'owner' && r.channel === 'sms',
    );
    assert.equal(sent!.status, 'sent');
  });
});

describe('web push', () => {
  const ece = createRequire(import.meta.url)('http_ece') as {
    decrypt(
      buffer: Buffer,
      params: { version: string; privateKey: ReturnType<typeof createECDH>; authSecret: string },
    ): Buffer;
  };

  test('subscribe, an alert reaches the push service encrypted with valid VAPID; a 410 removes the subscription', async () => {
    const browser = createECDH('prime256v1');
    browser.generateKeys();
    const authSecret = randomBytes(16).toString('base64url');
    const endpoint = `${stack.sandbox.url}/push/owner-phone-1`;
    const refused = await call(
      'POST',
      '/v1/owner/alerts/push-subscriptions',
      {
        endpoint: 'https://evil.example/push/1',
        keys: { p256dh: browser.getPublicKey().toString('base64url'), auth: authSecret },
      },
      sessions.owner,
    );
    assert.equal(refused.status, 400);
    assert.match(refused.apiError().message, /endpoint/);
    const subscribed = await call(
      'POST',
      '/v1/owner/alerts/push-subscriptions',
      {
        endpoint,
        expirationTime: null,
        keys: { p256dh: browser.getPublicKey().toString('base64url'), auth: authSecret },
      },
      sessions.owner,
    );
    assert.equal(subscribed.status, 201);
    assert.deepEqual(subscribed.jsonAs(pushSubscriptionAnswerSchema), { subscribed: true, subscriptions: 1 });

    const order = await paidOrder();
    const [message] = await waitFor('the push message at the sandbox', async () => {
      const list = (
        await sandboxGet<{
          messages: {
            body: string;
            vapid: { valid: boolean; aud: string; sub: string };
            ttl: string;
            contentEncoding: string;
          }[];
        }>('/push/messages?subscription=owner-phone-1')
      ).messages;
      return list.length ? list : null;
    });
    assert.equal(message!.vapid.valid, true, JSON.stringify(message!.vapid));
    assert.equal(message!.vapid.aud, new URL(stack.sandbox.url).origin);
    assert.equal(message!.vapid.sub, 'mailto:alerts@sokoni.test');
    assert.equal(message!.contentEncoding, 'aes128gcm');
    const payload = JSON.parse(
      ece
        .decrypt(Buffer.from(message!.body, 'base64'), { version: 'aes128gcm', privateKey: browser, authSecret })
        .toString('utf8'),
    ) as { title: string; body: string; url: string };
    assert.equal(payload.title, `New paid order #${order.number}`);
    assert.match(payload.url, new RegExp(`/orders/${order.number}$`));
    const [delivery] = (await settledDeliveries(`order_paid:${order.id}`, 'push delivery')).filter(
      (r) => r.role === 'owner' && r.channel === 'push',
    );
    assert.equal(delivery!.status, 'sent');

    // The browser unsubscribed: the push service answers 410 and the subscription goes.
    await fetch(`${stack.sandbox.url}/__admin/push/subscriptions/owner-phone-1/gone`, { method: 'POST' });
    const second = await paidOrder();
    await settledDeliveries(`order_paid:${second.id}`, 'the second push delivery');
    assert.equal((await sql(`SELECT id FROM push_subscriptions WHERE endpoint = $1`, [endpoint])).length, 0);
  });
});

describe('a worker killed mid-send', () => {
  test('duplicate events collapse; a claim left by a dead worker is sent once by the next one', async () => {
    await stack.worker.stop('SIGKILL');
    const tenant = stack.tenantOf(STORE);
    const facts = JSON.stringify({ number: 4242, reason: 'invalid item code', document: 'sale' });
    // Written twice (a re-run job): one event.
    for (let i = 0; i < 2; i++)
      await sql(`SELECT app_alert_event($1, 'etims_rejected', 'etims:kill-test', $2::jsonb)`, [tenant, facts]);
    // Another one whose owner email a worker had claimed when it died (3 minutes ago).
    await sql(`SELECT app_alert_event($1, 'etims_rejected', 'etims:kill-test-2', $2::jsonb)`, [tenant, facts]);
    await sql(
      `WITH e AS (UPDATE alert_events SET fanned_out_at = now() WHERE subject_key = 'etims:kill-test-2' RETURNING tenant_id, id)
       INSERT INTO alert_deliveries (tenant_id, event_id, user_id, channel, status, attempts, claimed_at)
       SELECT tenant_id, id, $1, 'email', 'sending', 1, now() - interval '3 minutes' FROM e`,
      [ownerId],
    );
    assert.equal(
      (await sql(`SELECT count(*)::int AS n FROM alert_events WHERE subject_key = 'etims:kill-test'`))[0]!.n,
      1,
    );
    await stack.restartWorker();
    const first = await settledDeliveries('etims:kill-test', 'the eTIMS alert after the restart');
    assert.deepEqual([...new Set(first.map((r) => r.role))].sort(), ['admin', 'owner'], 'staff do not handle eTIMS');
    const second = await settledDeliveries('etims:kill-test-2', 'the stale claim to be sent');
    assert.deepEqual(
      second.map((r) => [r.role, r.channel, r.status]),
      [['owner', 'email', 'sent']],
    );
    const mail = await waitFor('the owner emails', async () => {
      const list = (
        await sandboxGet<{ messages: SandboxMessage[] }>(`/email/messages?to=owner@${STORE}.sokoni.test`)
      ).messages.filter((m) => m.subject === 'eTIMS rejected order #4242');
      return list.length >= 2 ? list : null;
    });
    await new Promise((r) => setTimeout(r, 2500));
    assert.equal(
      (
        await sandboxGet<{ messages: SandboxMessage[] }>(`/email/messages?to=owner@${STORE}.sokoni.test`)
      ).messages.filter((m) => m.subject === 'eTIMS rejected order #4242').length,
      mail.length,
    );
    assert.equal(mail.length, 2, 'one email per event');
  });
});
