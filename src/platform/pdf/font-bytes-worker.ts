// The PDF fonts' bytes on Workers: not in the bundle (Workers limit its size; the base64 of the two
// subsets is ~0.2 MB of its gzip) but among the Worker's static assets (wrangler.toml [assets]),
// written there from the generated module by scripts/worker-assets.mjs, which wrangler runs before
// dev and deploy. Fetched through the ASSETS binding at the first PDF of an isolate (fonts.ts keeps
// the bytes for the isolate). Chosen by package.json's "imports" (#pdf-font-bytes, condition
// "workerd", which wrangler's bundler sets); src/worker.ts hands over the binding.
import type { FontBytes } from './font-bytes-node.js';

export type { FontBytes };

/** The ASSETS binding: a fetcher over the assets directory. */
interface AssetsBinding {
  fetch(request: Request | string): Promise<Response>;
}

let assets: AssetsBinding | undefined;

/** The Worker's ASSETS binding, for the fonts (src/worker.ts, once per isolate). */
export function useFontAssets(binding: AssetsBinding | undefined): void {
  assets = binding;
}

async function fontFile(path: string): Promise<Uint8Array> {
  if (!assets) throw new Error('The Worker has no ASSETS binding (wrangler.toml [assets]): PDFs cannot load their fonts.');
  // The host is a placeholder: only the path counts.
  const response = await assets.fetch(`https://assets.invalid${path}`);
  if (!response.ok) throw new Error(`The Worker's static asset ${path} answered ${response.status}: run scripts/worker-assets.mjs (wrangler does, before dev and deploy).`);
  return new Uint8Array(await response.arrayBuffer());
}

export async function loadFontBytes(): Promise<FontBytes> {
  const [regular, bold] = await Promise.all([fontFile('/fonts/noto-sans-regular.ttf'), fontFile('/fonts/noto-sans-bold.ttf')]);
  return { regular, bold };
}
