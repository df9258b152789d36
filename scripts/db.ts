// `npm run db:migrate` and `npm run db:seed`: against DATABASE_URL, or the embedded database in
// DATA_DIR when it is unset.
import { mkdirSync } from 'node:fs';
import { seedDemo } from '../db/seed/demo.js';
import { loadConfig } from '../src/config.js';
import { connectPostgres, type DatabaseHandle } from '../src/platform/db/database.js';
import { migrate } from '../src/platform/db/migrate.js';
import { DatabaseUnreachableError, retryWhileDatabaseUnreachable, startupFailure } from '../src/platform/db/retry.js';
import { developmentSecretKeys } from '../src/platform/dev-secrets-node.js';
import { installSecretKeys } from '../src/platform/secrets.js';

export async function openFromEnv(): Promise<{ handle: DatabaseHandle; config: ReturnType<typeof loadConfig> }> {
  let config = loadConfig(process.env);
  // The seed sets up the demo admin's authenticator, whose key is stored encrypted: the same key as
  // `npm start` (SECRET_KEYS, or in development the one kept in DATA_DIR).
  if (!config.secretKeys) config = { ...config, secretKeys: (await developmentSecretKeys(config.dataDir)).keys };
  installSecretKeys(config.secretKeys ?? []);
  if (config.databaseUrl) return { handle: connectPostgres(config.databaseUrl, { connectTimeoutSeconds: config.database.connectTimeoutSeconds }), config };
  mkdirSync(config.dataDir, { recursive: true });
  const { connectPglite } = await import('../src/platform/db/pglite.js');
  return { handle: await connectPglite(config.dataDir), config };
}

const command = process.argv[2];
if (command === 'migrate' || command === 'seed') {
  const { handle, config } = await openFromEnv();
  try {
    // Like start-up: a database still coming up is waited for (DATABASE_STARTUP_RETRY_SECONDS).
    const applied = await retryWhileDatabaseUnreachable(() => migrate(handle.db, console.log), { totalMs: config.database.startupRetrySeconds * 1000, say: console.log });
    console.log(applied.length ? `applied ${applied.length} migration(s)` : 'database is up to date');
    if (command === 'seed') {
      const result = await seedDemo(handle.db, config.publicUrl, console.log);
      // Not the Node entry: this link never counts as the second factor (set up an authenticator with it).
      console.log(result.created ? `demo data created; one-time login link (the session still needs the second factor): ${result.loginLink}` : 'demo data already present');
    }
  } catch (error) {
    // One clear line (as start-up prints), not a stack, for "not reachable" and database refusals.
    console.error(error instanceof DatabaseUnreachableError ? error.message : startupFailure(error));
    process.exitCode = 1;
  } finally {
    await handle.close();
  }
}
