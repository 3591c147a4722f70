// The sandbox as the platform team's alert relay in development: Alertmanager's webhook
// receiver (ops/alertmanager/alertmanager.yml) posts its version-4 payload to
// /alertmanager/webhook, and the sandbox keeps each notification in its outbox as the
// WhatsApp/SMS/email message an on-call engineer would read. Real sandbox process, real HTTP.
// Run alone: node --import tsx --test tests/ops/sandbox-alertmanager.test.ts
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startSandbox } from '../helpers/payment-stack.ts';
import type { RunningProcess } from '../helpers/processes.ts';

const payload = JSON.parse(
  readFileSync(path.join(import.meta.dirname, 'fixtures/alertmanager-webhook.json'), 'utf8'),
) as {
  status: string;
  alerts: { status: string; endsAt: string; labels: Record<string, string> }[];
  [key: string]: unknown;
};

let sandbox: RunningProcess & { url: string };
before(async () => {
  sandbox = await startSandbox();
});
after(async () => {
  await sandbox?.stop();
});

interface WebhookAnswer {
  status?: string;
  id?: string;
  alerts?: number;
  error?: { code: string; message: string; details: unknown };
}
interface OutboxMessage {
  id: string;
  channel: string;
  to: string;
  receiver: string;
  status: string;
  alertnames: string[];
  severity: string | null;
  text: string;
  alerts: unknown[];
}

async function post(query: string, body: unknown) {
  const res = await fetch(`${sandbox.url}/alertmanager/webhook${query}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': 'Alertmanager/0.27.0' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as WebhookAnswer };
}
async function outbox(query = '') {
  const res = await fetch(`${sandbox.url}/__admin/alertmanager/messages${query}`);
  assert.equal(res.status, 200);
  return ((await res.json()) as { messages: OutboxMessage[] }).messages;
}

describe('sandbox: Alertmanager webhook receiver', () => {
  test('a firing group lands in the ops WhatsApp outbox as a readable message', async () => {
    const res = await post('?channel=whatsapp&to=ops-oncall', payload);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.alerts, 2);
    const [message] = await outbox('?channel=whatsapp');
    assert.ok(message);
    assert.equal(message.id, res.body.id);
    assert.equal(message.to, 'ops-oncall');
    assert.equal(message.receiver, 'ops-whatsapp');
    assert.equal(message.status, 'firing');
    assert.deepEqual(message.alertnames, ['SokoniQueueBacklog']);
    assert.equal(message.severity, 'warning');
    const lines = String(message.text).split('\n');
    assert.equal(lines[0], '[FIRING:2] SokoniQueueBacklog (warning)');
    assert.match(
      lines[1]!,
      /^- SokoniQueueBacklog: Queue payments has 812 jobs waiting \(> 500 for 10m\) Runbook: https:\/\/.*alerts\.md#sokoniqueuebacklog$/,
    );
    assert.match(lines[2]!, /Queue notifications has 530 jobs waiting/);
    assert.equal(message.alerts.length, 2);
  });

  test('the resolved notification is kept too, on the channel the URL names (default whatsapp)', async () => {
    const resolved = {
      ...payload,
      status: 'resolved',
      alerts: payload.alerts.map((a) => ({ ...a, status: 'resolved', endsAt: '2026-12-06T13:20:15.412Z' })),
    };
    assert.equal((await post('?channel=sms', resolved)).status, 200);
    assert.equal((await post('', resolved)).status, 200);
    const sms = await outbox('?channel=sms');
    assert.equal(sms.length, 1);
    assert.match(String(sms[0]!.text), /^\[RESOLVED\] SokoniQueueBacklog \(warning\)\n- RESOLVED SokoniQueueBacklog:/);
    assert.equal(sms[0]!.to, 'ops');
    assert.equal((await outbox('?channel=whatsapp')).length, 2);
    assert.equal((await outbox('?alertname=SokoniQueueBacklog')).length, 3);
    assert.equal((await outbox('?alertname=SokoniApiDown')).length, 0);
  });

  test('what is not an Alertmanager payload is refused with 400 and stored nowhere', async () => {
    const before = (await outbox()).length;
    for (const [query, body, field] of [
      ['', { ...payload, version: '3' }, 'version'],
      ['', { ...payload, alerts: [] }, 'alerts'],
      ['', { ...payload, alerts: [{ ...payload.alerts[0], labels: { severity: 'critical' } }] }, 'alerts'],
      ['', 'not json at all', ''],
      ['?channel=pager', payload, 'channel'],
    ] as const) {
      const res = await post(query, body);
      assert.equal(res.status, 400, `${query} ${JSON.stringify(body).slice(0, 60)}`);
      assert.equal(res.body.error?.code, 'validation_failed');
      assert.equal(typeof res.body.error?.message, 'string');
      if (field)
        assert.ok(JSON.stringify(res.body.error?.details).includes(field), JSON.stringify(res.body.error?.details));
    }
    assert.equal((await outbox()).length, before);
  });

  test('POST /__admin/reset empties the alert outbox', async () => {
    const res = await fetch(`${sandbox.url}/__admin/reset`, { method: 'POST' });
    assert.equal(res.status, 200);
    assert.ok(((await res.json()) as { reset: string[] }).reset.includes('alertmanager'));
    assert.equal((await outbox()).length, 0);
  });
});
