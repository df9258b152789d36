// The OpenAPI document and the interactive reference (/v1/docs), served entirely by Vervolg: the
// Swagger UI files come from the pinned swagger-ui-dist package (no CDN, so the page works offline
// and under a CSP that allows only this origin), and "Try it out" talks to the origin the page was
// opened on: the served document's `servers` entry is built from the request.
//
// Where the files come from depends on the runtime (AppDeps.docsAssets): Node reads them from
// node_modules (docs-assets-node.ts), Workers import them as text modules (docs-assets-worker.ts).
import type { Context, Hono } from 'hono';
import { ApiError } from '../errors.js';
import type { AppEnv } from './env.js';
import { problemResponse } from './errors-handler.js';

/** The two files of swagger-ui-dist the page needs, as text. */
export interface DocsAssets {
  /** swagger-ui-bundle.js */
  script: string;
  /** swagger-ui.css */
  css: string;
}

export const DOCS_PATH = '/v1/docs';

/**
 * Our own start-up script (an inline script would need 'unsafe-inline'). The validator badge is
 * off: it would load an image from validator.swagger.io.
 */
const INIT_SCRIPT = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: '/v1/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout'
  });
});
`;

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Vervolg API</title>
<link rel="stylesheet" href="${DOCS_PATH}/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="${DOCS_PATH}/swagger-ui-bundle.js"></script>
<script src="${DOCS_PATH}/init.js"></script>
</body>
</html>
`;

/**
 * Only this origin: scripts, styles and the API calls of "Try it out". Images also from data:
 * URIs (Swagger UI's icons are inlined in its CSS) — data is no other host.
 */
export const DOCS_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** The origin a request was made to; behind a proxy, PUBLIC_URL's scheme when the host is ours. */
export function requestOrigin(c: Context<AppEnv>): string {
  const url = new URL(c.req.url);
  const publicUrl = new URL(c.get('deps').config.publicUrl);
  return url.host === publicUrl.host ? publicUrl.origin : url.origin;
}

/** The source map comment would make devtools ask for a file we don't serve. */
const withoutSourceMap = (text: string) => text.replace(/\n\/[/*][#@] sourceMappingURL=[^\n]*\s*$/, '\n');

/** Register GET /v1/openapi.json, /v1/docs and the page's assets on `app`. */
export function registerDocs(app: Hono<AppEnv>, document: object, assets: (() => Promise<DocsAssets>) | undefined): void {
  app.get('/v1/openapi.json', (c) => c.json({ ...document, servers: [{ url: `${requestOrigin(c)}/v1`, description: 'This server (the origin this document was fetched from)' }] }));

  let loaded: Promise<DocsAssets> | undefined;
  const load = () => {
    if (!assets) return Promise.reject(new ApiError(503, 'docs-unavailable', 'Reference unavailable', 'The interactive reference is not available here; /v1/openapi.json is.'));
    loaded ??= assets()
      .then((a) => ({ script: withoutSourceMap(a.script), css: withoutSourceMap(a.css) }))
      .catch((error) => {
        loaded = undefined;
        throw error;
      });
    return loaded;
  };
  // Versioned with the package; a day is plenty and survives a deploy. (nosniff and the strict
  // CSP come from securityHeaders.)
  const asset = (c: Context<AppEnv>, type: string, body: string) => c.body(body, 200, { 'Content-Type': type, 'Cache-Control': 'public, max-age=86400' });
  const served = (type: string, pick: (a: DocsAssets) => string) => async (c: Context<AppEnv>) => {
    try {
      return asset(c, type, pick(await load()));
    } catch (error) {
      if (error instanceof ApiError) return problemResponse(c, error);
      throw error;
    }
  };

  app.get(DOCS_PATH, (c) => {
    c.header('Content-Security-Policy', DOCS_CSP);
    return c.html(PAGE);
  });
  app.get(`${DOCS_PATH}/init.js`, (c) => asset(c, 'text/javascript; charset=utf-8', INIT_SCRIPT));
  app.get(`${DOCS_PATH}/swagger-ui-bundle.js`, served('text/javascript; charset=utf-8', (a) => a.script));
  app.get(`${DOCS_PATH}/swagger-ui.css`, served('text/css; charset=utf-8', (a) => a.css));
}
