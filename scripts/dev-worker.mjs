#!/usr/bin/env node
// `npm run dev:worker [-- <wrangler dev args>]`: the Worker in workerd on this machine (wrangler
// dev, local mode), against the PostgreSQL in DATABASE_URL. Wrangler hands that connection string
// to the HYPERDRIVE binding locally, so the Worker runs the same code path as in production.
// Needs no Cloudflare login and no network: local mode, remote bindings off, no telemetry.
// Extra arguments go to wrangler unchanged, e.g. `npm run dev:worker -- --port 8799`.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  console.error(
    'dev:worker needs DATABASE_URL: the PostgreSQL the Worker connects to (through the local Hyperdrive binding).\n' +
      '  e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/vervolg npm run dev:worker\n' +
      'Run `npm run db:migrate` (and `npm run db:seed`) against it first.',
  );
  process.exit(1);
}

// Miniflare's local Hyperdrive refuses a connection string without a password. A server with
// trust (or peer-less) auth ignores it, so a placeholder is enough there.
let hyperdriveUrl;
try {
  hyperdriveUrl = new URL(databaseUrl);
} catch {
  console.error('dev:worker: DATABASE_URL is not a URL (expected postgres://user[:password]@host:port/database).');
  process.exit(1);
}
if (!hyperdriveUrl.password) {
  hyperdriveUrl.password = 'local';
  console.error('dev:worker: DATABASE_URL has no password; giving the local Hyperdrive binding a placeholder (fine with trust auth).');
}

const args = process.argv.slice(2);
const hasVar = (name) => args.some((a, i) => (a === '--var' && args[i + 1]?.startsWith(`${name}:`)) || a.startsWith(`--var=${name}:`));
// wrangler.toml sets APP_ENV=production (real e-mail through Notify); locally the outbox prints
// messages to the console instead. Pass `--var APP_ENV:…` yourself to override.
const vars = [];
if (!hasVar('APP_ENV')) vars.push('--var', `APP_ENV:${process.env.APP_ENV === 'test' ? 'test' : 'development'}`);
for (const name of ['PUBLIC_URL', 'CORS_ORIGINS', 'LOG_REQUESTS']) {
  if (process.env[name] && !hasVar(name)) vars.push('--var', `${name}:${process.env[name]}`);
}

/**
 * Write a file that must not exist yet, whole or not at all: written beside it and linked into
 * place, so two starts at once cannot leave a half-written file or overwrite each other's.
 */
function writeOnce(file, content, mode = 0o644) {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, content, { mode });
  try {
    linkSync(tmp, file);
  } catch (error) {
    if (error.code !== 'EEXIST') throw error;
  } finally {
    rmSync(tmp, { force: true });
  }
}

// Secrets at rest need SECRET_KEYS. In development the Worker gets the key Node's `npm start` keeps
// in DATA_DIR/dev-secrets.env (made here if missing, never printed), through wrangler's --env-file,
// so both runtimes read the same database's secrets. Not when you manage secrets yourself
// (SECRET_KEYS passed with --var, or a .dev.vars file); test uses the public test key.
const appEnv = args.find((a, i) => args[i - 1] === '--var' && a.startsWith('APP_ENV:'))?.slice('APP_ENV:'.length) ?? (process.env.APP_ENV === 'test' ? 'test' : 'development');
if (appEnv === 'development' && !hasVar('SECRET_KEYS') && !existsSync(resolve(root, '.dev.vars'))) {
  const file = resolve(root, process.env.DATA_DIR ?? '.data', 'dev-secrets.env');
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    writeOnce(file, `SECRET_KEYS=dev:${randomBytes(32).toString('base64')}\n`, 0o600);
  }
  vars.push('--env-file', file);
}

// Both Workers in one wrangler dev: the app (wrangler.toml, the first config: it serves the port)
// and the PDF Worker (workers/pdf/wrangler.toml) that its PDF service binding calls; wrangler
// connects the binding locally. Pass your own -c/--config to run something else.
const PDF_CONFIG = 'workers/pdf/wrangler.toml';
const ownConfigs = args.some((a) => a === '-c' || a === '--config' || a.startsWith('--config=') || a.startsWith('-c='));
const configs = ownConfigs ? [] : ['-c', 'wrangler.toml', '-c', PDF_CONFIG];
// wrangler hands --var and --env-file to the first Worker only; the PDF Worker reads the .dev.vars
// beside its config (git ignores it). Without one it would run as its wrangler.toml says,
// production, and refuse to seal without the seal certificate: write one that makes it seal with a
// development certificate. Left alone when it exists (a developer may have put SEAL_P12_* there).
if (!ownConfigs) {
  const file = resolve(root, dirname(PDF_CONFIG), '.dev.vars');
  if (!existsSync(file)) {
    writeOnce(file, '# Written by scripts/dev-worker.mjs for wrangler dev only (never deployed): seal with a development certificate.\nAPP_ENV=development\n');
  }
}

const require = createRequire(import.meta.url);
const wrangler = resolve(dirname(require.resolve('wrangler/package.json')), 'bin', 'wrangler.js');

const child = spawn(process.execPath, [wrangler, 'dev', ...configs, '--local', '--show-interactive-dev-session=false', ...args, ...vars], {
  cwd: root,
  stdio: 'inherit',
  env: {
    ...process.env,
    // The name wrangler 4 reads (the WRANGLER_… one is the deprecated spelling; set both so
    // older wranglers work too — the CLOUDFLARE_… one wins).
    CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_HYPERDRIVE: hyperdriveUrl.toString(),
    WRANGLER_HYPERDRIVE_LOCAL_CONNECTION_STRING_HYPERDRIVE: hyperdriveUrl.toString(),
    WRANGLER_SEND_METRICS: 'false',
    WRANGLER_SEND_ERROR_REPORTS: 'false',
    // The banner's version check asks the npm registry; skip it (set WRANGLER_HIDE_BANNER=false to see it).
    WRANGLER_HIDE_BANNER: process.env.WRANGLER_HIDE_BANNER ?? 'true',
    // Don't fetch the Request.cf sample from workers.cloudflare.com; use miniflare's placeholder.
    CLOUDFLARE_CF_FETCH_ENABLED: 'false',
  },
});

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => child.kill(signal));
}
child.on('exit', (code, signal) => {
  process.exit(code ?? (signal ? 1 : 0));
});
