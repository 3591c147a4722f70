// The exporting half of `npm run ops:lighthouse`: Lighthouse results (LHR JSON) -> Prometheus
// text exposition, written atomically as a node-exporter textfile-collector file
// (<dir>/sokoni_lighthouse.prom). node-exporter serves it on its /metrics with the host's
// metrics; Prometheus scrapes it as job `node` and alerts on SokoniPageSpeedBelow90.
import { randomBytes } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

export const TEXTFILE_NAME = 'sokoni_lighthouse.prom';

/** One page of one store, measured (lhr) or not (error). */
export interface PageResult {
  store: string;
  /** home | product */
  page: string;
  url: string;
  lhr?: LighthouseResult;
  error?: string;
}

/** The parts of a Lighthouse result (LHR, lighthouse >= 10) read here. */
export interface LighthouseResult {
  lighthouseVersion?: string;
  fetchTime?: string;
  finalDisplayedUrl?: string;
  runtimeError?: { code: string; message: string };
  categories: Record<string, { id: string; score: number | null }>;
  audits: Record<string, { numericValue?: number; score?: number | null }>;
}

const AUDIT_SECONDS: Record<string, string> = {
  'largest-contentful-paint': 'lcp',
  'first-contentful-paint': 'fcp',
  'total-blocking-time': 'tbt',
  interactive: 'tti',
  'speed-index': 'speed_index',
};

/** Prometheus label value escaping (backslash, quote, newline). */
function label(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function labels(pairs: Record<string, string>): string {
  return `{${Object.entries(pairs)
    .map(([k, v]) => `${k}="${label(v)}"`)
    .join(',')}}`;
}

/**
 * The metrics of one run:
 *   sokoni_lighthouse_score{store,page,category}        0-100, one per category measured
 *   sokoni_lighthouse_metric_seconds{store,page,metric}  lcp, fcp, tbt, tti, speed_index
 *   sokoni_lighthouse_cls{store,page}                    cumulative layout shift
 *   sokoni_lighthouse_run_success{store,page}            1 measured, 0 failed (no score then)
 *   sokoni_lighthouse_last_run_timestamp_seconds{store,page}
 */
export function toPrometheusText(results: PageResult[], now: Date = new Date()): string {
  const score: string[] = [];
  const seconds: string[] = [];
  const cls: string[] = [];
  const success: string[] = [];
  const stamp: string[] = [];
  for (const r of results) {
    const base = { store: r.store, page: r.page };
    const ok = Boolean(r.lhr) && !r.lhr!.runtimeError && !r.error;
    success.push(`sokoni_lighthouse_run_success${labels(base)} ${ok ? 1 : 0}`);
    const at = r.lhr?.fetchTime ? Date.parse(r.lhr.fetchTime) : now.getTime();
    stamp.push(
      `sokoni_lighthouse_last_run_timestamp_seconds${labels(base)} ${Math.round((Number.isFinite(at) ? at : now.getTime()) / 1000)}`,
    );
    if (!ok) continue;
    for (const [id, category] of Object.entries(r.lhr!.categories)) {
      if (typeof category.score !== 'number') continue;
      score.push(`sokoni_lighthouse_score${labels({ ...base, category: id })} ${Math.round(category.score * 100)}`);
    }
    for (const [audit, metric] of Object.entries(AUDIT_SECONDS)) {
      const value = r.lhr!.audits[audit]?.numericValue;
      if (typeof value === 'number' && Number.isFinite(value))
        seconds.push(`sokoni_lighthouse_metric_seconds${labels({ ...base, metric })} ${(value / 1000).toFixed(3)}`);
    }
    const shift = r.lhr!.audits['cumulative-layout-shift']?.numericValue;
    if (typeof shift === 'number' && Number.isFinite(shift))
      cls.push(`sokoni_lighthouse_cls${labels(base)} ${shift.toFixed(4)}`);
  }
  const family = (name: string, help: string, lines: string[]) =>
    lines.length ? [`# HELP ${name} ${help}`, `# TYPE ${name} gauge`, ...lines] : [];
  return [
    ...family(
      'sokoni_lighthouse_score',
      'Lighthouse category score 0-100 (mobile, simulated slow 4G) of a storefront page',
      score,
    ),
    ...family('sokoni_lighthouse_metric_seconds', 'Lighthouse lab metric of a storefront page, in seconds', seconds),
    ...family('sokoni_lighthouse_cls', 'Lighthouse cumulative layout shift of a storefront page', cls),
    ...family(
      'sokoni_lighthouse_run_success',
      '1 when the last Lighthouse run of the page produced a result, else 0',
      success,
    ),
    ...family(
      'sokoni_lighthouse_last_run_timestamp_seconds',
      'Unix time of the last Lighthouse run of the page',
      stamp,
    ),
    '',
  ].join('\n');
}

/**
 * Writes the file the way the textfile collector needs: a temporary name in the same directory,
 * then rename, so node-exporter never reads half a file.
 */
export async function writeTextfile(dir: string, text: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const target = path.join(dir, TEXTFILE_NAME);
  const temporary = path.join(dir, `.${TEXTFILE_NAME}.${randomBytes(4).toString('hex')}.tmp`);
  await writeFile(temporary, text, { mode: 0o644 });
  await rename(temporary, target);
  return target;
}
