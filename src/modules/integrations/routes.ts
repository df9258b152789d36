// The API of a municipality's own integrations: its API keys (admins only). The key's secret is in
// the 201 of the create, once; the list never shows it. What the keys may read is declared on the
// read operations themselves (`scope` in their access, see MUNICIPAL_SCOPES).
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { z } from '@hono/zod-openapi';
import { nowOf, userPrincipal } from '../../platform/http/context.js';
import type { AppEnv } from '../../platform/http/env.js';
import { PaginationQuery, page, toPage, uuidParam } from '../../platform/http/openapi.js';
import { MunicipalityParams } from '../../platform/http/params.js';
import { defineRoute, emptyResponse, jsonResponse } from '../../platform/http/route.js';
import { CreateMunicipalApiKey, CreatedMunicipalApiKey, MunicipalApiKey } from './schemas.js';
import * as service from './service.js';

const tags = ['platform'];
const admins = { kind: 'municipality', roles: ['admin'] } as const;
const json = <T extends z.ZodType>(schema: T) => ({ required: true, content: { 'application/json': { schema } } });
const KeyParams = MunicipalityParams.extend({ apiKeyId: uuidParam('apiKeyId', 'The API key.') });

const createKey = defineRoute(admins, {
  method: 'post', path: '/municipalities/{municipalityId}/api-keys', operationId: 'createMunicipalApiKey', tags,
  summary: 'Create an API key for the municipality’s own integration; the key is shown once',
  description:
    'For the municipality’s own systems (its archive, its data warehouse). The key reads only what its scopes allow, of this municipality only, and never changes anything. The secret is in this response and nowhere else: only its SHA-256 hash is stored.',
  request: { params: MunicipalityParams, body: json(CreateMunicipalApiKey) },
  responses: { 201: jsonResponse(CreatedMunicipalApiKey, 'The key, with its secret (only now).') },
});

const listKeys = defineRoute(admins, {
  method: 'get', path: '/municipalities/{municipalityId}/api-keys', operationId: 'listMunicipalApiKeys', tags,
  summary: 'List the municipality’s API keys, newest first (never their secrets)',
  description: 'Revoked and expired keys are listed too, with when they were revoked or expire.',
  request: { params: MunicipalityParams, query: PaginationQuery },
  responses: { 200: jsonResponse(page(MunicipalApiKey, 'MunicipalApiKeyPage'), 'A page of keys.') },
});

const revokeKey = defineRoute(admins, {
  method: 'delete', path: '/municipalities/{municipalityId}/api-keys/{apiKeyId}', operationId: 'revokeMunicipalApiKey', tags,
  summary: 'Revoke one of the municipality’s API keys, at once',
  description: 'The key stops working with the next request. A key already revoked is not found (404).',
  request: { params: KeyParams },
  responses: { 204: emptyResponse('Revoked.') },
});

/** The operations by name: tests and pages use them. */
export const routes = { createMunicipalApiKey: createKey, listMunicipalApiKeys: listKeys, revokeMunicipalApiKey: revokeKey };

export function register(app: OpenAPIHono<AppEnv>) {
  app.openapi(createKey, async (c) => {
    const { municipalityId } = c.req.valid('param');
    const key = await service.createMunicipalApiKey(c.get('trx'), municipalityId, c.req.valid('json'), userPrincipal(c).userId, nowOf(c));
    c.set('auditSubject', { type: 'api-key', id: key.id });
    return c.json(key, 201);
  });
  app.openapi(listKeys, async (c) => {
    const { limit, cursor } = c.req.valid('query');
    return c.json(toPage(await service.listMunicipalApiKeys(c.get('trx'), c.req.valid('param').municipalityId, limit, cursor), limit), 200);
  });
  app.openapi(revokeKey, async (c) => {
    const { municipalityId, apiKeyId } = c.req.valid('param');
    await service.revokeMunicipalApiKey(c.get('trx'), municipalityId, apiKeyId, nowOf(c));
    return c.body(null, 204);
  });
}
