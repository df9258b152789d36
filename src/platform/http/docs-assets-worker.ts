// The reference page's assets on Workers: Swagger UI's two files (~1.9 MB raw, ~0.5 MB gzip) are
// not in the Worker's bundle, which Workers limit in size, but among its static assets (wrangler.toml
// [assets], binding ASSETS), copied there from the pinned swagger-ui-dist package by
// scripts/worker-assets.mjs, which wrangler runs before `dev` and `deploy`. The Worker fetches them
// through the binding when the page first asks for them (docs.ts keeps them for the isolate) and
// serves them at its own routes with its own headers: with run_worker_first no asset is served
// at a path of its own. Imported by src/worker.ts only.
import type { DocsAssets } from './docs.js';

/** The ASSETS binding: a fetcher over the assets directory. */
export interface AssetsBinding {
  fetch(request: Request | string): Promise<Response>;
}

/** Paths in the assets directory (scripts/worker-assets.mjs puts them there). */
const SCRIPT = '/swagger-ui/swagger-ui-bundle.js';
const CSS = '/swagger-ui/swagger-ui.css';

/** A file of the assets directory as text; the host is a placeholder, only the path counts. */
export async function assetText(assets: AssetsBinding, path: string): Promise<string> {
  const response = await assets.fetch(`https://assets.invalid${path}`);
  if (!response.ok) throw new Error(`The Worker's static asset ${path} answered ${response.status}: run scripts/worker-assets.mjs (wrangler does, before dev and deploy).`);
  return response.text();
}

export const workerDocsAssets =
  (assets: AssetsBinding | undefined) =>
  async (): Promise<DocsAssets> => {
    if (!assets) throw new Error('The Worker has no ASSETS binding (wrangler.toml [assets]): the reference page cannot load Swagger UI.');
    const [script, css] = await Promise.all([assetText(assets, SCRIPT), assetText(assets, CSS)]);
    return { script, css };
  };
