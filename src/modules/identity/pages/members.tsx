// The municipality's staff (to be built).
import { Hono } from 'hono';
import type { AppEnv } from '../../../platform/http/env.js';
import { appFailurePage } from '../../../platform/http/pages.js';

export function memberPages(): Hono<AppEnv> {
  const pages = new Hono<AppEnv>();
  pages.onError(appFailurePage);
  return pages;
}
