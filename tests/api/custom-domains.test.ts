// Custom domains end to end, real processes: the API and worker check DNS through the sandbox's
// DNS zone (DNS_RESOLVER=sandbox), so an owner attaches a host, sees the records to create, and
// the state moves from waiting for DNS through failures (with the reason) to verified, on demand
// and by the every-second job. Verified hosts resolve for the web's proxy, are canonical in the
// sitemap and pass Caddy's TLS ask; removing one stops all of that at once. Bad input is refused
// naming the field: malformed hosts, the platform's own domain, a host of another store.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { useApiStack } from '../helpers/api-fixture.ts';
import { demoLogin, jsonCaller } from '../helpers/http.ts';
import { waitFor } from '../helpers/wait.ts';

const STORE = 'saa-bora';
const DEMO = { store: 'nyumba-living', host: 'shop.nyumba-living.test' };
const stack = useApiStack({
  sandbox: { whatsapp: false },
  env: {
    DNS_RESOLVER: 'sandbox',
    DNS_TIMEOUT_MS: '10000',
    DOMAIN_CHECK_INTERVAL_MS: '1000',
    TLS_ASK_PER_HOST_PER_MINUTE: '25',
  },
});

interface Domain {
  id: string;
  host: string;
  kind: string;
  state: string;
  stateText: string;
  primary: boolean;
  records: { type: string; name: string; value: string }[];
  problem: { code: string; message: string } | null;
}
interface Answer {
  domains: Domain[];
  domain: Domain;
  target: { cname: string; ipv4: string[] };
  platformHost: string;
  store: string;
  primaryHost: string | null;
  error: { code: string; message: string; details: { field?: string; reason?: string; issues?: { path: string }[] } };
}

const call = jsonCaller<Answer>(() => stack.api.url, '10.14');
let owner: string;
let staff: string;
let otherOwner: string;

stack.before(async () => {
  owner = (await demoLogin(call, STORE, 'owner')).accessToken;
  staff = (await demoLogin(call, STORE, 'staff')).accessToken;
  otherOwner = (await demoLogin(call, 'nairobi-gadgets', 'owner')).accessToken;
});

async function dns(method: 'PUT' | 'DELETE', record: { name: string; type: string; values?: string[] }) {
  const url =
    method === 'PUT'
      ? `${stack.sandbox.url}/__admin/dns/records`
      : `${stack.sandbox.url}/__admin/dns/records?name=${record.name}&type=${record.type}`;
  const res = await fetch(url, {
    method,
    headers: method === 'PUT' ? { 'content-type': 'application/json' } : {},
    body: method === 'PUT' ? JSON.stringify(record) : undefined,
  });
  assert.equal(res.status, 200, await res.text());
}

const txtOf = (d: Domain) => d.records.find((r) => r.type === 'TXT')!;
const check = async (d: Domain) => {
  const res = await call('POST', `/v1/owner/settings/domains/${d.id}/check`, {}, owner);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.domain;
};
const ask = (domain: string, from = '127.0.0.1') =>
  fetch(`${stack.api.url}/internal/tls/ask?domain=${encodeURIComponent(domain)}`, {
    headers: { 'x-forwarded-for': from },
  });
const lookup = (q: string) => call('GET', `/v1/domains/lookup?${q}`);
const sitemap = async (store: string) => (await fetch(`${stack.api.url}/v1/stores/${store}/sitemap.xml`)).text();

describe('custom domains', () => {
  test('the seeded demo domain is verified, primary, resolves for the proxy and passes the TLS ask', async () => {
    const demoOwner = (await demoLogin(call, DEMO.store, 'owner')).accessToken;
    const list = await call('GET', '/v1/owner/settings/domains', undefined, demoOwner);
    assert.equal(list.status, 200);
    const demo = list.body.domains.find((d) => d.host === DEMO.host);
    assert.ok(demo, JSON.stringify(list.body));
    assert.equal(demo.state, 'verified');
    assert.equal(demo.primary, true);
    assert.equal(list.body.platformHost, 'nyumba-living.localhost');
    const byHost = await lookup(`host=${DEMO.host.toUpperCase()}`);
    assert.deepEqual(byHost.body, { store: DEMO.store, primaryHost: DEMO.host, host: DEMO.host });
    assert.equal((await lookup(`store=${DEMO.store}`)).body.primaryHost, DEMO.host);
    assert.equal((await ask(`${DEMO.host.toUpperCase()}.`)).status, 200);
    assert.match(await sitemap(DEMO.store), /<loc>http:\/\/shop\.nyumba-living\.test\/<\/loc>/);
  });

  test('bad input is refused naming the field; staff may not touch domains', async () => {
    for (const host of [
      'not a domain',
      '1.2.3.4',
      '*.mwangi.co.ke',
      'localhost',
      'shop.mwangi.co.ke:8443',
      '',
      'a'.repeat(254),
    ]) {
      const res = await call('POST', '/v1/owner/settings/domains', { host }, owner);
      assert.equal(res.status, 400, `${host}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.error.code, 'validation_failed');
      assert.ok(
        res.body.error.details.issues?.some((i) => i.path === 'host'),
        JSON.stringify(res.body),
      );
    }
    for (const host of ['localhost.', 'saa-bora.localhost', 'stores.localhost']) {
      const res = await call('POST', '/v1/owner/settings/domains', { host }, owner);
      assert.equal(res.status, 400, `${host}: ${JSON.stringify(res.body)}`);
      assert.ok(res.body.error.details.issues?.some((i) => i.path === 'host'));
    }
    const taken = await call('POST', '/v1/owner/settings/domains', { host: `https://${DEMO.host}/` }, owner);
    assert.equal(taken.status, 409);
    assert.deepEqual([taken.body.error.details.field, taken.body.error.details.reason], ['host', 'domain_taken']);
    assert.match(taken.body.error.message, /another store/);
    assert.equal((await call('POST', '/v1/owner/settings/domains', { host: 'x.example.com' }, staff)).status, 403);
    assert.equal((await call('GET', '/v1/owner/settings/domains', undefined, staff)).status, 403);
    assert.equal((await call('POST', '/v1/owner/settings/domains/not-an-id/check', {}, owner)).status, 400);
  });

  test('waiting for DNS -> failed with why -> verified, on demand; then canonical, served, asked', async () => {
    const added = await call('POST', '/v1/owner/settings/domains', { host: 'Shop.Mwangi.co.ke.' }, owner);
    assert.equal(added.status, 201, JSON.stringify(added.body));
    let d = added.body.domain;
    assert.equal(d.host, 'shop.mwangi.co.ke');
    assert.equal(d.kind, 'subdomain');
    assert.equal(d.state, 'waiting_for_dns');
    assert.deepEqual(
      d.records.map((r) => [r.type, r.name]),
      [
        ['CNAME', 'shop.mwangi.co.ke'],
        ['TXT', '_sokoni-verify.shop.mwangi.co.ke'],
      ],
    );
    assert.equal(d.records[0]!.value, 'stores.localhost');
    assert.match(txtOf(d).value, /^sokoni-verify=[a-z0-9]{32}$/);
    const again = await call('POST', '/v1/owner/settings/domains', { host: 'shop.mwangi.co.ke' }, owner);
    assert.equal(again.status, 409);
    assert.equal(again.body.error.details.reason, 'already_added');

    d = await check(d);
    assert.equal(d.state, 'waiting_for_dns');
    assert.equal(d.problem?.code, 'txt_missing');
    assert.match(d.stateText, /^Waiting for DNS/);

    await dns('PUT', { name: txtOf(d).name, type: 'TXT', values: ['sokoni-verify=someoneelse0000000000000000000000'] });
    d = await check(d);
    assert.equal(d.state, 'failed');
    assert.equal(d.problem?.code, 'txt_mismatch');
    assert.match(d.stateText, /^Failed: .*another token/);

    await dns('PUT', { name: txtOf(d).name, type: 'TXT', values: [txtOf(d).value] });
    d = await check(d);
    assert.equal(d.problem?.code, 'cname_missing');
    assert.equal(d.state, 'waiting_for_dns');

    await dns('PUT', { name: d.host, type: 'CNAME', values: ['parking.registrar.example'] });
    d = await check(d);
    assert.equal(d.problem?.code, 'points_elsewhere');
    assert.match(d.problem.message, /parking\.registrar\.example/);

    await dns('PUT', { name: d.host, type: 'CNAME', values: ['stores.localhost'] });
    await dns('PUT', { name: d.host, type: 'AAAA', values: ['2001:db8::1'] });
    d = await check(d);
    assert.equal(d.problem?.code, 'stale_aaaa');
    assert.equal(d.state, 'failed');
    assert.equal((await lookup('host=shop.mwangi.co.ke')).status, 404, 'not served before verification');
    assert.equal((await ask('shop.mwangi.co.ke')).status, 404, 'no certificate before verification');

    await dns('DELETE', { name: d.host, type: 'AAAA' });
    d = await check(d);
    assert.equal(d.state, 'verified', JSON.stringify(d));
    assert.equal(d.primary, true, 'the first verified domain becomes primary');
    assert.match(d.stateText, /^Verified/);

    assert.deepEqual((await lookup('host=shop.mwangi.co.ke')).body, {
      store: STORE,
      primaryHost: 'shop.mwangi.co.ke',
      host: 'shop.mwangi.co.ke',
    });
    assert.equal((await lookup(`store=${STORE}`)).body.primaryHost, 'shop.mwangi.co.ke');
    assert.equal((await ask('shop.mwangi.co.ke')).status, 200);
    await waitFor(
      'sitemap on the custom domain',
      async () => (await sitemap(STORE)).includes('<loc>http://shop.mwangi.co.ke/</loc>'),
      { timeoutMs: 30_000 },
    );
    const audit = await stack.sql<{ action: string }>(
      `SELECT action FROM audit_log WHERE tenant_id = $1 AND action LIKE 'domain.%' ORDER BY id`,
      [stack.tenantOf(STORE)],
    );
    assert.deepEqual(
      audit.map((a) => a.action),
      ['domain.added', 'domain.verified'],
    );
  });

  test('the job verifies on its own; primary moves; removal stops serving at once and reserves the host', async () => {
    const added = await call('POST', '/v1/owner/settings/domains', { host: 'mwangi.co.ke' }, owner);
    assert.equal(added.status, 201);
    const apex = added.body.domain;
    assert.equal(apex.kind, 'apex');
    assert.deepEqual(
      apex.records.filter((r) => r.type === 'A').map((r) => r.value),
      ['192.0.2.10'],
    );
    // The TXT last: the job (every second here) must not verify before the CAA record is there.
    await dns('PUT', { name: 'mwangi.co.ke', type: 'CAA', values: ['0 issue "digicert.com"'] });
    await dns('PUT', { name: 'mwangi.co.ke', type: 'A', values: ['192.0.2.10'] });
    await dns('PUT', { name: txtOf(apex).name, type: 'TXT', values: [txtOf(apex).value] });
    const failed = await waitFor(
      'the job sees the CAA problem',
      async () => {
        const list = await call('GET', '/v1/owner/settings/domains', undefined, owner);
        const d = list.body.domains.find((x) => x.host === 'mwangi.co.ke');
        return d?.problem?.code === 'caa_forbids' ? d : null;
      },
      { timeoutMs: 20_000 },
    );
    assert.equal(failed.state, 'failed');
    assert.match(failed.stateText, /letsencrypt\.org/);
    await dns('PUT', { name: 'mwangi.co.ke', type: 'CAA', values: ['0 issue "letsencrypt.org"'] });
    const verified = await waitFor(
      "the job verifies it once CAA allows Let's Encrypt",
      async () => {
        const list = await call('GET', '/v1/owner/settings/domains', undefined, owner);
        const d = list.body.domains.find((x) => x.host === 'mwangi.co.ke');
        return d?.state === 'verified' ? d : null;
      },
      { timeoutMs: 20_000 },
    );
    assert.equal(verified.primary, false, 'shop.mwangi.co.ke stays primary');

    const primary = await call('POST', `/v1/owner/settings/domains/${apex.id}/primary`, {}, owner);
    assert.equal(primary.status, 200);
    assert.equal((await lookup(`store=${STORE}`)).body.primaryHost, 'mwangi.co.ke');
    assert.equal((await lookup('host=shop.mwangi.co.ke')).body.primaryHost, 'mwangi.co.ke');

    const removed = await call('DELETE', `/v1/owner/settings/domains/${apex.id}`, undefined, owner);
    assert.equal(removed.status, 200);
    assert.equal((await lookup('host=mwangi.co.ke')).status, 404, 'removal stops serving at once');
    assert.equal((await ask('mwangi.co.ke')).status, 404, 'and certificates at once');
    assert.equal(
      (await lookup(`store=${STORE}`)).body.primaryHost,
      'shop.mwangi.co.ke',
      'the other domain is primary again',
    );
    const list = await call('GET', '/v1/owner/settings/domains', undefined, owner);
    assert.deepEqual(
      list.body.domains.map((d) => d.host).filter((h) => h.includes('mwangi')),
      ['shop.mwangi.co.ke'],
    );

    const claim = await call('POST', '/v1/owner/settings/domains', { host: 'mwangi.co.ke' }, otherOwner);
    assert.equal(claim.status, 409, 'reserved for its old store during the cooling-off');
    const back = await call('POST', '/v1/owner/settings/domains', { host: 'mwangi.co.ke' }, owner);
    assert.equal(back.status, 201);
    assert.equal(back.body.domain.state, 'waiting_for_dns');
    assert.notEqual(txtOf(back.body.domain).value, txtOf(apex).value, 'a fresh token');
  });

  test('the TLS ask: platform names, unknown hosts, outside callers, rate limit', async () => {
    assert.equal((await ask('localhost')).status, 200);
    assert.equal((await ask('saa-bora.localhost')).status, 200);
    assert.equal((await ask('no-such-store.localhost')).status, 404);
    assert.equal((await ask('a.b.saa-bora.localhost')).status, 404);
    assert.equal((await ask('random.example.org')).status, 404);
    assert.equal((await ask('127.0.0.1')).status, 404);
    assert.equal((await ask('shop.mwangi.co.ke', '203.0.113.9')).status, 404, 'internal only');
    const timings: number[] = [];
    let limited = 0;
    for (let i = 0; i < 30; i++) {
      const started = performance.now();
      const res = await ask('flood.example.net');
      timings.push(performance.now() - started);
      if (res.status === 429) limited++;
      else assert.equal(res.status, 404);
    }
    assert.equal(limited, 5, 'past 25 asks a minute for one host: 429 (Caddy denies)');
    timings.sort((a, b) => a - b);
    console.log(`tls ask latency over HTTP: p50 ${timings[14]!.toFixed(1)} ms, max ${timings[29]!.toFixed(1)} ms`);
    const metrics = await (await fetch(`${stack.api.url}/metrics`)).text();
    assert.match(metrics, /sokoni_tls_asks_total\{answer="rate_limited"\} 5/);
    assert.match(metrics, /sokoni_domain_checks_total\{outcome="ok"\}/);
  });
});
