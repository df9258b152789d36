// Reading the processing log of a municipality (admins; e.g. to answer a data subject's request
// about who looked at their data). Read-only by design: the log cannot be changed.
import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from '@hono/zod-openapi';
import type { AppEnv } from '../../platform/http/env.js';
import { PaginationQuery, Timestamp, iso, page, toPage, uuidParam } from '../../platform/http/openapi.js';
import { defineRoute, jsonResponse } from '../../platform/http/route.js';
import { text } from '../../platform/text.js';

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
    params: z.object({ municipalityId: uuidParam('municipalityId', 'The municipality.') }),
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
    let query = c
      .get('trx')
      .selectFrom('processing_log')
      .selectAll()
      .where('tenant_id', '=', c.req.valid('param').municipalityId)
      .orderBy('id', 'desc')
      .limit(q.limit + 1);
    if (q.cursor) query = query.where('id', '<', q.cursor);
    if (q.subjectType) query = query.where('subject_type', '=', q.subjectType);
    if (q.subjectId) query = query.where('subject_id', '=', q.subjectId);
    if (q.actorId) query = query.where('actor_id', '=', q.actorId);
    const rows = (await query.execute()).map((r) => ({
      id: r.id,
      traceId: r.trace_id,
      spanId: r.span_id,
      operation: r.operation,
      action: r.action,
      status: r.status,
      actorType: r.actor_type,
      actorId: r.actor_id,
      actingFor: r.acting_for,
      subjectType: r.subject_type,
      subjectId: r.subject_id,
      occurredAt: iso(r.occurred_at) as string,
    }));
    return c.json(toPage(rows, q.limit), 200);
  });
}
