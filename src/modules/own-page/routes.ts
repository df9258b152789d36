import type { OpenAPIHono } from '@hono/zod-openapi';
import { nowOf, userPrincipal } from '../../platform/http/context.js';
import type { AppEnv } from '../../platform/http/env.js';
import { PaginationQuery, page, toPage } from '../../platform/http/openapi.js';
import { AgreementParams, MunicipalityParams } from '../../platform/http/params.js';
import { defineRoute, emptyResponse, jsonResponse } from '../../platform/http/route.js';
import { OwnPageLinkSent, PracticalInfo, PracticalInfoList, PracticalInfoParams, PutPracticalInfo, YoungPersonNote } from './schemas.js';
import * as service from './service.js';

const tags = ['aftercare'];
const caseWork = { kind: 'municipality', roles: ['admin', 'case-manager'] } as const;
const admin = { kind: 'municipality', roles: ['admin'] } as const;
const agreementPath = '/municipalities/{municipalityId}/agreements/{agreementId}';

const sendOwnPageLink = defineRoute(caseWork, {
  method: 'post', path: `${agreementPath}/own-page-link`, operationId: 'sendOwnPageLink', tags,
  summary: 'Send the young person a fresh link to their own page',
  description:
    'The young person’s own page (eigen pagina) shows their signed plan, how their goals are going, the next review, who to ask, practical information, their downloads and who used their data. ' +
    'The link goes to the address on file (as they signed) through the outbox and opens nothing by itself: a one-time code sent to the same address opens a short session. ' +
    'The link sent before stops working. Only for an agreement the young person signed (409 otherwise).',
  request: { params: AgreementParams },
  responses: { 202: jsonResponse(OwnPageLinkSent, 'The link is on its way.') },
}, { errors: [409] });

const listYoungPersonNotes = defineRoute(caseWork, {
  method: 'get', path: `${agreementPath}/young-person-notes`, operationId: 'listYoungPersonNotes', tags,
  summary: 'List what the young person wrote on their own page, newest first',
  description: 'Notes on a goal, what they want to discuss at the next review, and requests for help (each request also e-mails the case manager, without its text).',
  request: { params: AgreementParams, query: PaginationQuery },
  responses: { 200: jsonResponse(page(YoungPersonNote, 'YoungPersonNotePage'), 'A page of notes, newest first.') },
}, { personalData: true });

const practicalPath = '/municipalities/{municipalityId}/practical-info';

const listPracticalInfo = defineRoute(caseWork, {
  method: 'get', path: practicalPath, operationId: 'listPracticalInfo', tags,
  summary: 'The practical information for living on your own, every topic',
  description: 'What young people of this municipality read on their own page, per topic (praktische informatie voor zelfstandig wonen): the municipality’s own text where it wrote one, else Vervolg’s default (plain Dutch, B1, and English).',
  request: { params: MunicipalityParams },
  responses: { 200: jsonResponse(PracticalInfoList, 'Every topic, in the order the page shows them.') },
});

const getPracticalInfo = defineRoute(caseWork, {
  method: 'get', path: `${practicalPath}/{topic}`, operationId: 'getPracticalInfo', tags,
  summary: 'The practical information on one topic',
  request: { params: PracticalInfoParams },
  responses: { 200: jsonResponse(PracticalInfo, 'The topic in Dutch and English.') },
});

const updatePracticalInfo = defineRoute(admin, {
  method: 'put', path: `${practicalPath}/{topic}`, operationId: 'updatePracticalInfo', tags,
  summary: 'Write the municipality’s own practical information on a topic',
  description: 'Replaces the texts of the topic. A language left out or null uses Vervolg’s default text again.',
  request: { params: PracticalInfoParams, body: { required: true, content: { 'application/json': { schema: PutPracticalInfo } } } },
  responses: { 200: jsonResponse(PracticalInfo, 'The topic as young people now read it.') },
});

const resetPracticalInfo = defineRoute(admin, {
  method: 'delete', path: `${practicalPath}/{topic}`, operationId: 'resetPracticalInfo', tags,
  summary: 'Restore Vervolg’s default practical information on a topic',
  request: { params: PracticalInfoParams },
  responses: { 204: emptyResponse('The default texts apply again (both languages).') },
});

/** The operations by name: tests call them typed from these definitions (tests/support/request.ts). */
export const routes = { sendOwnPageLink, listYoungPersonNotes, listPracticalInfo, getPracticalInfo, updatePracticalInfo, resetPracticalInfo };

export function register(app: OpenAPIHono<AppEnv>) {
  app.openapi(sendOwnPageLink, async (c) => {
    const p = c.req.valid('param');
    return c.json(await service.sendOwnPageLink(c.get('trx'), p.municipalityId, p.agreementId, c.get('deps').config.publicUrl, nowOf(c)), 202);
  });
  app.openapi(listYoungPersonNotes, async (c) => {
    const p = c.req.valid('param');
    const { limit, cursor } = c.req.valid('query');
    return c.json(toPage(await service.listYoungPersonNotes(c.get('trx'), p.municipalityId, p.agreementId, limit, cursor), limit), 200);
  });
  app.openapi(listPracticalInfo, async (c) => c.json({ items: await service.listPracticalInfo(c.get('trx'), c.req.valid('param').municipalityId) }, 200));
  app.openapi(getPracticalInfo, async (c) => {
    const p = c.req.valid('param');
    return c.json(await service.getPracticalInfo(c.get('trx'), p.municipalityId, p.topic), 200);
  });
  app.openapi(updatePracticalInfo, async (c) => {
    const p = c.req.valid('param');
    return c.json(await service.putPracticalInfo(c.get('trx'), p.municipalityId, p.topic, c.req.valid('json'), userPrincipal(c).userId, nowOf(c)), 200);
  });
  app.openapi(resetPracticalInfo, async (c) => {
    const p = c.req.valid('param');
    await service.resetPracticalInfo(c.get('trx'), p.municipalityId, p.topic);
    return c.body(null, 204);
  });
}
