// A CPU profile of the Worker's JavaScript in workerd, through the inspector wrangler dev exposes
// (Chrome DevTools Protocol), for `BENCH_PROFILE=1 npm run bench:worker`. Samples are attributed
// to the module they fall in: wrangler's bundle marks each module with a `// <path>` comment line,
// so a sample's line number says which package or source file it belongs to. Time workerd spends
// outside JavaScript (sockets, HTTP parsing, the runtime's C++) shows as "(program)".
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { WebSocket } from 'undici';

const ROOT = resolve(import.meta.dirname, '..', '..');

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
}

async function inspectorSocket(inspectorPort: number): Promise<{ call: (method: string, params?: object) => Promise<unknown>; close: () => void }> {
  const targets = (await (await fetch(`http://127.0.0.1:${inspectorPort}/json`)).json()) as { webSocketDebuggerUrl: string }[];
  const url = targets[0]?.webSocketDebuggerUrl;
  if (!url) throw new Error('the inspector lists no Worker');
  // miniflare's inspector proxy admits local origins only, and wants the header.
  const socket = new WebSocket(url, { headers: { Origin: 'http://127.0.0.1' } } as never);
  await new Promise<void>((done, reject) => {
    socket.addEventListener('open', () => done(), { once: true });
    socket.addEventListener('error', (e) => reject(new Error(`inspector: ${String((e as { message?: string }).message ?? e)}`)), { once: true });
  });
  let next = 0;
  const waiting = new Map<number, { done: (v: unknown) => void; reject: (e: Error) => void }>();
  socket.addEventListener('message', (event) => {
    const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown; error?: { message: string } };
    const w = message.id !== undefined ? waiting.get(message.id) : undefined;
    if (!w) return;
    waiting.delete(message.id as number);
    if (message.error) w.reject(new Error(message.error.message));
    else w.done(message.result);
  });
  return {
    call: (method, params = {}) =>
      new Promise((done, reject) => {
        const id = ++next;
        waiting.set(id, { done, reject });
        socket.send(JSON.stringify({ id, method, params }));
      }),
    close: () => socket.close(),
  };
}

/** Module boundaries of a bundle file: [first line (0-based), module path], ascending. */
function modulesOf(file: string): [number, string][] {
  const bounds: [number, string][] = [];
  let lines: string[];
  try {
    lines = readFileSync(file, 'utf8').split('\n');
  } catch {
    return bounds;
  }
  lines.forEach((line, i) => {
    const m = /^\/\/ (\S+\.(?:[cm]?js|tsx?|json))$/.exec(line);
    if (m) bounds.push([i, (m[1] as string).replace(/^(\.\.\/)+/, '')]);
  });
  return bounds;
}

/**
 * The bundle file a script URL names: wrangler dev loads its bundle (worker.js in .wrangler/tmp/dev-…)
 * under its bare name; the newest such file is the one running.
 */
function bundleFile(url: string): string | null {
  if (url.startsWith('file://')) return url.slice('file://'.length);
  if (url.startsWith('/')) return url;
  if (url !== 'worker.js' && url !== 'index.js') return null;
  const tmp = resolve(ROOT, '.wrangler', 'tmp');
  let newest: { file: string; mtime: number } | null = null;
  for (const dir of existsSync(tmp) ? readdirSync(tmp) : []) {
    const file = join(tmp, dir, url);
    if (!dir.startsWith('dev-') || !existsSync(file)) continue;
    const mtime = statSync(file).mtimeMs;
    if (!newest || mtime > newest.mtime) newest = { file, mtime };
  }
  return newest?.file ?? null;
}

/** A package name (node_modules/<name>) or a source directory, for grouping. */
function groupOf(path: string): string {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (pkg) return pkg[1] as string;
  return path.split('/').slice(0, 3).join('/');
}

/** Profiles the Worker while `during` runs; writes the .cpuprofile and returns the top lines of a self-time summary. */
export async function profileWorker(inspectorPort: number, outFile: string, during: () => Promise<void>): Promise<string[]> {
  const inspector = await inspectorSocket(inspectorPort);
  let profile: Profile;
  try {
    await inspector.call('Profiler.enable');
    await inspector.call('Profiler.setSamplingInterval', { interval: 100 });
    await inspector.call('Profiler.start');
    await during();
    profile = ((await inspector.call('Profiler.stop')) as { profile: Profile }).profile;
  } finally {
    inspector.close();
  }
  writeFileSync(outFile, JSON.stringify(profile));
  const total = profile.samples?.length ?? profile.nodes.reduce((n, node) => n + (node.hitCount ?? 0), 0);
  const bundles = new Map<string, [number, string][]>();
  const byGroup = new Map<string, number>();
  const byFunction = new Map<string, number>();
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    if (!hits) continue;
    const { url, functionName, lineNumber } = node.callFrame;
    let module = functionName.startsWith('(') ? functionName : url || '(native)';
    const file = bundleFile(url);
    if (file) {
      if (!bundles.has(file)) bundles.set(file, modulesOf(file));
      const bounds = bundles.get(file) as [number, string][];
      let found = '(bundle)';
      for (const [start, path] of bounds) {
        if (start > lineNumber) break;
        found = path;
      }
      module = found;
    }
    const group = module.startsWith('(') ? module : groupOf(module);
    byGroup.set(group, (byGroup.get(group) ?? 0) + hits);
    const fn = `${functionName || '(anonymous)'}  ${module.startsWith('(') ? '' : module}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + hits);
  }
  const pct = (n: number) => `${((n / total) * 100).toFixed(1).padStart(5)}%`;
  const top = (map: Map<string, number>, n: number) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, v]) => `  ${pct(v)}  ${k}`);
  return [`self time by package or source directory (${total} samples):`, ...top(byGroup, 15), 'self time by function:', ...top(byFunction, 25)];
}
