// In-process CPU per request of the real app (createApp → app.fetch, no HTTP), against the bare
// handler (Hono + postgres.js, one select), both on the same database: what our own code costs per
// request without the load generator, sockets or scheduling noise of bench:api. Not a target of its
// own; a tool to see where the request path's CPU goes (BENCH_CPU_PROF=<file> writes a V8 profile
// of the measured vervolg requests only).
//
//   DATABASE_URL=… tsx scripts/bench/request-cpu.ts   (BENCH_REQUESTS, BENCH_CONCURRENCY)
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { Hono } from 'hono';
import postgres from 'postgres';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { connectPostgres } from '../../src/platform/db/database.js';
import { ConsoleTransport } from '../../src/platform/outbox.js';
import { createPdfService, sealerFor } from '../../src/pdf-in-process.js';
import { MEMBERS_SQL, seed } from './api-seed.js';
import { throwawayDatabase } from './database.js';
import { positiveIntFromEnv } from './settings.js';

const REQUESTS = positiveIntFromEnv('BENCH_REQUESTS', 3000);
const CONCURRENCY = positiveIntFromEnv('BENCH_CONCURRENCY', 10);
async function measure(label: string, fetch: (r: Request) => Promise<Response>, url: string, headers: Record<string, string>, profile?: string) {
  const run = async (n: number) => {
    let next = 0;
    const worker = async () => {
      while (next < n) {
        next++;
        const res = await fetch(new Request(url, { headers }));
        if (res.status !== 200) throw new Error(`${label}: ${res.status} ${await res.text()}`);
        await res.arrayBuffer();
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  };
  await run(500);
  let session: Session | undefined;
  if (profile) {
    session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
  }
  const cpu = process.cpuUsage();
  const t = performance.now();
  await run(REQUESTS);
  const wall = performance.now() - t;
  const used = process.cpuUsage(cpu);
  if (session && profile) {
    const { profile: p } = await session.post('Profiler.stop');
    writeFileSync(profile, JSON.stringify(p));
  }
  const ms = (used.user + used.system) / 1000 / REQUESTS;
  console.log(`${label.padEnd(8)} ${ms.toFixed(3)} ms CPU/request (user ${(used.user / 1000 / REQUESTS).toFixed(3)}, system ${(used.system / 1000 / REQUESTS).toFixed(3)}), ${(REQUESTS / (wall / 1000)).toFixed(0)} req/s in-process`);
  return ms;
}

async function main() {
  const bench = await throwawayDatabase('vervolg_bench_reqcpu');
  try {
    const { tenantId, token } = await seed(bench.handle.db);
    const config = loadConfig({ APP_ENV: 'test', OUTBOX_TRANSPORT: 'console', DATABASE_URL: bench.url, LOG_REQUESTS: 'true' });
    const handle = connectPostgres(bench.url, { max: 10 });
    const app = createApp({
      config,
      db: handle.db,
      transport: new ConsoleTransport(() => {}),
      // Logging stays on: each entry is turned into its JSON line, as jsonLogger does, then dropped.
      log: (entry) => void JSON.stringify({ time: new Date().toISOString(), ...entry }),
      pdf: createPdfService(sealerFor(config)),
      runtime: 'node',
    });
    const sql = postgres(bench.url, { max: 10, onnotice: () => {} });
    const bare = new Hono();
    bare.get('/members/:tenantId', async (c) => c.json(await sql.unsafe(MEMBERS_SQL, [c.req.param('tenantId'), 21], { prepare: true })));
    const auth = { Authorization: `Bearer ${token}` };
    for (let round = 1; round <= 2; round++) {
      const b = await measure('bare', async (r) => bare.fetch(r), `http://x/members/${tenantId}`, {});
      const v = await measure('vervolg', async (r) => app.fetch(r), `http://x/v1/municipalities/${tenantId}/members?limit=20`, auth, round === 2 ? process.env.BENCH_CPU_PROF : undefined);
      console.log(`round ${round}: vervolg / bare CPU ×${(v / b).toFixed(2)}`);
    }
    await sql.end();
    await handle.close();
  } finally {
    await bench.drop(() => {});
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
