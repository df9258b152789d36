// Summarise a V8 .cpuprofile (node --cpu-prof): self time by function and by package/file, so a
// profile can be read without a browser. `tsx scripts/bench/cpu-profile-summary.ts <file> [top]`.
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const [file, topArg] = process.argv.slice(2);
if (!file) throw new Error('usage: cpu-profile-summary <file.cpuprofile> [top]');
const top = Number(topArg ?? 30);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfMicros = new Map<number, number>();
profile.samples.forEach((id, i) => {
  selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
});
const total = [...selfMicros.values()].reduce((a, b) => a + b, 0);

/** Where a frame comes from: a package in node_modules, our own file, node internals or V8. */
function origin(url: string): string {
  if (!url) return '(v8/native)';
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1] as string;
  if (url.startsWith('node:')) return url;
  const own = /\/(src|scripts)\/(.*)$/.exec(url);
  return own ? `${own[1]}/${own[2]}` : url;
}

const byFunction = new Map<string, number>();
const byOrigin = new Map<string, number>();
for (const [id, micros] of selfMicros) {
  const node = byId.get(id);
  if (!node) continue;
  const { functionName, url, lineNumber } = node.callFrame;
  const key = `${functionName || '(anonymous)'}  ${origin(url)}:${lineNumber + 1}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + micros);
  byOrigin.set(origin(url), (byOrigin.get(origin(url)) ?? 0) + micros);
}
const show = (title: string, map: Map<string, number>) => {
  console.log(`\n${title}`);
  for (const [key, micros] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${((100 * micros) / total).toFixed(1).padStart(5)} %  ${(micros / 1000).toFixed(0).padStart(7)} ms  ${key}`);
  }
};
// Inclusive time (the function and what it called), for our own code: where a request's time goes.
const inclusive = new Map<number, number>();
const inclusiveOf = (id: number): number => {
  const known = inclusive.get(id);
  if (known !== undefined) return known;
  const node = byId.get(id);
  const value = (selfMicros.get(id) ?? 0) + (node?.children ?? []).reduce((sum, child) => sum + inclusiveOf(child), 0);
  inclusive.set(id, value);
  return value;
};
const byOwnFunction = new Map<string, number>();
for (const node of profile.nodes) {
  const { functionName, url, lineNumber } = node.callFrame;
  if (!/\/src\//.test(url)) continue;
  const key = `${functionName || '(anonymous)'}  ${origin(url)}:${lineNumber + 1}`;
  // A function on the stack twice (recursion) would count twice; the app has none on this path.
  byOwnFunction.set(key, (byOwnFunction.get(key) ?? 0) + inclusiveOf(node.id));
}
console.log(`${file}: ${(total / 1000).toFixed(0)} ms sampled`);
show('self time by origin', byOrigin);
show('self time by function', byFunction);
show('inclusive time, our own functions', byOwnFunction);
