// The platform operator's new operations (issue 14): correcting a provider's registration
// (PATCH /v1/providers/{providerId}) and inviting another operator (POST /v1/operator-invitations,
// accepted through the ordinary /v1/invitations/accept): who may, what is refused, what is logged,
// and that the invitee needs a password and a second factor before doing anything.
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { generateTOTP } from '@oslojs/otp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverDue } from '../../src/platform/outbox.js';
import { type World, createWorld } from '../support/world.js';

let w: World;
beforeAll(async () => {
  w = await createWorld();
});
afterAll(async () => w?.close());

const logOf = (operation: string, actorId: string) =>
  w.db.selectFrom('processing_log').select(['operation', 'action', 'subject_type', 'subject_id', 'tenant_id']).where('actor_id', '=', actorId).where('operation', '=', operation).execute();

async function mailTo(email: string): Promise<string> {
  const before = w.transport.sent.length;
  await deliverDue(w.db, w.transport);
  const message = w.transport.sent.slice(before).find((m) => m.recipient === email);
  return message?.body ?? '';
}
const tokenIn = (body: string) => /accept-invitation\?token=([a-z2-7]+)/.exec(body)?.[1] as string;

describe('PATCH /v1/providers/{providerId} (updateProvider)', () => {
  it('lets the operator correct the KvK number and name, leaving the rest, and logs it', async () => {
    const op = await w.person('kvk-fixer', { operator: true });
    const created = await w.request('POST', '/v1/providers', { token: op.token, body: { name: 'Zorg Verbeter', agbCode: '31000001', kvkNumber: '11111111' } });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const res = await w.request('PATCH', `/v1/providers/${id}`, { token: op.token, body: { kvkNumber: '22222222' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id, name: 'Zorg Verbeter', agbCode: '31000001', kvkNumber: '22222222' });
    const renamed = await w.request('PATCH', `/v1/providers/${id}`, { token: op.token, body: { name: '  Zorg Verbeterd  ', agbCode: '31000002' } });
    expect(await renamed.json()).toMatchObject({ name: 'Zorg Verbeterd', agbCode: '31000002', kvkNumber: '22222222' });
    // Its own AGB code again is no conflict.
    expect((await w.request('PATCH', `/v1/providers/${id}`, { token: op.token, body: { agbCode: '31000002' } })).status).toBe(200);
    expect(await logOf('updateProvider', op.userId)).toEqual([
      expect.objectContaining({ action: 'update', subject_type: 'provider', subject_id: id }),
      expect.objectContaining({ action: 'update', subject_type: 'provider', subject_id: id }),
      expect.objectContaining({ action: 'update', subject_type: 'provider', subject_id: id }),
    ]);
  });

  it('refuses another provider’s AGB code with 409 naming the field, bad codes with 400, an empty change with 400', async () => {
    const taken = await w.request('PATCH', `/v1/providers/${w.P2.id}`, { token: w.operator.token, body: { agbCode: (await providerAgb(w.P1.id)) } });
    expect(taken.status).toBe(409);
    const problem = (await taken.json()) as { detail: string; invalidParams: { name: string; reason: string }[] };
    expect(problem.detail).toMatch(/AGB code \d{8} already exists/);
    expect(problem.invalidParams[0]?.name).toBe('body.agbCode');
    const bad = await w.request('PATCH', `/v1/providers/${w.P2.id}`, { token: w.operator.token, body: { agbCode: '1234', kvkNumber: 'abcdefgh' } });
    expect(bad.status).toBe(400);
    const names = ((await bad.json()) as { invalidParams: { name: string; reason: string }[] }).invalidParams.map((p) => `${p.name}: ${p.reason}`);
    expect(names).toEqual(expect.arrayContaining(['body.agbCode: An AGB code is 8 digits.', 'body.kvkNumber: A KvK number is 8 digits.']));
    expect((await w.request('PATCH', `/v1/providers/${w.P2.id}`, { token: w.operator.token, body: {} })).status).toBe(400);
    expect((await w.request('PATCH', `/v1/providers/${w.P2.id}`, { token: w.operator.token, body: { agbCode: '12345678', unknown: 1 } })).status).toBe(400);
    // Nothing changed.
    expect((await (await w.request('GET', `/v1/providers/${w.P2.id}`, { token: w.operator.token })).json()) as object).toMatchObject({ agbCode: await providerAgb(w.P2.id) });
  });

  it('is the operator’s only: provider admins and municipal admins get 403, nobody 401, an unknown provider 404', async () => {
    const body = { kvkNumber: '99999999' };
    expect((await w.request('PATCH', `/v1/providers/${w.P1.id}`, { token: w.P1.admin.token, body })).status).toBe(403);
    expect((await w.request('PATCH', `/v1/providers/${w.P1.id}`, { token: w.A.people.admin.token, body })).status).toBe(403);
    expect((await w.request('PATCH', `/v1/providers/${w.P1.id}`, { body })).status).toBe(401);
    expect((await w.request('PATCH', '/v1/providers/0192f6a4-7c1e-7c39-9d55-3b1a6f0e2b11', { token: w.operator.token, body })).status).toBe(404);
    const unverified = await w.unverifiedSession(w.operator);
    expect((await w.request('PATCH', `/v1/providers/${w.P1.id}`, { token: unverified, body })).status).toBe(403);
  });
});

async function providerAgb(id: string): Promise<string> {
  const row = await w.db.selectFrom('providers').select('agb_code').where('id', '=', id).executeTakeFirstOrThrow();
  return row.agb_code;
}

describe('operator invitations', () => {
  it('invites a new person, who becomes an operator only after a password and a second factor', async () => {
    const op = await w.person('inviting-op', { operator: true });
    const email = 'nieuwe.beheerder@test.example';
    const res = await w.request('POST', '/v1/operator-invitations', { token: op.token, body: { email: 'Nieuwe.Beheerder@test.example' } });
    expect(res.status).toBe(201);
    const invitation = (await res.json()) as { id: string; email: string; roles: string[]; status: string };
    expect(invitation).toMatchObject({ email, roles: [], status: 'pending' });
    expect(await logOf('createOperatorInvitation', op.userId)).toEqual([expect.objectContaining({ action: 'create', subject_type: 'invitation', subject_id: invitation.id, tenant_id: null })]);
    // Listed for operators (a read of personal data: logged), and not among a municipality's invitations.
    const listed = (await (await w.request('GET', '/v1/operator-invitations', { token: op.token })).json()) as { items: { id: string }[] };
    expect(listed.items.map((i) => i.id)).toContain(invitation.id);
    expect(await logOf('listOperatorInvitations', op.userId)).toHaveLength(1);
    const municipal = (await (await w.request('GET', `/v1/municipalities/${w.A.id}/invitations`, { token: w.A.people.admin.token })).json()) as { items: { id: string }[] };
    expect(municipal.items.map((i) => i.id)).not.toContain(invitation.id);

    const body = await mailTo(email);
    expect(body).toContain('platformbeheerder');
    const token = tokenIn(body);
    // Without a name and password there is no account.
    expect((await w.request('POST', '/v1/invitations/accept', { body: { token } })).status).toBe(400);
    const accepted = await w.request('POST', '/v1/invitations/accept', { body: { token, name: 'Nieuwe Beheerder', password: 'a long enough password' } });
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toMatchObject({ municipalityId: null, providerId: null, roles: [], platformOperator: true });
    // Spent.
    expect((await w.request('POST', '/v1/invitations/accept', { body: { token, name: 'X', password: 'a long enough password' } })).status).toBe(400);

    const login = (await (await w.request('POST', '/v1/auth/login', { body: { email, password: 'a long enough password' } })).json()) as { token: string };
    // An operator now, but nothing before a second factor.
    expect((await w.request('GET', '/v1/operators', { token: login.token })).status).toBe(403);
    const setup = (await (await w.request('POST', '/v1/me/totp', { token: login.token })).json()) as { secret: string };
    const key = decodeBase32IgnorePadding(setup.secret);
    expect((await w.request('POST', '/v1/me/totp/confirm', { token: login.token, body: { code: generateTOTP(key, 30, 6) } })).status).toBe(204);
    const operators = await w.request('GET', '/v1/operators', { token: login.token });
    expect(operators.status).toBe(200);
    const list = (await operators.json()) as { items: { email: string; name: string; twoFactorEnabled: boolean }[] };
    expect(list.items).toEqual(expect.arrayContaining([expect.objectContaining({ email, name: 'Nieuwe Beheerder', twoFactorEnabled: true })]));
    const listed2 = (await (await w.request('GET', '/v1/operator-invitations', { token: op.token })).json()) as { items: { id: string; status: string }[] };
    expect(listed2.items.find((i) => i.id === invitation.id)?.status).toBe('accepted');
  });

  it('makes an existing person an operator when they accept; a revoked invitation no longer works', async () => {
    const someone = await w.person('existing-person');
    const res = await w.request('POST', '/v1/operator-invitations', { token: w.operator.token, body: { email: someone.email } });
    const token = tokenIn(await mailTo(someone.email));
    expect((await w.request('GET', '/v1/operators', { token: someone.token })).status).toBe(403);
    const accepted = await w.request('POST', '/v1/invitations/accept', { token: someone.token, body: { token } });
    expect(accepted.status).toBe(200);
    expect((await w.request('GET', '/v1/operators', { token: someone.token })).status).toBe(200);
    expect(res.status).toBe(201);

    const other = 'revoked.beheerder@test.example';
    const second = (await (await w.request('POST', '/v1/operator-invitations', { token: w.operator.token, body: { email: other } })).json()) as { id: string };
    const secondToken = tokenIn(await mailTo(other));
    expect((await w.request('DELETE', `/v1/operator-invitations/${second.id}`, { token: w.operator.token })).status).toBe(204);
    expect((await w.request('DELETE', `/v1/operator-invitations/${second.id}`, { token: w.operator.token })).status).toBe(404);
    expect((await w.request('POST', '/v1/invitations/accept', { body: { token: secondToken, name: 'Te Laat', password: 'a long enough password' } })).status).toBe(400);
    // A municipality's invitation id is not the operator's to revoke.
    expect((await w.request('DELETE', `/v1/operator-invitations/${w.A.invitationId}`, { token: w.operator.token })).status).toBe(404);
  });

  it('is the operator’s only; bad e-mail addresses are refused', async () => {
    const body = { email: 'iemand@test.example' };
    for (const token of [w.A.people.admin.token, w.P1.admin.token]) {
      expect((await w.request('POST', '/v1/operator-invitations', { token, body })).status).toBe(403);
      expect((await w.request('GET', '/v1/operator-invitations', { token })).status).toBe(403);
      expect((await w.request('GET', '/v1/operators', { token })).status).toBe(403);
    }
    expect((await w.request('POST', '/v1/operator-invitations', { body })).status).toBe(401);
    const bad = await w.request('POST', '/v1/operator-invitations', { token: w.operator.token, body: { email: 'geen-adres' } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { invalidParams: { name: string }[] }).invalidParams[0]?.name).toBe('body.email');
  });
});
