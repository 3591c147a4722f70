import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { RENDITION_FORMATS, RENDITION_WIDTHS, type RenditionFormat } from './keys';

export interface RenderedRendition {
  format: RenditionFormat;
  width: number;
  height: number;
  bytes: Buffer;
}

/** Encoder settings; part of the cache key, so changing them re-renders. */
const ENCODERS = {
  avif: { quality: 50, effort: 2 },
  webp: { quality: 78, effort: 4 },
} as const;
const VERSION = createHash('sha256')
  .update(JSON.stringify({ RENDITION_WIDTHS, ENCODERS, v: 1 }))
  .digest('hex')
  .slice(0, 8);

/**
 * Which renditions an original gets: every standard width narrower than the original, plus one
 * at the original's own width when that is within the standard range (so a request wider than
 * the widest standard rendition still gets full resolution), in AVIF and WebP, except the one
 * that would merely re-encode the original (same format, same width).
 */
export function plannedRenditions(original: {
  width: number;
  format: string;
}): { format: RenditionFormat; width: number }[] {
  const max = RENDITION_WIDTHS[RENDITION_WIDTHS.length - 1]!;
  const widths: number[] = RENDITION_WIDTHS.filter((w) => w < original.width);
  if (original.width <= max) widths.push(original.width);
  return RENDITION_FORMATS.flatMap((format) =>
    widths
      .filter((width) => !(format === original.format && width === original.width))
      .map((width) => ({ format, width })),
  );
}

/** Renders the planned renditions of an image with sharp. */
export async function renderRenditions(original: Buffer): Promise<RenderedRendition[]> {
  const meta = await sharp(original).metadata();
  if (!meta.width || !meta.height) throw new Error('renderRenditions: image without dimensions');
  const plan = plannedRenditions({ width: meta.width, format: meta.format === 'heif' ? 'avif' : String(meta.format) });
  return Promise.all(
    plan.map(async ({ format, width }) => {
      const pipeline = sharp(original).rotate().resize({ width, withoutEnlargement: true });
      const { data, info } =
        format === 'avif'
          ? await pipeline.avif(ENCODERS.avif).toBuffer({ resolveWithObject: true })
          : await pipeline.webp(ENCODERS.webp).toBuffer({ resolveWithObject: true });
      return { format, width: info.width, height: info.height, bytes: data };
    }),
  );
}

const cacheDir = path.join(os.tmpdir(), 'sokoni-image-cache');
/** A lock older than this is from a process that died mid-render. */
const STALE_LOCK_MS = 60_000;

/**
 * renderRenditions with an on-disk cache keyed by the original's bytes: every test database
 * seeds, and encoding (AVIF above all) is by far the slowest part of it. One bundle file per
 * original: a length-prefixed JSON header, then the renditions' bytes back to back.
 *
 * Cold, several processes (parallel test files) may seed at once: each original is rendered by
 * whichever process takes its lock file first, the others wait for the bundle, and since each
 * process renders only a few originals at a time, they share the work instead of repeating it.
 */
export async function renderRenditionsCached(original: Buffer): Promise<RenderedRendition[]> {
  const hash = createHash('sha256').update(original).digest('hex').slice(0, 32);
  const file = path.join(cacheDir, `renditions-${VERSION}-${hash}.bin`);
  const lock = `${file}.lock`;
  for (;;) {
    const cached = await readBundle(file);
    if (cached) return cached;
    const rendered = await renderSlots.run(async () => {
      if (!(await takeLock(lock))) return null;
      try {
        const again = await readBundle(file);
        if (again) return again;
        const fresh = await renderRenditions(original);
        const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}`;
        await writeFile(tmp, encodeBundle(fresh));
        await rename(tmp, file);
        return fresh;
      } finally {
        await unlink(lock).catch(() => undefined);
      }
    });
    if (rendered) return rendered;
    // Another process is rendering this one: wait for its bundle (or for its lock to go stale).
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function readBundle(file: string): Promise<RenderedRendition[] | null> {
  return readFile(file).then(decodeBundle, () => null);
}

async function takeLock(lock: string): Promise<boolean> {
  await mkdir(path.dirname(lock), { recursive: true });
  try {
    await writeFile(lock, String(process.pid), { flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as { code?: string }).code !== 'EEXIST') throw error;
    const age = await stat(lock).then(
      (s) => Date.now() - s.mtimeMs,
      () => 0,
    );
    if (age > STALE_LOCK_MS) await unlink(lock).catch(() => undefined);
    return false;
  }
}

/** At most this many originals render at once in this process (each is several encodes). */
class Slots {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly size: number) {}

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    try {
      return await fn();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}
const renderSlots = new Slots(Math.max(1, os.availableParallelism()));

function encodeBundle(renditions: RenderedRendition[]): Buffer {
  const header = Buffer.from(
    JSON.stringify(
      renditions.map((r) => ({ format: r.format, width: r.width, height: r.height, length: r.bytes.length })),
    ),
  );
  const size = Buffer.alloc(4);
  size.writeUInt32BE(header.length);
  return Buffer.concat([size, header, ...renditions.map((r) => r.bytes)]);
}

interface BundleEntry {
  format: RenditionFormat;
  width: number;
  height: number;
  length: number;
}

function decodeBundle(bundle: Buffer): RenderedRendition[] | null {
  try {
    const headerLength = bundle.readUInt32BE(0);
    const header = JSON.parse(bundle.subarray(4, 4 + headerLength).toString('utf8')) as BundleEntry[];
    let offset = 4 + headerLength;
    const out = header.map((h) => {
      const bytes = bundle.subarray(offset, offset + h.length);
      offset += h.length;
      return { format: h.format, width: h.width, height: h.height, bytes };
    });
    // A truncated or padded file is not trusted: render again.
    return offset === bundle.length && out.every((r) => r.bytes.length > 0) ? out : null;
  } catch {
    return null;
  }
}
