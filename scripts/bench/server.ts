// A server for `npm run bench:api`, started by scripts/bench-api.ts as a child process so the load
// generator and the server under test do not share an event loop.
//
//   tsx scripts/bench/server.ts vervolg|bare   (BENCH_DATABASE_URL names the database)
//
// "vervolg" is the real app (createApp) with request logging on, written to a sink that pays for
// the JSON line and drops it. "bare" is Hono + postgres.js with one select per request, as the
// owner role, without transaction, authentication or context; under /tx it also serves the same
// select inside a minimal tenant transaction (the ceiling for any transactional design). Both use a pool of 10 connections.
// The child tells its parent the port it listens on ({ ready: port }), answers 'drain' with
// { drained: true } once no request is in flight, and stops on 'stop'.
import { serve } from '@hono/node-server';
import type { Server as HttpServer } from 'node:http';
import { type Context, Hono } from 'hono';
import postgres from 'postgres';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { connectPostgres } from '../../src/platform/db/database.js';
import type { Logger } from '../../src/platform/http/env.js';
import { ConsoleTransport } from '../../src/platform/outbox.js';
import { createPdfService, sealerFor } from '../../src/pdf-in-process.js';
import { MEMBERS_SQL, PROVIDERS_SQL } from './api-seed.js';

export const POOL_SIZE = 10;

interface Running {
  port: number;
  close(): Promise<void>;
}

/**
 * Requests still being answered. When autocannon stops, requests it sent stay queued here (and
 * their transactions open); the parent waits for them before the next run, and closing the pool
 * waits for them too: postgres.js end() never settles while a connection is reserved.
 */
let inFlight = 0;

async function drained(limitMs = 30_000): Promise<void> {
  const until = Date.now() + limitMs;
  while (inFlight > 0 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 5));
}

function listen(fetch: (request: Request, env?: unknown) => Response | Promise<Response>): Promise<{ port: number; server: ReturnType<typeof serve> }> {
  const counted = async (request: Request, env?: unknown) => {
    inFlight++;
    try {
      return await fetch(request, env);
    } finally {
      inFlight--;
    }
  };
  return new Promise((resolve) => {
    const server = serve({ fetch: counted, port: 0, hostname: '127.0.0.1' }, (info) => resolve({ port: info.port, server }));
    // bench:ingest's batches are seconds apart while the plain INSERTs run: keep idle connections open meanwhile.
    (server as HttpServer).keepAliveTimeout = 120_000;
  });
}

/** Logging stays on: each entry is turned into its JSON line, as jsonLogger does, then dropped. */
let loggedBytes = 0;
const discardLogger: Logger = (entry) => {
  loggedBytes += JSON.stringify({ time: new Date().toISOString(), ...entry }).length;
};

/** No request in the benchmark sends mail; should one, it is dropped too. */
const noTransport = new ConsoleTransport(() => {});

async function startVervolg(url: string): Promise<Running> {
  // APP_ENV test: production would also demand the seal certificate, which no benchmarked request uses.
  const config = loadConfig({ APP_ENV: 'test', OUTBOX_TRANSPORT: 'console', DATABASE_URL: url, LOG_REQUESTS: 'true' });
  if (!config.logRequests) throw new Error('request logging must be on for the benchmark');
  const handle = connectPostgres(url, { max: POOL_SIZE });
  const app = createApp({
    config,
    db: handle.db,
    transport: noTransport,
    log: discardLogger,
    pdf: createPdfService(sealerFor(config)),
    runtime: 'node',
  });
  const { port, server } = await listen(app.fetch);
  return {
    port,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await drained();
      await handle.close();
    },
  };
}

async function startBare(url: string): Promise<Running> {
  const sql = postgres(url, { max: POOL_SIZE, onnotice: () => {}, connection: { application_name: 'vervolg-bench-bare' } });
  const app = new Hono();
  app.get('/members/:tenantId', async (c) => c.json(await sql.unsafe(MEMBERS_SQL, [c.req.param('tenantId'), 21], { prepare: true })));
  app.get('/providers/:tenantId', async (c) => c.json(await sql.unsafe(PROVIDERS_SQL, [c.req.param('tenantId'), 21], { prepare: true })));
  // The least any design with one transaction per request and a tenant context can do: BEGIN,
  // one statement setting role and tenant, the select under row-level security, COMMIT. No auth,
  // no framework, no log. It bounds what the ratio can reach on this machine.
  const inTenant = (query: string) => async (c: Context) => {
    const tenantId = c.req.param('tenantId') as string;
    const rows = await sql.begin(async (t) => {
      await t.unsafe("select set_config('role', 'vervolg_app', true), set_config('app.tenant_id', $1, true)", [tenantId], { prepare: true });
      return t.unsafe(query, [tenantId, 21], { prepare: true });
    });
    return c.json(rows);
  };
  app.get('/tx/members/:tenantId', inTenant(MEMBERS_SQL));
  app.get('/tx/providers/:tenantId', inTenant(PROVIDERS_SQL));
  const { port, server } = await listen(app.fetch);
  return {
    port,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await drained();
      await sql.end({ timeout: 5 });
    },
  };
}

async function main() {
  const kind = process.argv[2];
  const url = process.env.BENCH_DATABASE_URL;
  if (!url) throw new Error('BENCH_DATABASE_URL is not set');
  if (!process.send) throw new Error('start this through scripts/bench-api.ts (it needs an IPC channel)');
  let running: Running;
  if (kind === 'vervolg') running = await startVervolg(url);
  else if (kind === 'bare') running = await startBare(url);
  else throw new Error(`unknown server kind ${kind}; use vervolg or bare`);
  process.on('message', (message) => {
    if (message === 'drain') {
      drained().then(() => process.send?.({ drained: true }));
      return;
    }
    if (message !== 'stop') return;
    running
      .close()
      .then(() => process.send?.({ stopped: true, loggedBytes }, () => process.exit(0)))
      .catch((error) => {
        console.error(error);
        process.exit(1);
      });
  });
  process.send({ ready: running.port });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
