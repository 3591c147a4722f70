// Migrate, provision the app role and seed: shared by npm start, scripts/db.mjs and the tests.
import path from 'node:path';
import { createMediaStorage, mediaStorageOptionsFromEnv, provisionAppRole, runMigrations } from '@sokoni/db';
import { seedDemo } from '@sokoni/db/dist/seed/index.js';
import { ROOT } from './services.mjs';

export const appRole = () => ({
  role: process.env.DB_APP_ROLE || 'sokoni_app',
  password: process.env.DB_APP_PASSWORD || 'sokoni_app_local_only',
});

export async function migrate(ownerUrl) {
  const result = await runMigrations(ownerUrl);
  await provisionAppRole(ownerUrl, appRole());
  return result;
}

export function mediaDir() {
  return path.resolve(ROOT, process.env.MEDIA_DIR || 'var/media');
}

/** Product images go where the API reads them: S3 when S3_BUCKET is set, else MEDIA_DIR. */
export async function seed(ownerUrl) {
  const storage = createMediaStorage(mediaStorageOptionsFromEnv(process.env, mediaDir()));
  try {
    return await seedDemo({ ownerUrl, mediaDir: mediaDir(), storage, history: process.env.SEED_HISTORY !== '0' });
  } finally {
    storage.destroy?.(); // S3: close the client's sockets so the script can exit
  }
}
