// `npm run bench:api`: an authenticated, tenant-scoped GET of the real app under load, side by side
// with a bare Hono + postgres.js endpoint doing one select, against the same PostgreSQL.
//
// It makes a throwaway database on DATABASE_URL's server (migrated, seeded with one municipality,
// 21 members, 5 providers and an admin session whose second factor is verified), starts both
// servers as child processes (scripts/bench/server.ts) and loads them with autocannon from this
// process, alternating: warm-up each, then bare, vervolg, bare, vervolg, … Prints req/s and p99 per
// round, the medians and the ratio vervolg / bare. The ratio is a measurement, not a gate: the exit
// code is 0 whatever it is, and 1 on errors (a failed request, a non-2xx response, a timeout).
//
// Settings (environment): DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres),
// BENCH_ROUNDS (2), BENCH_SECONDS (10), BENCH_WARMUP_SECONDS (2), BENCH_CONNECTIONS (50),
// BENCH_ENDPOINTS (members,providers: members is the headline; providers is a tenant-scoped read
// without personal data, so without a processing-log row per request).
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import autocannon, { type Result } from 'autocannon';
import postgres from 'postgres';
import { connectPostgres } from '../src/platform/db/database.js';
import { MEMBERS, PROVIDERS, type Seeded, seed } from './bench/api-seed.js';
import { migrate } from '../src/platform/db/migrate.js';
import { drain, type ServerProcess, startServer, stopServer } from './bench/server-process.js';
import { DEFAULT_DATABASE_URL, positiveIntFromEnv } from './bench/settings.js';

const settings = {
  rounds: positiveIntFromEnv('BENCH_ROUNDS', 2),
  seconds: positiveIntFromEnv('BENCH_SECONDS', 10),
  warmupSeconds: positiveIntFromEnv('BENCH_WARMUP_SECONDS', 2),
  connections: positiveIntFromEnv('BENCH_CONNECTIONS', 50),
};

// ---- measuring ----

/** Clock ticks of user + system CPU a process has used so far (Linux), or null elsewhere. */
function cpuTicks(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of the line)
  } catch {
    return null;
  }
}

/** Clock ticks of CPU all postgres processes on this machine have used (Linux; only a local server counts). */
function postgresTicks(): number | null {
  try {
    let ticks = 0;
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        if (!stat.includes('(postgres)')) continue;
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        ticks += Number(fields[11]) + Number(fields[12]);
      } catch {
        // the process ended meanwhile
      }
    }
    return ticks;
  } catch {
    return null;
  }
}

/** The whole machine's busy and total jiffies (Linux), to tell how loaded the 2 cores were. */
function machineTicks(): { busy: number; total: number } | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    const values = line.trim().split(/\s+/).slice(1).map(Number);
    const total = values.reduce((a, b) => a + b, 0);
    const idle = (values[3] ?? 0) + (values[4] ?? 0);
    return { busy: total - idle, total };
  } catch {
    return null;
  }
}

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

interface Run {
  label: string;
  reqPerSec: number;
  p50: number;
  p99: number;
  requests: number;
  ok: number;
  failures: number;
  statuses: string;
  serverCpu: number | null;
  /** The server process's CPU (user + system) per answered request, in ms. */
  cpuMsPerRequest: number | null;
  dbCpu: number | null;
  loadCpu: number | null;
  machineBusy: number | null;
}

interface Target {
  name: string;
  path: string;
  headers: Record<string, string>;
  server: ServerProcess;
}

async function load(target: Target, seconds: number, label: string): Promise<Run> {
  const serverBefore = cpuTicks(target.server.child.pid);
  const dbBefore = postgresTicks();
  const loadBefore = process.cpuUsage();
  const machineBefore = machineTicks();
  const started = performance.now();
  const result: Result = await autocannon({
    url: `http://127.0.0.1:${target.server.port}${target.path}`,
    connections: settings.connections,
    duration: seconds,
    headers: target.headers,
  });
  const wallSeconds = (performance.now() - started) / 1000;
  const serverAfter = cpuTicks(target.server.child.pid);
  const dbAfter = postgresTicks();
  const loadUsage = process.cpuUsage(loadBefore);
  const machineAfter = machineTicks();
  await drain(target.server);
  const failures = result.errors + result.timeouts + result.non2xx;
  return {
    label,
    reqPerSec: result.requests.total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    ok: result['2xx'],
    failures,
    statuses: Object.entries(result.statusCodeStats)
      .map(([code, { count }]) => `${code}×${count}`)
      .join(' '),
    serverCpu: serverBefore !== null && serverAfter !== null ? (serverAfter - serverBefore) / TICKS_PER_SECOND / wallSeconds : null,
    cpuMsPerRequest: serverBefore !== null && serverAfter !== null && result.requests.total > 0 ? ((serverAfter - serverBefore) * (1000 / TICKS_PER_SECOND)) / result.requests.total : null,
    dbCpu: dbBefore !== null && dbAfter !== null ? (dbAfter - dbBefore) / TICKS_PER_SECOND / wallSeconds : null,
    loadCpu: (loadUsage.user + loadUsage.system) / 1e6 / wallSeconds,
    machineBusy:
      machineBefore && machineAfter && machineAfter.total > machineBefore.total
        ? ((machineAfter.busy - machineBefore.busy) / (machineAfter.total - machineBefore.total)) * os.cpus().length
        : null,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

// ---- printing ----

const pct = (v: number | null) => (v === null ? '   -' : `${Math.round(v * 100)}%`.padStart(4));

function row(cells: string[], widths: number[]): string {
  return cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join('  ');
}

const RUN_WIDTHS = [22, 7, 7, 7, 9, 6, 10, 9, 7, 7, 8];

function printRunHeader() {
  console.log(row(['run', 'req/s', 'p50 ms', 'p99 ms', 'requests', 'errors', 'server cpu', 'cpu ms/req', 'pg cpu', 'ac cpu', 'machine'], RUN_WIDTHS));
}

function printRun(r: Run) {
  console.log(
    row(
      [r.label, r.reqPerSec.toFixed(0), r.p50.toFixed(0), r.p99.toFixed(0), String(r.requests), String(r.failures), pct(r.serverCpu), r.cpuMsPerRequest === null ? '-' : r.cpuMsPerRequest.toFixed(3), pct(r.dbCpu), pct(r.loadCpu), pct(r.machineBusy)],
      RUN_WIDTHS,
    ),
  );
  if (r.failures > 0) console.log(`    statuses: ${r.statuses}`);
}

interface Summary {
  endpoint: string;
  bare: { reqPerSec: number; p99: number; cpu: number };
  bareTx: { reqPerSec: number; p99: number; cpu: number };
  vervolg: { reqPerSec: number; p99: number; cpu: number };
  ratio: number;
  ceiling: number;
}

function summarise(endpoint: string, bareRuns: Run[], bareTxRuns: Run[], vervolgRuns: Run[]): Summary {
  const med = (runs: Run[]) => ({
    reqPerSec: median(runs.map((r) => r.reqPerSec)),
    p99: median(runs.map((r) => r.p99)),
    cpu: median(runs.map((r) => r.cpuMsPerRequest ?? Number.NaN)),
  });
  const bare = med(bareRuns);
  const bareTx = med(bareTxRuns);
  const vervolg = med(vervolgRuns);
  return { endpoint, bare, bareTx, vervolg, ratio: vervolg.reqPerSec / bare.reqPerSec, ceiling: bareTx.reqPerSec / bare.reqPerSec };
}

// ---- the run ----

let interrupted = false;

async function verify(url: string, headers: Record<string, string>, expectItems: number, itemsOf: (body: unknown) => unknown[]): Promise<void> {
  const response = await fetch(url, { headers });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}, not 200: ${text.slice(0, 500)}`);
  const items = itemsOf(JSON.parse(text));
  if (items.length !== expectItems) throw new Error(`GET ${url} returned ${items.length} items, expected ${expectItems}`);
}

async function main(): Promise<number> {
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    adminUrl = DEFAULT_DATABASE_URL;
    console.log(`DATABASE_URL is not set; using ${DEFAULT_DATABASE_URL}`);
  }
  const name = `vervolg_bench_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  const servers: ServerProcess[] = [];
  let created = false;
  let membersOk = 0;

  const cleanUp = async () => {
    await Promise.allSettled(servers.map(stopServer));
    if (created) {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      created = false;
    }
    await admin.end({ timeout: 5 });
  };
  process.once('SIGINT', () => {
    interrupted = true;
    console.log('\ninterrupted; cleaning up');
    cleanUp().finally(() => process.exit(130));
  });

  try {
    const [{ version }] = (await admin`select current_setting('server_version') as version`) as unknown as [{ version: string }];
    await admin.unsafe(`create database ${name}`);
    created = true;
    const handle = connectPostgres(databaseUrl, { max: 2 });
    let seeded: Seeded;
    try {
      await migrate(handle.db);
      seeded = await seed(handle.db);
    } finally {
      await handle.close();
    }

    // BENCH_CPU_PROF=<dir>: each server writes a V8 CPU profile there when it stops (see where the time goes).
    const cpuProfileDir = process.env.BENCH_CPU_PROF;
    servers.push(await startServer('bare', databaseUrl, { cpuProfileDir }), await startServer('vervolg', databaseUrl, { cpuProfileDir }));
    const [bare, vervolg] = servers as [ServerProcess, ServerProcess];
    const auth = { Authorization: `Bearer ${seeded.token}` };
    const municipality = `/v1/municipalities/${seeded.tenantId}`;
    const itemsOf = (body: unknown) => (body as { items: unknown[] }).items;
    const rowsOf = (body: unknown) => body as unknown[];

    const endpoints = (process.env.BENCH_ENDPOINTS ?? 'members,providers').split(',').map((s) => s.trim()).filter(Boolean);
    const known: Record<string, { vervolg: Target; bare: Target; bareTx: Target; items: number; rows: number }> = {
      members: {
        vervolg: { name: 'members', path: `${municipality}/members?limit=20`, headers: auth, server: vervolg },
        bare: { name: 'members', path: `/members/${seeded.tenantId}`, headers: {}, server: bare },
        bareTx: { name: 'members', path: `/tx/members/${seeded.tenantId}`, headers: {}, server: bare },
        items: MEMBERS,
        rows: MEMBERS + 1,
      },
      providers: {
        vervolg: { name: 'providers', path: `${municipality}/providers?limit=20`, headers: auth, server: vervolg },
        bare: { name: 'providers', path: `/providers/${seeded.tenantId}`, headers: {}, server: bare },
        bareTx: { name: 'providers', path: `/tx/providers/${seeded.tenantId}`, headers: {}, server: bare },
        items: PROVIDERS,
        rows: PROVIDERS,
      },
    };
    for (const e of endpoints) if (!known[e]) throw new Error(`unknown endpoint ${e} in BENCH_ENDPOINTS; use ${Object.keys(known).join(', ')}`);

    console.log(`PostgreSQL ${version}, database ${name}; Node ${process.version}, ${os.cpus().length} cores, load ${os.loadavg()[0]?.toFixed(2)}`);
    console.log(
      `autocannon in this process, each server in its own; ${settings.connections} connections, pool of 10 per server, warm-up ${settings.warmupSeconds} s, ${settings.rounds} round(s) of ${settings.seconds} s each`,
    );
    console.log('vervolg: createApp, request log lines serialised and dropped; every members read inserts a processing_log row');
    console.log('bare:    Hono + postgres.js, one prepared select as the owner role (no transaction, auth or RLS context)');
    console.log('bare-tx: the same select in a minimal tenant transaction (BEGIN, role + tenant in one set_config statement, select, COMMIT): the ceiling');
    console.log('cpu columns, in % of one core: the server process, all local postgres processes, autocannon (this process), the whole machine\n');

    const summaries: Summary[] = [];
    let failures = 0;
    for (const e of endpoints) {
      const t = known[e]!;
      await verify(`http://127.0.0.1:${vervolg.port}${t.vervolg.path}`, auth, t.items, itemsOf);
      await verify(`http://127.0.0.1:${bare.port}${t.bare.path}`, {}, t.rows, rowsOf);
      await verify(`http://127.0.0.1:${bare.port}${t.bareTx.path}`, {}, t.rows, rowsOf);
      console.log(`${e}: GET ${t.vervolg.path}  vs  bare GET ${t.bare.path} (both answered 200)`);
      printRunHeader();
      const runs: Run[] = [];
      const bareRuns: Run[] = [];
      const bareTxRuns: Run[] = [];
      const vervolgRuns: Run[] = [];
      const measure = async (target: Target, seconds: number, label: string) => {
        const run = await load(target, seconds, label);
        printRun(run);
        runs.push(run);
        return run;
      };
      await measure(t.bare, settings.warmupSeconds, 'warm-up bare');
      await measure(t.vervolg, settings.warmupSeconds, 'warm-up vervolg');
      for (let round = 1; round <= settings.rounds; round++) {
        bareRuns.push(await measure(t.bare, settings.seconds, `round ${round} bare`));
        bareTxRuns.push(await measure(t.bareTx, settings.seconds, `round ${round} bare-tx`));
        vervolgRuns.push(await measure(t.vervolg, settings.seconds, `round ${round} vervolg`));
      }
      const summary = summarise(e, bareRuns, bareTxRuns, vervolgRuns);
      summaries.push(summary);
      failures += runs.reduce((n, r) => n + r.failures, 0);
      if (e === 'members') membersOk = runs.filter((r) => r.label.endsWith('vervolg')).reduce((n, r) => n + r.ok, 0) + 1;
      console.log(`${e}: ratio ${summary.ratio.toFixed(2)}\n`);
    }

    if (endpoints.includes('members')) {
      // As the owner (a superuser bypasses row-level security): one row per successful read.
      const owner = postgres(databaseUrl, { max: 1, onnotice: () => {} });
      try {
        const [logged] = (await owner`select count(*)::int as n from processing_log where operation = 'listMembers'`) as unknown as [{ n: number }];
        console.log(
          `processing_log rows written by listMembers reads: ${logged.n} (2xx answers autocannon counted, plus the check: ${membersOk}; requests still queued when a run ended add a few)\n`,
        );
        if (logged.n < membersOk) throw new Error(`fewer processing_log rows (${logged.n}) than successful members reads (${membersOk})`);
      } finally {
        await owner.end({ timeout: 5 });
      }
    }

    const widths = [10, 11, 9, 14, 12, 14, 12, 7, 9, 14, 14, 9];
    console.log(`medians over ${settings.rounds} round(s) of ${settings.seconds} s, ${settings.connections} connections`);
    console.log(row(['endpoint', 'bare req/s', 'bare p99', 'bare-tx req/s', 'bare-tx p99', 'vervolg req/s', 'vervolg p99', 'ratio', 'ceiling', 'bare cpu/req', 'vervolg cpu/req', 'cpu ×'], widths));
    for (const s of summaries) {
      console.log(
        row(
          [
            s.endpoint,
            s.bare.reqPerSec.toFixed(0),
            `${s.bare.p99.toFixed(0)} ms`,
            s.bareTx.reqPerSec.toFixed(0),
            `${s.bareTx.p99.toFixed(0)} ms`,
            s.vervolg.reqPerSec.toFixed(0),
            `${s.vervolg.p99.toFixed(0)} ms`,
            s.ratio.toFixed(2),
            s.ceiling.toFixed(2),
            `${s.bare.cpu.toFixed(3)} ms`,
            `${s.vervolg.cpu.toFixed(3)} ms`,
            (s.vervolg.cpu / s.bare.cpu).toFixed(2),
          ],
          widths,
        ),
      );
    }
    console.log('ratio = vervolg / bare; ceiling = bare-tx / bare (what one transaction with a tenant context allows at best)');
    console.log('cpu/req = the server process\'s CPU (user + system, /proc) per answered request; cpu × = vervolg / bare');
    // The targets of issue 15, each beside its anchor measured in this run.
    const TARGETS: Record<string, number> = { members: 0.4, providers: 0.5 };
    console.log('');
    for (const s of summaries) {
      const target = TARGETS[s.endpoint] ?? 0.5;
      const cpuRatio = s.vervolg.cpu / s.bare.cpu;
      console.log(
        `${s.endpoint}: ${s.vervolg.reqPerSec.toFixed(0)} req/s vs bare ${s.bare.reqPerSec.toFixed(0)} req/s: ratio ${s.ratio.toFixed(2)} (target ≥ ${target}) ${s.ratio >= target ? 'OK' : 'NOT MET'}; ` +
          `CPU ${s.vervolg.cpu.toFixed(3)} ms/request vs bare ${s.bare.cpu.toFixed(3)} ms: ×${cpuRatio.toFixed(2)} (target ≤ 2) ${cpuRatio <= 2 ? 'OK' : 'NOT MET'}; ` +
          `vervolg / bare-tx ${(s.vervolg.reqPerSec / s.bareTx.reqPerSec).toFixed(2)}`,
      );
    }
    if (failures > 0) {
      console.error(`\n${failures} request(s) failed (errors, timeouts or non-2xx responses): see the statuses above.`);
      return 1;
    }
    return 0;
  } finally {
    if (!interrupted) await cleanUp();
  }
}

main().then(
  (code) => {
    // After Ctrl-C the SIGINT handler cleans up and exits.
    if (!interrupted) process.exit(code);
  },
  (error) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
