// Delivery: every demo store's default Nairobi zones, the area picker (aliases, typos), fee quotes
// (free delivery, pickup, areas not delivered to), the owner's zone/rule changes (audited, cache
// invalidated at once, role- and store-scoped), and bad input, over real HTTP on the seeded demo.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  deliveryAreaListSchema,
  deliveryQuoteSchema,
  ownerDeliverySettingsSchema,
  type DeliveryAreaList,
  type OwnerDeliveryZone,
} from '@sokoni/contracts';
import { DEFAULT_ZONE_BANDS } from '@sokoni/db';
import { Redis } from 'ioredis';
import { useApiStack } from '../helpers/api-fixture.ts';
import { REDIS_URL, withClient } from '../helpers/database.ts';
import { demoLogin, jsonCaller, type ApiErrorBody } from '../helpers/http.ts';

const stack = useApiStack();

const STORES = ['nairobi-gadgets', 'mtindo-fashion', 'saa-bora', 'nyumba-living'];
const DEFAULT_FEES: Record<string, number> = { central: 200, inner: 300, outer: 450, outskirts: 600 };
const DEFAULT_LABELS: Record<string, string> = {
  central: 'Today',
  inner: 'Today',
  outer: 'Tomorrow',
  outskirts: '1-2 days',
};

const call = jsonCaller(() => stack.api.url, '203.0');
const login = async (store: string, role: 'owner' | 'admin' | 'staff') =>
  (await demoLogin(call, store, role)).accessToken;

async function quote(store: string, area: string, subtotal?: number) {
  const res = await call(
    'GET',
    `/v1/stores/${store}/delivery/quote?area=${area}${subtotal === undefined ? '' : `&subtotal=${subtotal}`}`,
  );
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return deliveryQuoteSchema.parse(res.body);
}

const { tenantOf } = stack;
/** An audit row as these tests read it; before/after hold what each delivery action records. */
interface AuditRow {
  actor_type: string;
  actor_id: string | null;
  entity_type: string;
  entity_id: string;
  before: AuditState;
  after: AuditState;
  correlation_id: string | null;
}
interface AuditState {
  feeKes?: number;
  movedFrom?: Record<string, string>;
  overrides?: Record<string, unknown>;
  zones?: Record<string, unknown>;
}

const auditRows = (store: string, action: string) =>
  withClient(
    stack.db.ownerUrl,
    async (c) =>
      (
        await c.query<AuditRow>(
          `SELECT actor_type, actor_id, entity_type, entity_id, before, after, correlation_id FROM audit_log WHERE tenant_id = $1 AND action = $2 ORDER BY id`,
          [tenantOf(store), action],
        )
      ).rows,
  );

describe('shopper: quotes and the area picker', () => {
  test('every seeded area has a fee and ETA at every demo store (the default zones)', async () => {
    const { status, body } = await call<{ areas: { slug: string }[] }>('GET', '/v1/areas');
    assert.equal(status, 200);
    const areas = body.areas;
    assert.ok(areas.length >= 80);
    for (const store of STORES) {
      const quotes = [];
      for (let i = 0; i < areas.length; i += 25)
        quotes.push(...(await Promise.all(areas.slice(i, i + 25).map((a) => quote(store, a.slug)))));
      const zonesSeen = new Set<string>();
      for (const [i, q] of quotes.entries()) {
        assert.equal(q.area.slug, areas[i]!.slug);
        assert.ok(q.deliverable, `${store} delivers to ${q.area.slug}`);
        if (!q.deliverable) continue;
        zonesSeen.add(q.zone.slug);
        assert.equal(q.feeKes, DEFAULT_FEES[q.zone.slug], `${store} ${q.area.slug}: fee of zone ${q.zone.slug}`);
        assert.ok(Number.isInteger(q.feeKes));
        assert.equal(q.etaLabel, DEFAULT_LABELS[q.zone.slug]);
        assert.ok(q.etaHoursMin <= q.etaHoursMax);
        assert.deepEqual(q.pickup?.feeKes, 150);
        assert.equal(q.freeDeliveryFromKes, 10_000);
      }
      assert.deepEqual([...zonesSeen].sort(), ['central', 'inner', 'outer', 'outskirts']);
      const zoneOf = Object.fromEntries(quotes.map((q) => [q.area.slug, q.zone?.slug]));
      assert.deepEqual(
        [
          'cbd',
          'upper-hill',
          'westlands',
          'kilimani',
          'lavington',
          'buruburu',
          'karen',
          'ongata-rongai',
          'syokimau',
          'kitengela',
          'ruiru',
        ].map((a) => zoneOf[a]),
        [
          'central',
          'central',
          'central',
          'central',
          'inner',
          'inner',
          'outer',
          'outer',
          'outer',
          'outskirts',
          'outskirts',
        ],
      );
    }
    assert.deepEqual(
      DEFAULT_ZONE_BANDS.map((b) => [b.slug, b.feeKes]),
      Object.entries(DEFAULT_FEES),
    );
  });

  test('the picker understands aliases, case and typos, and shows the fee inline', async () => {
    const cases: [string, string, string | null][] = [
      ['westie', 'westlands', 'westie'],
      ['kilimani', 'kilimani', null],
      ['Rongai', 'ongata-rongai', 'rongai'],
      ['rongai', 'ongata-rongai', 'rongai'],
      ['kilimanj', 'kilimani', null],
      ['embakasi', 'embakasi', null],
      ['wesland', 'westlands', null],
      ['tao', 'cbd', 'tao'],
      ["LANG'ATA", 'langata', "lang'ata"],
      ['south b', 'south-b', null],
      ['Kitengla', 'kitengela', null],
      ['  Buru ', 'buruburu', 'buru'],
    ];
    for (const [q, first, alias] of cases) {
      const res = await call('GET', `/v1/stores/saa-bora/delivery/areas?q=${encodeURIComponent(q)}`);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      const list = deliveryAreaListSchema.parse(res.body);
      assert.ok(list.areas.length >= 1 && list.areas.length <= 8, `${q}: ${list.areas.length} matches`);
      const top = list.areas[0]!;
      assert.equal(top.slug, first, `"${q}" -> ${list.areas.map((a) => a.slug).join(', ')}`);
      assert.equal(top.matchedAlias, alias, `"${q}" matched alias`);
      assert.ok(top.deliverable && Number.isInteger(top.feeKes) && top.etaLabel, `"${q}": fee and ETA inline`);
      assert.equal(list.pickup?.feeKes, 150);
    }
    const rongai = deliveryAreaListSchema.parse((await call('GET', '/v1/stores/saa-bora/delivery/areas?q=rongai')).body)
      .areas[0]!;
    assert.deepEqual([rongai.name, rongai.feeKes, rongai.etaLabel], ['Ongata Rongai', 450, 'Tomorrow']);

    const many = await call<DeliveryAreaList>('GET', '/v1/stores/saa-bora/delivery/areas?q=ka');
    assert.equal(many.body.areas.length, 8, 'at most 8 matches');
    const injection = await call<DeliveryAreaList>(
      'GET',
      `/v1/stores/saa-bora/delivery/areas?q=${encodeURIComponent("'; DROP TABLE nairobi_areas; --")}`,
    );
    assert.equal(injection.status, 200);
    assert.ok(injection.body.areas.length <= 8);
    for (const q of ['zzzzqx', '%', '___', '🙂']) {
      const none = await call<DeliveryAreaList>('GET', `/v1/stores/saa-bora/delivery/areas?q=${encodeURIComponent(q)}`);
      assert.equal(none.status, 200, q);
      assert.deepEqual(none.body.areas, [], `"${q}" matches nothing`);
    }
    const all = deliveryAreaListSchema.parse((await call('GET', '/v1/stores/saa-bora/delivery/areas')).body);
    assert.equal(
      all.areas.length,
      (await call<{ areas: unknown[] }>('GET', '/v1/areas')).body.areas.length,
      'no q: every area (for a no-JS select)',
    );
    assert.ok(all.areas.every((a) => a.deliverable));
  });

  test('free delivery from the threshold; pickup at an agent point is cheaper, and free with it', async () => {
    const below = await quote('nairobi-gadgets', 'lavington', 9_999);
    assert.ok(below.deliverable);
    assert.deepEqual(
      [below.feeKes, below.standardFeeKes, below.freeDelivery, below.pickup?.feeKes],
      [300, 300, false, 150],
    );
    assert.match(below.pickup!.note, /agent points are listed at checkout/);
    const at = await quote('nairobi-gadgets', 'lavington', 10_000);
    assert.ok(at.deliverable);
    assert.deepEqual([at.feeKes, at.standardFeeKes, at.freeDelivery, at.pickup?.feeKes], [0, 300, true, 0]);
    const none = await quote('nairobi-gadgets', 'lavington');
    assert.deepEqual([none.feeKes, none.freeDelivery], [300, false], 'no subtotal: the standard fee');
    const far = await quote('nairobi-gadgets', 'kitengela', 250_000);
    assert.deepEqual([far.feeKes, far.standardFeeKes, far.freeDelivery], [0, 600, true]);
    const withSubtotal = deliveryAreaListSchema.parse(
      (await call('GET', '/v1/stores/nairobi-gadgets/delivery/areas?q=karen&subtotal=20000')).body,
    );
    assert.deepEqual(
      [withSubtotal.areas[0]!.slug, withSubtotal.areas[0]!.feeKes, withSubtotal.areas[0]!.freeDelivery],
      ['karen', 0, true],
    );
  });

  test('an unknown area or store is a 404 with a clear message', async () => {
    const area = await call<ApiErrorBody>('GET', '/v1/stores/saa-bora/delivery/quote?area=atlantis&subtotal=100');
    assert.equal(area.status, 404);
    assert.equal(area.body.error.code, 'not_found');
    assert.match(area.body.error.message, /no delivery area called "atlantis"/);
    assert.equal(area.body.error.details.area, 'atlantis');
    const store = await call<ApiErrorBody>('GET', '/v1/stores/no-such-store/delivery/quote?area=cbd');
    assert.equal(store.status, 404);
    assert.equal(store.body.error.code, 'store_not_found');
  });

  test('bad input is a 400, never a 500', async () => {
    const bad = [
      'area=cbd&subtotal=-1',
      'area=cbd&subtotal=1.5',
      'area=cbd&subtotal=1e3',
      'area=cbd&subtotal=99999999999999999999',
      'area=cbd&subtotal=1000000000',
      'area=cbd&subtotal=0x10',
      'area=cbd&subtotal=%2012',
      'area=cbd&subtotal=abc',
      'area=cbd&subtotal=',
      'area=cbd&subtotal=1&subtotal=2',
      'area=DROP%20TABLE',
      'area=..%2Fetc',
      `area=${'a'.repeat(61)}`,
      'area=Westlands',
      'area=',
      'subtotal=100',
      'area=cbd&area=karen',
      'area=%00',
    ];
    for (const query of bad) {
      const res = await call<ApiErrorBody>('GET', `/v1/stores/saa-bora/delivery/quote?${query}`);
      assert.equal(res.status, 400, `${query}: ${JSON.stringify(res.body)}`);
      // NUL is refused before validation by the hostile-input guard (invalid_text); the rest by zod.
      assert.equal(res.body.error.code, query === 'area=%00' ? 'invalid_text' : 'validation_failed', query);
    }
    for (const query of [`q=${'w'.repeat(61)}`, 'q=a&q=b', 'q=west&subtotal=-5']) {
      const res = await call<ApiErrorBody>('GET', `/v1/stores/saa-bora/delivery/areas?${query}`);
      assert.equal(res.status, 400, query);
      assert.equal(res.body.error.code, 'validation_failed');
    }
    assert.equal((await call('GET', '/v1/stores/Bad_Store/delivery/quote?area=cbd')).status, 400);
  });
});

describe('owner: zones and rules', () => {
  test('staff may read the zones but not change fees, rules or defaults (403); no token is a 401', async () => {
    const staff = await login('saa-bora', 'staff');
    const read = await call('GET', '/v1/owner/delivery/zones', undefined, staff);
    assert.equal(read.status, 200);
    const settings = ownerDeliverySettingsSchema.parse(read.body);
    assert.deepEqual(
      settings.zones.map((z) => [z.slug, z.feeKes, z.etaLabel]),
      [
        ['central', 200, 'Today'],
        ['inner', 300, 'Today'],
        ['outer', 450, 'Tomorrow'],
        ['outskirts', 600, '1-2 days'],
      ],
    );
    assert.deepEqual(settings.rules, { freeDeliveryFromKes: 10_000, pickupFeeKes: 150 });
    assert.deepEqual(settings.unassignedAreas, []);
    const central = settings.zones[0]!;
    const denied = await call<ApiErrorBody>(
      'PUT',
      '/v1/owner/delivery/zones/central',
      { name: central.name, feeKes: 1, etaHoursMin: 1, etaHoursMax: 2 },
      staff,
    );
    assert.equal(denied.status, 403);
    assert.equal(denied.body.error.details.permission, 'settings.write');
    assert.equal(
      (await call('PUT', '/v1/owner/delivery/rules', { freeDeliveryFromKes: null, pickupFeeKes: null }, staff)).status,
      403,
    );
    assert.equal((await call('POST', '/v1/owner/delivery/defaults?replace=true', undefined, staff)).status, 403);
    assert.equal((await call('DELETE', '/v1/owner/delivery/zones/central', undefined, staff)).status, 403);
    assert.equal((await quote('saa-bora', 'cbd')).feeKes, 200, 'nothing changed');
    assert.equal((await call('GET', '/v1/owner/delivery/zones')).status, 401);
  });

  test('an owner changes a zone fee: the very next quote shows it (cache invalidated), and it is audited', async () => {
    const store = 'nyumba-living';
    assert.equal((await quote(store, 'lavington', 500)).feeKes, 300);
    // The fee table is cached under the store's tenant prefix, for a short TTL.
    const redis = new Redis(REDIS_URL);
    try {
      const keys = await redis.keys(`${stack.api.env.REDIS_KEY_PREFIX}t:${tenantOf(store)}:delivery:table:*`);
      assert.equal(keys.length, 1, 'one cached fee table');
      const ttl = await redis.ttl(keys[0]!);
      assert.ok(ttl > 0 && ttl <= 60, `ttl ${ttl}`);
    } finally {
      redis.disconnect();
    }

    const owner = await login(store, 'owner');
    const inner = ownerDeliverySettingsSchema
      .parse((await call('GET', '/v1/owner/delivery/zones', undefined, owner)).body)
      .zones.find((z) => z.slug === 'inner')!;
    const changed = await call<{ zone: OwnerDeliveryZone }>(
      'PUT',
      '/v1/owner/delivery/zones/inner',
      { name: inner.name, feeKes: 350, etaHoursMin: inner.etaHoursMin, etaHoursMax: inner.etaHoursMax },
      owner,
    );
    assert.equal(changed.status, 200, JSON.stringify(changed.body));
    assert.equal(changed.body.zone.feeKes, 350);
    assert.equal(changed.body.zone.areas.length, inner.areas.length, 'areas omitted: kept');
    const next = await quote(store, 'lavington', 500);
    assert.deepEqual([next.feeKes, next.zone?.slug], [350, 'inner']);
    assert.equal((await quote('saa-bora', 'lavington')).feeKes, 300, "another store's fee is untouched");

    const [audit] = await auditRows(store, 'delivery.fee_changed');
    assert.ok(audit, 'audit row written');
    assert.deepEqual([audit.actor_type, audit.entity_type, audit.entity_id], ['user', 'delivery_zone', 'inner']);
    assert.deepEqual([audit.before.feeKes, audit.after.feeKes], [300, 350]);
    assert.ok(audit.actor_id && audit.correlation_id);

    // Admins may change delivery settings too; an unchanged fee is a zone_updated, not fee_changed.
    const admin = await login(store, 'admin');
    const renamed = await call(
      'PUT',
      '/v1/owner/delivery/zones/inner',
      { name: 'Inner Nairobi', feeKes: 350, etaHoursMin: 2, etaHoursMax: 5 },
      admin,
    );
    assert.equal(renamed.status, 200);
    assert.equal((await auditRows(store, 'delivery.zone_updated')).length, 1);
    assert.equal((await auditRows(store, 'delivery.fee_changed')).length, 1);
    const renamedQuote = await quote(store, 'lavington');
    assert.ok(renamedQuote.deliverable);
    assert.deepEqual([renamedQuote.zone.name, renamedQuote.etaHoursMax], ['Inner Nairobi', 5]);
  });

  test('areas move between zones, take surcharges, and an area no zone covers is deliverable:false with pickup', async () => {
    const store = 'mtindo-fashion';
    const owner = await login(store, 'owner');
    const settings = ownerDeliverySettingsSchema.parse(
      (await call('GET', '/v1/owner/delivery/zones', undefined, owner)).body,
    );
    const outskirts = settings.zones.find((z) => z.slug === 'outskirts')!;
    assert.ok(outskirts.areas.some((a) => a.slug === 'kitengela'));

    const without = await call(
      'PUT',
      '/v1/owner/delivery/zones/outskirts',
      {
        name: outskirts.name,
        feeKes: outskirts.feeKes,
        etaHoursMin: outskirts.etaHoursMin,
        etaHoursMax: outskirts.etaHoursMax,
        areas: outskirts.areas.filter((a) => a.slug !== 'kitengela').map((a) => a.slug),
      },
      owner,
    );
    assert.equal(without.status, 200, JSON.stringify(without.body));
    const gone = await quote(store, 'kitengela', 500);
    assert.equal(gone.deliverable, false);
    assert.equal(gone.feeKes, null);
    assert.match(gone.deliverable ? '' : gone.message, /does not deliver to Kitengela/);
    assert.equal(gone.pickup?.feeKes, 150, 'pickup is still offered');
    const picker = deliveryAreaListSchema.parse(
      (await call('GET', `/v1/stores/${store}/delivery/areas?q=kitengela`)).body,
    );
    assert.equal(picker.areas[0]!.deliverable, false);
    const after1 = ownerDeliverySettingsSchema.parse(
      (await call('GET', '/v1/owner/delivery/zones', undefined, owner)).body,
    );
    assert.deepEqual(
      after1.unassignedAreas.map((a) => a.slug),
      ['kitengela'],
    );

    // A new zone with a per-area surcharge, taking Ngong from the outskirts zone.
    const created = await call<{ zone: OwnerDeliveryZone }>(
      'PUT',
      '/v1/owner/delivery/zones/far-south',
      {
        name: 'Kitengela & Ngong',
        feeKes: 700,
        etaHoursMin: 24,
        etaHoursMax: 72,
        areas: [
          { slug: 'kitengela', surchargeKes: 100 },
          'ngong',
          { slug: 'ongata-rongai', feeKes: 500, etaHoursMin: 12, etaHoursMax: 24 },
        ],
      },
      owner,
    );
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.deepEqual(
      created.body.zone.areas.map((a) => [a.slug, a.effectiveFeeKes]),
      [
        ['kitengela', 800],
        ['ngong', 700],
        ['ongata-rongai', 500],
      ],
    );
    const kitengela = await quote(store, 'kitengela', 500);
    assert.ok(kitengela.deliverable);
    assert.deepEqual([kitengela.feeKes, kitengela.zone.slug, kitengela.etaLabel], [800, 'far-south', '1-3 days']);
    const rongai = await quote(store, 'ongata-rongai');
    assert.deepEqual([rongai.feeKes, rongai.etaLabel], [500, 'Tomorrow']);
    const [audit] = await auditRows(store, 'delivery.zone_created');
    assert.ok(audit, 'audit row written');
    assert.equal(audit.entity_id, 'far-south');
    assert.deepEqual(audit.after.movedFrom, { ngong: 'outskirts', 'ongata-rongai': 'outer' });
    assert.deepEqual(audit.after.overrides?.kitengela, {
      feeKes: null,
      surchargeKes: 100,
      etaHoursMin: null,
      etaHoursMax: null,
    });

    // Deleting the zone leaves its areas undelivered until they join another zone.
    const deleted = await call<{ unassignedAreas: string[] }>(
      'DELETE',
      '/v1/owner/delivery/zones/far-south',
      undefined,
      owner,
    );
    assert.equal(deleted.status, 200);
    assert.deepEqual(deleted.body.unassignedAreas, ['kitengela', 'ngong', 'ongata-rongai']);
    assert.equal((await quote(store, 'ngong')).deliverable, false);
    assert.equal((await auditRows(store, 'delivery.zone_deleted')).length, 1);
    assert.equal((await call('DELETE', '/v1/owner/delivery/zones/far-south', undefined, owner)).status, 404);
  });

  test('rules: free delivery and pickup can be changed or switched off', async () => {
    const store = 'mtindo-fashion';
    const owner = await login(store, 'owner');
    const res = await call(
      'PUT',
      '/v1/owner/delivery/rules',
      { freeDeliveryFromKes: 5_000, pickupFeeKes: null },
      owner,
    );
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const q = await quote(store, 'karen', 6_000);
    assert.deepEqual([q.feeKes, q.freeDelivery, q.pickup, q.freeDeliveryFromKes], [0, true, null, 5_000]);
    const undeliverable = await quote(store, 'ngong');
    assert.match(
      undeliverable.deliverable ? '' : undeliverable.message,
      /WhatsApp/,
      'no pickup: the message says what to do instead',
    );
    const [audit] = await auditRows(store, 'delivery.rules_changed');
    assert.deepEqual(
      [audit?.before, audit?.after],
      [
        { freeDeliveryFromKes: 10_000, pickupFeeKes: 150 },
        { freeDeliveryFromKes: 5_000, pickupFeeKes: null },
      ],
    );
    for (const body of [
      {},
      { freeDeliveryFromKes: 5000 },
      { freeDeliveryFromKes: 0, pickupFeeKes: 100 },
      { freeDeliveryFromKes: 5000.5, pickupFeeKes: 100 },
      { freeDeliveryFromKes: 5000, pickupFeeKes: -1 },
      { freeDeliveryFromKes: '5000', pickupFeeKes: 100 },
      { freeDeliveryFromKes: 5000, pickupFeeKes: 100, extra: 1 },
    ]) {
      const bad = await call('PUT', '/v1/owner/delivery/rules', body, owner);
      assert.equal(bad.status, 400, JSON.stringify(body));
    }
  });

  test('defaults in one click: 409 when the store has zones, ?replace=true restores them', async () => {
    const store = 'mtindo-fashion';
    const owner = await login(store, 'owner');
    const refused = await call<ApiErrorBody>('POST', '/v1/owner/delivery/defaults', undefined, owner);
    assert.equal(refused.status, 409);
    assert.equal(refused.body.error.code, 'conflict');
    assert.match(refused.body.error.message, /replace=true/);
    assert.equal((await call('POST', '/v1/owner/delivery/defaults?replace=maybe', undefined, owner)).status, 400);

    const replaced = await call('POST', '/v1/owner/delivery/defaults?replace=true', undefined, owner);
    assert.equal(replaced.status, 200, JSON.stringify(replaced.body));
    const settings = ownerDeliverySettingsSchema.parse(replaced.body);
    assert.deepEqual(
      settings.zones.map((z) => [z.slug, z.feeKes]),
      Object.entries(DEFAULT_FEES),
    );
    assert.deepEqual(settings.unassignedAreas, []);
    assert.deepEqual(settings.rules, { freeDeliveryFromKes: 10_000, pickupFeeKes: 150 });
    assert.equal((await quote(store, 'kitengela')).feeKes, 600);
    assert.equal((await quote(store, 'ongata-rongai')).feeKes, 450);
    const [audit] = await auditRows(store, 'delivery.defaults_applied').then((rows) =>
      rows.filter((r) => r.actor_type === 'user'),
    );
    assert.ok(audit?.before.zones?.outskirts, 'the replaced zones are in the audit row');

    // A store with no zones delivers nowhere, and takes the defaults without ?replace.
    for (const zone of settings.zones)
      assert.equal((await call('DELETE', `/v1/owner/delivery/zones/${zone.slug}`, undefined, owner)).status, 200);
    assert.equal((await quote(store, 'cbd')).deliverable, false);
    assert.equal((await call('POST', '/v1/owner/delivery/defaults', undefined, owner)).status, 200);
    assert.equal((await quote(store, 'cbd')).feeKes, 200);
  });

  test('zone input is validated: 400, never 500', async () => {
    const owner = await login('nyumba-living', 'owner');
    const base = { name: 'Test zone', feeKes: 100, etaHoursMin: 1, etaHoursMax: 4 };
    const bad: unknown[] = [
      {},
      { ...base, etaHoursMin: 10, etaHoursMax: 5 },
      { ...base, feeKes: -1 },
      { ...base, feeKes: 1.5 },
      { ...base, feeKes: '100' },
      { ...base, feeKes: 1_000_000 },
      { ...base, name: '' },
      { ...base, name: 'x'.repeat(81) },
      { ...base, extra: true },
      { ...base, areas: ['cbd', 'cbd'] },
      { ...base, areas: ['Not A Slug'] },
      { ...base, areas: [{ slug: 'cbd', etaHoursMin: 3 }] },
      { ...base, areas: [{ slug: 'cbd', surchargeKes: -5 }] },
      { ...base, areas: 'cbd' },
      [base],
    ];
    for (const body of bad) {
      const res = await call('PUT', '/v1/owner/delivery/zones/test-zone', body, owner);
      assert.equal(res.status, 400, `${JSON.stringify(body)}: ${JSON.stringify(res.body)}`);
    }
    const unknown = await call<ApiErrorBody>(
      'PUT',
      '/v1/owner/delivery/zones/test-zone',
      { ...base, areas: ['cbd', 'atlantis'] },
      owner,
    );
    assert.equal(unknown.status, 400);
    assert.deepEqual(unknown.body.error.details.unknown, ['atlantis']);
    assert.equal((await call('PUT', '/v1/owner/delivery/zones/Bad%20Zone', base, owner)).status, 400);
    assert.equal((await call('PUT', `/v1/owner/delivery/zones/${'z'.repeat(41)}`, base, owner)).status, 400);
    const zones = ownerDeliverySettingsSchema.parse(
      (await call('GET', '/v1/owner/delivery/zones', undefined, owner)).body,
    ).zones;
    assert.ok(!zones.some((z) => z.slug === 'test-zone'), 'nothing was written');
    assert.equal((await quote('nyumba-living', 'cbd')).feeKes, 200);
  });

  test("store A's owner can neither see nor change store B's zones (token = store; RLS below)", async () => {
    const a = await login('saa-bora', 'owner');
    const b = await login('nairobi-gadgets', 'owner');
    const aCentral = ownerDeliverySettingsSchema.parse(
      (await call('GET', '/v1/owner/delivery/zones', undefined, a)).body,
    ).zones[0]!;
    const res = await call(
      'PUT',
      '/v1/owner/delivery/zones/central',
      { name: aCentral.name, feeKes: 250, etaHoursMin: 2, etaHoursMax: 6 },
      a,
    );
    assert.equal(res.status, 200);
    assert.equal((await quote('saa-bora', 'cbd')).feeKes, 250);
    assert.equal((await quote('nairobi-gadgets', 'cbd')).feeKes, 200);
    const bZones = ownerDeliverySettingsSchema.parse(
      (await call('GET', '/v1/owner/delivery/zones', undefined, b)).body,
    ).zones;
    assert.equal(bZones.find((z) => z.slug === 'central')!.feeKes, 200);
    const aZones = ownerDeliverySettingsSchema.parse(
      (await call('GET', '/v1/owner/delivery/zones', undefined, a)).body,
    ).zones;
    assert.equal(aZones.find((z) => z.slug === 'central')!.feeKes, 250);

    // The same holds in Postgres for the app role: in A's context B's delivery rows do not exist.
    await withClient(stack.db.appUrl, async (client) => {
      await client.query('BEGIN');
      try {
        await client.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenantOf('saa-bora')]);
        for (const table of ['delivery_settings', 'delivery_zones', 'delivery_zone_areas']) {
          const { rows } = await client.query<{ n: number; foreign: number }>(
            `SELECT count(*)::int AS n, count(*) FILTER (WHERE tenant_id <> $1)::int AS foreign FROM ${table}`,
            [tenantOf('saa-bora')],
          );
          assert.ok(rows[0]!.n > 0, `${table}: A sees its own rows`);
          assert.equal(rows[0]!.foreign, 0, `${table}: A sees no other store's rows`);
        }
        const updated = await client.query(`UPDATE delivery_zones SET fee_kes = 1 WHERE tenant_id = $1`, [
          tenantOf('nairobi-gadgets'),
        ]);
        assert.equal(updated.rowCount, 0);
      } finally {
        await client.query('ROLLBACK');
      }
    });
  });
});
