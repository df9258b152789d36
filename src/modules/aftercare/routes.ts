import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { z } from '@hono/zod-openapi';
import { ApiError, invalidParamsFromZod } from '../../platform/errors.js';
import { nowOf, userPrincipal } from '../../platform/http/context.js';
import type { AppEnv } from '../../platform/http/env.js';
import { PaginationQuery, page, toPage } from '../../platform/http/openapi.js';
import { AgreementParams } from '../../platform/http/params.js';
import { defineRoute, jsonResponse } from '../../platform/http/route.js';
import { ContactMoment, RecordContactMoment } from './schemas.js';
import * as service from './service.js';

const tags = ['aftercare'];
const caseWork = { kind: 'municipality', roles: ['admin', 'case-manager'] } as const;
const path = '/municipalities/{municipalityId}/agreements/{agreementId}/contact-moments';

const recordContactMoment = defineRoute(caseWork, {
  method: 'post', path, operationId: 'recordContactMoment', tags,
  summary: 'Record a contact moment with the young person (append-only)',
  description:
    'Met, called, messaged, a home visit — or a no-show or could not reach them (recorded, but no contact). ' +
    'For an agreement that was sent (not a draft, not cancelled: 409). The day is not in the future and not more than a year before the aftercare start; ' +
    'a refusal lists every problem of the body at once. A contact moment never changes: a mistake is corrected by recording another.',
  request: { params: AgreementParams, body: { required: true, content: { 'application/json': { schema: RecordContactMoment } } } },
  responses: { 201: jsonResponse(ContactMoment, 'The recorded contact moment.') },
}, { errors: [409] });

const listContactMoments = defineRoute(caseWork, {
  method: 'get', path, operationId: 'listContactMoments', tags,
  summary: 'List the contact moments of an agreement, newest first',
  request: { params: AgreementParams, query: PaginationQuery },
  responses: { 200: jsonResponse(page(ContactMoment, 'ContactMomentPage'), 'A page of contact moments, newest first (by day, then by when recorded).') },
}, { personalData: true });

/** The operations by name: tests call them typed from these definitions (tests/support/request.ts). */
export const routes = { recordContactMoment, listContactMoments };

/**
 * A body that fails its schema still has its day checked (future; before the aftercare start), so
 * that one 400 lists every problem. (Typed loosely: on failure the validator also passes the raw
 * body as `data`, which the library's types leave out.)
 */
async function recordHook(
  result: { success: boolean; target: string; data?: unknown; error?: { issues: z.core.$ZodIssue[] } },
  c: Context<AppEnv>,
): Promise<undefined> {
  if (result.success || !result.error) return;
  const target = result.target === 'json' ? 'body' : result.target === 'param' ? 'path' : result.target;
  const invalidParams = invalidParamsFromZod(target, result.error.issues);
  if (result.target === 'json') {
    const { municipalityId, agreementId } = c.req.param() as { municipalityId: string; agreementId: string };
    const named = new Set(invalidParams.map((p) => p.name));
    for (const p of await service.occurredOnProblemsOfRaw(c.get('trx'), municipalityId, agreementId, result.data, nowOf(c))) {
      if (!named.has(p.name)) invalidParams.push(p);
    }
  }
  throw new ApiError(400, 'invalid-input', 'Invalid input', `The request has ${invalidParams.length} invalid ${invalidParams.length === 1 ? 'field' : 'fields'} in the ${target}.`, { invalidParams });
}

export function register(app: OpenAPIHono<AppEnv>) {
  app.openapi(
    recordContactMoment,
    async (c) => {
      const p = c.req.valid('param');
      const m = await service.recordContactMoment(c.get('trx'), p.municipalityId, p.agreementId, c.req.valid('json'), userPrincipal(c).userId, nowOf(c));
      // The processing log names the agreement (the path's subject): the young person's record.
      return c.json(m, 201);
    },
    recordHook as never,
  );
  app.openapi(listContactMoments, async (c) => {
    const p = c.req.valid('param');
    const { limit, cursor } = c.req.valid('query');
    return c.json(toPage(await service.listContactMoments(c.get('trx'), p.municipalityId, p.agreementId, limit, cursor), limit), 200);
  });
}
