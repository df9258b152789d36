// The PDF fonts' bytes on Workers: not in the bundle (Workers limit its size; the base64 of the two
// subsets is ~0.2 MB of its gzip) but among the Worker's static assets (wrangler.toml [assets]),
// written there from the generated module by scripts/worker-assets.mjs, which wrangler runs before
// dev and deploy. Fetched through the ASSETS binding at the first PDF of an isolate (fonts.ts keeps
// the bytes for the isolate). Chosen by package.json's "imports" (#pdf-font-bytes, condition
// "workerd", which wrangler's bundler sets); src/worker.ts hands over the binding.
import { type AssetsBinding, fetchAsset } from '../worker-assets.js';
import type { FontBytes } from './font-bytes-node.js';

export type { FontBytes };

let assets: AssetsBinding | undefined;

/** The Worker's ASSETS binding, for the fonts (src/worker.ts, once per isolate). */
export function useFontAssets(binding: AssetsBinding | undefined): void {
  assets = binding;
}

async function fontFile(path: string): Promise<Uint8Array> {
  return new Uint8Array(await (await fetchAsset(assets, path)).arrayBuffer());
}

export async function loadFontBytes(): Promise<FontBytes> {
  const [regular, bold] = await Promise.all([fontFile('/fonts/noto-sans-regular.ttf'), fontFile('/fonts/noto-sans-bold.ttf')]);
  return { regular, bold };
}
