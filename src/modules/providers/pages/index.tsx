// The provider portal in the staff app: provider staff work under /app/providers/{providerId}.
// Its home sends them on to the contracts; the shell (workspace) shows the provider's name and the
// portal's menu, without any municipality's theme.
import { Hono } from 'hono';
import type { AppEnv } from '../../../platform/http/env.js';
import { appFailurePage, href, pageAccess, seeOther } from '../../../platform/http/pages.js';
import { providerApiKeyPages } from './api-keys.js';
import { providerContractPages } from './contracts.js';
import { providerIndicatorPages } from './indicators.js';
import { PROVIDER_BASE, portalPath } from './kit.js';
import { providerMemberPages } from './members.js';

export function providerPortalPages(): Hono<AppEnv> {
  const pages = new Hono<AppEnv>();
  pages.onError(appFailurePage);
  // The portal's home: every member of the provider (the access layer answers anyone else with the 404 page).
  pages.get(PROVIDER_BASE, pageAccess({ kind: 'provider', roles: ['admin', 'staff'] }), (c) => seeOther(c, href(c, `${portalPath(c.req.param('providerId') as string)}/contracts`)));
  pages.route('/', providerContractPages());
  pages.route('/', providerApiKeyPages());
  pages.route('/', providerMemberPages());
  pages.route('/', providerIndicatorPages());
  return pages;
}
