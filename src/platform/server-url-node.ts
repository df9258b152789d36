// Where the running Node server can be reached, as it found out when it started listening: kept in
// DATA_DIR/server.json so that commands run beside it (`npm run platform:admin`) print links with
// the server's real address, whatever PORT their own shell has. Node only (a file).
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const FILE = 'server.json';

interface Recorded {
  publicUrl: string;
  pid: number;
}

export function recordServerUrl(dataDir: string, publicUrl: string): void {
  try {
    writeFileSync(join(dataDir, FILE), JSON.stringify({ publicUrl, pid: process.pid } satisfies Recorded));
  } catch {
    // Not being able to note it only makes the commands fall back to their own PORT/PUBLIC_URL.
  }
}

export function forgetServerUrl(dataDir: string): void {
  rmSync(join(dataDir, FILE), { force: true });
}

/** The running server's public URL, or null when none is running (or it left no note). */
export function runningServerUrl(dataDir: string): string | null {
  try {
    const recorded = JSON.parse(readFileSync(join(dataDir, FILE), 'utf8')) as Recorded;
    process.kill(recorded.pid, 0); // throws when that process is gone
    return typeof recorded.publicUrl === 'string' && /^https?:\/\//.test(recorded.publicUrl) ? recorded.publicUrl.replace(/\/$/, '') : null;
  } catch {
    return null;
  }
}
