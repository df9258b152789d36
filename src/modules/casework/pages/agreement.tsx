// One agreement's page: signing, reminders, amendments, ending (to be built).
import { Hono } from 'hono';
import type { AppEnv } from '../../../platform/http/env.js';
import { appFailurePage } from '../../../platform/http/pages.js';

export function agreementLifePages(): Hono<AppEnv> {
  const pages = new Hono<AppEnv>();
  pages.onError(appFailurePage);
  return pages;
}
