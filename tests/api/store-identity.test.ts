// Store identity over real HTTP (issue 12): the owner's branding (colour checked for contrast,
// hero, announcement, home sections in order), logo/hero upload served by /media, business
// details (KRA PIN format) on the storefront and the invoice, defaults per vertical, the demo
// stores' own looks, permissions (staff cannot) and audit rows; bad input is a 4xx naming the field.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import sharp from 'sharp';
import { contrastRatio, brandColorProblem, VERTICALS } from '@sokoni/contracts';
import { identityDefaults } from '../../apps/api/src/modules/store-identity/identity-defaults.ts';
import { useApiStack } from '../helpers/api-fixture.ts';
import { demoLogin, jsonCaller } from '../helpers/http.ts';

const stack = useApiStack();

interface Image {
  url: string;
  width: number;
  height: number;
}
interface Branding {
  saved: boolean;
  brandColor: string;
  logo: Image | null;
  hero: {
    headline: string;
    text: string | null;
    link: string | null;
    linkLabel: string | null;
    image: Image | null;
  } | null;
  announcement: { text: string; link: string | null } | null;
  sections: { type: string; collection?: string; title?: string }[];
  business: {
    legalName: string | null;
    kraPin: string | null;
    physicalAddress: string | null;
    openingHours: string | null;
  };
  collections: { slug: string; title: string }[];
}
interface Answer {
  branding: Branding;
  store: {
    slug: string;
    brand?: {
      color: string;
      logo: Image | null;
      announcement: { text: string } | null;
      business: Branding['business'];
    };
  };
  hero: Branding['hero'];
  sections: {
    type: string;
    title: string;
    collection: string | null;
    products: { slug: string }[];
    categories: { slug: string }[];
    areas: { slug: string; name: string }[];
  }[];
  error: {
    code: string;
    message: string;
    details: { issues?: { path: string; message: string }[]; field?: string; permission?: string };
  };
}

const call = jsonCaller<Answer>(() => stack.api.url, '198.51');
const STORE = 'nairobi-gadgets';

const validBranding = {
  brandColor: '#7C2D12',
  hero: { headline: 'Big phone week', text: 'Up to 20% off Samsung', link: '/c/phones', linkLabel: 'See phones' },
  announcement: { text: 'Free delivery in Kilimani today', link: '/areas/kilimani' },
  sections: [
    { type: 'shop_by_area', title: 'We deliver to you today' },
    { type: 'featured_collection', collection: 'top-picks' },
    { type: 'new_arrivals' },
  ],
};

async function upload(path: string, token: string, bytes: Buffer, type = 'image/png') {
  const res = await fetch(`${stack.api.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': type },
    body: new Uint8Array(bytes),
  });
  return { status: res.status, body: (await res.json()) as Answer };
}

describe('store identity', () => {
  test('every vertical default colour is readable with white text; the check refuses light colours', () => {
    for (const v of VERTICALS) {
      const { brandColor } = identityDefaults(v);
      assert.ok(contrastRatio(brandColor, '#ffffff') >= 4.5, `${v} ${brandColor}`);
    }
    assert.equal(Math.round(contrastRatio('#000000', '#ffffff')), 21);
    assert.equal(brandColorProblem('#0b6b3a'), null);
    assert.match(brandColorProblem('#ffd400')!.message, /1\.\d\d:1/);
  });

  test('the demo stores each have their own look (colour, logo, hero, sections) on the storefront', async () => {
    const colours = new Set<string>();
    for (const slug of ['nairobi-gadgets', 'mtindo-fashion', 'saa-bora', 'nyumba-living']) {
      const { status, body } = await call('GET', `/v1/stores/${slug}`);
      assert.equal(status, 200);
      const brand = body.store.brand!;
      colours.add(brand.color);
      assert.ok(brand.logo, `${slug} logo`);
      assert.ok(brand.announcement, `${slug} announcement`);
      assert.ok(brand.business.legalName && brand.business.kraPin && brand.business.openingHours);
      const logo = await fetch(`${stack.api.url}${brand.logo.url}?w=160`, { headers: { accept: 'image/avif' } });
      assert.equal(logo.status, 200);
      assert.equal(logo.headers.get('content-type'), 'image/avif');
      const home = await call('GET', `/v1/stores/${slug}/home`);
      assert.equal(home.status, 200);
      assert.ok(home.body.hero?.headline && home.body.hero.image, `${slug} hero`);
      assert.ok(home.body.sections.length >= 3, `${slug} sections`);
      const grid = home.body.sections.find((s) => s.type === 'category_grid');
      assert.ok(grid && grid.categories.length > 0);
      const areas = home.body.sections.find((s) => s.type === 'shop_by_area');
      assert.ok(areas && areas.areas.length > 0);
    }
    assert.equal(colours.size, 4);
  });

  test('owner saves colour, hero, announcement and ordered sections; storefront and audit follow', async () => {
    const owner = await demoLogin(call, STORE, 'owner');
    const saved = await call('PUT', '/v1/owner/settings/branding', validBranding, owner.accessToken);
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    assert.equal(saved.body.branding.brandColor, '#7c2d12');
    assert.equal(saved.body.branding.saved, true);
    const store = await call('GET', `/v1/stores/${STORE}`);
    assert.equal(store.body.store.brand!.color, '#7c2d12');
    assert.equal(store.body.store.brand!.announcement!.text, 'Free delivery in Kilimani today');
    const home = await call('GET', `/v1/stores/${STORE}/home`);
    assert.deepEqual(
      home.body.sections.map((s) => s.type),
      ['shop_by_area', 'featured_collection', 'new_arrivals'],
    );
    assert.equal(home.body.sections[0]!.title, 'We deliver to you today');
    assert.equal(home.body.sections[1]!.collection, 'top-picks');
    assert.equal(home.body.hero!.headline, 'Big phone week');
    const audit = await stack.sql<{ before: { brandColor: string }; after: { brandColor: string } }>(
      `SELECT before, after FROM audit_log WHERE tenant_id = $1 AND action = 'store.branding_changed' ORDER BY id DESC LIMIT 1`,
      [stack.tenantOf(STORE)],
    );
    assert.equal(audit[0]!.before.brandColor, '#1d4ed8');
    assert.equal(audit[0]!.after.brandColor, '#7c2d12');
  });

  test('an unreadable colour is refused with the reason and the measured ratio; nothing is written', async () => {
    const owner = await demoLogin(call, STORE, 'owner');
    const before = await call('GET', '/v1/owner/settings/branding', undefined, owner.accessToken);
    const res = await call(
      'PUT',
      '/v1/owner/settings/branding',
      { ...validBranding, brandColor: '#ffd400' },
      owner.accessToken,
    );
    assert.equal(res.status, 400);
    assert.equal(res.body.error.code, 'validation_failed');
    const issue = res.body.error.details.issues!.find((i) => i.path === 'brandColor');
    assert.ok(issue, JSON.stringify(res.body));
    assert.match(issue.message, /contrast of 1\.\d\d:1; it needs at least 4\.5:1/);
    const after = await call('GET', '/v1/owner/settings/branding', undefined, owner.accessToken);
    assert.deepEqual(after.body.branding, before.body.branding);
  });

  test('bad input names the field: colour format, links, sections, unknown collection', async () => {
    const owner = await demoLogin(call, STORE, 'owner');
    const cases: [unknown, string][] = [
      [{ ...validBranding, brandColor: 'green' }, 'brandColor'],
      [{ ...validBranding, hero: { ...validBranding.hero, link: 'javascript:alert(1)' } }, 'hero.link'],
      [{ ...validBranding, announcement: { text: 'x\u0000y' } }, 'announcement.text'],
      [{ ...validBranding, sections: [{ type: 'carousel' }] }, 'sections.0.type'],
      [{ ...validBranding, sections: [{ type: 'new_arrivals' }, { type: 'new_arrivals' }] }, 'sections.1.type'],
      [
        { ...validBranding, sections: [{ type: 'featured_collection', collection: 'no-such' }] },
        'sections.0.collection',
      ],
    ];
    for (const [body, field] of cases) {
      const res = await call('PUT', '/v1/owner/settings/branding', body, owner.accessToken);
      assert.equal(res.status, 400, `${field}: ${JSON.stringify(res.body)}`);
      const paths = (res.body.error.details.issues ?? []).map((i) => i.path);
      assert.ok(
        paths.includes(field) || res.body.error.details.field === field || JSON.stringify(res.body).includes(field),
        `${field} not named: ${JSON.stringify(res.body)}`,
      );
    }
  });

  test('staff cannot change branding, pictures or business details; they can read them', async () => {
    const staff = await demoLogin(call, STORE, 'staff');
    assert.equal((await call('GET', '/v1/owner/settings/branding', undefined, staff.accessToken)).status, 200);
    for (const [method, path, body] of [
      ['PUT', '/v1/owner/settings/branding', validBranding],
      [
        'PUT',
        '/v1/owner/settings/business',
        { legalName: 'X Ltd', kraPin: 'P051234567X', physicalAddress: 'Moi Avenue', openingHours: 'Daily 9-5' },
      ],
      ['DELETE', '/v1/owner/settings/branding/logo', undefined],
    ] as const) {
      const res = await call(method, path, body, staff.accessToken);
      assert.equal(res.status, 403, `${method} ${path}`);
    }
    const png = await sharp({ create: { width: 200, height: 200, channels: 3, background: '#123456' } })
      .png()
      .toBuffer();
    assert.equal((await upload('/v1/owner/settings/branding/logo', staff.accessToken, png)).status, 403);
  });

  test('business details: KRA PIN format checked, shown on the storefront and printed on the invoice', async () => {
    const admin = await demoLogin(call, STORE, 'admin');
    const bad = await call(
      'PUT',
      '/v1/owner/settings/business',
      {
        legalName: 'Nairobi Gadgets Ltd',
        kraPin: '12345',
        physicalAddress: 'Luthuli Avenue, Nairobi',
        openingHours: 'Mon-Sat 8-7',
      },
      admin.accessToken,
    );
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.details.issues![0]!.path, 'kraPin');
    assert.match(bad.body.error.details.issues![0]!.message, /P051234567X/);
    const ok = await call(
      'PUT',
      '/v1/owner/settings/business',
      {
        legalName: 'Nairobi Gadgets Holdings Ltd',
        kraPin: 'p 051234567 x',
        physicalAddress: 'Shop 12, Luthuli Avenue, Nairobi',
        openingHours: 'Mon–Sat 8:00–19:00',
      },
      admin.accessToken,
    );
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal(ok.body.branding.business.kraPin, 'P051234567X');
    const store = await call('GET', `/v1/stores/${STORE}`);
    assert.equal(store.body.store.brand!.business.legalName, 'Nairobi Gadgets Holdings Ltd');
    assert.equal(store.body.store.brand!.business.kraPin, 'P051234567X');
    const [order] = await stack.sql<{ id: string }>(`SELECT id FROM orders WHERE tenant_id = $1 LIMIT 1`, [
      stack.tenantOf(STORE),
    ]);
    if (order) {
      const invoice = await fetch(`${stack.api.url}/v1/stores/${STORE}/orders/${order.id}/invoice`);
      const html = await invoice.text();
      assert.equal(invoice.status, 200);
      assert.match(html, /KRA PIN: P051234567X/);
      assert.match(html, /Nairobi Gadgets Holdings Ltd/);
      assert.match(html, /Shop 12, Luthuli Avenue/);
    }
    const audit = await stack.sql<{ n: string }>(
      `SELECT count(*) AS n FROM audit_log WHERE tenant_id = $1 AND action = 'store.business_details_changed'`,
      [stack.tenantOf(STORE)],
    );
    assert.equal(Number(audit[0]!.n), 1);
  });

  test('logo upload: stored, served by /media in renditions, audited; a non-image is a 415 naming the field', async () => {
    const owner = await demoLogin(call, 'saa-bora', 'owner');
    const png = await sharp({ create: { width: 300, height: 300, channels: 4, background: '#1e3a5f' } })
      .png()
      .toBuffer();
    const res = await upload('/v1/owner/settings/branding/logo', owner.accessToken, png);
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const logo = res.body.branding.logo!;
    assert.match(logo.url, /^\/media\/[0-9a-f-]{36}\/brand\/logo-[0-9a-f]{24}\.webp$/);
    const served = await fetch(`${stack.api.url}${logo.url}?w=160`, { headers: { accept: 'image/webp' } });
    assert.equal(served.status, 200);
    assert.equal((await sharp(Buffer.from(await served.arrayBuffer())).metadata()).width, 160);
    const store = await call('GET', '/v1/stores/saa-bora');
    assert.equal(store.body.store.brand!.logo!.url, logo.url);

    const junk = await upload(
      '/v1/owner/settings/branding/hero',
      owner.accessToken,
      Buffer.from('not an image'),
      'image/jpeg',
    );
    assert.equal(junk.status, 415);
    assert.equal(junk.body.error.details.field, 'hero');
    const small = await sharp({ create: { width: 100, height: 100, channels: 3, background: '#000' } })
      .png()
      .toBuffer();
    const tiny = await upload('/v1/owner/settings/branding/hero', owner.accessToken, small);
    assert.equal(tiny.status, 400);
    assert.equal(tiny.body.error.details.issues![0]!.path, 'hero');
  });

  test('a store with nothing saved gets its vertical defaults; best sellers come from paid orders only', async () => {
    const tenant = stack.tenantOf('mtindo-fashion');
    await stack.sql(`DELETE FROM store_identity WHERE tenant_id = $1`, [tenant]);
    const owner = await demoLogin(call, 'mtindo-fashion', 'owner');
    const view = await call('GET', '/v1/owner/settings/branding', undefined, owner.accessToken);
    assert.equal(view.body.branding.saved, false);
    assert.equal(view.body.branding.brandColor, identityDefaults('fashion').brandColor);
    assert.deepEqual(
      view.body.branding.sections.map((s) => s.type),
      identityDefaults('fashion').sections.map((s) => s.type),
    );
    const home = await call('GET', '/v1/stores/mtindo-fashion/home');
    assert.equal(home.body.hero!.headline, identityDefaults('fashion').hero.headline);
    const best = home.body.sections.find((s) => s.type === 'best_sellers');
    const paid = await stack.sql<{ slug: string }>(
      `SELECT DISTINCT p.slug FROM order_items oi JOIN orders o ON o.tenant_id = oi.tenant_id AND o.id = oi.order_id
         JOIN product_variants v ON v.tenant_id = oi.tenant_id AND v.id = oi.variant_id
         JOIN products p ON p.tenant_id = v.tenant_id AND p.id = v.product_id
        WHERE o.tenant_id = $1 AND o.status IN ('paid','packed','dispatched','delivered')
          AND o.created_at > now() - interval '90 days'`,
      [tenant],
    );
    if (paid.length === 0) assert.equal(best, undefined, 'no paid orders: the section is left out');
    else
      for (const p of best!.products)
        assert.ok(
          paid.some((x) => x.slug === p.slug),
          p.slug,
        );
  });
});
