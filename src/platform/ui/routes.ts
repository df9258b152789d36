// GET /assets/<hash>/app.css and /assets/<hash>/app.js: the shell's stylesheet and script. The hash
// is the content's, so a response never changes: cached for a year, immutable. An old hash (after a
// deploy) is a 404, never today's file under yesterday's name.
import type { Context, Hono } from 'hono';
import { compress } from 'hono/compress';
import type { AppEnv } from '../http/env.js';
import type { UiBundle } from './assets.js';

export const IMMUTABLE = 'public, max-age=31536000, immutable';

export function serveAsset(c: Context<AppEnv>, type: string, body: string | Uint8Array) {
  return c.body(body as string, 200, { 'Content-Type': type, 'Cache-Control': IMMUTABLE, 'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'" });
}

export function registerUiAssets(app: Hono<AppEnv>, bundle: UiBundle, options: { compress: boolean }): void {
  // Workers compress at Cloudflare's edge; Node does it here (gzip or deflate, as the browser asks).
  if (options.compress) app.use('/assets/*', compress());
  app.get(bundle.cssHref, (c) => serveAsset(c, 'text/css; charset=utf-8', bundle.css));
  app.get(bundle.jsHref, (c) => serveAsset(c, 'text/javascript; charset=utf-8', bundle.js));
}
