// Who may import whom in src/ (DESIGN.md, "Layout"), read from the import statements themselves so
// CI fails when a rule is broken:
// - the platform knows no domain: it imports no module, no workflow and nothing of src/domain;
// - src/domain (the vocabulary: code lists and the zod schemas of the agreement) depends on nothing
//   of ours: no module, no workflow, and of the platform only platform/text.ts, the storable-text
//   zod schemas every client's string goes through (a leaf that imports nothing but zod); of the
//   packages only zod;
// - a module reaches another module only through what it exposes: its service.ts (what others may
//   call), its schemas.ts (the shared vocabulary of its API) or its events.ts (the webhook events
//   it declares, composed by the webhooks module);
// - agreements never import signing (signing may import agreements: one direction only);
// - a flow that spans modules lives in src/workflows/, and only entry points call it: routes,
//   pages and jobs (never a service, which would make two ways through the same flow);
// - route handlers, pages and workflows run no SQL: they call services, which take the transaction.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const SRC = join(ROOT, 'src');

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return filesUnder(path);
    return /\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Static imports, re-exports and dynamic imports of relative paths. */
const IMPORT = /(?:\bimport|\bexport)\s[^'"]*?\bfrom\s*['"](\.[^'"]+)['"]|\bimport\s*\(\s*['"](\.[^'"]+)['"]\s*\)|\bimport\s+['"](\.[^'"]+)['"]/g;

interface Edge {
  from: string;
  to: string;
}

/** Every import between files of src/, as paths relative to src/ (the .js of a .ts file read as .ts). */
function importGraph(): Edge[] {
  return filesUnder(SRC).flatMap((file) => {
    const code = readFileSync(file, 'utf8');
    return [...code.matchAll(IMPORT)].map((m) => {
      const target = resolve(dirname(file), (m[1] ?? m[2] ?? m[3]) as string).replace(/\.js$/, '');
      return { from: relative(SRC, file), to: relative(SRC, target) };
    });
  });
}

const graph = importGraph();
const moduleOf = (path: string) => /^modules\/([^/]+)\//.exec(path)?.[1];
const show = (edges: Edge[]) => edges.map((e) => `${e.from} -> ${e.to}`);

describe('the dependency rules of src/', () => {
  it('reads the import graph (a regex that matched nothing would prove nothing)', () => {
    expect(graph.length).toBeGreaterThan(300);
    expect(graph).toContainEqual({ from: 'modules/signing/service.ts', to: 'modules/agreements/service' });
    expect(graph).toContainEqual({ from: 'modules/agreements/routes.ts', to: 'workflows/agreement-signing' });
    expect(graph).toContainEqual({ from: 'modules/signing/pdf/labels.ts', to: 'domain/agreement' });
  });

  it('the platform imports no module and no workflow', () => {
    expect(show(graph.filter((e) => e.from.startsWith('platform/') && /^(modules|workflows)\//.test(e.to)))).toEqual([]);
  });

  it('the platform imports nothing from src/domain: it knows no domain', () => {
    expect(show(graph.filter((e) => e.from.startsWith('platform/') && e.to.startsWith('domain/')))).toEqual([]);
  });

  it('src/domain imports no module, no workflow and of the platform only the storable-text schemas; of the packages only zod', () => {
    const outside = graph.filter((e) => e.from.startsWith('domain/') && !e.to.startsWith('domain/'));
    expect(show(outside.filter((e) => e.to !== 'platform/text'))).toEqual([]);
    expect(show(graph.filter((e) => e.from === 'platform/text.ts'))).toEqual([]);
    const packages = filesUnder(join(SRC, 'domain')).flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/\bfrom\s*['"]([^.'"][^'"]*)['"]/g)].map((m) => m[1]));
    expect(packages.length).toBeGreaterThan(0);
    expect(packages.filter((name) => name !== '@hono/zod-openapi' && name !== 'zod')).toEqual([]);
  });

  it('a module imports another module only through its service.ts, schemas.ts or events.ts (a page also through routes.ts, for the operation it stands for, and views.ts, what a module lends to other pages)', () => {
    const crossing = graph.filter((e) => moduleOf(e.from) && moduleOf(e.to) && moduleOf(e.from) !== moduleOf(e.to));
    const isPage = (e: Edge) => /^modules\/[^/]+\/(pages|pages\/[\w-]+|[\w-]+-page)\.tsx?$/.test(e.from);
    const pageTakesOperation = (e: Edge) => isPage(e) && /^modules\/[^/]+\/routes$/.test(e.to);
    const pageShowsView = (e: Edge) => isPage(e) && /^modules\/[^/]+\/views$/.test(e.to);
    expect(show(crossing.filter((e) => !/^modules\/[^/]+\/(service|schemas|events)$/.test(e.to) && !pageTakesOperation(e) && !pageShowsView(e)))).toEqual([]);
  });

  it('agreements never import signing: the dependency runs one way', () => {
    expect(show(graph.filter((e) => moduleOf(e.from) === 'agreements' && moduleOf(e.to) === 'signing'))).toEqual([]);
  });

  it('workflows are called only by routes, pages and jobs, and call modules only through their services', () => {
    const callers = graph.filter((e) => e.to.startsWith('workflows/') && !e.from.startsWith('workflows/'));
    expect(show(callers.filter((e) => !/^modules\/[^/]+\/(routes|pages|pages\/[\w-]+|jobs)\.tsx?$/.test(e.from)))).toEqual([]);
    const reached = graph.filter((e) => e.from.startsWith('workflows/') && e.to.startsWith('modules/'));
    expect(show(reached.filter((e) => !/^modules\/[^/]+\/(service|schemas)$/.test(e.to)))).toEqual([]);
  });

  it('route handlers, pages and workflows run no SQL of their own', () => {
    const QUERY = /\.(selectFrom|updateTable|insertInto|deleteFrom)\(|\bsql(<[^>]*>)?`|from 'kysely'/;
    const entryPoints = filesUnder(SRC)
      .map((file) => relative(SRC, file))
      .filter((path) => /^modules\/[^/]+\/(routes|pages|pages\/[\w-]+|[\w-]+-page)\.tsx?$/.test(path) || path.startsWith('workflows/'));
    expect(entryPoints.length).toBeGreaterThan(15);
    expect(entryPoints.filter((path) => QUERY.test(readFileSync(join(SRC, path), 'utf8')))).toEqual([]);
  });
});

/**
 * What a file loads when it runs: its imports and re-exports that are not type-only (erased by the
 * bundler), and its dynamic imports; relative paths resolved to files of src/, packages as named.
 */
function runtimeImports(file: string): { files: string[]; packages: string[] } {
  const code = readFileSync(file, 'utf8');
  const files: string[] = [];
  const packages: string[] = [];
  const STATEMENT = /\b(import|export)\s+(type\s+)?([^'";]*?)\s*from\s*['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)|\bimport\s+['"]([^'"]+)['"]/g;
  for (const m of code.matchAll(STATEMENT)) {
    if (m[2]) continue; // import type … / export type …
    // import { type A, type B } from …: every name a type, so nothing is loaded.
    const names = /^\{([^}]*)\}$/.exec((m[3] ?? '').trim())?.[1];
    if (names?.split(',').every((n) => n.trim() === '' || /^type\s/.test(n.trim()))) continue;
    const specifier = (m[4] ?? m[5] ?? m[6]) as string;
    if (!specifier.startsWith('.')) {
      packages.push(specifier);
      continue;
    }
    const base = resolve(dirname(file), specifier).replace(/\.js$/, '');
    const target = ['.ts', '.tsx'].map((ext) => base + ext).find((path) => existsSync(path));
    if (target) files.push(target);
  }
  return { files, packages };
}

describe('the app Worker carries no PDF code (issue 15: its upload ≤ 1 MiB gzip)', () => {
  it('nothing src/worker.ts loads reaches pdf-lib, fontkit, PKIjs, asn1js or @signpdf: the PDF Worker does that work', () => {
    const seen = new Set<string>();
    const packages = new Set<string>();
    const queue = [join(SRC, 'worker.ts')];
    while (queue.length > 0) {
      const file = queue.pop() as string;
      if (seen.has(file)) continue;
      seen.add(file);
      const found = runtimeImports(file);
      for (const p of found.packages) packages.add(p);
      queue.push(...found.files);
    }
    // The walk really went through the app (a broken regex would find nothing and prove nothing).
    expect(seen.size).toBeGreaterThan(200);
    expect(seen).toContain(join(SRC, 'modules/signing/document.ts'));
    expect(packages).toContain('kysely');
    expect([...packages].filter((p) => /^(pdf-lib|@pdf-lib\/|pkijs|asn1js|@signpdf\/)/.test(p))).toEqual([]);
    expect([...seen].map((f) => relative(SRC, f)).filter((f) => f === 'pdf-in-process.ts' || (f.startsWith('platform/pdf/') && f !== 'platform/pdf/bytes.ts'))).toEqual([]);
  });
});
