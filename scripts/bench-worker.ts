// `npm run bench:worker`: CPU milliseconds per request of the real Worker (src/worker.ts) in workerd,
// side by side with the same requests to the same app on Node, against the same PostgreSQL; and
// the Worker's bundle size as `wrangler deploy` would upload it.
//
// It makes a throwaway database on DATABASE_URL's server (migrated; one municipality with an admin
// whose session has a verified second factor and 20 more members, a provider with an API key and
// an active contract), starts the Worker in workerd (wrangler dev, local mode, the local Hyperdrive
// binding pointing at that database, as the Workers suite runs it) and the app on Node
// (scripts/bench/server.ts, @hono/node-server, pool of 10) in child processes, then, per round and
// per server, sends N requests one after another after a warm-up:
//   none     GET /no-such-page (a 404 outside the API: no transaction, no database): what the runtime and the app's routing cost;
//   health   GET /v1/health: the smallest request with a transaction (select 1), so the reader
//            sees what the middleware and a database connection cost on their own;
//   members  GET /v1/municipalities/{id}/members?limit=20 with the session (a processing-log row per read);
//   batch    POST /v1/providers/{id}/outcome-batches with 1,000 new records and the API key.
// CPU per request = (user + system CPU of the server process after − before) / N, from /proc: a
// Worker cannot time itself (performance.now() stands still during a request in workerd). For
// workerd that is the workerd process wrangler started (all its threads); wrangler's own Node
// process is not in the request path and is shown apart. Prints per-round figures, the medians,
// the target (members ≤ 2 ms CPU per request) with OK / NOT MET, and the bundle (gzip) against 1 MiB:
// the app Worker's (wrangler.toml), which the target is about, and apart from it the PDF Worker's
// (workers/pdf/wrangler.toml), which the app calls over its PDF binding and which carries pdf-lib,
// fontkit and PKIjs. The workerd process measured runs both (dev-worker.mjs); the requests measured make no PDF.
// The anchor, in the same run: the bare Worker (scripts/bench/bare-worker/worker.ts) in its own
// workerd — Hono and postgres.js over the same Hyperdrive binding, one connection per request, the
// members select as the owner role: no transaction, authentication, tenant context or log. It
// answers the same no-route and health requests, the members select, and the same select in a
// minimal tenant transaction (BEGIN, role and tenant, the select, COMMIT), and is measured the same
// way: what it costs, workerd, the socket and the driver cost before any of our code runs.
// The exit code is 1 only on errors (a non-2xx answer, a server that did not start).
//
// Settings (environment): DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres),
// BENCH_ROUNDS (3), BENCH_REQUESTS (300 list and health requests per round and server),
// BENCH_BATCHES (10 batches per round and server), BENCH_BATCH_RECORDS (1000), BENCH_WARMUP (50),
// BENCH_BUNDLE (on; "off" skips the dry-run builds; "only" prints the two bundles and stops: no
// database, no servers), BENCH_KEEP (keep the database),
// BENCH_PROFILE (a file name: after the rounds, profiles BENCH_REQUESTS members requests in workerd
// through the inspector, writes the .cpuprofile there and prints where the JavaScript time went;
// BENCH_PROFILE_REQUEST=none|health profiles those requests instead).
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { uuidv7 } from '../src/platform/crypto.js';
import { inAppTransaction, setContext } from '../src/platform/db/database.js';
import { throwawayDatabase } from './bench/database.js';
import { verifiedSession } from './bench/in-process.js';
import { makeRecords, seed } from './bench/outcome-data.js';
import { positiveIntFromEnv } from './bench/settings.js';
import { cpuMs, type RunningWorker, startWorkerd } from './bench/workerd.js';
import { profileWorker } from './bench/workerd-profile.js';
import { startServer, stopServer } from './bench/server-process.js';

const TARGET_LIST_CPU_MS = 2;
const TARGET_BUNDLE_KIB = 1024;
const MEMBERS = 20; // besides the admin: a page of 20 with a next cursor

const settings = {
  rounds: positiveIntFromEnv('BENCH_ROUNDS', 3),
  requests: positiveIntFromEnv('BENCH_REQUESTS', 300),
  batches: positiveIntFromEnv('BENCH_BATCHES', 10),
  batchRecords: positiveIntFromEnv('BENCH_BATCH_RECORDS', 1000),
  warmup: positiveIntFromEnv('BENCH_WARMUP', 50),
  bundle: process.env.BENCH_BUNDLE !== 'off',
  bundleOnly: process.env.BENCH_BUNDLE === 'only',
  profile: process.env.BENCH_PROFILE || null,
  profileRequest: (process.env.BENCH_PROFILE_REQUEST || 'members') as 'none' | 'health' | 'members',
};
if (!['none', 'health', 'members'].includes(settings.profileRequest)) throw new Error('BENCH_PROFILE_REQUEST must be none, health or members');

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const log = (line: string) => process.stdout.write(`${line}\n`);
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

// ---- the bundle ----

interface Bundle {
  files: number;
  rawKiB: number;
  gzipKiB: number;
  /** The largest modules, gzip KiB each. */
  largest: { name: string; gzipKiB: number }[];
  /** What wrangler itself printed ("Total Upload: … / gzip: …"). */
  wranglerLine: string;
}

/** `wrangler deploy --dry-run --outdir` of one Worker's config: the modules an upload would carry (not the source map), gzipped here one by one. */
async function measureBundle(config: string): Promise<Bundle> {
  const require = createRequire(import.meta.url);
  const wrangler = resolve(dirname(require.resolve('wrangler/package.json')), 'bin', 'wrangler.js');
  const outdir = mkdtempSync(join(os.tmpdir(), 'vervolg-bundle-'));
  try {
    const stdout = await new Promise<string>((done, reject) =>
      execFile(
        process.execPath,
        [wrangler, 'deploy', '--config', config, '--dry-run', '--outdir', outdir],
        {
          cwd: ROOT,
          maxBuffer: 10 * 1024 * 1024,
          env: { ...process.env, WRANGLER_SEND_METRICS: 'false', WRANGLER_SEND_ERROR_REPORTS: 'false', WRANGLER_HIDE_BANNER: 'true', CLOUDFLARE_CF_FETCH_ENABLED: 'false', FORCE_COLOR: '0' },
        },
        (error, out, err) => (error ? reject(new Error(`wrangler deploy --dry-run failed: ${error.message}\n${out}\n${err}`)) : done(out)),
      ),
    );
    const modules = readdirSync(outdir).filter((f) => !f.endsWith('.map') && f !== 'README.md');
    let raw = 0;
    let gzip = 0;
    const sizes: { name: string; gzipKiB: number }[] = [];
    for (const name of modules) {
      const bytes = readFileSync(join(outdir, name));
      const zipped = gzipSync(bytes).length;
      raw += bytes.length;
      gzip += zipped;
      sizes.push({ name: name.replace(/^[0-9a-f]{40}-/, ''), gzipKiB: zipped / 1024 });
    }
    sizes.sort((a, b) => b.gzipKiB - a.gzipKiB);
    return { files: modules.length, rawKiB: raw / 1024, gzipKiB: gzip / 1024, largest: sizes.slice(0, 3), wranglerLine: /Total Upload:[^\n]*/.exec(stdout)?.[0] ?? '(no size line)' };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

// ---- measuring ----

interface Request {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  /** A new body per call (batches must not repeat their references), made before the clock starts. */
  body?: () => string;
  status: number;
  check?: (body: unknown) => string | null;
}

interface Side {
  name: 'workerd' | 'node' | 'bare';
  baseUrl: string;
  /** CPU ms used so far by the processes that serve the requests. */
  cpu(): number;
  /** Its own form of a request (the bare Worker's members select), or null for one it does not serve (the app has no tx). */
  own?: Partial<Record<RequestName, Request | null>>;
}

type RequestName = 'none' | 'health' | 'members' | 'tx' | 'batch';
const REQUEST_NAMES: RequestName[] = ['none', 'health', 'members', 'tx', 'batch'];

interface Measured {
  cpuMsPerRequest: number;
  wallMsPerRequest: number;
}

async function send(side: Side, request: Request, body: string | undefined): Promise<void> {
  const headers = request.method === 'POST' ? { ...request.headers, 'Idempotency-Key': `bench-worker-${uuidv7()}` } : request.headers;
  const res = await fetch(`${side.baseUrl}${request.path}`, { method: request.method, headers, ...(body !== undefined ? { body } : {}) });
  const text = await res.text();
  if (res.status !== request.status) throw new Error(`${side.name} ${request.method} ${request.path} answered ${res.status}, not ${request.status}: ${text.slice(0, 800)}`);
  const problem = request.check?.(JSON.parse(text));
  if (problem) throw new Error(`${side.name} ${request.method} ${request.path}: ${problem}`);
}

/** `count` requests one after another; the server's CPU and the wall time around them, per request. */
async function measure(side: Side, request: Request, count: number): Promise<Measured> {
  const bodies = Array.from({ length: count }, () => request.body?.());
  const cpuBefore = side.cpu();
  const started = performance.now();
  for (const body of bodies) await send(side, request, body);
  const wall = performance.now() - started;
  // Work a request leaves for after its response (the Worker closes its database client then)
  // belongs to it: give it a moment before reading the clock.
  await new Promise((done) => setTimeout(done, 100));
  return { cpuMsPerRequest: (side.cpu() - cpuBefore) / count, wallMsPerRequest: wall / count };
}

const sizeOf = (b: Bundle) =>
  `${b.gzipKiB.toFixed(0)} KiB gzip (${b.rawKiB.toFixed(0)} KiB raw, ${b.files} modules; largest ${b.largest.map((l) => `${l.name} ${l.gzipKiB.toFixed(0)}`).join(', ')})`;

/** The app Worker's upload against the target; the PDF Worker's beside it, which the target does not cover but a deploy uploads too. */
function printBundles(bundle: Bundle | null, pdfBundle: Bundle | null): void {
  if (bundle) {
    log(`Worker bundle: ${sizeOf(bundle)} (target ≤ ${TARGET_BUNDLE_KIB} KiB): ${bundle.gzipKiB <= TARGET_BUNDLE_KIB ? 'OK' : 'NOT MET'}`);
    log(`  wrangler says: ${bundle.wranglerLine}`);
  }
  if (pdfBundle) {
    log(`PDF Worker bundle (vervolg-pdf, called over the PDF binding; not what the target measures): ${sizeOf(pdfBundle)}`);
    log(`  wrangler says: ${pdfBundle.wranglerLine}`);
  }
}

// ---- the run ----

async function main(): Promise<number> {
  log(`bench:worker — Node ${process.version}, ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const bundle = settings.bundle ? await measureBundle('wrangler.toml') : null;
  const pdfBundle = settings.bundle ? await measureBundle('workers/pdf/wrangler.toml') : null;
  if (settings.bundleOnly) {
    printBundles(bundle, pdfBundle);
    return 0;
  }

  const database = await throwawayDatabase('vervolg_bench_worker', { pool: 2 });
  const cleanups: (() => Promise<unknown>)[] = [() => database.drop(log)];
  const cleanUp = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch((error) => log(`cleanup failed: ${error}`));
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${signal}: stopping the servers and dropping the database`);
      cleanUp().finally(() => process.exit(130));
    });
  }
  try {
    const db = database.handle.db;
    const seeded = await seed(db, { tenantId: uuidv7(), providerId: uuidv7(), contractId: uuidv7() });
    const token = await verifiedSession(db, uuidv7(), { tenantId: seeded.tenantId, email: 'admin@bench-worker.example', name: 'Bench Admin', roles: ['admin'] });
    await inAppTransaction(db, async (trx) => {
      const staff = Array.from({ length: MEMBERS }, (_, i) => ({ id: uuidv7(), email: `staff${i + 1}@bench-worker.example`, name: `Medewerker ${i + 1}`, password_hash: null, totp_key: null, totp_enabled_at: null, is_platform_operator: false }));
      await trx.insertInto('users').values(staff).execute();
      await setContext(trx, { tenantId: seeded.tenantId });
      await trx.insertInto('memberships').values(staff.map((u, i) => ({ tenant_id: seeded.tenantId, user_id: u.id, roles: [['contract-manager', 'case-manager', 'analyst'][i % 3] as string] }))).execute();
    });

    const [pg] = (await database.owner`select current_setting('server_version') as v`) as unknown as [{ v: string }];
    // The Worker as the Workers suite runs it (APP_ENV test: the test secret key, console outbox);
    // request log lines on, as in production, where workerd hands them to Workers Logs.
    const worker: RunningWorker = await startWorkerd(database.url, { APP_ENV: 'test', LOG_REQUESTS: 'true' });
    cleanups.push(() => worker.stop());
    const bare: RunningWorker = await startWorkerd(database.url, {}, { config: 'scripts/bench/bare-worker/wrangler.toml' });
    cleanups.push(() => bare.stop());
    const node = await startServer('vervolg', database.url);
    cleanups.push(() => stopServer(node));
    const nodePid = node.child.pid as number;

    // The bare Worker's selects answer rows: the admin and the 20 members (limit 21, as the app's page of 20 asks for one more).
    const allMemberRows = (body: unknown) => ((body as unknown[]).length === MEMBERS + 1 ? null : `expected ${MEMBERS + 1} rows, got ${(body as unknown[]).length}`);
    const cpuOf = (pids: number[]) => () => pids.reduce((sum, pid) => sum + (cpuMs(pid) ?? Number.NaN), 0);
    const sides: Side[] = [
      { name: 'workerd', baseUrl: worker.baseUrl, cpu: cpuOf([worker.runtimePid]), own: { tx: null } },
      { name: 'node', baseUrl: node.baseUrl, cpu: cpuOf([nodePid]), own: { tx: null } },
      {
        name: 'bare',
        baseUrl: bare.baseUrl,
        cpu: cpuOf([bare.runtimePid]),
        own: { members: { method: 'GET', path: `/members/${seeded.tenantId}`, headers: {}, status: 200, check: allMemberRows }, batch: null },
      },
    ];
    const requestFor = (side: Side, name: RequestName): Request | null => (side.own && name in side.own ? (side.own[name] ?? null) : requests[name].request);

    let batchNumber = 0;
    const requests: Record<RequestName, { request: Request; count: number }> = {
      none: { request: { method: 'GET', path: '/no-such-page', headers: {}, status: 404 }, count: settings.requests },
      health: { request: { method: 'GET', path: '/v1/health', headers: {}, status: 200 }, count: settings.requests },
      members: {
        request: {
          method: 'GET',
          path: `/v1/municipalities/${seeded.tenantId}/members?limit=20`,
          headers: { Authorization: `Bearer ${token}` },
          status: 200,
          check: (body) => {
            const items = (body as { items?: unknown[] }).items;
            return items?.length === MEMBERS ? null : `expected ${MEMBERS} members, got ${items?.length}`;
          },
        },
        count: settings.requests,
      },
      batch: {
        request: {
          method: 'POST',
          path: `/v1/providers/${seeded.providerId}/outcome-batches`,
          // Each batch has its own references (body) and its own Idempotency-Key (send): one key
          // for all would make every batch after the first a replay.
          headers: { Authorization: `Bearer ${seeded.apiKey}`, 'Content-Type': 'application/json' },
          status: 201,
          body: () => JSON.stringify({ records: makeRecords(`b${++batchNumber}`, seeded.contractId, settings.batchRecords) }),
        },
        count: settings.batches,
      },
      // Served by the bare Worker only: the members select in a minimal tenant transaction (BEGIN, role
      // and tenant, the select under row-level security, COMMIT), the least any design with one
      // transaction per request and a tenant context can do.
      tx: { request: { method: 'GET', path: `/tx/members/${seeded.tenantId}`, headers: {}, status: 200, check: allMemberRows }, count: settings.requests },
    };

    log(
      `PostgreSQL ${pg.v}, database ${database.name}; workerd pid ${worker.runtimePid} (wrangler ${worker.wranglerPid}, its proxy workerd ${worker.proxyPid ?? 'none'}), node pid ${nodePid}, the bare Worker's workerd pid ${bare.runtimePid}`,
    );
    log(`per round and server: ${settings.requests} each of no-route, health and members requests, ${settings.batches} batches of ${settings.batchRecords} records, one after another, after ${settings.warmup} (and 2 batches) of warm-up`);
    log('cpu = user + system CPU of the serving process (/proc/<pid>/stat) / requests; wall = client-side time per request\n');

    // Warm-up: JIT, Hono's routers, the Node pool's prepared statements; not counted.
    for (const side of sides) {
      for (let i = 0; i < settings.warmup; i++) {
        for (const name of ['none', 'health', 'members', 'tx'] as const) {
          const request = requestFor(side, name);
          if (request) await send(side, request, undefined);
        }
      }
      const batch = requestFor(side, 'batch');
      for (let i = 0; batch && i < 2; i++) await send(side, batch, batch.body?.());
    }

    type Key = `${Side['name']} ${keyof typeof requests}`;
    const results = new Map<Key, Measured[]>();
    const widths = [8, 8, 9, 16, 16];
    const row = (cells: string[]) => cells.map((c, i) => (i < 3 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join('  ');
    // What the servers use with nothing to do (timers, the inspector), per second: small, or the figures below would mislead.
    const idleBefore = sides.map((side) => side.cpu());
    await new Promise((done) => setTimeout(done, 2_000));
    log(`idle: ${sides.map((side, i) => `${side.name} ${((side.cpu() - (idleBefore[i] as number)) / 2).toFixed(0)} ms CPU/s`).join(', ')}\n`);
    log(row(['round', 'server', 'request', 'cpu ms/request', 'wall ms/request']));
    // wrangler dev's own processes are not in production's request path: its Node process (which
    // also runs the local Hyperdrive binding's TCP proxy to PostgreSQL) and the proxy workerd in
    // front of the Worker. Measured over the whole run and shown apart.
    const devOnly = cpuOf([worker.wranglerPid, ...(worker.proxyPid ? [worker.proxyPid] : []), bare.wranglerPid, ...(bare.proxyPid ? [bare.proxyPid] : [])]);
    const devOnlyBefore = devOnly();
    for (let round = 1; round <= settings.rounds; round++) {
      for (const side of sides) {
        for (const name of REQUEST_NAMES) {
          const request = requestFor(side, name);
          if (!request) continue;
          const m = await measure(side, request, requests[name].count);
          const key: Key = `${side.name} ${name}`;
          results.set(key, [...(results.get(key) ?? []), m]);
          log(row([`${round}`, side.name, name, m.cpuMsPerRequest.toFixed(2), m.wallMsPerRequest.toFixed(1)]));
        }
      }
    }
    const devOnlyMs = devOnly() - devOnlyBefore;

    if (settings.profile) {
      const workerd = sides[0] as Side;
      const lines = await profileWorker(worker.inspectorPort, settings.profile, async () => {
        for (let i = 0; i < settings.requests; i++) await send(workerd, requests[settings.profileRequest].request, undefined);
      });
      log(`\nprofile of ${settings.requests} ${settings.profileRequest} requests in workerd, written to ${settings.profile}`);
      for (const line of lines) log(line);
    }

    // The members reads wrote their processing-log rows (as the owner: a superuser bypasses RLS).
    const expectedLogged = 2 * settings.warmup + 2 * settings.rounds * settings.requests + (settings.profile && settings.profileRequest === 'members' ? settings.requests : 0);
    const [logged] = (await database.owner`select count(*)::int as n from processing_log where operation = 'listMembers'`) as unknown as [{ n: number }];
    if (logged.n !== expectedLogged) throw new Error(`${logged.n} processing_log rows for ${expectedLogged} members reads`);

    const med = (key: Key, pick: (m: Measured) => number) => median((results.get(key) ?? []).map(pick));
    log(`\nmedians over ${settings.rounds} round(s)`);
    const sw = [22, 14, 14, 9, 16, 9, 12, 12];
    const srow = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(sw[i] as number) : c.padStart(sw[i] as number))).join('  ');
    log(srow(['request', 'workerd cpu', 'node cpu', 'w / n', 'bare worker cpu', 'w / bare', 'workerd wall', 'node wall']));
    const label = { none: 'no route (404, no db)', health: 'health (select 1)', members: 'members list', tx: 'members select in tx', batch: `batch of ${settings.batchRecords.toLocaleString('en-US')}` };
    const medOrNull = (key: Key) => (results.has(key) ? med(key, (m) => m.cpuMsPerRequest) : null);
    const ms = (value: number | null, digits = 2) => (value === null ? '—' : `${value.toFixed(digits)} ms`);
    const ratio = (a: number | null, b: number | null) => (a === null || b === null ? '—' : (a / b).toFixed(2));
    for (const name of REQUEST_NAMES) {
      const w = medOrNull(`workerd ${name}`);
      const n = medOrNull(`node ${name}`);
      const wall = (key: Key) => (results.has(key) ? `${med(key, (m) => m.wallMsPerRequest).toFixed(1)} ms` : '—');
      const b = medOrNull(`bare ${name}`);
      log(srow([label[name], ms(w), ms(n), ratio(w, n), ms(b), ratio(w, b), wall(`workerd ${name}`), wall(`node ${name}`)]));
    }
    const totalRequests = settings.rounds * (3 * settings.requests + settings.batches);
    const bareRequests = settings.rounds * 4 * settings.requests;
    log(
      `(bare worker: in a workerd of its own, a connection per request; its members list is the select alone, as the owner; "members select in tx" the same select in a minimal tenant transaction, its wall ${med('bare tx', (m) => m.wallMsPerRequest).toFixed(1)} ms. Not counted above: wrangler dev's Node processes with the local Hyperdrive proxies, and their proxy workerds, absent in production: ${(devOnlyMs / (totalRequests + bareRequests)).toFixed(2)} ms CPU per Worker request on average)`,
    );
    log(`processing_log rows from members reads: ${logged.n} (one per members read: ${expectedLogged})`);
    // src/worker.ts builds the app once per isolate; only the database client is per request.
    const workerRequests = settings.rounds * (3 * settings.requests + settings.batches) + 3 * settings.warmup + 2;
    log(`the Worker logged "app built" ${worker.appBuilds()} time(s) over the run (${workerRequests.toLocaleString('en-US')} warm-up and measured requests)`);

    const list = med('workerd members', (m) => m.cpuMsPerRequest);
    const health = med('workerd health', (m) => m.cpuMsPerRequest);
    log('');
    const bareList = med('bare members', (m) => m.cpuMsPerRequest);
    const bareTx = med('bare tx', (m) => m.cpuMsPerRequest);
    log(
      `members list in workerd: ${list.toFixed(2)} ms CPU per request (anchors in this run: the bare Worker's members select ${bareList.toFixed(2)} ms, ratio ${(list / bareList).toFixed(2)}, and in a tenant transaction ${bareTx.toFixed(2)} ms; the Node app ${med('node members', (m) => m.cpuMsPerRequest).toFixed(2)} ms) (target ≤ ${TARGET_LIST_CPU_MS} ms): ${list <= TARGET_LIST_CPU_MS ? 'OK' : 'NOT MET'}; above health: ${(list - health).toFixed(2)} ms; above the bare Worker: ${(list - bareList).toFixed(2)} ms`,
    );
    log(
      `outcome batch of ${settings.batchRecords.toLocaleString('en-US')} in workerd: ${med('workerd batch', (m) => m.cpuMsPerRequest).toFixed(1)} ms CPU per request (anchor, the Node app in this run: ${med('node batch', (m) => m.cpuMsPerRequest).toFixed(1)} ms) (no target of its own)`,
    );
    printBundles(bundle, pdfBundle);
    log(`load average now ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    return 0;
  } finally {
    await cleanUp();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
