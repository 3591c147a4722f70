// Builds only what changed: tsc -b is incremental; the Next build is skipped when no web or
// contracts source is newer than the last build (SOKONI_REBUILD=1 forces it).
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './services.mjs';

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (['node_modules', '.next', 'dist'].includes(entry.name)) continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

function run(cmd, args, label) {
  const started = Date.now();
  const result = spawnSync(cmd, args, {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  });
  if (result.status !== 0) throw new Error(`${label} failed (exit ${result.status})`);
  process.stdout.write(`[build] ${label} done in ${((Date.now() - started) / 1000).toFixed(1)}s\n`);
}

export function build({ web = true } = {}) {
  run('npx', ['tsc', '-b', 'packages/contracts', 'packages/db', 'apps/api', 'apps/sandbox'], 'server build (tsc -b)');
  if (!web) return;
  let builtAt = 0;
  try {
    builtAt = statSync(path.join(ROOT, 'apps/web/.next/BUILD_ID')).mtimeMs;
  } catch {
    /* never built */
  }
  const sources = Math.max(
    newestMtime(path.join(ROOT, 'apps/web')),
    newestMtime(path.join(ROOT, 'packages/contracts/src')),
  );
  if (process.env.SOKONI_REBUILD !== '1' && builtAt > sources) {
    process.stdout.write('[build] web: up to date, skipping next build\n');
    return;
  }
  run('npm', ['run', 'build', '-w', '@sokoni/web'], 'web build (next build)');
}
