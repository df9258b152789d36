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

const IsoDate = z.iso.date('Use a date as YYYY-MM-DD.').openapi({ format: 'date', example: '2026-12-01' });

export const ProcessingLogQuery = PaginationQuery.extend({
  subjectType: text().max(50).optional().openapi({ description: 'Only entries about this kind of thing (e.g. agreement, member, webhook-endpoint).', example: 'agreement' }),
  subjectId: text().max(100).optional().openapi({ description: 'Only entries about this one (its id).' }),
  actorId: text().max(100).optional().openapi({ description: 'Only what this actor did: a user id (a staff member) or an API key id.' }),
  operation: text().max(100).optional().openapi({ description: 'Only this operation (its operationId).', example: 'getAgreement' }),
  occurredFrom: IsoDate.optional().openapi({ description: 'From this day on (inclusive), a calendar day in Dutch time (Europe/Amsterdam).' }),
  occurredTo: IsoDate.optional().openapi({ description: 'Up to and including this day, in Dutch time; on or after occurredFrom.' }),
});

const list = defineRoute({ kind: 'municipality', roles: ['admin'] }, {
  method: 'get', path: '/municipalities/{municipalityId}/processing-log', operationId: 'listProcessingLog', tags: ['platform'],
  summary: 'Read the municipality’s processing log, newest first',
  description: 'Every filter narrows the search. Reading the log is itself logged (it names who did what with whose data).',
  request: { params: MunicipalityParams, query: ProcessingLogQuery },
  responses: { 200: jsonResponse(page(Entry, 'ProcessingLogPage'), 'A page of log entries.') },
}, { personalData: true });

/** The operations by name: tests and pages take them from here. */
export const routes = { list };

export function register(app: OpenAPIHono<AppEnv>) {
  app.openapi(list, async (c) => {
    const q = c.req.valid('query');
    return c.json(toPage(await listProcessingLog(c.get('trx'), c.req.valid('param').municipalityId, q), q.limit), 200);
  });
}
