import type { OpenAPIHono } from '@hono/zod-openapi';
import type { z } from '@hono/zod-openapi';
import { nowOf, userPrincipal } from '../../platform/http/context.js';
import type { AppEnv } from '../../platform/http/env.js';
import { PaginationQuery, page, toPage, uuidParam } from '../../platform/http/openapi.js';
import { MunicipalityParams, ProviderParams, providerIdParam } from '../../platform/http/params.js';
import { defineRoute, emptyResponse, jsonResponse } from '../../platform/http/route.js';
import { Invitation } from '../identity/schemas.js';
import { createInvitation } from '../identity/service.js';
import { AgbCode, ApiKey, CreateApiKey, CreateProvider, CreateProviderInvitation, CreateRelation, CreatedApiKey, Provider, ProviderSearchTerm, ProviderMember, Relation, UpdateProvider, UpdateProviderMember } from './schemas.js';
import * as service from './service.js';
import { text } from '../../platform/text.js';

const tags = ['providers'];
const json = <T extends z.ZodType>(schema: T) => ({ required: true, content: { 'application/json': { schema } } });

const create = defineRoute({ kind: 'operator' }, {
  method: 'post', path: '/providers', operationId: 'createProvider', tags,
  summary: 'Register a care provider on the platform (platform operator)',
  request: { body: json(CreateProvider) },
  responses: { 201: jsonResponse(Provider, 'The provider.') },
}, { errors: [409] });

const list = defineRoute({ kind: 'user' }, {
  method: 'get', path: '/providers', operationId: 'listProviders', tags,
  summary: 'Find providers known to the platform',
  description: 'The platform’s register of care providers (zorgaanbieders), for a municipality looking for one to work with. Filters combine: `q` searches by name, AGB code or KvK number at once.',
  request: {
    query: PaginationQuery.extend({
      agbCode: AgbCode.optional(),
      name: text().max(100).optional().openapi({ description: 'Part of the name, case-insensitive.' }),
      q: ProviderSearchTerm.optional(),
    }),
  },
  responses: { 200: jsonResponse(page(Provider, 'ProviderPage'), 'A page of providers.') },
});

const get = defineRoute({ kind: 'user' }, {
  method: 'get', path: '/providers/{providerId}', operationId: 'getProvider', tags,
  summary: 'Get a provider’s public details',
  request: { params: ProviderParams },
  responses: { 200: jsonResponse(Provider, 'The provider.') },
});

const update = defineRoute({ kind: 'operator' }, {
  method: 'patch', path: '/providers/{providerId}', operationId: 'updateProvider', tags,
  summary: 'Correct a provider’s name, AGB code or KvK number (platform operator)',
  description: 'For correcting a registration, e.g. a mistyped KvK number. Fields left out stay as they are. An AGB code (8 digits) must stay unique: another provider’s code answers 409, naming the field in invalidParams. A KvK number (8 digits) need not be unique: one organisation may run several AGB-registered practices.',
  request: { params: ProviderParams, body: json(UpdateProvider) },
  responses: { 200: jsonResponse(Provider, 'The corrected provider.') },
}, { errors: [409] });

const invite = defineRoute({ kind: 'provider', roles: ['admin'], operator: true }, {
  method: 'post', path: '/providers/{providerId}/invitations', operationId: 'inviteProviderMember', tags,
  summary: 'Invite a person to work for the provider',
  request: { params: ProviderParams, body: json(CreateProviderInvitation) },
  responses: { 201: jsonResponse(Invitation, 'The invitation; the e-mail is queued.') },
});

const members = defineRoute({ kind: 'provider', roles: ['admin'] }, {
  method: 'get', path: '/providers/{providerId}/members', operationId: 'listProviderMembers', tags,
  summary: 'List the provider’s staff',
  request: { params: ProviderParams, query: PaginationQuery },
  responses: { 200: jsonResponse(page(ProviderMember, 'ProviderMemberPage'), 'A page of members.') },
}, { personalData: true });

const ProviderMemberParams = ProviderParams.extend({ userId: uuidParam('userId', 'The staff member.') });
const updateMember = defineRoute({ kind: 'provider', roles: ['admin'] }, {
  method: 'patch', path: '/providers/{providerId}/members/{userId}', operationId: 'updateProviderMember', tags,
  summary: 'Change a provider staff member’s roles',
  description: 'As updateMember for a municipality: a provider always keeps at least one admin (409 last-admin).',
  request: { params: ProviderMemberParams, body: json(UpdateProviderMember) },
  responses: { 200: jsonResponse(ProviderMember, 'The member.') },
}, { errors: [409], personalData: true });

const removeMember = defineRoute({ kind: 'provider', roles: ['admin'] }, {
  method: 'delete', path: '/providers/{providerId}/members/{userId}', operationId: 'removeProviderMember', tags,
  summary: 'Remove a staff member from the provider',
  description: 'The person’s account stays; it no longer gives access to this provider. A provider always keeps at least one admin (409 last-admin).',
  request: { params: ProviderMemberParams },
  responses: { 204: emptyResponse('Removed.') },
}, { errors: [409] });

const createKey = defineRoute({ kind: 'provider', roles: ['admin'] }, {
  method: 'post', path: '/providers/{providerId}/api-keys', operationId: 'createApiKey', tags,
  summary: 'Create an API key; the key is shown once',
  request: { params: ProviderParams, body: json(CreateApiKey) },
  responses: { 201: jsonResponse(CreatedApiKey, 'The key, with its secret (only now).') },
});

const listKeys = defineRoute({ kind: 'provider', roles: ['admin'] }, {
  method: 'get', path: '/providers/{providerId}/api-keys', operationId: 'listApiKeys', tags,
  summary: 'List API keys (never their secrets)',
  request: { params: ProviderParams, query: PaginationQuery },
  responses: { 200: jsonResponse(page(ApiKey, 'ApiKeyPage'), 'A page of keys.') },
});

const revokeKey = defineRoute({ kind: 'provider', roles: ['admin'] }, {
  method: 'delete', path: '/providers/{providerId}/api-keys/{apiKeyId}', operationId: 'revokeApiKey', tags,
  summary: 'Revoke an API key, at once',
  request: { params: ProviderParams.extend({ apiKeyId: uuidParam('apiKeyId', 'The API key.') }) },
  responses: { 204: emptyResponse('Revoked.') },
});

const providerMunicipalities = defineRoute({ kind: 'provider', roles: ['admin', 'staff'], scope: 'municipalities:read' }, {
  method: 'get', path: '/providers/{providerId}/municipalities', operationId: 'listProviderMunicipalities', tags,
  summary: 'The municipalities that work with this provider',
  request: { params: ProviderParams, query: PaginationQuery },
  responses: { 200: jsonResponse(page(Relation, 'ProviderRelationPage'), 'A page of relations.') },
});

const addRelation = defineRoute({ kind: 'municipality', roles: ['admin', 'contract-manager'] }, {
  method: 'post', path: '/municipalities/{municipalityId}/providers', operationId: 'addMunicipalityProvider', tags,
  summary: 'Start working with a provider',
  request: { params: MunicipalityParams, body: json(CreateRelation) },
  responses: { 201: jsonResponse(Relation, 'The relation.') },
}, { errors: [409] });

const listRelations = defineRoute({ kind: 'municipality', roles: ['admin', 'contract-manager', 'case-manager', 'analyst'] }, {
  method: 'get', path: '/municipalities/{municipalityId}/providers', operationId: 'listMunicipalityProviders', tags,
  summary: 'The providers this municipality works with',
  request: { params: MunicipalityParams, query: PaginationQuery },
  responses: { 200: jsonResponse(page(Relation, 'MunicipalityRelationPage'), 'A page of relations.') },
});

const removeRelation = defineRoute({ kind: 'municipality', roles: ['admin', 'contract-manager'] }, {
  method: 'delete', path: '/municipalities/{municipalityId}/providers/{providerId}', operationId: 'removeMunicipalityProvider', tags,
  summary: 'Stop working with a provider',
  description: 'Refused (409, has-contracts) while the municipality has a contract with the provider that has not ended (draft, active or suspended): the provider still reports on it. End the contracts first.',
  request: { params: MunicipalityParams.extend({ providerId: providerIdParam() }) },
  responses: { 204: emptyResponse('Removed.') },
}, { errors: [409] });

/** The operations by name: pages take their declarations, tests call them typed. */
export const routes = { create, list, get, update, invite, members, updateMember, removeMember, createKey, listKeys, revokeKey, providerMunicipalities, addRelation, listRelations, removeRelation };

export function register(app: OpenAPIHono<AppEnv>) {
  app.openapi(create, async (c) => {
    const provider = await service.createProvider(c.get('trx'), c.req.valid('json'));
    c.set('auditSubject', { type: 'provider', id: provider.id });
    return c.json(provider, 201, { Location: `/v1/providers/${provider.id}` });
  });
  app.openapi(list, async (c) => {
    const q = c.req.valid('query');
    return c.json(toPage(await service.listProviders(c.get('trx'), q.limit, q), q.limit), 200);
  });
  app.openapi(get, async (c) => c.json(await service.getProvider(c.get('trx'), c.req.valid('param').providerId), 200));
  app.openapi(update, async (c) => c.json(await service.updateProvider(c.get('trx'), c.req.valid('param').providerId, c.req.valid('json')), 200));
  app.openapi(invite, async (c) => {
    const { providerId } = c.req.valid('param');
    const trx = c.get('trx');
    const provider = await service.getProvider(trx, providerId);
    const { config } = c.get('deps');
    const invitation = await createInvitation(trx, { providerId }, c.req.valid('json'), {
      invitedBy: userPrincipal(c).userId,
      organisationName: provider.name,
      publicUrl: config.publicUrl,
      ttlHours: config.invitationTtlHours,
      now: nowOf(c),
    });
    c.set('auditSubject', { type: 'invitation', id: invitation.id });
    return c.json(invitation, 201);
  });
  app.openapi(members, async (c) => {
    const { limit, cursor } = c.req.valid('query');
    return c.json(toPage(await service.listProviderMembers(c.get('trx'), c.req.valid('param').providerId, limit, cursor), limit, (m) => m.userId), 200);
  });
  app.openapi(updateMember, async (c) => {
    const { providerId, userId } = c.req.valid('param');
    return c.json(await service.updateProviderMemberRoles(c.get('trx'), providerId, userId, c.req.valid('json').roles), 200);
  });
  app.openapi(removeMember, async (c) => {
    const { providerId, userId } = c.req.valid('param');
    await service.removeProviderMember(c.get('trx'), providerId, userId);
    return c.body(null, 204);
  });
  app.openapi(createKey, async (c) => {
    const key = await service.createApiKey(c.get('trx'), c.req.valid('param').providerId, c.req.valid('json'), userPrincipal(c).userId, nowOf(c));
    c.set('auditSubject', { type: 'api-key', id: key.id });
    return c.json(key, 201);
  });
  app.openapi(listKeys, async (c) => {
    const { limit, cursor } = c.req.valid('query');
    return c.json(toPage(await service.listApiKeys(c.get('trx'), c.req.valid('param').providerId, limit, cursor), limit), 200);
  });
  app.openapi(revokeKey, async (c) => {
    const { providerId, apiKeyId } = c.req.valid('param');
    await service.revokeApiKey(c.get('trx'), providerId, apiKeyId, nowOf(c));
    return c.body(null, 204);
  });
  app.openapi(providerMunicipalities, async (c) => {
    const { limit, cursor } = c.req.valid('query');
    return c.json(toPage(await service.listRelationsOfProvider(c.get('trx'), c.req.valid('param').providerId, limit, cursor), limit, (r) => r.municipalityId), 200);
  });
  app.openapi(addRelation, async (c) => {
    const relation = await service.addRelation(c.get('trx'), c.req.valid('param').municipalityId, c.req.valid('json').providerId);
    c.set('auditSubject', { type: 'provider', id: relation.providerId });
    return c.json(relation, 201);
  });
  app.openapi(listRelations, async (c) => {
    const { limit, cursor } = c.req.valid('query');
    return c.json(toPage(await service.listRelationsOfMunicipality(c.get('trx'), c.req.valid('param').municipalityId, limit, cursor), limit, (r) => r.providerId), 200);
  });
  app.openapi(removeRelation, async (c) => {
    const { municipalityId, providerId } = c.req.valid('param');
    await service.removeRelation(c.get('trx'), municipalityId, providerId);
    return c.body(null, 204);
  });
}
