// The platform operator's own operations (issue 14): who the operators are, and inviting another.
// The invitation is an ordinary invitation (identity), of the platform instead of a municipality
// or provider, accepted through the same /v1/invitations/accept (and /accept-invitation page).
import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from '@hono/zod-openapi';
import { nowOf, userPrincipal } from '../../platform/http/context.js';
import type { AppEnv } from '../../platform/http/env.js';
import { PaginationQuery, page, toPage, uuidParam } from '../../platform/http/openapi.js';
import { defineRoute, emptyResponse, jsonResponse } from '../../platform/http/route.js';
import { Invitation } from '../identity/schemas.js';
import { createInvitation, listInvitations, listOperators, revokeInvitation } from '../identity/service.js';
import { CreateOperatorInvitation, Operator } from './schemas.js';

const tags = ['platform'];
const PLATFORM = { platformOperator: true } as const;

const list = defineRoute({ kind: 'operator' }, {
  method: 'get', path: '/operators', operationId: 'listOperators', tags,
  summary: 'List the platform operators (platform operator)',
  request: { query: PaginationQuery },
  responses: { 200: jsonResponse(page(Operator, 'OperatorPage'), 'A page of operators.') },
}, { personalData: true });

const invite = defineRoute({ kind: 'operator' }, {
  method: 'post', path: '/operator-invitations', operationId: 'createOperatorInvitation', tags,
  summary: 'Invite a person to become a platform operator (platform operator)',
  description: 'Queues an e-mail with a one-time link to /accept-invitation. Accepting it (POST /v1/invitations/accept) makes the person a platform operator; a new person chooses a name and password there and must set up a second factor before any operation.',
  request: { body: { required: true, content: { 'application/json': { schema: CreateOperatorInvitation } } } },
  responses: { 201: jsonResponse(Invitation, 'The invitation (roles is empty); the e-mail is queued.') },
});

const listInvites = defineRoute({ kind: 'operator' }, {
  method: 'get', path: '/operator-invitations', operationId: 'listOperatorInvitations', tags,
  summary: 'List invitations to become a platform operator, newest first (platform operator)',
  request: { query: PaginationQuery },
  responses: { 200: jsonResponse(page(Invitation, 'OperatorInvitationPage'), 'A page of invitations.') },
}, { personalData: true });

const revoke = defineRoute({ kind: 'operator' }, {
  method: 'delete', path: '/operator-invitations/{invitationId}', operationId: 'revokeOperatorInvitation', tags,
  summary: 'Revoke an invitation to become a platform operator (platform operator)',
  request: { params: z.object({ invitationId: uuidParam('invitationId', 'The invitation.') }) },
  responses: { 204: emptyResponse('Revoked: the link no longer works.') },
});

/** The operations by name: pages (asOperation) and tests call them from these definitions. */
export const routes = { list, invite, listInvites, revoke };

export function register(app: OpenAPIHono<AppEnv>) {
  app.openapi(list, async (c) => {
    const { limit, cursor } = c.req.valid('query');
    return c.json(toPage(await listOperators(c.get('trx'), limit, cursor), limit, (o) => o.userId), 200);
  });
  app.openapi(invite, async (c) => {
    const { config } = c.get('deps');
    const invitation = await createInvitation(c.get('trx'), PLATFORM, { email: c.req.valid('json').email, roles: [] }, {
      invitedBy: userPrincipal(c).userId,
      organisationName: 'Vervolg',
      publicUrl: config.publicUrl,
      ttlHours: config.invitationTtlHours,
      now: nowOf(c),
    });
    c.set('auditSubject', { type: 'invitation', id: invitation.id });
    return c.json(invitation, 201);
  });
  app.openapi(listInvites, async (c) => {
    const { limit, cursor } = c.req.valid('query');
    return c.json(toPage(await listInvitations(c.get('trx'), PLATFORM, limit, nowOf(c), cursor), limit), 200);
  });
  app.openapi(revoke, async (c) => {
    await revokeInvitation(c.get('trx'), PLATFORM, c.req.valid('param').invitationId, nowOf(c));
    return c.body(null, 204);
  });
}
