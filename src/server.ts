// Node entry: PGlite in DATA_DIR (migrated and seeded on first start) or PostgreSQL when
// DATABASE_URL is set; serves the app and runs the scheduled jobs on a timer.
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { seedDemo } from '../db/seed/demo.js';
import { createApp } from './app.js';
import { runScheduledWork } from './scheduled.js';
import { ConfigError, loadConfig } from './config.js';
import { connectPostgres, type DatabaseHandle } from './platform/db/database.js';
import { migrate } from './platform/db/migrate.js';
import { DatabaseUnreachableError, retryWhileDatabaseUnreachable, startupFailure } from './platform/db/retry.js';
import { nodeDocsAssets } from './platform/http/docs-assets-node.js';
import { nodeUiAssets } from './platform/ui/ui-assets-node.js';
import { HTTP_SERVER_OPTIONS, Lifecycle, startJobTimer } from './platform/lifecycle.js';
import { generateDevelopmentSealerFile } from './platform/pdf/dev-seal-node.js';
import { developmentSecretKeys } from './platform/dev-secrets-node.js';
import { createPdfService, sealerFor } from './pdf-in-process.js';
import { jsonLogger, transportFor } from './platform/runtime.js';
import { installSecretKeys } from './platform/secrets.js';
import { reencryptSecrets } from './platform/secrets-reencrypt.js';
import { forgetServerUrl, recordServerUrl } from './platform/server-url-node.js';
import { webhookTargetPolicy } from './platform/webhooks/targets.js';
import { guardedWebhookFetch } from './platform/webhooks/node-fetch.js';

async function openDatabase(databaseUrl: string | undefined, dataDir: string, connectTimeoutSeconds: number): Promise<DatabaseHandle> {
  if (databaseUrl) return connectPostgres(databaseUrl, { connectTimeoutSeconds });
  mkdirSync(dataDir, { recursive: true });
  const { connectPglite } = await import('./platform/db/pglite.js');
  return connectPglite(dataDir);
}

async function main() {
  let config = loadConfig(process.env);
  // Development without SECRET_KEYS: a key made once and kept in DATA_DIR (never printed).
  if (!config.secretKeys) config = { ...config, secretKeys: (await developmentSecretKeys(config.dataDir)).keys };
  const secretKeys = installSecretKeys(config.secretKeys ?? []);
  const handle = await openDatabase(config.databaseUrl, config.dataDir, config.database.connectTimeoutSeconds);
  const say = (line: string) => console.log(line);
  say(`database: ${handle.kind === 'pglite' ? `embedded PGlite in ${config.dataDir}` : 'PostgreSQL (DATABASE_URL)'}`);
  // The migration is the first contact with the database: a server started together with its
  // database (or while it restarts) waits for it here, saying so, instead of exiting.
  await retryWhileDatabaseUnreachable(() => migrate(handle.db, say), { totalMs: config.database.startupRetrySeconds * 1000, say });
  // Secrets at rest: encrypt what is still plaintext (databases from before migration 0013) and
  // move values under an older key to the current one, before serving — cheap when there is
  // nothing to do (one count per column), and the app then never needs to read plaintext.
  const reencrypted = await reencryptSecrets(handle.db, secretKeys, { say });
  if (reencrypted.failures.length > 0) {
    for (const failure of reencrypted.failures) jsonLogger({ level: 'error', msg: 'secret not re-encrypted', error: failure });
  }
  // The demo link may count as the second factor only in development on the embedded database
  // this process opened itself (never production, never a real PostgreSQL server): see
  // demoLinksCountAsSecondFactor, which checks the same two facts again when the link is used.
  const embeddedDemoDatabase = handle.kind === 'pglite';
  if (config.env !== 'production') {
    const seeded = await seedDemo(handle.db, config.publicUrl, say, { demoSecondFactor: config.env === 'development' && embeddedDemoDatabase });
    if (seeded.loginLink) {
      say(`\n${seeded.created ? 'Demo municipality ready. ' : ''}Sign in as the demo admin with this one-time link (30 minutes):\n  ${seeded.loginLink}`);
      say(
        seeded.linkVerifiesSecondFactor
          ? 'Development demo only: this link counts as the demo admin’s second factor.\n'
          : 'The session it opens still needs the second factor: the app sets up your authenticator app first.\n',
      );
    }
  }
  const transport = transportFor(config);
  // Stopping is bounded (lifecycle.ts): SHUTDOWN_TIMEOUT_SECONDS for what is in flight, then cut.
  const lifecycle = new Lifecycle({ deadlineMs: config.shutdownTimeoutSeconds * 1000, log: jsonLogger, exit: (code) => process.exit(code) });
  const app = createApp({
    config,
    db: handle.db,
    transport,
    log: jsonLogger,
    embeddedDemoDatabase,
    // Node renders and seals in this process (Workers: the PDF Worker, src/pdf-worker.ts).
    pdf: createPdfService(sealerFor(config, () => generateDevelopmentSealerFile(`${config.dataDir}/dev-seal.p12`))),
    docsAssets: nodeDocsAssets,
    uiAssets: nodeUiAssets,
    // The client's address is the socket's (or, behind TRUSTED_PROXIES, X-Forwarded-For's).
    runtime: 'node',
    stopping: () => lifecycle.stopping,
  });
  const server = serve({ fetch: app.fetch, port: config.port, serverOptions: HTTP_SERVER_OPTIONS }, (info) => {
    const url = process.env.PUBLIC_URL ? config.publicUrl : `http://localhost:${info.port}`;
    say(`Vervolg API on ${url}/v1 (docs: /v1/docs); the staff app: ${url}/app`);
    // For `npm run platform:admin` beside this server: its links use this address.
    mkdirSync(config.dataDir, { recursive: true });
    recordServerUrl(config.dataDir, url);
    process.once('exit', () => forgetServerUrl(config.dataDir));
  }) as Server;
  const webhookTargets = webhookTargetPolicy(config);
  const webhookFetch = guardedWebhookFetch(webhookTargets);
  const jobs = startJobTimer(
    () => runScheduledWork({ db: handle.db, transport, log: jsonLogger, env: config.env, publicUrl: config.publicUrl, billing: config.billing, webhookTargets, webhookFetch }),
    config.jobsIntervalSeconds * 1000,
    (error) => jsonLogger({ level: 'error', msg: 'jobs failed', error: String(error) }),
  );
  lifecycle.manage({ server, jobs, database: handle });
  lifecycle.onSignals(process);
}

main().catch((error) => {
  console.error(error instanceof ConfigError || error instanceof DatabaseUnreachableError ? error.message : startupFailure(error));
  process.exit(1);
});
