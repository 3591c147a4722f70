// Alerts that reach a person (issue 16 part 2), checked without Docker:
// - `promtool check config`, `check rules` and `test rules` (ops/prometheus/tests/*.yml) on the
//   real Prometheus tool (Debian package `prometheus`); skipped, saying so, only if it is absent.
// - `amtool check-config` on ops/alertmanager/alertmanager.yml (Debian `prometheus-alertmanager`),
//   and the real Alertmanager routing one critical and one warning alert to a real sandbox: the
//   notifications land in its alert outbox (WhatsApp, SMS) and SMTP sink (email).
// - docker-compose.yml wires it (alertmanager, node-exporter, the worker's metrics port) and
//   docs/operate/alerts.md has a runbook entry for every alert.
// Run alone: node --import tsx --test tests/ops/alerting.test.ts
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { parse, stringify } from 'yaml';
import { startSandbox } from '../helpers/payment-stack.ts';
import { freePort, ROOT, startRaw, type RunningProcess } from '../helpers/processes.ts';
import { waitFor } from '../helpers/wait.ts';

const read = (rel: string) => readFileSync(path.join(ROOT, rel), 'utf8');
const has = (tool: string) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
const run = (tool: string, args: string[]) => {
  const r = spawnSync(tool, args, { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, out: `${r.stdout}\n${r.stderr}` };
};

interface Rule {
  alert?: string;
  expr: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
const RULE_FILES = ['ops/prometheus/alerts.yml', 'ops/prometheus/alerts-operate.yml'];
const rules: Rule[] = RULE_FILES.flatMap((file) =>
  (parse(read(file)) as { groups: { rules: Rule[] }[] }).groups.flatMap((g) => g.rules),
);

describe('Prometheus rules and config (promtool)', () => {
  const skip = has('promtool') ? false : 'promtool not installed (Debian package "prometheus"); CI installs it';

  test(
    'promtool check config: prometheus.yml, its rule files, worker and node scrape jobs, alertmanager',
    { skip },
    () => {
      const r = run('promtool', ['check', 'config', 'ops/prometheus/prometheus.yml']);
      assert.equal(r.status, 0, r.out);
      const config = parse(read('ops/prometheus/prometheus.yml')) as {
        rule_files: string[];
        alerting: { alertmanagers: { static_configs: { targets: string[] }[] }[] };
        scrape_configs: {
          job_name: string;
          dns_sd_configs?: { names: string[]; port: number }[];
          static_configs?: { targets: string[] }[];
        }[];
      };
      assert.deepEqual(config.rule_files.map((f) => `ops/prometheus/${f}`).sort(), [...RULE_FILES].sort());
      assert.deepEqual(config.alerting.alertmanagers[0]?.static_configs[0]?.targets, ['alertmanager:9093']);
      const worker = config.scrape_configs.find((c) => c.job_name === 'sokoni-worker');
      assert.deepEqual(worker?.dns_sd_configs?.[0]?.names, ['worker']);
      assert.equal(worker?.dns_sd_configs?.[0]?.port, 9464);
      assert.deepEqual(config.scrape_configs.find((c) => c.job_name === 'node')?.static_configs?.[0]?.targets, [
        'node-exporter:9100',
      ]);
    },
  );

  test('promtool check rules', { skip }, () => {
    const r = run('promtool', ['check', 'rules', ...RULE_FILES]);
    assert.equal(r.status, 0, r.out);
  });

  test('promtool test rules: every unit test file passes', { skip }, () => {
    const files = readdirSync(path.join(ROOT, 'ops/prometheus/tests'))
      .filter((f) => f.endsWith('.yml'))
      .map((f) => `ops/prometheus/tests/${f}`);
    assert.ok(files.length >= 3);
    const r = run('promtool', ['test', 'rules', ...files]);
    assert.equal(r.status, 0, r.out);
    assert.equal((r.out.match(/SUCCESS/g) ?? []).length, files.length, r.out);
  });

  test('every alert of alerts-operate.yml is exercised by a promtool unit test', () => {
    const tested = new Set(
      readdirSync(path.join(ROOT, 'ops/prometheus/tests')).flatMap((f) =>
        [...read(`ops/prometheus/tests/${f}`).matchAll(/alertname: (\w+)/g)].map((m) => m[1]!),
      ),
    );
    const own = (parse(read('ops/prometheus/alerts-operate.yml')) as { groups: { rules: Rule[] }[] }).groups
      .flatMap((g) => g.rules)
      .map((r) => r.alert!);
    assert.deepEqual(
      own.filter((a) => !tested.has(a)),
      [],
    );
  });

  test('the alerts the issue asks for exist, each with a severity, a summary and a runbook entry', () => {
    const names = new Set(rules.map((r) => r.alert));
    for (const wanted of [
      'MpesaSuccessRateDrop',
      'MpesaCallbacksUnprocessed',
      'SokoniQueueBacklog',
      'SokoniApi5xxRatioHigh',
      'SokoniWorkerHeartbeatLost',
      'SokoniDiskAlmostFull',
      'SokoniDbConnectionsNearLimit',
      'SokoniPageSpeedBelow90',
    ])
      assert.ok(names.has(wanted), `an alert ${wanted}`);
    const docs = read('docs/operate/alerts.md');
    const anchors = new Set(
      [...docs.matchAll(/^#{2,4} (.+)$/gm)].map((m) =>
        m[1]!
          .trim()
          .toLowerCase()
          .replace(/[^a-z0-9 -]/g, '')
          .replace(/ /g, '-'),
      ),
    );
    for (const rule of rules) {
      assert.ok(['critical', 'warning'].includes(rule.labels?.severity ?? ''), `${rule.alert}: severity`);
      assert.ok(rule.annotations?.summary, `${rule.alert}: summary`);
      assert.ok(
        anchors.has(rule.alert!.toLowerCase()),
        `docs/operate/alerts.md has a "### ${rule.alert}" runbook entry`,
      );
      const link = rule.annotations?.runbook_url;
      if (link)
        assert.equal(
          link,
          `docs/operate/alerts.md#${rule.alert!.toLowerCase()}`.replace(
            'sokonidbconnectionsexhausted',
            'sokonidbconnectionsnearlimit',
          ),
        );
    }
    const pagespeed = rules.find((r) => r.alert === 'SokoniPageSpeedBelow90')!;
    assert.match(pagespeed.expr, /sokoni_lighthouse_score\{category="performance"\}.*< 90/);
  });
});

describe('Alertmanager', () => {
  const skipAm = has('amtool') ? false : 'amtool not installed (Debian package "prometheus-alertmanager")';
  const binary = ['prometheus-alertmanager', 'alertmanager'].find(has);
  const cleanups: (() => Promise<unknown> | void)[] = [];
  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  test('amtool check-config accepts ops/alertmanager/alertmanager.yml', { skip: skipAm }, () => {
    const r = run('amtool', ['check-config', 'ops/alertmanager/alertmanager.yml']);
    assert.equal(r.status, 0, r.out);
  });

  test('routes: critical -> WhatsApp + SMS + email, warning -> WhatsApp; all to the sandbox in development', () => {
    const config = parse(read('ops/alertmanager/alertmanager.yml')) as {
      route: { receiver: string; routes: { matchers: string[]; receiver: string }[] };
      receivers: { name: string; webhook_configs?: { url: string }[]; email_configs?: { to: string }[] }[];
    };
    const receiver = (name: string) => config.receivers.find((r) => r.name === name)!;
    const routeFor = (severity: string) =>
      config.route.routes.find((r) => r.matchers.includes(`severity="${severity}"`))?.receiver ?? config.route.receiver;
    const critical = receiver(routeFor('critical'));
    const warning = receiver(routeFor('warning'));
    const channels = (r: typeof critical) =>
      (r.webhook_configs ?? []).map((w) => new URL(w.url).searchParams.get('channel')).sort();
    assert.deepEqual(channels(critical), ['sms', 'whatsapp']);
    assert.ok(critical.email_configs?.length, 'critical alerts are emailed too');
    assert.deepEqual(channels(warning), ['whatsapp']);
    for (const r of config.receivers)
      for (const w of r.webhook_configs ?? []) assert.match(w.url, /^http:\/\/sandbox:4010\/alertmanager\/webhook\?/);
  });

  test(
    'the real Alertmanager delivers a critical alert to the sandbox as WhatsApp, SMS and email',
    { skip: binary ? false : 'Alertmanager not installed', timeout: 60_000 },
    async () => {
      const sandbox = await startSandbox();
      cleanups.push(() => sandbox.stop());
      const dir = mkdtempSync(path.join(os.tmpdir(), 'sokoni-alertmanager-'));
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      // The committed file, pointed at this sandbox and with short grouping waits.
      const config = parse(read('ops/alertmanager/alertmanager.yml')) as {
        global: Record<string, unknown>;
        route: Record<string, unknown>;
        receivers: { webhook_configs?: { url: string }[] }[];
      };
      config.global.smtp_smarthost = `127.0.0.1:${sandbox.smtpPort}`;
      config.route.group_wait = '1s';
      config.route.group_interval = '1s';
      for (const r of config.receivers)
        for (const w of r.webhook_configs ?? []) w.url = w.url.replace('http://sandbox:4010', sandbox.url);
      writeFileSync(path.join(dir, 'alertmanager.yml'), stringify(config));
      const port = await freePort();
      const am: RunningProcess = startRaw(
        binary!,
        [
          `--config.file=${path.join(dir, 'alertmanager.yml')}`,
          `--storage.path=${path.join(dir, 'data')}`,
          `--web.listen-address=127.0.0.1:${port}`,
          '--cluster.listen-address=',
        ],
        { PATH: process.env.PATH },
      );
      cleanups.push(() => am.stop());
      const amUrl = `http://127.0.0.1:${port}`;
      await waitFor('Alertmanager ready', async () => (await fetch(`${amUrl}/-/ready`).catch(() => null))?.ok, 20_000);

      const startsAt = new Date().toISOString();
      const posted = await fetch(`${amUrl}/api/v2/alerts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify([
          {
            labels: { alertname: 'MpesaCallbacksUnprocessed', severity: 'critical', job: 'sokoni-api' },
            annotations: {
              summary: '3 stored M-Pesa callbacks have not been applied for 5 minutes',
              runbook_url: 'docs/operate/alerts.md#mpesacallbacksunprocessed',
            },
            startsAt,
            generatorURL: 'http://prometheus:9090/graph',
          },
          {
            labels: { alertname: 'SokoniQueueLate', severity: 'warning', queue: 'analytics' },
            annotations: { summary: 'The oldest analytics job has waited 12m' },
            startsAt,
          },
        ]),
      });
      assert.equal(posted.status, 200, await posted.text());

      type Message = { channel: string; to: string; alertnames: string[]; text: string; severity: string };
      const outbox = async () =>
        ((await (await fetch(`${sandbox.url}/__admin/alertmanager/messages`)).json()) as { messages: Message[] })
          .messages;
      const messages = await waitFor(
        'WhatsApp and SMS for the critical alert and WhatsApp for the warning',
        async () => {
          const all = await outbox();
          return all.length >= 3 ? all : null;
        },
        30_000,
      );
      const critical = messages.filter((m) => m.alertnames.includes('MpesaCallbacksUnprocessed'));
      assert.deepEqual(critical.map((m) => `${m.channel}:${m.to}`).sort(), ['sms:on-call', 'whatsapp:ops-group']);
      assert.match(
        critical[0]!.text,
        /^\[FIRING:1\] MpesaCallbacksUnprocessed \(critical\)\n- MpesaCallbacksUnprocessed: 3 stored M-Pesa callbacks/,
      );
      const warning = messages.filter((m) => m.alertnames.includes('SokoniQueueLate'));
      assert.deepEqual(
        warning.map((m) => m.channel),
        ['whatsapp'],
      );

      const mail = await waitFor(
        'the critical alert by email',
        async () => {
          const list = (
            (await (await fetch(`${sandbox.url}/__admin/email/messages`)).json()) as {
              messages: { to: string[]; subject: string | null }[];
            }
          ).messages;
          return list.find((m) => m.to.includes('ops@sokoni.local')) ?? null;
        },
        30_000,
      );
      assert.match(mail.subject ?? '', /FIRING:1.*MpesaCallbacksUnprocessed/);
    },
  );
});

describe('docker-compose.yml: the alerting services', () => {
  const compose = parse(read('docker-compose.yml')) as {
    'x-server-env': Record<string, string>;
    services: Record<
      string,
      {
        profiles?: string[];
        volumes?: string[];
        ports?: string[];
        healthcheck?: { test: string[] };
        command?: string[];
        environment?: Record<string, string>;
      }
    >;
    volumes: Record<string, unknown>;
  };

  test('alertmanager and node-exporter run with the observability profile, with healthchecks', () => {
    for (const name of ['alertmanager', 'node-exporter']) {
      const svc = compose.services[name];
      assert.ok(svc, `service ${name}`);
      assert.deepEqual(svc.profiles, ['observability']);
      assert.ok(svc.healthcheck?.test[0] === 'CMD' || svc.healthcheck?.test[0] === 'CMD-SHELL');
    }
    const am = compose.services.alertmanager!;
    assert.ok(
      am.volumes?.some((v) =>
        /^\$\{ALERTMANAGER_CONFIG:-\.\/ops\/alertmanager\/alertmanager\.yml\}:\/etc\/alertmanager\/alertmanager\.yml:ro$/.test(
          v,
        ),
      ),
    );
    assert.ok(am.command?.includes('--config.file=/etc/alertmanager/alertmanager.yml'));
    assert.deepEqual(am.ports, ['127.0.0.1:9093:9093'], 'Alertmanager only on loopback');
    assert.ok('alertmanagerdata' in compose.volumes);
    const node = compose.services['node-exporter']!;
    assert.ok(node.command?.includes('--collector.textfile.directory=/textfile'));
    assert.ok(node.volumes?.some((v) => v.startsWith('${LIGHTHOUSE_TEXTFILE_DIR:-./var/lighthouse}:/textfile')));
  });

  test('api and worker get WORKER_METRICS_PORT=9464 (the port prometheus.yml scrapes); the worker publishes nothing', () => {
    const env = compose.services.worker!.environment!;
    assert.equal(env.WORKER_METRICS_PORT, '${WORKER_METRICS_PORT:-9464}');
    assert.equal(compose.services.worker!.ports, undefined);
  });
});
