import type { Readable } from 'node:stream';
import type * as S3 from '@aws-sdk/client-s3';
import { contentTypeOfKey, isValidMediaKey } from './keys';
import type { MediaHead, MediaObject, MediaStorage } from './storage';

export interface S3StorageOptions {
  bucket: string;
  region: string;
  /** Any S3-compatible endpoint (MinIO, R2, Wasabi, ...); unset = AWS. */
  endpoint?: string;
  /** Path-style URLs (http://host/bucket/key): most self-hosted S3-compatible servers need it. */
  forcePathStyle?: boolean;
  /** Unset = the SDK's default credential chain (instance role, AWS_* env, ...). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

/** Loaded on first use only, so a local-disk deployment never loads the AWS SDK. */
let sdk: typeof S3 | undefined;
function loadSdk(): typeof S3 {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded lazily and synchronously, see above
  sdk ??= require('@aws-sdk/client-s3') as typeof S3;
  return sdk;
}

/** One object per key in a bucket of any S3-compatible service. */
export class S3Storage implements MediaStorage {
  readonly kind = 's3' as const;
  readonly bucket: string;
  readonly client: S3.S3Client;

  constructor(options: S3StorageOptions) {
    const { S3Client } = loadSdk();
    this.bucket = options.bucket;
    this.client = new S3Client({
      region: options.region,
      endpoint: options.endpoint,
      forcePathStyle: options.forcePathStyle ?? false,
      credentials: options.credentials,
      // Newer SDKs add CRC checksums to every request by default, which several S3-compatible
      // servers reject; checksums only where the API requires them.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  private check(key: string): void {
    if (!isValidMediaKey(key)) throw new Error(`invalid media key: ${JSON.stringify(key.slice(0, 100))}`);
  }

  async put(key: string, bytes: Buffer, contentType: string): Promise<void> {
    this.check(key);
    const { PutObjectCommand } = loadSdk();
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: bytes,
        ContentType: contentType,
        ContentLength: bytes.length,
      }),
    );
  }

  async get(key: string): Promise<MediaObject | null> {
    this.check(key);
    const { GetObjectCommand } = loadSdk();
    const out = await nullIfMissing(this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key })));
    return out && { body: out.Body as Readable, ...mediaHead(key, out) };
  }

  async head(key: string): Promise<MediaHead | null> {
    this.check(key);
    const { HeadObjectCommand } = loadSdk();
    const out = await nullIfMissing(this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key })));
    return out && mediaHead(key, out);
  }

  async exists(key: string): Promise<boolean> {
    return (await this.head(key)) !== null;
  }

  destroy(): void {
    this.client.destroy();
  }
}

/** What a GET or a HEAD answer says of an object; the key's own type when the bucket stored none. */
function mediaHead(key: string, out: { ContentType?: string; ETag?: string; ContentLength?: number }): MediaHead {
  return {
    contentType: out.ContentType ?? contentTypeOfKey(key),
    etag: out.ETag ?? '""',
    size: out.ContentLength ?? 0,
  };
}

/** The answer of an S3 request, or null when the key is not in the bucket. */
async function nullIfMissing<T>(request: Promise<T>): Promise<T | null> {
  try {
    return await request;
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}

function isNotFound(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === 'NoSuchKey' || e.name === 'NotFound' || e.$metadata?.httpStatusCode === 404;
}
