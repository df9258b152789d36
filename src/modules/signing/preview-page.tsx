// The agreement as the young person will see it, for the case manager before sending (to be built).
import { Hono } from 'hono';
import type { AppEnv } from '../../platform/http/env.js';
import { appFailurePage } from '../../platform/http/pages.js';

export function previewPages(): Hono<AppEnv> {
  const pages = new Hono<AppEnv>();
  pages.onError(appFailurePage);
  return pages;
}
