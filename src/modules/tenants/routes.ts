import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { badRequest } from '../../platform/errors.js';
import { MUNICIPAL_ROLES } from '../../platform/http/access.js';
import type { AppEnv } from '../../platform/http/env.js';
import { PaginationQuery, page, toPage } from '../../platform/http/openapi.js';
import { MunicipalityParams } from '../../platform/http/params.js';
import { defineRoute, emptyResponse, jsonResponse } from '../../platform/http/route.js';
import { CreateMunicipality, Municipality, PutLogo, PutTheme, Theme, UpdateMunicipality } from './schemas.js';
import * as service from './service.js';

const tags = ['platform'];

const create = defineRoute({ kind: 'operator' }, {
  method: 'post',
  path: '/municipalities',
  operationId: 'createMunicipality',
  tags,
  summary: 'Create a municipality (platform operator)',
  request: { body: { required: true, content: { 'application/json': { schema: CreateMunicipality } } } },
  responses: { 201: jsonResponse(Municipality, 'The new municipality.') },
}, { errors: [409] });

const list = defineRoute({ kind: 'user' }, {
  method: 'get',
  path: '/municipalities',
  operationId: 'listMunicipalities',
  tags,
  summary: 'List municipalities: all for the platform operator, else those you belong to',
  request: { query: PaginationQuery },
  responses: { 200: jsonResponse(page(Municipality, 'MunicipalityPage'), 'A page of municipalities.') },
});

const get = defineRoute({ kind: 'municipality', roles: MUNICIPAL_ROLES, operator: true }, {
  method: 'get',
  path: '/municipalities/{municipalityId}',
  operationId: 'getMunicipality',
  tags,
  summary: 'Get a municipality and its settings',
  request: { params: MunicipalityParams },
  responses: { 200: jsonResponse(Municipality, 'The municipality.') },
});

const update = defineRoute({ kind: 'municipality', roles: ['admin'], operator: true }, {
  method: 'patch',
  path: '/municipalities/{municipalityId}',
  operationId: 'updateMunicipality',
  tags,
  summary: 'Change a municipality’s name or settings',
  description: 'Only what is sent changes. The signing-link lifetime (signingLinkDays) applies to links created from then on; links already sent keep their expiry.',
  request: { params: MunicipalityParams, body: { required: true, content: { 'application/json': { schema: UpdateMunicipality } } } },
  responses: { 200: jsonResponse(Municipality, 'The changed municipality.') },
});

const getTheme = defineRoute({ kind: 'municipality', roles: MUNICIPAL_ROLES, operator: true }, {
  method: 'get',
  path: '/municipalities/{municipalityId}/theme',
  operationId: 'getMunicipalityTheme',
  tags,
  summary: 'Get the municipality’s theme (colours and logo)',
  request: { params: MunicipalityParams },
  responses: { 200: jsonResponse(Theme, 'The theme; without colours, the neutral default.') },
});

const putTheme = defineRoute({ kind: 'municipality', roles: ['admin'], operator: true }, {
  method: 'put',
  path: '/municipalities/{municipalityId}/theme',
  operationId: 'putMunicipalityTheme',
  tags,
  summary: 'Set the municipality’s colours',
  description: 'Replaces the colours. Each is #rrggbb. Refused with 400 listing every problem when text on the primary button or in the header has less than 4.5:1 contrast, links less than 4.5:1 on white, or the focus ring less than 3:1 on white (WCAG 2.1 AA).',
  request: { params: MunicipalityParams, body: { required: true, content: { 'application/json': { schema: PutTheme } } } },
  responses: { 200: jsonResponse(Theme, 'The new theme.') },
});

const putLogo = defineRoute({ kind: 'municipality', roles: ['admin'], operator: true }, {
  method: 'put',
  path: '/municipalities/{municipalityId}/theme/logo',
  operationId: 'putMunicipalityLogo',
  tags,
  summary: 'Set the municipality’s logo',
  description: 'A PNG, JPEG or WebP image of at most 100 kB, base64 in JSON. The type is checked against the file’s own bytes. SVG is not accepted (it can carry script).',
  request: { params: MunicipalityParams, body: { required: true, content: { 'application/json': { schema: PutLogo } } } },
  responses: { 200: jsonResponse(Theme, 'The theme with the new logo.') },
}, { bodyLimit: 160 * 1024 });

const deleteLogo = defineRoute({ kind: 'municipality', roles: ['admin'], operator: true }, {
  method: 'delete',
  path: '/municipalities/{municipalityId}/theme/logo',
  operationId: 'deleteMunicipalityLogo',
  tags,
  summary: 'Remove the municipality’s logo',
  request: { params: MunicipalityParams },
  responses: { 204: emptyResponse('The logo is removed; pages show the municipality’s name.') },
});

/** The operations by name: tests call them typed from these definitions (tests/support/request.ts). */
export const routes = { create, list, get, update, getTheme, putTheme, putLogo, deleteLogo };

/** The installation's defaults for what a municipality has not set (config). */
const defaultsOf = (c: Context<AppEnv>): service.MunicipalityDefaults => ({ signingLinkDays: c.get('deps').config.signingLinkDays });

export function register(app: OpenAPIHono<AppEnv>) {
  app.openapi(create, async (c) => {
    const municipality = await service.createMunicipality(c.get('trx'), c.req.valid('json'), defaultsOf(c));
    c.set('auditSubject', { type: 'municipality', id: municipality.id });
    c.set('tenantId', null);
    return c.json(municipality, 201, { Location: `/v1/municipalities/${municipality.id}` });
  });
  app.openapi(list, async (c) => {
    const { limit, cursor } = c.req.valid('query');
    return c.json(toPage(await service.listMunicipalities(c.get('trx'), defaultsOf(c), limit, cursor), limit), 200);
  });
  app.openapi(get, async (c) => c.json(await service.getMunicipality(c.get('trx'), c.req.valid('param').municipalityId, defaultsOf(c)), 200));
  app.openapi(update, async (c) =>
    c.json(await service.updateMunicipality(c.get('trx'), c.req.valid('param').municipalityId, c.req.valid('json'), defaultsOf(c)), 200),
  );
  app.openapi(getTheme, async (c) => c.json(await service.getTheme(c.get('trx'), c.req.valid('param').municipalityId), 200));
  app.openapi(putTheme, async (c) => c.json(await service.putTheme(c.get('trx'), c.req.valid('param').municipalityId, c.req.valid('json')), 200));
  app.openapi(putLogo, async (c) => {
    const { contentType, data } = c.req.valid('json');
    let bytes: Uint8Array;
    try {
      bytes = Uint8Array.from(atob(data), (ch) => ch.charCodeAt(0));
    } catch {
      throw badRequest('The logo is not valid base64.', [{ name: '/data', reason: 'Send the image as base64 (RFC 4648, no line breaks).' }]);
    }
    return c.json(await service.putLogo(c.get('trx'), c.req.valid('param').municipalityId, contentType, bytes), 200);
  });
  app.openapi(deleteLogo, async (c) => {
    await service.deleteLogo(c.get('trx'), c.req.valid('param').municipalityId);
    return c.body(null, 204);
  });
}
