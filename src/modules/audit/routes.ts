// Reading the processing log of a municipality (admins; e.g. to answer a data subject's request
// about who looked at their data). Read-only by design: the log cannot be changed.
import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from '@hono/zod-openapi';
import type { AppEnv } from '../../platform/http/env.js';
import { PaginationQuery, Timestamp, page, toPage } from '../../platform/http/openapi.js';
import { MunicipalityParams } from '../../platform/http/params.js';
import { defineRoute, jsonResponse } from '../../platform/http/route.js';
import { text } from '../../platform/text.js';
import { listProcessingLog } from './service.js';

const Entry = z
  .object({
    id: z.uuid(),
    traceId: text().openapi({ description: 'The request id (X-Request-ID) the operation ran under.' }),
    spanId: text(),
    operation: text().openapi({ example: 'updateMember' }),
    action: z.enum(['create', 'read', 'update', 'delete']),
    status: z.enum(['ok', 'refused']),
    actorType: z.enum(['user', 'api-key', 'system', 'anonymous', 'signer']),
    actorId: text().nullable(),
    actingFor: text().nullable().openapi({ description: 'The organisation the actor acted for.' }),
    subjectType: text().nullable(),
    subjectId: text().nullable(),
    occurredAt: Timestamp,
  })
  .openapi('ProcessingLogEntry', { description: 'One processing operation, after Logius’ Logboek Dataverwerkingen.' });

const list = defineRoute({ kind: 'municipality', roles: ['admin'] }, {
  method: 'get', path: '/municipalities/{municipalityId}/processing-log', operationId: 'listProcessingLog', tags: ['platform'],
  summary: 'Read the municipality’s processing log, newest first',
  request: {
    params: MunicipalityParams,
    query: PaginationQuery.extend({
      subjectType: text().max(50).optional().openapi({ example: 'agreement' }),
      subjectId: text().max(100).optional(),
      actorId: text().max(100).optional(),
    }),
  },
  responses: { 200: jsonResponse(page(Entry, 'ProcessingLogPage'), 'A page of log entries.') },
});

export function register(app: OpenAPIHono<AppEnv>) {
  app.openapi(list, async (c) => {
    const q = c.req.valid('query');
    return c.json(toPage(await listProcessingLog(c.get('trx'), c.req.valid('param').municipalityId, q), q.limit), 200);
  });
}
