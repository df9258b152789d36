#!/usr/bin/env node
// The Worker's static assets (wrangler.toml [assets], binding ASSETS): files the Worker reads at
// run time instead of carrying them in its bundle, which Workers limit in size (issue 15: the
// upload ≤ 1 MiB gzip). Copied here from the pinned packages in node_modules, so they are always
// the versions the Node side reads; generated, never committed (dist/ is ignored). The PDF fonts
// are no longer here: the PDF Worker (workers/pdf/wrangler.toml) carries them in its bundle.
//
// wrangler runs this before every `wrangler dev` and `wrangler deploy` ([build] command), so
// `npm run dev:worker`, the Workers suite, `npm run bench:worker` and a deploy all get it.
// Assets are uploaded beside the Worker, not inside it. With run_worker_first the Worker answers
// every request itself: nothing here is served at its own path; the Worker fetches the files
// through env.ASSETS and serves them at its own routes, with its own headers (CSP, caching).
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const out = join(root, 'dist', 'worker-assets');

/** Where each file goes in the assets directory (the path the Worker fetches) ← the package file. */
const WORKER_ASSETS = {
  // The API reference's Swagger UI (src/platform/http/docs-assets-worker.ts): ~1.9 MB raw.
  'swagger-ui/swagger-ui-bundle.js': 'swagger-ui-dist/swagger-ui-bundle.js',
  'swagger-ui/swagger-ui.css': 'swagger-ui-dist/swagger-ui.css',
};


const write = (target, bytes) => {
  const file = join(out, target);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, bytes);
};
rmSync(out, { recursive: true, force: true });
for (const [target, source] of Object.entries(WORKER_ASSETS)) write(target, readFileSync(require.resolve(source)));
console.log(`worker-assets: ${Object.keys(WORKER_ASSETS).length} files in ${out}`);
