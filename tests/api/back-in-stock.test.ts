// Back in stock end to end, real processes: the API, the worker and the sandbox's WhatsApp and
// SMS stand-ins. A shopper asks about a sold-out variant (consent stored with its words and
// time; bad input refused naming the field; asking twice is one request); any restock makes the
// request owed in the restock's own transaction (a database trigger, checked at commit, so a
// release + sale in one transaction is not a restock); the worker's relay sends ONE message per
// request, by the channel chosen, never twice (duplicate restocks, a killed worker, a stale
// claim), and never to a shopper who said STOP. The owner sees who waits per variant.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { useApiStack } from '../helpers/api-fixture.ts';
import { demoLogin, jsonCaller } from '../helpers/http.ts';
import { waitFor } from '../helpers/wait.ts';

const STORE = 'nairobi-gadgets';
const stack = useApiStack({ sandbox: true, env: { BACK_IN_STOCK_RELAY_MS: '1000' } });
const CONSENT = 'Send me one WhatsApp or SMS when this is back in stock.';

interface Answer {
  request: { sku: string; channel: string; status: string; created: boolean };
  variants: { productSlug: string; sku: string; waiting: number; notified: number; onHand: number }[];
  totalWaiting: number;
  variant: { sku: string; onHand: number };
  error: { code: string; message: string; details: { field?: string; reason?: string; issues?: { path: string }[] } };
}
interface SandboxMessage {
  type: string;
  template: { name: string; language: string } | undefined;
  text: { body: string };
  message: string;
}
interface Row {
  id: string;
  sku: string;
  slug: string;
  status: string;
  detail: string | null;
  consent_text: string;
  consent_at: Date;
  on_hand: number;
  n: number;
}

const call = jsonCaller<Answer>(() => stack.api.url, '198.51.107');
const sql = stack.sql<Row>;
let seq = 300;
const phone = () => `2547${String(++seq).padStart(4, '0')}0000`;
const admin = async (path: string, body?: unknown) => {
  const res = await fetch(
    `${stack.sandbox.url}/__admin${path}`,
    body === undefined
      ? {}
      : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
  );
  return (await res.json()) as { messages: SandboxMessage[] };
};
const waTo = async (to: string) => (await admin(`/whatsapp/messages?to=${to}`)).messages;
const smsTo = async (to: string) => (await admin(`/sms/messages?to=%2B${to}`)).messages;

let owner: string;
let staff: string;
stack.before(async () => {
  owner = (await demoLogin(call, STORE, 'owner')).accessToken;
  staff = (await demoLogin(call, STORE, 'staff')).accessToken;
});

/** A distinct active variant with stock (one per test), sold out through the owner's stock edit. */
let used = new Set<string>();
async function soldOutVariant(): Promise<{ sku: string; slug: string }> {
  const rows = await sql(
    `SELECT v.sku, p.slug, v.on_hand FROM product_variants v JOIN products p ON p.tenant_id = v.tenant_id AND p.id = v.product_id
      WHERE v.tenant_id = $1 AND v.on_hand > 0 AND v.status = 'active' AND p.status = 'active' ORDER BY v.sku`,
    [stack.tenantOf(STORE)],
  );
  const row = rows.find((r) => !used.has(r.sku))!;
  used = new Set([...used, row.sku]);
  await stock(row.sku, 'adjustment', -row.on_hand);
  return { sku: row.sku, slug: row.slug };
}
async function stock(sku: string, kind: 'restock' | 'adjustment', quantity: number) {
  const res = await call('POST', `/v1/owner/catalog/variants/${sku}/inventory`, { kind, quantity }, owner);
  assert.equal(res.status, 201, JSON.stringify(res.body));
}
const signUp = (body: Record<string, unknown>) => call('POST', `/v1/stores/${STORE}/back-in-stock`, body);
const request = async (sku: string, shopper: string) =>
  (
    await sql(
      `SELECT r.status, r.detail, r.consent_text, r.consent_at FROM back_in_stock_requests r JOIN product_variants v ON v.tenant_id = r.tenant_id AND v.id = r.variant_id
        WHERE v.sku = $1 AND r.phone = $2`,
      [sku, shopper],
    )
  )[0];
const requestsFor = async (sku: string) =>
  Number(
    (
      await sql(
        `SELECT count(*)::int AS n FROM back_in_stock_requests r JOIN product_variants v ON v.tenant_id = r.tenant_id AND v.id = r.variant_id WHERE v.sku = $1`,
        [sku],
      )
    )[0]!.n,
  );
/** Lets the relay (every second) run a few times, so a second message would have been sent by now. */
const relayRounds = () => new Promise((resolve) => setTimeout(resolve, 3_500));

describe('signing up', () => {
  test('bad input is refused naming the field, and nothing is written', async () => {
    const { sku } = await soldOutVariant();
    const good = { sku, phone: '0712 000 111', channel: 'whatsapp', consent: true, consentText: CONSENT };
    const cases: [Record<string, unknown>, string][] = [
      [{ ...good, phone: '12345' }, 'phone'],
      [{ ...good, consent: false }, 'consent'],
      [{ ...good, consent: undefined }, 'consent'],
      [{ ...good, channel: 'pigeon' }, 'channel'],
      [{ ...good, consentText: '' }, 'consentText'],
      [{ ...good, sku: 'no such sku!' }, 'sku'],
    ];
    for (const [body, field] of cases) {
      const res = await signUp(body);
      assert.equal(res.status, 400, `${field}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.error.code, 'validation_failed');
      assert.ok(
        res.body.error.details.issues!.some((i) => i.path === field),
        `the answer names ${field}: ${JSON.stringify(res.body.error.details)}`,
      );
    }
    const unknown = await signUp({ ...good, sku: 'NO-SUCH-SKU-1' });
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.error.details.field, 'sku');

    const inStock = (
      await sql(`SELECT sku FROM product_variants WHERE tenant_id = $1 AND on_hand > 5 ORDER BY sku DESC LIMIT 1`, [
        stack.tenantOf(STORE),
      ])
    )[0]!.sku;
    const refused = await signUp({ ...good, sku: inStock });
    assert.equal(refused.status, 409);
    assert.equal(refused.body.error.details.reason, 'in_stock');
    assert.match(refused.body.error.message, /in stock/);
    assert.equal(await requestsFor(sku), 0);
    assert.equal(await requestsFor(inStock), 0);
  });

  test('asking twice is one request; consent words and time are stored; the owner and staff see who waits', async () => {
    const { sku, slug } = await soldOutVariant();
    const shopper = phone();
    const local = `0${shopper.slice(3)}`;
    const first = await signUp({ sku, phone: local, channel: 'whatsapp', consent: true, consentText: CONSENT });
    assert.equal(first.status, 201, JSON.stringify(first.body));
    assert.deepEqual(first.body.request, { sku, channel: 'whatsapp', status: 'waiting', created: true });
    const again = await signUp({ sku, phone: `+${shopper}`, channel: 'sms', consent: true, consentText: CONSENT });
    assert.equal(again.status, 201);
    assert.equal(again.body.request.created, false);
    assert.equal(await requestsFor(sku), 1);
    const row = (await request(sku, shopper))!;
    assert.equal(row.consent_text, CONSENT);
    assert.ok(Date.now() - new Date(row.consent_at).getTime() < 60_000);
    const other = await signUp({ sku, phone: phone(), channel: 'sms', consent: true, consentText: CONSENT });
    assert.equal(other.status, 201);

    for (const token of [owner, staff]) {
      const waiting = await call('GET', `/v1/owner/back-in-stock?product=${slug}`, undefined, token);
      assert.equal(waiting.status, 200, JSON.stringify(waiting.body));
      const v = waiting.body.variants.find((x) => x.sku === sku)!;
      assert.equal(v.waiting, 2);
      assert.equal(v.onHand, 0);
    }
    const bad = await call('GET', `/v1/owner/back-in-stock?product=Not%20A%20Slug`, undefined, owner);
    assert.equal(bad.status, 400);
    assert.equal((await call('GET', `/v1/owner/back-in-stock`)).status, 401);
  });
});

describe('restocked', () => {
  test('one WhatsApp template per waiting shopper, by their chosen channel, however many restocks follow', async () => {
    const { sku, slug } = await soldOutVariant();
    const viaWhatsApp = phone();
    const viaSms = phone();
    for (const [p, channel] of [
      [viaWhatsApp, 'whatsapp'],
      [viaSms, 'sms'],
    ] as const)
      assert.equal((await signUp({ sku, phone: p, channel, consent: true, consentText: CONSENT })).status, 201);

    await stock(sku, 'restock', 5);
    await stock(sku, 'restock', 2); // a second restock event: not 0 -> n, owes nothing more
    const [wa] = await waitFor('the WhatsApp message', async () => {
      const list = await waTo(viaWhatsApp);
      return list.length ? list : null;
    });
    assert.equal(wa!.type, 'template');
    assert.equal(wa!.template?.name, 'back_in_stock');
    const [sms] = await waitFor('the SMS', async () => {
      const list = await smsTo(viaSms);
      return list.length ? list : null;
    });
    assert.match(sms!.message, new RegExp(`/products/${slug}`));
    assert.match(sms!.message, /back in stock/);

    // Sold out again and restocked again: they were told once, that was the request.
    await stock(sku, 'adjustment', -7);
    await stock(sku, 'restock', 1);
    await relayRounds();
    assert.equal((await waTo(viaWhatsApp)).length, 1);
    assert.equal((await smsTo(viaSms)).length, 1);
    assert.equal((await smsTo(viaWhatsApp)).length, 0, 'WhatsApp reached them: no SMS');
    assert.equal((await waTo(viaSms)).length, 0, 'they chose SMS');
    assert.equal((await request(sku, viaWhatsApp))!.status, 'sent');
    const waiting = await call('GET', `/v1/owner/back-in-stock?product=${slug}`, undefined, owner);
    const v = waiting.body.variants.find((x) => x.sku === sku)!;
    assert.deepEqual([v.waiting, v.notified], [0, 2]);
  });

  test('a release and a sale in one transaction (paying for the last unit) is not a restock', async () => {
    const { sku } = await soldOutVariant();
    const shopper = phone();
    assert.equal(
      (await signUp({ sku, phone: shopper, channel: 'sms', consent: true, consentText: CONSENT })).status,
      201,
    );
    const tenant = stack.tenantOf(STORE);
    await sql(`BEGIN;
      SELECT set_config('app.tenant_id', '${tenant}', true);
      INSERT INTO inventory_movements (tenant_id, variant_id, kind, quantity) SELECT tenant_id, id, 'adjustment', 1 FROM product_variants WHERE tenant_id = '${tenant}' AND sku = '${sku}';
      INSERT INTO inventory_movements (tenant_id, variant_id, kind, quantity) SELECT tenant_id, id, 'adjustment', -1 FROM product_variants WHERE tenant_id = '${tenant}' AND sku = '${sku}';
      COMMIT;`);
    await relayRounds();
    assert.equal((await request(sku, shopper))!.status, 'waiting');
    assert.equal((await smsTo(shopper)).length, 0);
  });

  test('a shopper who said STOP after asking gets nothing', async () => {
    const { sku } = await soldOutVariant();
    const shopper = phone();
    assert.equal(
      (await signUp({ sku, phone: shopper, channel: 'whatsapp', consent: true, consentText: CONSENT })).status,
      201,
    );
    await sql(
      `INSERT INTO shopper_preferences (tenant_id, phone, opted_out) VALUES ($1, $2, true)
        ON CONFLICT (tenant_id, phone) DO UPDATE SET opted_out = true`,
      [stack.tenantOf(STORE), shopper],
    );
    await stock(sku, 'restock', 3);
    await waitFor('the request to be skipped', async () => (await request(sku, shopper))?.status === 'skipped');
    assert.equal((await request(sku, shopper))!.detail, 'skipped_opted_out');
    assert.equal((await waTo(shopper)).length + (await smsTo(shopper)).length, 0);
  });

  test('worker killed: restocks while it is down (bulk set, twice) and a stale claim are sent once each when it is back', async () => {
    const { sku, slug } = await soldOutVariant();
    const a = phone();
    const b = phone();
    for (const p of [a, b])
      assert.equal((await signUp({ sku, phone: p, channel: 'sms', consent: true, consentText: CONSENT })).status, 201);
    await stack.worker.stop('SIGKILL');
    for (const onHand of [4, 6]) {
      const res = await call('POST', '/v1/owner/catalog/bulk/stock', { products: [slug], onHand }, owner);
      assert.equal(res.status, 200, JSON.stringify(res.body));
    }
    assert.equal((await request(sku, a))!.status, 'owed');
    // b's message was claimed by a worker that died mid-send, long ago (the relay retakes old claims).
    await sql(`SET session_replication_role = replica;
      UPDATE back_in_stock_requests SET status = 'sending', updated_at = now() - interval '10 minutes' WHERE phone = '${b}';
      SET session_replication_role = origin;`);
    await stack.restartWorker();
    await waitFor('both messages', async () => (await smsTo(a)).length === 1 && (await smsTo(b)).length === 1);
    await relayRounds();
    assert.equal((await smsTo(a)).length, 1);
    assert.equal((await smsTo(b)).length, 1);
    assert.equal((await request(sku, b))!.status, 'sent');
  });

  test('three shoppers waiting make an insight card for the owner: "3 shoppers wait for X: restock"', async () => {
    const { sku, slug } = await soldOutVariant();
    for (let i = 0; i < 3; i++)
      assert.equal(
        (await signUp({ sku, phone: phone(), channel: 'whatsapp', consent: true, consentText: CONSENT })).status,
        201,
      );
    const res = await call<{
      cards: { rule: string; headline: string; numbers: Record<string, unknown>; action: { href: string } }[];
    }>('POST', '/v1/owner/insights/generate?period=week', undefined, owner);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const card = res.body.cards.find((c) => c.rule === 'back_in_stock' && c.numbers.sku === sku);
    assert.ok(card, `a back_in_stock card: ${JSON.stringify(res.body.cards.map((c) => c.headline))}`);
    assert.match(card.headline, /^3 shoppers wait for .+: restock$/);
    assert.equal(card.numbers.waiting, 3);
    assert.equal(card.action.href, `/owner/products/${slug}#stock`);
  });
});
