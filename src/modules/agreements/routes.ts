import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { z } from '@hono/zod-openapi';
import { MUNICIPAL_ROLES } from '../../platform/http/access.js';
import { clientIp, nowOf, userPrincipal } from '../../platform/http/context.js';
import type { AppEnv } from '../../platform/http/env.js';
import { PaginationQuery, page, toPage, uuidParam } from '../../platform/http/openapi.js';
import { AgreementParams, MunicipalityParams } from '../../platform/http/params.js';
import { defineRoute, jsonResponse } from '../../platform/http/route.js';
import {
  AGREEMENT_STATUSES,
  Agreement,
  AgreementSummary,
  AgreementVersion,
  CancelAgreement,
  CreateAgreement,
  CreateTemplate,
  CreateTemplateVersion,
  EndAgreement,
  SendForSignature,
  Template,
  TemplateVersion,
  UpdateAgreement,
} from './schemas.js';
import * as service from './service.js';
import * as workflow from '../../workflows/agreement-signing.js';
import { text } from '../../platform/text.js';

const tags = ['agreements'];
const json = <T extends z.ZodType>(schema: T) => ({ required: true, content: { 'application/json': { schema } } });
const M = MunicipalityParams;
const T = M.extend({ templateId: uuidParam('templateId', 'The template.') });
const TV = T.extend({ version: z.coerce.number().int().min(1).openapi({ param: { name: 'version', in: 'path' }, example: 1 }) });
const A = AgreementParams;
const AV = A.extend({ version: z.coerce.number().int().min(1).openapi({ param: { name: 'version', in: 'path' }, example: 1 }) });
const IfMatch = z.object({
  'if-match': text().optional().openapi({ param: { name: 'if-match', in: 'header' }, description: 'The ETag you read; required for changes.', example: '"r3"' }),
});
const caseWork = { kind: 'municipality', roles: ['admin', 'case-manager'] } as const;
/** The reads a municipality's own API key with agreements:read may make too (its archive, its data warehouse). */
const caseRead = { ...caseWork, scope: 'agreements:read' } as const;
const etagHeader = { ETag: { description: 'The revision, for If-Match.', schema: { type: 'string' as const, example: '"r3"' } } };
const withEtag = <T extends z.ZodType>(schema: T, description: string) => {
  const r = jsonResponse(schema, description);
  return { ...r, headers: { ...r.headers, ...etagHeader } };
};

// ---- templates ----
const createTemplate = defineRoute({ kind: 'municipality', roles: ['admin'] }, {
  method: 'post', path: '/municipalities/{municipalityId}/agreement-templates', operationId: 'createAgreementTemplate', tags,
  summary: 'Create a template; its first version is a draft',
  request: { params: M, body: json(CreateTemplate) },
  responses: { 201: jsonResponse(Template, 'The template.') },
});
const listTemplates = defineRoute({ kind: 'municipality', roles: MUNICIPAL_ROLES }, {
  method: 'get', path: '/municipalities/{municipalityId}/agreement-templates', operationId: 'listAgreementTemplates', tags,
  summary: 'List templates with their versions',
  request: { params: M, query: PaginationQuery },
  responses: { 200: jsonResponse(page(Template, 'AgreementTemplatePage'), 'A page of templates.') },
});
const getTemplate = defineRoute({ kind: 'municipality', roles: MUNICIPAL_ROLES }, {
  method: 'get', path: '/municipalities/{municipalityId}/agreement-templates/{templateId}', operationId: 'getAgreementTemplate', tags,
  summary: 'Get a template and its versions',
  request: { params: T },
  responses: { 200: jsonResponse(Template, 'The template.') },
});
const addVersion = defineRoute({ kind: 'municipality', roles: ['admin'] }, {
  method: 'post', path: '/municipalities/{municipalityId}/agreement-templates/{templateId}/versions', operationId: 'createAgreementTemplateVersion', tags,
  summary: 'Start a new draft version',
  request: { params: T, body: json(CreateTemplateVersion) },
  responses: { 201: jsonResponse(TemplateVersion, 'The new draft version.') },
}, { errors: [409] });
const getVersionRoute = defineRoute({ kind: 'municipality', roles: MUNICIPAL_ROLES }, {
  method: 'get', path: '/municipalities/{municipalityId}/agreement-templates/{templateId}/versions/{version}', operationId: 'getAgreementTemplateVersion', tags,
  summary: 'Get one version of a template, with its texts',
  request: { params: TV },
  responses: { 200: jsonResponse(TemplateVersion, 'The version.') },
});
const updateVersion = defineRoute({ kind: 'municipality', roles: ['admin'] }, {
  method: 'put', path: '/municipalities/{municipalityId}/agreement-templates/{templateId}/versions/{version}', operationId: 'updateAgreementTemplateVersion', tags,
  summary: 'Change the texts of a draft version',
  request: { params: TV, body: json(CreateTemplateVersion) },
  responses: { 200: jsonResponse(TemplateVersion, 'The draft version.') },
}, { errors: [409] });
const publishVersion = defineRoute({ kind: 'municipality', roles: ['admin'] }, {
  method: 'post', path: '/municipalities/{municipalityId}/agreement-templates/{templateId}/versions/{version}/publish', operationId: 'publishAgreementTemplateVersion', tags,
  summary: 'Publish a draft version; from then on it never changes',
  request: { params: TV },
  responses: { 200: jsonResponse(TemplateVersion, 'The published version.') },
}, { errors: [409] });

// ---- agreements ----
const createAgreement = defineRoute(caseWork, {
  method: 'post', path: '/municipalities/{municipalityId}/agreements', operationId: 'createAgreement', tags,
  summary: 'Draw up an agreement with a young person',
  request: { params: M, body: json(CreateAgreement) },
  responses: { 201: withEtag(Agreement, 'The draft agreement.') },
}, { personalData: true });
const listAgreements = defineRoute(caseRead, {
  method: 'get', path: '/municipalities/{municipalityId}/agreements', operationId: 'listAgreements', tags,
  summary: 'List agreements, newest first',
  request: {
    params: M,
    query: PaginationQuery.extend({ status: z.enum(AGREEMENT_STATUSES).optional(), caseManagerId: z.uuid().optional() }),
  },
  responses: { 200: jsonResponse(page(AgreementSummary, 'AgreementPage'), 'A page of agreements.') },
}, { personalData: true });
const getAgreement = defineRoute(caseRead, {
  method: 'get', path: '/municipalities/{municipalityId}/agreements/{agreementId}', operationId: 'getAgreement', tags,
  summary: 'Get an agreement with its plan',
  request: { params: A },
  responses: { 200: withEtag(Agreement, 'The agreement.') },
}, { personalData: true });
const updateAgreement = defineRoute(caseWork, {
  method: 'patch', path: '/municipalities/{municipalityId}/agreements/{agreementId}', operationId: 'updateAgreement', tags,
  summary: 'Change a draft (or an amendment being drawn up); needs If-Match',
  request: { params: A, headers: IfMatch, body: json(UpdateAgreement) },
  responses: { 200: withEtag(Agreement, 'The changed agreement.') },
}, { errors: [409, 412, 428] });

const lifecycle = (action: string, operationId: string, summary: string) =>
  defineRoute(caseWork, {
    method: 'post', path: `/municipalities/{municipalityId}/agreements/{agreementId}/${action}`, operationId, tags, summary,
    request: { params: A, headers: IfMatch },
    responses: { 200: withEtag(Agreement, 'The agreement after the change.') },
  }, { errors: [409, 412, 428] });

const send = defineRoute(caseWork, {
  method: 'post', path: '/municipalities/{municipalityId}/agreements/{agreementId}/send', operationId: 'sendAgreement', tags,
  summary: 'Send for signature: the content is frozen as a new version with its SHA-256, and each signer gets a link',
  request: { params: A, headers: IfMatch, body: json(SendForSignature) },
  responses: { 200: withEtag(Agreement, 'The agreement, out for signature.') },
}, { errors: [409, 412, 428] });
const cancel = defineRoute(caseWork, {
  method: 'post', path: '/municipalities/{municipalityId}/agreements/{agreementId}/cancel', operationId: 'cancelAgreement', tags,
  summary: 'Cancel a draft or an agreement out for signature, or drop an amendment',
  request: { params: A, headers: IfMatch, body: json(CancelAgreement) },
  responses: { 200: withEtag(Agreement, 'The agreement after the change.') },
}, { errors: [409, 412, 428] });
const end = defineRoute(caseWork, {
  method: 'post', path: '/municipalities/{municipalityId}/agreements/{agreementId}/end', operationId: 'endAgreement', tags,
  summary: 'End the agreement early, with a reason from JZ588',
  request: { params: A, headers: IfMatch, body: json(EndAgreement) },
  responses: { 200: withEtag(Agreement, 'The agreement after the change.') },
}, { errors: [409, 412, 428] });
const complete = lifecycle('complete', 'completeAgreement', 'Complete the agreement as planned');
const amend = lifecycle('amendments', 'amendAgreement', 'Start an amendment of an active agreement (signed again when sent)');

const listVersions = defineRoute(caseRead, {
  method: 'get', path: '/municipalities/{municipalityId}/agreements/{agreementId}/versions', operationId: 'listAgreementVersions', tags,
  summary: 'Every version sent for signature, oldest first',
  request: { params: A },
  responses: { 200: jsonResponse(z.object({ items: z.array(AgreementVersion) }).openapi('AgreementVersionList'), 'The versions.') },
}, { personalData: true });
const getAgreementVersion = defineRoute(caseRead, {
  method: 'get', path: '/municipalities/{municipalityId}/agreements/{agreementId}/versions/{version}', operationId: 'getAgreementVersion', tags,
  summary: 'One version as it was sent',
  request: { params: AV },
  responses: { 200: jsonResponse(AgreementVersion, 'The version.') },
}, { personalData: true });

/** The operations by name: tests call them typed from these definitions (tests/support/request.ts). */
export const routes = { createTemplate, listTemplates, getTemplate, addVersion, getVersionRoute, updateVersion, publishVersion, createAgreement, listAgreements, getAgreement, updateAgreement, send, cancel, end, complete, amend, listVersions, getAgreementVersion };

export function register(app: OpenAPIHono<AppEnv>) {
  app.openapi(createTemplate, async (c) => {
    const t = await service.createTemplate(c.get('trx'), c.req.valid('param').municipalityId, c.req.valid('json'), userPrincipal(c).userId);
    c.set('auditSubject', { type: 'agreement-template', id: t.id });
    return c.json(t, 201);
  });
  app.openapi(listTemplates, async (c) => {
    const { limit, cursor } = c.req.valid('query');
    return c.json(toPage(await service.listTemplates(c.get('trx'), c.req.valid('param').municipalityId, limit, cursor), limit), 200);
  });
  app.openapi(getTemplate, async (c) => {
    const p = c.req.valid('param');
    return c.json(await service.getTemplate(c.get('trx'), p.municipalityId, p.templateId), 200);
  });
  app.openapi(addVersion, async (c) => {
    const p = c.req.valid('param');
    return c.json(await service.addTemplateVersion(c.get('trx'), p.municipalityId, p.templateId, c.req.valid('json').content, userPrincipal(c).userId), 201);
  });
  app.openapi(getVersionRoute, async (c) => {
    const p = c.req.valid('param');
    return c.json(await service.getTemplateVersion(c.get('trx'), p.municipalityId, p.templateId, p.version), 200);
  });
  app.openapi(updateVersion, async (c) => {
    const p = c.req.valid('param');
    return c.json(await service.updateDraftTemplateVersion(c.get('trx'), p.municipalityId, p.templateId, p.version, c.req.valid('json').content), 200);
  });
  app.openapi(publishVersion, async (c) => {
    const p = c.req.valid('param');
    return c.json(await service.publishTemplateVersion(c.get('trx'), p.municipalityId, p.templateId, p.version, nowOf(c)), 200);
  });

  app.openapi(createAgreement, async (c) => {
    const a = await service.createAgreement(c.get('trx'), c.req.valid('param').municipalityId, c.req.valid('json'), userPrincipal(c).userId);
    c.set('auditSubject', { type: 'agreement', id: a.id });
    return c.json(a, 201, { ETag: service.etagOf(a.revision), Location: `/v1/municipalities/${c.req.valid('param').municipalityId}/agreements/${a.id}` });
  });
  app.openapi(listAgreements, async (c) => {
    const q = c.req.valid('query');
    return c.json(toPage(await service.listAgreements(c.get('trx'), c.req.valid('param').municipalityId, q), q.limit), 200);
  });
  app.openapi(getAgreement, async (c) => {
    const p = c.req.valid('param');
    const a = await service.getAgreement(c.get('trx'), p.municipalityId, p.agreementId);
    return c.json(a, 200, { ETag: service.etagOf(a.revision) });
  });
  app.openapi(updateAgreement, async (c) => {
    const p = c.req.valid('param');
    const a = await service.updateAgreement(c.get('trx'), p.municipalityId, p.agreementId, c.req.valid('json'), c.req.header('If-Match'));
    return c.json(a, 200, { ETag: service.etagOf(a.revision) });
  });
  const respond = (a: Awaited<ReturnType<typeof service.getAgreement>>) => ({ body: a, headers: { ETag: service.etagOf(a.revision) } });
  /** What the signing trail records of the request, and the revision the client read. */
  const clientChange = (c: Context<AppEnv>) => ({
    ifMatch: c.req.header('If-Match'),
    meta: { ip: clientIp(c), userAgent: c.req.header('User-Agent') ?? null, now: nowOf(c) },
  });
  app.openapi(send, async (c) => {
    const p = c.req.valid('param');
    const { config } = c.get('deps');
    const links = { publicUrl: config.publicUrl, linkDays: config.signingLinkDays };
    const r = respond(await workflow.sendForSigning(c.get('trx'), p.municipalityId, p.agreementId, c.req.valid('json'), clientChange(c), links));
    return c.json(r.body, 200, r.headers);
  });
  app.openapi(cancel, async (c) => {
    const p = c.req.valid('param');
    const r = respond(await workflow.cancelAgreement(c.get('trx'), p.municipalityId, p.agreementId, c.req.valid('json').note, clientChange(c)));
    return c.json(r.body, 200, r.headers);
  });
  app.openapi(end, async (c) => {
    const p = c.req.valid('param');
    const r = respond(await workflow.endAgreement(c.get('trx'), p.municipalityId, p.agreementId, c.req.valid('json'), clientChange(c)));
    return c.json(r.body, 200, r.headers);
  });
  app.openapi(complete, async (c) => {
    const p = c.req.valid('param');
    const r = respond(await service.completeAgreement(c.get('trx'), p.municipalityId, p.agreementId, c.req.header('If-Match'), nowOf(c)));
    return c.json(r.body, 200, r.headers);
  });
  app.openapi(amend, async (c) => {
    const p = c.req.valid('param');
    const r = respond(await service.amendAgreement(c.get('trx'), p.municipalityId, p.agreementId, c.req.header('If-Match')));
    return c.json(r.body, 200, r.headers);
  });
  app.openapi(listVersions, async (c) => {
    const p = c.req.valid('param');
    return c.json({ items: await service.listVersions(c.get('trx'), p.municipalityId, p.agreementId) }, 200);
  });
  app.openapi(getAgreementVersion, async (c) => {
    const p = c.req.valid('param');
    return c.json(await service.getVersion(c.get('trx'), p.municipalityId, p.agreementId, p.version), 200);
  });
}
