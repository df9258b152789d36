// The caseload: the agreements a person works on (to be built).
import { Hono } from 'hono';
import type { AppEnv } from '../../../platform/http/env.js';
import { appFailurePage } from '../../../platform/http/pages.js';

export function caseloadPages(): Hono<AppEnv> {
  const pages = new Hono<AppEnv>();
  pages.onError(appFailurePage);
  return pages;
}
