#!/usr/bin/env node
// node scripts/db.mjs migrate | seed   (DATABASE_URL = owner connection; used by docker-compose's
// one-shot migrate service and by operators. `npm start` does both itself.)
import { migrate, seed } from './lib/database.mjs';

const command = process.argv[2];
const ownerUrl = process.env.DATABASE_URL;
if (!ownerUrl) {
  console.error(
    'DATABASE_URL is required (the owner connection that runs migrations). `npm start` without it boots an embedded Postgres itself.',
  );
  process.exit(1);
}
if (command === 'migrate') {
  const result = await migrate(ownerUrl);
  console.log(
    JSON.stringify({ msg: 'migrated', applied: result.applied, alreadyApplied: result.alreadyApplied.length }),
  );
} else if (command === 'seed') {
  const summary = await seed(ownerUrl);
  console.log(JSON.stringify({ msg: 'seeded', ...summary }));
} else {
  console.error('usage: node scripts/db.mjs migrate|seed');
  process.exit(2);
}
