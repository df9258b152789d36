import type { OpenAPIHono } from '@hono/zod-openapi';
import { MUNICIPAL_ROLES } from '../../platform/http/access.js';
import type { AppEnv } from '../../platform/http/env.js';
import { PaginationQuery, page, toPage } from '../../platform/http/openapi.js';
import { MunicipalityParams } from '../../platform/http/params.js';
import { defineRoute, jsonResponse } from '../../platform/http/route.js';
import { CreateMunicipality, Municipality, UpdateMunicipality } from './schemas.js';
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
  request: { params: MunicipalityParams, body: { required: true, content: { 'application/json': { schema: UpdateMunicipality } } } },
  responses: { 200: jsonResponse(Municipality, 'The changed municipality.') },
});

/** The operations by name: tests call them typed from these definitions (tests/support/request.ts). */
export const routes = { create, list, get, update };

export function register(app: OpenAPIHono<AppEnv>) {
  app.openapi(create, async (c) => {
    const municipality = await service.createMunicipality(c.get('trx'), c.req.valid('json'));
    c.set('auditSubject', { type: 'municipality', id: municipality.id });
    c.set('tenantId', null);
    return c.json(municipality, 201, { Location: `/v1/municipalities/${municipality.id}` });
  });
  app.openapi(list, async (c) => {
    const { limit, cursor } = c.req.valid('query');
    return c.json(toPage(await service.listMunicipalities(c.get('trx'), limit, cursor), limit), 200);
  });
  app.openapi(get, async (c) => c.json(await service.getMunicipality(c.get('trx'), c.req.valid('param').municipalityId), 200));
  app.openapi(update, async (c) =>
    c.json(await service.updateMunicipality(c.get('trx'), c.req.valid('param').municipalityId, c.req.valid('json')), 200),
  );
}
