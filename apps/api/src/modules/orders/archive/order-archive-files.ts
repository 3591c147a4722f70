import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { assertMediaKey, createMediaStorage, type MediaStorage, type MediaStorageOptions } from '@sokoni/db';

export const ORDER_ARCHIVE_FILES = Symbol('ORDER_ARCHIVE_FILES');

/** What was stored under a key, as read back from the storage. */
export interface StoredArchive {
  sha256: string;
  byteSize: number;
}

/** Stored bytes that are not the bytes written (a truncated upload, a storage fault). */
export class ArchiveVerificationError extends Error {
  constructor(key: string, detail: string) {
    super(`order archive ${key} did not verify: ${detail}`);
    this.name = 'ArchiveVerificationError';
  }
}

/**
 * `<tenant_id>/archive/orders/<yyyy-mm>-<archive id>.jsonl.gz`: beside the store's media, never
 * served by the public /media route (no media row names it). A new key per batch: a key is never
 * written twice, so a recorded archive can never be overwritten by a later or concurrent run.
 */
export function orderArchiveKey({
  tenantId,
  month,
  archiveId,
}: {
  tenantId: string;
  month: string;
  archiveId: string;
}): string {
  const key = `${tenantId}/archive/orders/${month}-${archiveId}.jsonl.gz`;
  assertMediaKey(key);
  return key;
}

export function sha256Hex(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Archive objects in the storage media already uses (local disk or S3-compatible). A batch is
 * bounded (ORDERS_ARCHIVE_BATCH orders), so whole Buffers are fine here, unlike exports.
 */
export class OrderArchiveFiles {
  private readonly storage: MediaStorage;

  constructor(options: MediaStorageOptions) {
    this.storage = createMediaStorage(options);
  }

  /**
   * gzips the JSON lines, writes them under key and reads the object back: resolves only when
   * the stored bytes have the size and SHA-256 of what was written (else throws), so the caller
   * may delete the rows they hold.
   */
  async write(key: string, lines: readonly string[]): Promise<StoredArchive> {
    const bytes = gzipSync(Buffer.from(lines.map((line) => `${line}\n`).join(''), 'utf8'));
    const expected = { sha256: sha256Hex(bytes), byteSize: bytes.length };
    await this.storage.put(key, bytes, 'application/gzip');
    const stored = await this.read(key);
    if (!stored) throw new ArchiveVerificationError(key, 'not found after writing');
    const found = { sha256: sha256Hex(stored), byteSize: stored.length };
    if (found.byteSize !== expected.byteSize || found.sha256 !== expected.sha256)
      throw new ArchiveVerificationError(
        key,
        `wrote ${expected.byteSize} bytes ${expected.sha256}, read ${found.byteSize} bytes ${found.sha256}`,
      );
    return expected;
  }

  /** The stored object's bytes, or null when it is not there. */
  async read(key: string): Promise<Buffer | null> {
    const object = await this.storage.get(key);
    if (!object) return null;
    if (Buffer.isBuffer(object.body)) return object.body;
    const chunks: Buffer[] = [];
    for await (const chunk of object.body) chunks.push(Buffer.from(chunk as Uint8Array));
    return Buffer.concat(chunks);
  }
}
