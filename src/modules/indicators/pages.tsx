// The indicators dashboard for municipal staff (being built).
import { Hono } from 'hono';
import type { AppEnv } from '../../platform/http/env.js';

export function indicatorPages(): Hono<AppEnv> {
  return new Hono<AppEnv>();
}
