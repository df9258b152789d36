// The Worker's static assets (wrangler.toml [assets], binding ASSETS; written by
// scripts/worker-assets.mjs, which wrangler runs before `dev` and `deploy`): files the Worker reads
// at run time instead of carrying them in its bundle. Read by the Swagger UI page
// (http/docs-assets-worker.ts); Workers only.

/** The ASSETS binding: a fetcher over the assets directory. */
export interface AssetsBinding {
  fetch(request: Request | string): Promise<Response>;
}

/** A file of the assets directory; the host is a placeholder, only the path counts. */
export async function fetchAsset(assets: AssetsBinding | undefined, path: string): Promise<Response> {
  if (!assets) throw new Error(`The Worker has no ASSETS binding (wrangler.toml [assets]): it cannot read ${path}.`);
  const response = await assets.fetch(`https://assets.invalid${path}`);
  if (!response.ok) throw new Error(`The Worker's static asset ${path} answered ${response.status}: run scripts/worker-assets.mjs (wrangler does, before dev and deploy).`);
  return response;
}
