import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from '@hono/zod-openapi';
import type { AppEnv } from '../../platform/http/env.js';
import { defineRoute, jsonResponse } from '../../platform/http/route.js';
import { text } from '../../platform/text.js';
import { checkDatabase } from './service.js';

const Health = z.object({ status: z.enum(['ok']), database: z.enum(['ok']), version: text() }).openapi('Health');

const health = defineRoute({ kind: 'public' }, {
  method: 'get', path: '/health', operationId: 'getHealth', tags: ['platform'],
  summary: 'Is the API up, and can it reach its database?',
  responses: {
    200: jsonResponse(Health, 'Up.'),
  },
}, { errors: [503] });

export function register(app: OpenAPIHono<AppEnv>) {
  app.openapi(health, async (c) => {
    await checkDatabase(c.get('trx'));
    return c.json({ status: 'ok' as const, database: 'ok' as const, version: '1.0.0' }, 200);
  });
}
