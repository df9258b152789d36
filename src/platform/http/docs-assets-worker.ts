// The reference page's assets on Workers: there is no file system, so wrangler bundles the files
// of the pinned swagger-ui-dist package into the Worker as text modules (see [[rules]] in
// wrangler.toml). Imported by src/worker.ts only.
import bundle from 'swagger-ui-dist/swagger-ui-bundle.js';
import css from 'swagger-ui-dist/swagger-ui.css';
import type { DocsAssets } from './docs.js';

export const workerDocsAssets = async (): Promise<DocsAssets> => ({ script: bundle, css });
