// The reference page's assets on Node: read from the pinned swagger-ui-dist package in
// node_modules, once, when the page first asks for them. Workers use docs-assets-worker.ts.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { DocsAssets } from './docs.js';

const require = createRequire(import.meta.url);

export async function nodeDocsAssets(): Promise<DocsAssets> {
  const [script, css] = await Promise.all([
    readFile(require.resolve('swagger-ui-dist/swagger-ui-bundle.js'), 'utf8'),
    readFile(require.resolve('swagger-ui-dist/swagger-ui.css'), 'utf8'),
  ]);
  return { script, css };
}
