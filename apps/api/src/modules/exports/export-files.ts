import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, stat, unlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { assertMediaKey, createMediaStorage, LocalDiskStorage, S3Storage, type MediaStorageOptions } from '@sokoni/db';

/** Where a finished export lives: beside the store's media, under `<tenant_id>/exports/`. */
/** One export of one store: what a key and a link name. */
export interface ExportRef {
  tenantId: string;
  exportId: string;
}

export function exportKey({ tenantId, exportId }: ExportRef): string {
  const key = `${tenantId}/exports/${exportId}.csv`;
  assertMediaKey(key);
  return key;
}

/**
 * Export files in the storage media already uses (local disk or S3-compatible), streamed both
 * ways: the media interface takes whole Buffers, which a 100,000-order file must not become.
 * Local: written to a temporary file beside the target and renamed (a reader never sees half a
 * file). S3: written to a temporary file first (its size must be known for a single PUT), then
 * streamed up and removed.
 */
export class ExportFiles {
  private readonly storage;

  constructor(options: MediaStorageOptions) {
    this.storage = createMediaStorage(options);
  }

  /** Runs `produce` into the file stored under key; resolves with its size in bytes. */
  async write(key: string, produce: (out: Writable) => Promise<void>): Promise<number> {
    assertMediaKey(key);
    const target = this.storage instanceof LocalDiskStorage ? path.join(this.storage.root, key) : null;
    const dir = target ? path.dirname(target) : os.tmpdir();
    await mkdir(dir, { recursive: true });
    const tmp = path.join(dir, `.export-${randomBytes(8).toString('hex')}.tmp`);
    try {
      await produce(createWriteStream(tmp));
      const { size } = await stat(tmp);
      if (target) await rename(tmp, target);
      else if (this.storage instanceof S3Storage) {
        // Loaded on use, as the media storage does: a local-disk deployment never loads the SDK.
        const { PutObjectCommand } = await import('@aws-sdk/client-s3');
        await this.storage.client.send(
          new PutObjectCommand({
            Bucket: this.storage.bucket,
            Key: key,
            Body: createReadStream(tmp),
            ContentLength: size,
            ContentType: 'text/csv; charset=utf-8',
          }),
        );
      }
      return size;
    } finally {
      await unlink(tmp).catch(() => undefined);
    }
  }

  /** The stored file as a stream, or null when it is not there (never written, or removed). */
  async open(key: string): Promise<Readable | null> {
    assertMediaKey(key);
    if (this.storage instanceof LocalDiskStorage) {
      const file = path.join(this.storage.root, key);
      try {
        await stat(file);
      } catch {
        return null;
      }
      return createReadStream(file);
    }
    const s3 = this.storage as S3Storage;
    const { GetObjectCommand } = await import('@aws-sdk/client-s3');
    try {
      const out = await s3.client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: key }));
      return out.Body as Readable;
    } catch (error) {
      if ((error as { name?: string }).name === 'NoSuchKey') return null;
      throw error;
    }
  }
}

/**
 * Download links: `expires` (unix seconds) and an HMAC-SHA256 over tenant, export and expiry,
 * keyed by a key derived from CART_TOKEN_SECRET with its own label (a cart token can never pass
 * for a link, nor a link for a cart). A link works for anyone holding it until it expires, so the
 * owner can hand it to their accountant; it names one file of one store.
 */
export class ExportLinks {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = createHmac('sha256', secret).update('sokoni export download links v1').digest();
  }

  sign(ref: ExportRef, expires: Date): { expires: number; sig: string } {
    const at = Math.floor(expires.getTime() / 1000);
    return { expires: at, sig: this.mac(ref, at) };
  }

  verify(ref: ExportRef, expires: number, sig: string): boolean {
    const expected = Buffer.from(this.mac(ref, expires));
    const given = Buffer.from(sig);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  private mac({ tenantId, exportId }: ExportRef, expires: number): string {
    return createHmac('sha256', this.key).update(`${tenantId}.${exportId}.${expires}`).digest('base64url');
  }
}

export const EXPORT_FILES = Symbol('EXPORT_FILES');
