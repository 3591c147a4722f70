#!/usr/bin/env node
// node ops/backup/s3.mjs put|get <local file> <key>
// Copies one file to or from BACKUP_S3_URI (s3://bucket/prefix) on any S3-compatible service,
// with the same settings as media: S3_ENDPOINT, S3_REGION, S3_ACCESS_KEY_ID,
// S3_SECRET_ACCESS_KEY, S3_FORCE_PATH_STYLE. `put` never replaces an object that already exists
// with other bytes (If-None-Match, then a compare): archived WAL is written once. `get` exits 1
// when the object does not exist (restore-wal.sh: "the archive ends here"), 2 on other errors.
import { createReadStream } from 'node:fs';
import { readFile, rename, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
// The SDK is a dependency of packages/db (media storage); resolve it from there.
const require = createRequire(path.join(ROOT, 'packages/db/package.json'));
const { S3Client, PutObjectCommand, GetObjectCommand } = require('@aws-sdk/client-s3');

const [command, file, key] = process.argv.slice(2);
const uri = process.env.BACKUP_S3_URI ?? '';
const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(uri);
if (!['put', 'get'].includes(command) || !file || !key || !match) {
  console.error('usage: BACKUP_S3_URI=s3://bucket/prefix node ops/backup/s3.mjs put|get <file> <key>');
  process.exit(2);
}
const [, bucket, prefix] = match;
const objectKey = [prefix.replace(/\/+$/, ''), key].filter(Boolean).join('/');
const client = new S3Client({
  region: process.env.S3_REGION || 'us-east-1',
  endpoint: process.env.S3_ENDPOINT || undefined,
  forcePathStyle: process.env.S3_FORCE_PATH_STYLE === 'true',
  credentials:
    process.env.S3_ACCESS_KEY_ID && process.env.S3_SECRET_ACCESS_KEY
      ? { accessKeyId: process.env.S3_ACCESS_KEY_ID, secretAccessKey: process.env.S3_SECRET_ACCESS_KEY }
      : undefined,
  requestChecksumCalculation: 'WHEN_REQUIRED',
  responseChecksumValidation: 'WHEN_REQUIRED',
});
const notFound = (error) => error?.name === 'NoSuchKey' || error?.$metadata?.httpStatusCode === 404;

async function download() {
  const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: objectKey }));
  return Buffer.from(await out.Body.transformToByteArray());
}

try {
  if (command === 'put') {
    const { size } = await stat(file);
    try {
      await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: objectKey,
          Body: createReadStream(file),
          ContentLength: size,
          IfNoneMatch: '*',
        }),
      );
    } catch (error) {
      // 412: it is there already (a retried archive_command): fine only if it is the same bytes.
      if (error?.$metadata?.httpStatusCode !== 412) throw error;
      if (!(await download()).equals(await readFile(file))) {
        console.error(`s3://${bucket}/${objectKey} exists with different content; not replaced`);
        process.exit(2);
      }
    }
  } else {
    let body;
    try {
      body = await download();
    } catch (error) {
      if (notFound(error)) process.exit(1);
      throw error;
    }
    const tmp = `${file}.s3tmp`;
    await writeFile(tmp, body);
    await rename(tmp, file);
  }
} catch (error) {
  console.error(`s3 ${command} s3://${bucket}/${objectKey}: ${error?.message ?? error}`);
  process.exit(2);
} finally {
  client.destroy();
}
