// docker-compose.yml's backup settings (issue 16 part 3), parsed without a Docker engine: WAL
// archiving on postgres, a backup profile, Redis AOF every second, media bucket versioning.
// Run alone: node --import tsx --test tests/ops/backup-compose.test.ts
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

interface Service {
  image?: string;
  command?: string | string[];
  entrypoint?: string | string[];
  environment?: Record<string, string | number | boolean | null>;
  volumes?: string[];
  depends_on?: Record<string, { condition?: string }>;
  profiles?: string[];
  user?: string;
  healthcheck?: { test?: string[]; disable?: boolean };
}
const compose = parse(readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8')) as {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
};
const { services } = compose;
const words = (value: string | string[] | undefined) => (Array.isArray(value) ? value : (value ?? '').split(/\s+/));

/** `-c name=value` pairs of the postgres command. */
function postgresSettings(): Map<string, string> {
  const argv = words(services.postgres?.command);
  const settings = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] !== '-c') continue;
    const [name, ...value] = argv[i + 1]!.split('=');
    settings.set(name!, value.join('='));
  }
  return settings;
}

test('postgres archives every WAL segment to its own volume with the archive script, at least every minute', () => {
  const settings = postgresSettings();
  assert.equal(words(services.postgres?.command)[0], 'postgres');
  assert.equal(settings.get('archive_mode'), 'on');
  assert.match(settings.get('wal_level') ?? '', /^(replica|logical)$/);
  assert.match(
    settings.get('archive_command') ?? '',
    /WAL_ARCHIVE_DIR=\/wal-archive \/ops\/backup\/archive-wal\.sh %p %f$/,
  );
  const timeout = /^\$\{WAL_ARCHIVE_TIMEOUT:-(\d+)\}$/.exec(settings.get('archive_timeout') ?? '');
  assert.ok(timeout && Number(timeout[1]) > 0 && Number(timeout[1]) <= 60, 'archive_timeout (the RPO) is at most 60 s');
  const volumes = services.postgres?.volumes ?? [];
  assert.ok(volumes.includes('walarchive:/wal-archive'));
  assert.ok(volumes.includes('./ops/backup:/ops/backup:ro'));
  assert.ok('walarchive' in compose.volumes && 'pgbackups' in compose.volumes);
  // The archive volume is made writable for the server before it starts.
  assert.equal(services.postgres?.depends_on?.['wal-archive-init']?.condition, 'service_completed_successfully');
  assert.match(words(services['wal-archive-init']?.command).join(' '), /chown -R postgres:postgres \/wal-archive/);
  // The scripts the containers run exist and are executable (a bind mount keeps the mode).
  for (const script of [
    'archive-wal.sh',
    'restore-wal.sh',
    'base-backup.sh',
    'prune.sh',
    'restore.sh',
    'initdb/10-replication-hba.sh',
  ]) {
    const mode = statSync(path.join(ROOT, 'ops/backup', script)).mode;
    assert.ok(mode & 0o111, `ops/backup/${script} is executable`);
  }
  // The scripts run inside postgres:*-alpine (BusyBox sh, no bash).
  for (const script of ['archive-wal.sh', 'restore-wal.sh', 'base-backup.sh', 'prune.sh', 'restore.sh', 'common.sh']) {
    const text = readFileSync(path.join(ROOT, 'ops/backup', script), 'utf8');
    if (script !== 'common.sh') assert.match(text, /^#!\/bin\/sh\n/);
    assert.doesNotMatch(text, /\[\[|BASH_SOURCE|\bsource\b|mapfile|(^|[^$])\(\(|-printf|--suffix/);
  }
});

test('the backup profile takes verified base backups into their own volume and can replicate', () => {
  const backup = services.backup!;
  assert.deepEqual(backup.profiles, ['backup']);
  assert.match(words(backup.command).join(' '), /\/ops\/backup\/base-backup\.sh/);
  const env = backup.environment ?? {};
  assert.equal(env.BACKUP_DIR, '/backups');
  assert.equal(env.WAL_ARCHIVE_DIR, '/wal-archive');
  assert.match(String(env.BACKUP_KEEP), /^\$\{BACKUP_KEEP:-\d+\}$/);
  assert.match(String(env.BACKUP_DATABASE_URL), /@postgres:5432\//);
  // pg_basebackup from the server's own image (same major version, same postgres uid).
  assert.equal(backup.image, services.postgres?.image);
  assert.equal(backup.user, 'postgres');
  assert.ok(backup.volumes?.includes('pgbackups:/backups'));
  assert.ok(backup.volumes?.includes('walarchive:/wal-archive'));
  assert.equal(backup.depends_on?.postgres?.condition, 'service_healthy');
  assert.ok(backup.healthcheck?.test?.join(' ').includes('base-*'), 'healthy only while a recent backup exists');
  // Replication connections are allowed (pg_hba "all" does not cover them).
  assert.ok(
    services.postgres?.volumes?.includes(
      './ops/backup/initdb/10-replication-hba.sh:/docker-entrypoint-initdb.d/10-replication-hba.sh:ro',
    ),
  );
  assert.match(
    readFileSync(path.join(ROOT, 'ops/backup/initdb/10-replication-hba.sh'), 'utf8'),
    /host replication all all scram-sha-256/,
  );
});

test('redis keeps an append-only file fsynced every second and never evicts', () => {
  const argv = words(services.redis?.command);
  const flag = (name: string) => argv[argv.indexOf(`--${name}`) + 1];
  assert.equal(flag('appendonly'), 'yes');
  assert.equal(flag('appendfsync'), 'everysec');
  assert.equal(flag('maxmemory-policy'), 'noeviction');
  assert.ok(
    services.redis?.volumes?.some((v) => v.endsWith(':/data')),
    'the AOF lives on a volume',
  );
});

test('the s3 profile creates the media bucket with versioning on', () => {
  assert.deepEqual(services.minio?.profiles, ['s3']);
  const init = services['minio-init']!;
  assert.deepEqual(init.profiles, ['s3']);
  const script = words(init.entrypoint).join(' ');
  assert.match(script, /mc mb --ignore-existing "local\/\$\$\{S3_BUCKET\}"/);
  assert.match(script, /mc version enable "local\/\$\$\{S3_BUCKET\}"/);
  assert.equal(init.depends_on?.minio?.condition, 'service_healthy');
  assert.ok(existsSync(path.join(ROOT, 'docs/operate/backup-restore.md')));
});
