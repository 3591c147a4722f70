import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { contentTypeOfKey, isValidMediaKey } from './keys';
import { S3Storage, type S3StorageOptions } from './s3-storage';

export interface MediaHead {
  contentType: string;
  /** Quoted strong ETag; the MD5 of the bytes for both implementations (S3 single-part uploads). */
  etag: string;
  size: number;
}

export interface MediaObject extends MediaHead {
  body: Buffer | Readable;
}

/** Where media bytes live: local disk by default, S3-compatible object storage when configured. */
export interface MediaStorage {
  readonly kind: 'local' | 's3';
  put(key: string, bytes: Buffer, contentType: string): Promise<void>;
  get(key: string): Promise<MediaObject | null>;
  head(key: string): Promise<MediaHead | null>;
  exists(key: string): Promise<boolean>;
}

export function etagOf(bytes: Buffer): string {
  return `"${createHash('md5').update(bytes).digest('hex')}"`;
}

export class InvalidMediaKeyError extends Error {
  constructor(key: string) {
    super(`invalid media key: ${JSON.stringify(key.slice(0, 100))}`);
    this.name = 'InvalidMediaKeyError';
  }
}

export function assertMediaKey(key: string): void {
  if (!isValidMediaKey(key)) throw new InvalidMediaKeyError(key);
}

/**
 * Files under root, one per key. The content type comes from the key's extension. Writes go to a
 * temporary file renamed into place, so a reader never sees half a file.
 */
export class LocalDiskStorage implements MediaStorage {
  readonly kind = 'local' as const;
  readonly root: string;
  private readonly madeDirs = new Set<string>();

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  private pathOf(key: string): string {
    assertMediaKey(key);
    const file = path.resolve(this.root, key);
    // Belt and braces: a valid key cannot escape, but the check costs nothing.
    if (!file.startsWith(this.root + path.sep)) throw new InvalidMediaKeyError(key);
    return file;
  }

  async put(key: string, bytes: Buffer, _contentType: string): Promise<void> {
    const file = this.pathOf(key);
    const dir = path.dirname(file);
    if (!this.madeDirs.has(dir)) {
      await mkdir(dir, { recursive: true });
      this.madeDirs.add(dir);
    }
    const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
    await writeFile(tmp, bytes);
    try {
      await rename(tmp, file);
    } catch (error) {
      await unlink(tmp).catch(() => undefined);
      throw error;
    }
  }

  async get(key: string): Promise<MediaObject | null> {
    const file = this.pathOf(key);
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
    return { body: bytes, contentType: contentTypeOfKey(key), etag: etagOf(bytes), size: bytes.length };
  }

  async head(key: string): Promise<MediaHead | null> {
    const found = await this.get(key);
    return found ? { contentType: found.contentType, etag: found.etag, size: found.size } : null;
  }

  async exists(key: string): Promise<boolean> {
    return (await this.head(key)) !== null;
  }
}

function isMissing(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR';
}

/** Writes only when the stored bytes (by ETag) or content type differ: cheap idempotent seeding. */
export async function putIfChanged(
  storage: MediaStorage,
  key: string,
  bytes: Buffer,
  contentType: string,
): Promise<boolean> {
  const current = await storage.head(key);
  if (current && current.etag === etagOf(bytes) && current.contentType === contentType) return false;
  await storage.put(key, bytes, contentType);
  return true;
}

export type MediaStorageOptions = { kind: 'local'; root: string } | ({ kind: 's3' } & S3StorageOptions);

export function createMediaStorage(options: MediaStorageOptions): MediaStorage {
  return options.kind === 's3' ? new S3Storage(options) : new LocalDiskStorage(options.root);
}

/**
 * S3 when S3_BUCKET is set, else local disk at mediaDir. The API validates the same variables
 * with zod at boot (apps/api/src/config/config.ts); this is the form scripts use.
 */
export function mediaStorageOptionsFromEnv(env: NodeJS.ProcessEnv, mediaDir: string): MediaStorageOptions {
  const value = (name: string) => (env[name] === '' ? undefined : env[name]);
  const bucket = value('S3_BUCKET');
  if (!bucket) return { kind: 'local', root: mediaDir };
  const region = value('S3_REGION');
  if (!region) throw new Error('S3_REGION is required when S3_BUCKET is set');
  const accessKeyId = value('S3_ACCESS_KEY_ID');
  const secretAccessKey = value('S3_SECRET_ACCESS_KEY');
  if (Boolean(accessKeyId) !== Boolean(secretAccessKey))
    throw new Error('S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together');
  return {
    kind: 's3',
    bucket,
    region,
    endpoint: value('S3_ENDPOINT'),
    forcePathStyle: value('S3_FORCE_PATH_STYLE') === 'true',
    credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined,
  };
}
