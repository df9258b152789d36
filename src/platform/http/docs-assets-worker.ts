// The reference page's assets on Workers: Swagger UI's two files (~1.9 MB raw, ~0.5 MB gzip) are
// not in the Worker's bundle, which Workers limit in size, but among its static assets (wrangler.toml
// [assets], binding ASSETS), copied there from the pinned swagger-ui-dist package by
// scripts/worker-assets.mjs, which wrangler runs before `dev` and `deploy`. The Worker fetches them
// through the binding when the page first asks for them (docs.ts keeps them for the isolate) and
// serves them at its own routes with its own headers: with run_worker_first no asset is served
// at a path of its own. Imported by src/worker.ts only.
import { type AssetsBinding, fetchAsset } from '../worker-assets.js';
import type { DocsAssets } from './docs.js';

/** Paths in the assets directory (scripts/worker-assets.mjs puts them there). */
const SCRIPT = '/swagger-ui/swagger-ui-bundle.js';
const CSS = '/swagger-ui/swagger-ui.css';

export const workerDocsAssets =
  (assets: AssetsBinding | undefined) =>
  async (): Promise<DocsAssets> => {
    const text = async (path: string) => (await fetchAsset(assets, path)).text();
    const [script, css] = await Promise.all([text(SCRIPT), text(CSS)]);
    return { script, css };
  };
