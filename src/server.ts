// Node entry: PGlite in DATA_DIR (migrated and seeded on first start) or PostgreSQL when
// DATABASE_URL is set; serves the app and runs the scheduled jobs on a timer.
import { mkdirSync } from 'node:fs';
import { serve } from '@hono/node-server';
import { seedDemo } from '../db/seed/demo.js';
import { createApp } from './app.js';
import { runScheduledWork } from './scheduled.js';
import { ConfigError, loadConfig } from './config.js';
import { connectPostgres, type DatabaseHandle } from './platform/db/database.js';
import { migrate } from './platform/db/migrate.js';
import { generateDevelopmentSealerFile } from './platform/pdf/dev-seal-node.js';
import { jsonLogger, sealerFor, transportFor } from './platform/runtime.js';

async function openDatabase(databaseUrl: string | undefined, dataDir: string): Promise<DatabaseHandle> {
  if (databaseUrl) return connectPostgres(databaseUrl);
  mkdirSync(dataDir, { recursive: true });
  const { connectPglite } = await import('./platform/db/pglite.js');
  return connectPglite(dataDir);
}

async function main() {
  const config = loadConfig(process.env);
  const handle = await openDatabase(config.databaseUrl, config.dataDir);
  const say = (line: string) => console.log(line);
  say(`database: ${handle.kind === 'pglite' ? `embedded PGlite in ${config.dataDir}` : 'PostgreSQL (DATABASE_URL)'}`);
  await migrate(handle.db, say);
  if (config.env !== 'production') {
    const seeded = await seedDemo(handle.db, config.publicUrl, say);
    if (seeded.loginLink) {
      say(`\n${seeded.created ? 'Demo municipality ready. ' : ''}Sign in as the demo admin with this one-time link (30 minutes):\n  ${seeded.loginLink}\n`);
    }
  }
  const transport = transportFor(config);
  const app = createApp({
    config,
    db: handle.db,
    transport,
    log: jsonLogger,
    sealer: sealerFor(config, () => generateDevelopmentSealerFile(`${config.dataDir}/dev-seal.p12`)),
    // The client's address is the socket's (or, behind TRUSTED_PROXIES, X-Forwarded-For's).
    runtime: 'node',
  });
  const server = serve({ fetch: app.fetch, port: config.port }, (info) => say(`Vervolg API on http://localhost:${info.port}/v1 (docs: /v1/docs)`));
  const timer = setInterval(() => {
    runScheduledWork({ db: handle.db, transport, log: jsonLogger, env: config.env, publicUrl: config.publicUrl, billing: config.billing }).catch((error) => jsonLogger({ level: 'error', msg: 'jobs failed', error: String(error) }));
  }, config.jobsIntervalSeconds * 1000);
  const stop = async () => {
    clearInterval(timer);
    // Stop taking requests, let the ones in flight finish, then close the database.
    await new Promise((resolve) => server.close(resolve));
    await handle.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
