import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { z } from '@hono/zod-openapi';
import { invalidateSession } from '../../platform/auth/sessions.js';
import { ApiError } from '../../platform/errors.js';
import { clearSessionCookie, clientIp, nowOf, setSessionCookie, userPrincipal } from '../../platform/http/context.js';
import type { AppEnv } from '../../platform/http/env.js';
import { problemResponse } from '../../platform/http/errors-handler.js';
import { PaginationQuery, page, toPage, uuidParam } from '../../platform/http/openapi.js';
import { MunicipalityParams } from '../../platform/http/params.js';
import { defineRoute, emptyResponse, jsonResponse } from '../../platform/http/route.js';
import {
  AcceptInvitation,
  CreateInvitation,
  Invitation,
  InvitationAccepted,
  Login,
  LoginLinkRedeem,
  Me,
  Member,
  PasswordResetComplete,
  PasswordResetRequest,
  Session,
  SessionCreated,
  RecoveryCodes,
  TotpSetup,
  TwoFactorCode,
  TwoFactorVerification,
  UpdateMember,
} from './schemas.js';
import * as service from './service.js';
import { getMunicipality } from '../tenants/service.js';
import { text } from '../../platform/text.js';

const tags = ['identity'];
const json = <T extends z.ZodType>(schema: T) => ({ required: true, content: { 'application/json': { schema } } });

const login = defineRoute({ kind: 'public' }, {
  method: 'post', path: '/auth/login', operationId: 'login', tags,
  summary: 'Sign in with e-mail and password',
  description: 'Gives a session token (also set as an HttpOnly cookie for pages). Failures are throttled per account and per IP address, with one uniform error.',
  request: { body: json(Login) },
  responses: { 201: jsonResponse(SessionCreated, 'Signed in.') },
}, { errors: [401, 429] });

const verifyTwoFactor = defineRoute({ kind: 'self' }, {
  method: 'post', path: '/auth/two-factor', operationId: 'verifyTwoFactor', tags,
  summary: 'Verify this session’s second factor with a code from the authenticator app or a recovery code',
  description: 'Every operation outside your own account needs a verified session. A TOTP code works once (RFC 6238 §5.2): a code already used, or an older one, is refused, also on another session. A recovery code works once too. Wrong codes of either kind count against one throttle.',
  request: { body: json(TwoFactorVerification) },
  responses: { 204: emptyResponse('The session is verified.') },
}, { errors: [409, 429] });

const logout = defineRoute({ kind: 'self' }, {
  method: 'post', path: '/auth/logout', operationId: 'logout', tags,
  summary: 'End the current session',
  responses: { 204: emptyResponse('Signed out.') },
});

const passwordReset = defineRoute({ kind: 'public' }, {
  method: 'post', path: '/auth/password-reset', operationId: 'requestPasswordReset', tags,
  summary: 'Ask for a password-reset link by e-mail',
  description: 'Always answers 202, whether or not the address has an account. Requests are throttled per e-mail address and per IP address (429 with Retry-After), counted alike for addresses with and without an account.',
  request: { body: json(PasswordResetRequest) },
  responses: { 202: emptyResponse('If the address has an account, a link is on its way.') },
}, { errors: [429] });

const passwordResetComplete = defineRoute({ kind: 'public' }, {
  method: 'post', path: '/auth/password-reset/complete', operationId: 'completePasswordReset', tags,
  summary: 'Set a new password with the token from the e-mail',
  description: 'Ends every session of the account. Unknown, used or expired tokens are counted per IP address; too many answer 429 with Retry-After.',
  request: { body: json(PasswordResetComplete) },
  responses: { 204: emptyResponse('The password is changed.') },
}, { errors: [429] });

const loginLink = defineRoute({ kind: 'public' }, {
  method: 'post', path: '/auth/login-link', operationId: 'redeemLoginLink', tags,
  summary: 'Sign in with a one-time login link (as printed by `npm run platform:admin`)',
  description: 'Unknown, used or expired tokens are counted per IP address; too many answer 429 with Retry-After.',
  request: { body: json(LoginLinkRedeem) },
  responses: { 201: jsonResponse(SessionCreated, 'Signed in.') },
}, { errors: [429] });

const me = defineRoute({ kind: 'self' }, {
  method: 'get', path: '/me', operationId: 'getMe', tags,
  summary: 'Who am I: account, memberships and second-factor state',
  responses: { 200: jsonResponse(Me, 'The signed-in person.') },
});

const totpStart = defineRoute({ kind: 'self' }, {
  method: 'post', path: '/me/totp', operationId: 'startTotpSetup', tags,
  summary: 'Start setting up an authenticator app (TOTP)',
  responses: { 201: jsonResponse(TotpSetup, 'Scan or type the secret, then confirm with a code.') },
}, { errors: [409] });

const totpConfirm = defineRoute({ kind: 'self' }, {
  method: 'post', path: '/me/totp/confirm', operationId: 'confirmTotpSetup', tags,
  summary: 'Confirm the authenticator app with its current code',
  request: { body: json(TwoFactorCode) },
  responses: { 204: emptyResponse('Two-factor authentication is on; this session is verified. Next, make recovery codes (POST /v1/me/recovery-codes).') },
}, { errors: [409, 429] });

const recoveryCodes = defineRoute({ kind: 'user' }, {
  method: 'post', path: '/me/recovery-codes', operationId: 'createRecoveryCodes', tags,
  summary: 'Make ten new recovery codes (herstelcodes); the old ones stop working',
  description: 'Each code verifies a session once, instead of a code from the authenticator app (POST /v1/auth/two-factor), e.g. when the phone is lost. The codes are shown only in this answer; only their hashes are kept. Needs a verified session: otherwise a password alone could mint a second factor.',
  responses: { 201: jsonResponse(RecoveryCodes, 'The new codes, shown once.') },
}, { errors: [409] });

const sessions = defineRoute({ kind: 'self' }, {
  method: 'get', path: '/me/sessions', operationId: 'listMySessions', tags,
  summary: 'List your sessions',
  responses: { 200: jsonResponse(z.object({ items: z.array(Session) }).openapi('SessionList'), 'Your sessions, newest first.') },
});

const revokeSession = defineRoute({ kind: 'self' }, {
  method: 'delete', path: '/me/sessions/{sessionId}', operationId: 'revokeMySession', tags,
  summary: 'End one of your sessions',
  request: { params: z.object({ sessionId: text().regex(/^[a-z2-7]{24}$/).openapi({ param: { name: 'sessionId', in: 'path' } }) }) },
  responses: { 204: emptyResponse('The session is ended.') },
});

const listMembers = defineRoute({ kind: 'municipality', roles: ['admin'] }, {
  method: 'get', path: '/municipalities/{municipalityId}/members', operationId: 'listMembers', tags,
  summary: 'List the municipality’s staff and their roles',
  request: { params: MunicipalityParams, query: PaginationQuery },
  responses: { 200: jsonResponse(page(Member, 'MemberPage'), 'A page of members.') },
}, { personalData: true });

const MemberParams = MunicipalityParams.extend({ userId: uuidParam('userId', 'The staff member.') });
const updateMember = defineRoute({ kind: 'municipality', roles: ['admin'] }, {
  method: 'patch', path: '/municipalities/{municipalityId}/members/{userId}', operationId: 'updateMember', tags,
  summary: 'Change a staff member’s roles',
  request: { params: MemberParams, body: json(UpdateMember) },
  responses: { 200: jsonResponse(Member, 'The member.') },
}, { errors: [409] });

const removeMember = defineRoute({ kind: 'municipality', roles: ['admin'] }, {
  method: 'delete', path: '/municipalities/{municipalityId}/members/{userId}', operationId: 'removeMember', tags,
  summary: 'Remove a staff member from the municipality',
  request: { params: MemberParams },
  responses: { 204: emptyResponse('Removed.') },
}, { errors: [409] });

const resetMemberTwoFactor = defineRoute({ kind: 'municipality', roles: ['admin'] }, {
  method: 'delete', path: '/municipalities/{municipalityId}/members/{userId}/two-factor', operationId: 'resetMemberTwoFactor', tags,
  summary: 'Reset a staff member’s second factor (lost phone)',
  description: 'Removes the member’s authenticator app and recovery codes and ends all their sessions; they sign in again and set up a new app, and get an e-mail that it happened. Recorded in the processing log. Only for a person whose access is this municipality’s alone: someone who is also the platform operator, or works for another municipality or a care provider, is refused (403 two-factor-reset-needs-operator) — the platform operator resets theirs.',
  request: { params: MemberParams },
  responses: { 204: emptyResponse('The second factor is reset.') },
});

const resetUserTwoFactor = defineRoute({ kind: 'operator' }, {
  method: 'delete', path: '/users/{userId}/two-factor', operationId: 'resetUserTwoFactor', tags,
  summary: 'Reset anyone’s second factor (platform operator)',
  description: 'Removes the person’s authenticator app and recovery codes and ends all their sessions; they get an e-mail that it happened. Recorded in the processing log.',
  request: { params: z.object({ userId: uuidParam('userId', 'The person.') }) },
  responses: { 204: emptyResponse('The second factor is reset.') },
});

const createInvitation = defineRoute({ kind: 'municipality', roles: ['admin'], operator: true }, {
  method: 'post', path: '/municipalities/{municipalityId}/invitations', operationId: 'inviteMember', tags,
  summary: 'Invite a person by e-mail to work for the municipality',
  request: { params: MunicipalityParams, body: json(CreateInvitation) },
  responses: { 201: jsonResponse(Invitation, 'The invitation; the e-mail is queued.') },
});

const listInvitations = defineRoute({ kind: 'municipality', roles: ['admin'] }, {
  method: 'get', path: '/municipalities/{municipalityId}/invitations', operationId: 'listInvitations', tags,
  summary: 'List invitations, newest first',
  request: { params: MunicipalityParams, query: PaginationQuery },
  responses: { 200: jsonResponse(page(Invitation, 'InvitationPage'), 'A page of invitations.') },
});

const revokeInvitation = defineRoute({ kind: 'municipality', roles: ['admin'] }, {
  method: 'delete', path: '/municipalities/{municipalityId}/invitations/{invitationId}', operationId: 'revokeInvitation', tags,
  summary: 'Revoke a pending invitation',
  request: { params: MunicipalityParams.extend({ invitationId: uuidParam('invitationId', 'The invitation.') }) },
  responses: { 204: emptyResponse('Revoked.') },
});

const acceptInvitation = defineRoute({ kind: 'public' }, {
  method: 'post', path: '/invitations/accept', operationId: 'acceptInvitation', tags,
  summary: 'Accept an invitation with the token from the e-mail',
  description: 'Creates the account when the address has none (name and password needed), else adds the membership. Unknown, used or expired tokens are counted per IP address; too many answer 429 with Retry-After.',
  request: { body: json(AcceptInvitation) },
  responses: { 200: jsonResponse(InvitationAccepted, 'Accepted.') },
}, { errors: [409, 429] });

/**
 * Answer with a problem but keep what the transaction wrote (a counted failure): returning the
 * response instead of throwing it lets the request's transaction commit.
 */
const failKeepingWrites = (c: Context<AppEnv>, error: ApiError) => problemResponse(c, error);

/** The operations by name: tests call them typed from these definitions (tests/support/request.ts). */
export const routes = { login, verifyTwoFactor, logout, passwordReset, passwordResetComplete, loginLink, me, totpStart, totpConfirm, recoveryCodes, resetMemberTwoFactor, resetUserTwoFactor, sessions, revokeSession, listMembers, updateMember, removeMember, createInvitation, listInvitations, revokeInvitation, acceptInvitation };

export function register(app: OpenAPIHono<AppEnv>) {
  app.openapi(login, async (c) => {
    const result = await service.login(c.get('trx'), c.req.valid('json'), { ip: clientIp(c), userAgent: c.req.header('User-Agent') ?? null, now: nowOf(c) });
    if (result instanceof ApiError) return failKeepingWrites(c as never, result) as never;
    setSessionCookie(c, result.token);
    return c.json({ token: result.token, twoFactorRequired: result.twoFactorRequired }, 201);
  });
  app.openapi(verifyTwoFactor, async (c) => {
    const p = userPrincipal(c);
    const result = await service.verifySecondFactor(c.get('trx'), p.userId, p.sessionId, c.req.valid('json'), nowOf(c));
    if (result instanceof ApiError) return failKeepingWrites(c as never, result) as never;
    return c.body(null, 204);
  });
  app.openapi(logout, async (c) => {
    await invalidateSession(c.get('trx'), userPrincipal(c).sessionId);
    clearSessionCookie(c);
    return c.body(null, 204);
  });
  app.openapi(passwordReset, async (c) => {
    const refused = await service.requestPasswordReset(c.get('trx'), c.req.valid('json').email, { publicUrl: c.get('deps').config.publicUrl, ip: clientIp(c), now: nowOf(c) });
    if (refused) return failKeepingWrites(c as never, refused) as never;
    return c.body(null, 202);
  });
  app.openapi(passwordResetComplete, async (c) => {
    const body = c.req.valid('json');
    const userId = await service.completePasswordReset(c.get('trx'), body.token, body.password, { ip: clientIp(c), now: nowOf(c) });
    if (userId instanceof ApiError) return failKeepingWrites(c as never, userId) as never;
    c.set('auditSubject', { type: 'user', id: userId });
    return c.body(null, 204);
  });
  app.openapi(loginLink, async (c) => {
    const result = await service.redeemLoginLink(c.get('trx'), c.req.valid('json').token, { ip: clientIp(c), userAgent: c.req.header('User-Agent') ?? null, now: nowOf(c) }, {
      demoLinksCount: service.demoLinksCountAsSecondFactor(c.get('deps')),
    });
    if (result instanceof ApiError) return failKeepingWrites(c as never, result) as never;
    c.set('auditSubject', { type: 'user', id: result.userId });
    setSessionCookie(c, result.token);
    return c.json({ token: result.token, twoFactorRequired: result.twoFactorRequired }, 201);
  });
  app.openapi(me, async (c) => {
    const p = userPrincipal(c);
    return c.json(await service.getMe(c.get('trx'), p.userId, p.twoFactorVerified), 200);
  });
  app.openapi(totpStart, async (c) => {
    const p = userPrincipal(c);
    const { secret, uri } = await service.startTotpSetup(c.get('trx'), p.userId, p.email);
    return c.json({ secret, uri }, 201);
  });
  app.openapi(totpConfirm, async (c) => {
    const p = userPrincipal(c);
    const result = await service.confirmTotpSetup(c.get('trx'), p.userId, p.sessionId, c.req.valid('json').code, nowOf(c));
    if (result instanceof ApiError) return failKeepingWrites(c as never, result) as never;
    return c.body(null, 204);
  });
  app.openapi(recoveryCodes, async (c) => {
    const p = userPrincipal(c);
    c.set('auditSubject', { type: 'user', id: p.userId });
    return c.json(await service.generateRecoveryCodes(c.get('trx'), p.userId, nowOf(c)), 201);
  });
  app.openapi(resetMemberTwoFactor, async (c) => {
    const { municipalityId, userId } = c.req.valid('param');
    await service.resetMemberSecondFactor(c.get('trx'), municipalityId, userId);
    return c.body(null, 204);
  });
  app.openapi(resetUserTwoFactor, async (c) => {
    await service.resetUserSecondFactor(c.get('trx'), c.req.valid('param').userId);
    return c.body(null, 204);
  });
  app.openapi(sessions, async (c) => {
    const p = userPrincipal(c);
    return c.json({ items: await service.listSessions(c.get('trx'), p.userId, p.sessionId) }, 200);
  });
  app.openapi(revokeSession, async (c) => {
    await service.revokeSession(c.get('trx'), userPrincipal(c).userId, c.req.valid('param').sessionId);
    return c.body(null, 204);
  });
  app.openapi(listMembers, async (c) => {
    const { limit, cursor } = c.req.valid('query');
    const rows = await service.listMembers(c.get('trx'), c.req.valid('param').municipalityId, limit, cursor);
    return c.json(toPage(rows, limit, (m) => m.userId), 200);
  });
  app.openapi(updateMember, async (c) => {
    const { municipalityId, userId } = c.req.valid('param');
    return c.json(await service.updateMemberRoles(c.get('trx'), municipalityId, userId, c.req.valid('json').roles), 200);
  });
  app.openapi(removeMember, async (c) => {
    const { municipalityId, userId } = c.req.valid('param');
    await service.removeMember(c.get('trx'), municipalityId, userId);
    return c.body(null, 204);
  });
  app.openapi(createInvitation, async (c) => {
    const { municipalityId } = c.req.valid('param');
    const trx = c.get('trx');
    const tenant = await getMunicipality(trx, municipalityId, { signingLinkDays: c.get('deps').config.signingLinkDays });
    const { config } = c.get('deps');
    const invitation = await service.createInvitation(trx, { tenantId: municipalityId }, c.req.valid('json'), {
      invitedBy: userPrincipal(c).userId,
      organisationName: tenant.name,
      publicUrl: config.publicUrl,
      ttlHours: config.invitationTtlHours,
      now: nowOf(c),
    });
    c.set('auditSubject', { type: 'invitation', id: invitation.id });
    return c.json(invitation, 201);
  });
  app.openapi(listInvitations, async (c) => {
    const { limit, cursor } = c.req.valid('query');
    const rows = await service.listInvitations(c.get('trx'), { tenantId: c.req.valid('param').municipalityId }, limit, nowOf(c), cursor);
    return c.json(toPage(rows, limit), 200);
  });
  app.openapi(revokeInvitation, async (c) => {
    const { municipalityId, invitationId } = c.req.valid('param');
    await service.revokeInvitation(c.get('trx'), { tenantId: municipalityId }, invitationId, nowOf(c));
    return c.body(null, 204);
  });
  app.openapi(acceptInvitation, async (c) => {
    const p = c.get('principal');
    const result = await service.acceptInvitation(c.get('trx'), c.req.valid('json'), p?.kind === 'user' ? p.userId : null, { ip: clientIp(c), now: nowOf(c) });
    if (result instanceof ApiError) return failKeepingWrites(c as never, result) as never;
    c.set('tenantId', result.municipalityId);
    c.set('providerId', result.providerId);
    c.set('auditSubject', { type: 'user', id: result.userId });
    const { created: _created, ...accepted } = result;
    return c.json(accepted, 200);
  });
}
