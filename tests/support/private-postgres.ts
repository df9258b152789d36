// A PostgreSQL cluster of the test's own (initdb + pg_ctl in a temp dir, on a free port), for fault
// tests that stop, kill and restart the database. Never the shared server: tests may do anything
// to this one. initdb and pg_ctl refuse to run as root, so as root they run as the postgres user.
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const asRoot = process.getuid?.() === 0;

function postgresUser(): { uid: number; gid: number } | null {
  if (!asRoot) return null;
  const id = (flag: string) => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
  return { uid: id('-u'), gid: id('-g') };
}

const execFileAsync = promisify(execFile);

/**
 * initdb and pg_ctl: from PATH, else from Debian's /usr/lib/postgresql/<version>/bin (the newest),
 * where the server packages put them without linking them onto PATH.
 */
const binary = (() => {
  const onPath = spawnSync('initdb', ['--version']).status === 0;
  const root = '/usr/lib/postgresql';
  const versions = !onPath && existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  return (name: string) => (newest ? join(root, newest, 'bin', name) : name);
})();

/** Asynchronous: the test's own requests keep flowing while pg_ctl waits for the server. */
async function run(name: string, args: string[]): Promise<void> {
  const command = binary(name);
  const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
  try {
    await execFileAsync(file, argv, { encoding: 'utf8', timeout: 60_000 });
  } catch (error) {
    const { stderr, stdout } = error as { stderr?: string; stdout?: string };
    throw new Error(`${command} ${args.join(' ')} failed: ${stderr || stdout || String(error)}`);
  }
}

/** Why a private cluster cannot be made here, or null when it can. */
export function privateClusterUnavailable(): string | null {
  const initdb = spawnSync(binary('initdb'), ['--version'], { encoding: 'utf8' });
  if (initdb.error || initdb.status !== 0) return 'initdb not found on PATH or in /usr/lib/postgresql/*/bin (install the PostgreSQL server)';
  if (asRoot && spawnSync('id', ['-u', 'postgres']).status !== 0) return 'running as root without a postgres user to run initdb as';
  return null;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface PrivateCluster {
  port: number;
  /** postgres://postgres@127.0.0.1:<port>/postgres (trust authentication). */
  url: string;
  start(): Promise<void>;
  /** `fast` ends sessions cleanly (57P01 to each); `immediate` kills the server like a crash. */
  stop(mode: 'fast' | 'immediate'): Promise<void>;
  restart(mode: 'fast' | 'immediate'): Promise<void>;
  running(): boolean;
  log(): string;
  /** Stop (if running) and delete everything; safe to call twice. */
  destroy(): Promise<void>;
}

/** initdb a new cluster on a free port; not started (call start()). */
export async function createPrivateCluster(): Promise<PrivateCluster> {
  const root = mkdtempSync(join(tmpdir(), 'vervolg-pg-'));
  const owner = postgresUser();
  if (owner) chownSync(root, owner.uid, owner.gid);
  chmodSync(root, 0o700);
  const data = join(root, 'data');
  const logFile = join(root, 'server.log');
  const port = await freePort();
  await run('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
  // Sockets in our own directory, TCP on loopback only; durability settings are the defaults, so
  // "acknowledged and then lost" would be a real finding and not a test shortcut.
  const options = `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c max_connections=40 -c shared_buffers=16MB`;
  const pgCtl = (...args: string[]) => run('pg_ctl', ['-D', data, '-l', logFile, '-w', '-t', '30', ...args]);
  let destroyed = false;
  const pgCtlBinary = binary('pg_ctl');
  const running = () => spawnSync(asRoot ? 'runuser' : pgCtlBinary, asRoot ? ['-u', 'postgres', '--', pgCtlBinary, '-D', data, 'status'] : ['-D', data, 'status']).status === 0;
  return {
    port,
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    start: () => pgCtl('-o', options, 'start'),
    stop: (mode) => pgCtl('-m', mode, 'stop'),
    restart: (mode) => pgCtl('-m', mode, '-o', options, 'restart'),
    running,
    log: () => {
      try {
        return readFileSync(logFile, 'utf8');
      } catch {
        return '';
      }
    },
    destroy: async () => {
      if (destroyed) return;
      destroyed = true;
      try {
        if (running()) await pgCtl('-m', 'immediate', 'stop');
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    },
  };
}
