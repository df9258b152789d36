// Workers entry: a database client per request (through Hyperdrive, or DATABASE_URL in local
// development), the fetch handler and the cron-triggered jobs. PDFs (render, seal, inspect) are the
// PDF Worker's (src/pdf-worker.ts), reached through the PDF service binding. Nothing this file loads
// may import pdf-lib, fontkit or PKIjs (src/pdf-in-process.ts, platform/pdf/* but bytes.ts), or they
// come back into this bundle; tests/architecture.test.ts checks it.
import { createApp } from './app.js';
import { runScheduledWork } from './scheduled.js';
import { type Config, loadConfig } from './config.js';
import { ArrayTypeCache, type Database, connectPostgres } from './platform/db/database.js';
import { workerDocsAssets } from './platform/http/docs-assets-worker.js';
import { workerUiAssets } from './platform/ui/ui-assets-worker.js';
import type { AssetsBinding } from './platform/worker-assets.js';
import type { PdfService } from './platform/pdf-service.js';
import { jsonLogger, transportFor } from './platform/runtime.js';
import { installSecretKeys } from './platform/secrets.js';
import { webhookTargetPolicy } from './platform/webhooks/targets.js';

export interface Env {
  HYPERDRIVE?: { connectionString: string };
  DATABASE_URL?: string;
  /** The static assets (wrangler.toml [assets]): Swagger UI. */
  ASSETS?: AssetsBinding;
  /** The PDF Worker's RPC entrypoint (wrangler.toml [[services]]: vervolg-pdf, PdfService). */
  PDF?: PdfService;
  [key: string]: unknown;
}

// The two Workers runtime types this file needs (kept local so the DOM and Workers type sets don't clash).
interface ExecutionContext {
  waitUntil(promise: Promise<unknown>): void;
  passThroughOnException(): void;
}
interface ScheduledController {
  cron: string;
  scheduledTime: number;
}

let cachedConfig: Config | undefined;

function configOf(env: Env): Config {
  if (!cachedConfig) {
    // The seal certificate is the PDF Worker's secret, not this Worker's.
    cachedConfig = loadConfig({ APP_ENV: 'production', ...env }, { sealsPdfs: false });
    // SECRET_KEYS is a Worker secret (wrangler secret put SECRET_KEYS); the cron run needs it too.
    if (cachedConfig.secretKeys) installSecretKeys(cachedConfig.secretKeys);
  }
  return cachedConfig;
}

/** Where the entry puts the request's database client in the env it hands to the app. */
const REQUEST_DB = 'vervolgRequestDatabase';

/** No database outside a request: every request brings its own (deps.requestDatabase). */
const noIsolateDatabase = new Proxy({} as Database, {
  get() {
    throw new Error('The Worker has no database outside a request: use the request’s (deps.requestDatabase).');
  },
});

let cachedApp: ReturnType<typeof createApp> | undefined;

/** The server's array types, learned by the isolate's first database client and given to the later ones. */
const arrayTypes = new ArrayTypeCache();

/**
 * The app, built once per isolate (router, OpenAPI registry and document, middleware: tens of
 * milliseconds of CPU that a request should not pay); only the database client is per request.
 */
function appOf(config: Config, env: Env): ReturnType<typeof createApp> {
  if (!cachedApp) {
    // runtime 'workers': the client's address is CF-Connecting-IP, which Cloudflare sets.
    cachedApp = createApp({
      config,
      db: noIsolateDatabase,
      requestDatabase: (env) => (env as Record<string, Database | undefined> | undefined)?.[REQUEST_DB],
      transport: transportFor(config),
      log: jsonLogger,
      // An RPC stub: each call is a request to the PDF Worker. A failed call answers 503 (pdf-service.ts); unbound, 500.
      pdf: env.PDF,
      docsAssets: workerDocsAssets(env.ASSETS),
      uiAssets: workerUiAssets,
      runtime: 'workers',
    });
    jsonLogger({ level: 'info', msg: 'app built', runtime: 'workers' });
  }
  return cachedApp;
}

function connectionString(env: Env): string {
  const url = env.HYPERDRIVE?.connectionString ?? env.DATABASE_URL;
  if (!url) throw new Error('No database: bind HYPERDRIVE or set DATABASE_URL.');
  return url;
}

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    const config = configOf(env);
    // Hyperdrive pools connections at the edge; the Worker keeps a small client per request.
    const handle = connectPostgres(connectionString(env), { max: 3, arrayTypes });
    // Work the request leaves for after its response (e.g. sending a one-time code right after
    // the commit) still needs the database: close it only when that work has ended.
    const pending: Promise<unknown>[] = [];
    const requestCtx: ExecutionContext = {
      waitUntil: (promise) => {
        pending.push(promise);
        ctx.waitUntil(promise);
      },
      passThroughOnException: () => ctx.passThroughOnException(),
    };
    const app = appOf(config, env);
    try {
      return await app.fetch(request, { ...env, [REQUEST_DB]: handle.db }, requestCtx as never);
    } finally {
      ctx.waitUntil(Promise.allSettled(pending).then(() => handle.close()));
    }
  },

  async scheduled(_controller: ScheduledController, env: Env, ctx: ExecutionContext): Promise<void> {
    const config = configOf(env);
    const handle = connectPostgres(connectionString(env), { max: 2, arrayTypes });
    // Webhooks: no DNS API here, so only the URL's literal host is checked; Cloudflare's fetch does
    // not route to private networks, which covers names that resolve to private addresses.
    const jobs = { db: handle.db, transport: transportFor(config), log: jsonLogger, env: config.env, publicUrl: config.publicUrl, billing: config.billing };
    ctx.waitUntil(runScheduledWork({ ...jobs, webhookTargets: webhookTargetPolicy(config), webhookFetch: (input, init) => fetch(input, init) }).finally(() => handle.close()));
  },
};
