// A municipality's theme as public files: its stylesheet (/assets/themes/<tenantId>/<hash>.css)
// and its logo (/assets/logos/<tenantId>/<sha256>.<png|jpg|webp>). Public, because the young
// person's signing page shows them before anyone signs in; the URL names the tenant and the hash
// of today's content, so a response never changes (cached for a year) and an old hash is a 404.
// The theme settings page's preview box has a stylesheet of its own, named by its six colours.
import { Hono } from 'hono';
import { requestTransaction } from '../../platform/http/middleware.js';
import type { AppEnv } from '../../platform/http/env.js';
import { serveAsset } from '../../platform/ui/routes.js';
import { LOGO_TYPES, type LogoType, previewCss } from '../../platform/ui/theme.js';
import { themeAsset } from './service.js';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

export function themeAssetPages(): Hono<AppEnv> {
  const pages = new Hono<AppEnv>();
  pages.use('/assets/themes/*', requestTransaction());
  pages.use('/assets/logos/*', requestTransaction());
  pages.get(`/assets/themes/:tenantId{${UUID}}/:file{[0-9a-f]{16}\\.css}`, async (c) => {
    const found = await themeAsset(c.get('trx'), c.req.param('tenantId'), 'css', c.req.param('file').slice(0, -4));
    return found ? serveAsset(c, found.type, found.body) : c.notFound();
  });
  pages.get(`/assets/logos/:tenantId{${UUID}}/:file{[0-9a-f]{64}\\.(?:png|jpg|webp)}`, async (c) => {
    const file = c.req.param('file');
    const found = await themeAsset(c.get('trx'), c.req.param('tenantId'), 'logo', file.slice(0, file.indexOf('.')));
    // The extension must be the stored type's (nosniff comes from securityHeaders).
    return found && file.endsWith(`.${LOGO_TYPES[found.type as LogoType]}`) ? serveAsset(c, found.type, found.body) : c.notFound();
  });
  // The settings page's preview box (platform/ui/theme.ts previewHref): colours only, nothing stored.
  pages.get('/assets/theme-preview/:file{[0-9a-f]{36}\\.css}', (c) => {
    const css = previewCss(c.req.param('file'));
    return css ? serveAsset(c, 'text/css; charset=utf-8', css) : c.notFound();
  });
  return pages;
}
