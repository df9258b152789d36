// The staff pages for a municipality's admins, through the forms as a browser without JavaScript
// sends them: the list with members and open invitations, inviting (errors beside the fields, then
// the e-mail in the outbox), changing roles, removing with a confirmation step, the last admin
// refused with a clear message, resetting a second factor (the member must enrol again), revoking
// an invitation; access as the API's (no session, another municipality, a role without the right);
// the processing log as the API writes it; Dutch and English.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pageClient } from '../support/pages.js';
import { PASSWORD, type World, createWorld } from '../support/world.js';

let w: World;
beforeAll(async () => {
  w = await createWorld();
});
afterAll(async () => w?.close());

const base = (id: string) => `/app/municipalities/${id}`;

const logOf = (actorId: string, operation: string) =>
  w.db.selectFrom('processing_log').select(['operation', 'action', 'subject_type', 'subject_id', 'tenant_id']).where('actor_id', '=', actorId).where('operation', '=', operation).execute();

describe('the members list', () => {
  it('shows the members with roles in words and second factor, and the open invitations; logged as listMembers', async () => {
    const admin = w.A.people.admin;
    const res = await pageClient(w, admin).get(`${base(w.A.id)}/members`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<h1 class="utrecht-heading-1">Medewerkers</h1>');
    for (const role of ['case-manager', 'contract-manager', 'analyst'] as const) {
      expect(html).toContain(w.A.people[role].email);
      expect(html).toContain(`href="${base(w.A.id)}/members/${w.A.people[role].userId}"`);
    }
    expect(html).toContain('casemanager');
    expect(html).toContain('contractmanager');
    expect(html).toContain('✓ Ingesteld');
    expect(html).toContain('<caption class="utrecht-table__caption">Medewerkers van de gemeente</caption>');
    // The fixture's open invitation: its address, role in words, who sent it, and a revoke form.
    const invitation = html.slice(html.indexOf('id="invitations"'));
    expect(invitation).toContain('invitee-alpha@test.example');
    expect(invitation).toContain('analist');
    expect(invitation).toContain(`action="${base(w.A.id)}/invitations/${w.A.invitationId}/revoke"`);
    expect(invitation).toContain('Uitnodiging aan invitee-alpha@test.example intrekken');
    expect(html).toContain(`href="${base(w.A.id)}/members/invite"`);
    expect(html).toContain('Medewerker uitnodigen');
    // Nobody of municipality B.
    expect(html).not.toContain(w.B.people['case-manager'].email);
    const log = await logOf(admin.userId, 'listMembers');
    expect(log).toContainEqual(expect.objectContaining({ action: 'read', tenant_id: w.A.id }));
  });

  it('in English', async () => {
    const html = await (await pageClient(w, w.A.people.admin).get(`${base(w.A.id)}/members?lang=en`)).text();
    expect(html).toContain('<h1 class="utrecht-heading-1">Staff</h1>');
    expect(html).toContain('case manager');
    expect(html).toContain('Open invitations');
    expect(html).toContain('Invite a colleague');
    expect(html).toContain(`href="${base(w.A.id)}/members/invite?lang=en"`);
  });
});

describe('inviting a colleague', () => {
  it('the form explains each role', async () => {
    const res = await pageClient(w, w.A.people.admin).get(`${base(w.A.id)}/members/invite`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('id="field-email"');
    for (const role of ['admin', 'contract-manager', 'case-manager', 'analyst']) expect(html).toContain(`id="field-roles-${role}" name="roles" value="${role}"`);
    expect(html).toContain('Maakt nazorgafspraken met jongeren');
    expect(html).toContain('Uitnodiging versturen');
  });

  it('errors beside the fields, typed kept, nothing sent; then right → the invitation e-mail is in the outbox', async () => {
    const admin = w.A.people.admin;
    const client = pageClient(w, admin);
    const url = `${base(w.A.id)}/members/invite`;
    const before = await w.db.selectFrom('invitations').select('id').where('tenant_id', '=', w.A.id).execute();

    const noRole = await client.post(url, { email: 'nieuwe.collega@test.example' });
    expect(noRole.status).toBe(400);
    const noRoleHtml = await noRole.text();
    expect(noRoleHtml).toContain('Er is 1 fout in het formulier');
    expect(noRoleHtml).toMatch(/id="field-roles-error">Kies minstens één rol\.</);
    expect(noRoleHtml).toContain('value="nieuwe.collega@test.example"');
    expect(noRoleHtml).toContain('href="#field-roles"');

    const badEmail = await client.post(url, { email: 'geen-adres', roles: ['case-manager', 'analyst'] });
    expect(badEmail.status).toBe(400);
    const badHtml = await badEmail.text();
    expect(badHtml).toMatch(/id="field-email-error">Vul een geldig e-mailadres in/);
    expect(badHtml).toContain('value="geen-adres"');
    expect(badHtml).toContain('aria-invalid="true"');
    // Both chosen roles stay chosen, the others not.
    expect(badHtml).toMatch(/id="field-roles-case-manager" name="roles" value="case-manager" checked=""/);
    expect(badHtml).toMatch(/id="field-roles-analyst" name="roles" value="analyst" checked=""/);
    expect(badHtml).not.toMatch(/id="field-roles-admin" name="roles" value="admin" checked=""/);

    const en = await client.post(`${url}?lang=en`, { email: '' });
    expect(en.status).toBe(400);
    const enHtml = await en.text();
    expect(enHtml).toContain('There are 2 problems with the form');
    expect(enHtml).toContain('Choose at least one role.');

    expect(await w.db.selectFrom('invitations').select('id').where('tenant_id', '=', w.A.id).execute()).toHaveLength(before.length);
    expect(await logOf(admin.userId, 'inviteMember')).toHaveLength(0);

    const ok = await client.post(url, { email: 'Nieuwe.Collega@test.example', roles: ['case-manager'] });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe(`${base(w.A.id)}/members?done=invited`);
    const mail = await w.db.selectFrom('outbox').select(['recipient', 'subject', 'body', 'tenant_id']).where('recipient', '=', 'nieuwe.collega@test.example').execute();
    expect(mail).toHaveLength(1);
    expect(mail[0]?.subject).toContain('Uitnodiging voor Vervolg (Gemeente Alpha)');
    expect(mail[0]?.body).toMatch(/\/accept-invitation\?token=/);
    const invitation = await w.db.selectFrom('invitations').select(['id', 'roles', 'invited_by']).where('email', '=', 'nieuwe.collega@test.example').executeTakeFirstOrThrow();
    expect(invitation.roles).toEqual(['case-manager']);
    expect(invitation.invited_by).toBe(admin.userId);
    expect(await logOf(admin.userId, 'inviteMember')).toEqual([expect.objectContaining({ action: 'create', subject_type: 'invitation', subject_id: invitation.id, tenant_id: w.A.id })]);

    const list = await (await client.get(`${base(w.A.id)}/members?done=invited`)).text();
    expect(list).toContain('De uitnodiging is verstuurd.');
    expect(list).toContain('nieuwe.collega@test.example');
  });
});

describe('one member', () => {
  it('shows the member; changes roles (none chosen → error beside the field); logged as updateMember', async () => {
    const admin = w.A.people.admin;
    const member = await w.person('roles-member', { municipalities: [{ id: w.A.id, roles: ['analyst'] }] });
    const client = pageClient(w, admin);
    const url = `${base(w.A.id)}/members/${member.userId}`;
    const page = await client.get(url);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(member.email);
    expect(html).toMatch(/id="member-roles">analist</);
    expect(html).toMatch(/id="field-roles-analyst" name="roles" value="analyst" checked=""/);
    expect(html).toContain(`href="${url}/remove"`);
    expect(html).toContain(`href="${url}/two-factor/reset"`);
    expect(await logOf(admin.userId, 'listMembers')).toContainEqual(expect.objectContaining({ action: 'read', subject_type: 'user', subject_id: member.userId }));

    const none = await client.post(url, {});
    expect(none.status).toBe(400);
    const noneHtml = await none.text();
    expect(noneHtml).toMatch(/id="field-roles-error">Kies minstens één rol\.</);
    expect(noneHtml).not.toMatch(/name="roles" value="analyst" checked=""/);

    const saved = await client.post(url, { roles: ['case-manager', 'contract-manager'] });
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe(`${url}?done=roles`);
    const row = await w.db.selectFrom('memberships').select('roles').where('tenant_id', '=', w.A.id).where('user_id', '=', member.userId).executeTakeFirstOrThrow();
    expect([...row.roles].sort()).toEqual(['case-manager', 'contract-manager']);
    const after = await (await client.get(`${url}?done=roles`)).text();
    expect(after).toContain('De rollen zijn opgeslagen.');
    expect(after).toMatch(/id="member-roles">contractmanager, casemanager<|id="member-roles">casemanager, contractmanager</);
    expect(await logOf(admin.userId, 'updateMember')).toContainEqual(expect.objectContaining({ action: 'update', subject_type: 'user', subject_id: member.userId }));

    const en = await (await client.get(`${url}?lang=en`)).text();
    expect(en).toContain('Change roles');
    expect(en).toContain('Save roles');
  });

  it('removes a member after a confirmation step; logged as removeMember', async () => {
    const admin = w.A.people.admin;
    const member = await w.person('leaving-member', { municipalities: [{ id: w.A.id, roles: ['case-manager'] }] });
    const client = pageClient(w, admin);
    const url = `${base(w.A.id)}/members/${member.userId}`;
    const confirm = await client.get(`${url}/remove`);
    expect(confirm.status).toBe(200);
    const confirmHtml = await confirm.text();
    expect(confirmHtml).toContain('Ja, verwijderen');
    expect(confirmHtml).toContain(`action="${url}/remove"`);
    // Looking at the confirmation removes nothing.
    expect(await w.db.selectFrom('memberships').select('user_id').where('user_id', '=', member.userId).execute()).toHaveLength(1);
    const en = await (await client.get(`${url}/remove?lang=en`)).text();
    expect(en).toContain('Yes, remove');

    const done = await client.post(`${url}/remove`, {});
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe(`${base(w.A.id)}/members?done=removed`);
    expect(await w.db.selectFrom('memberships').select('user_id').where('user_id', '=', member.userId).execute()).toHaveLength(0);
    expect(await logOf(admin.userId, 'removeMember')).toContainEqual(expect.objectContaining({ action: 'delete', subject_type: 'user', subject_id: member.userId }));
    const list = await (await client.get(`${base(w.A.id)}/members?done=removed`)).text();
    expect(list).toContain('De medewerker is uit de gemeente verwijderd.');
    expect(list).not.toContain(member.email);
    // The member's page is gone now: a 404 page.
    expect((await client.get(url)).status).toBe(404);
  });

  it('the last admin can be neither removed nor demoted: a clear message, not a 500', async () => {
    // Municipality B has one admin.
    const admin = w.B.people.admin;
    const client = pageClient(w, admin);
    const url = `${base(w.B.id)}/members/${admin.userId}`;
    const remove = await client.post(`${url}/remove`, {});
    expect(remove.status).toBe(409);
    const html = await remove.text();
    expect(html).toContain('een gemeente heeft altijd minstens één beheerder');
    const demote = await client.post(`${url}?lang=en`, { roles: ['case-manager'] });
    expect(demote.status).toBe(409);
    const demoteHtml = await demote.text();
    expect(demoteHtml).toContain('a municipality always has at least one administrator');
    // What was chosen stays chosen.
    expect(demoteHtml).toMatch(/id="field-roles-case-manager" name="roles" value="case-manager" checked=""/);
    const row = await w.db.selectFrom('memberships').select('roles').where('tenant_id', '=', w.B.id).where('user_id', '=', admin.userId).executeTakeFirstOrThrow();
    expect(row.roles).toEqual(['admin']);
    expect(await logOf(admin.userId, 'removeMember')).toHaveLength(0);
  });

  it('resets a member’s second factor after a confirmation step: they must set up a new app at their next sign-in', async () => {
    const admin = w.A.people.admin;
    const member = await w.person('lost-phone', { municipalities: [{ id: w.A.id, roles: ['case-manager'] }] });
    const client = pageClient(w, admin);
    const url = `${base(w.A.id)}/members/${member.userId}`;
    const confirm = await (await client.get(`${url}/two-factor/reset`)).text();
    expect(confirm).toContain('nieuwe authenticator-app');
    expect(confirm).toContain('Ja, tweede factor terugzetten');
    expect(await (await client.get(`${url}/two-factor/reset?lang=en`)).text()).toContain('new authenticator app');

    const done = await client.post(`${url}/two-factor/reset`, {});
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe(`${url}?done=reset`);
    const page = await (await client.get(`${url}?done=reset`)).text();
    expect(page).toContain('De tweede factor is teruggezet.');
    expect(page).toMatch(/id="member-second-factor">✗ Nog niet ingesteld</);
    expect(await logOf(admin.userId, 'resetMemberTwoFactor')).toContainEqual(expect.objectContaining({ action: 'delete', subject_type: 'user', subject_id: member.userId }));

    // The member's session is over; signing in again leads to setting up a new authenticator app.
    const them = pageClient(w, member);
    expect((await them.get(`${base(w.A.id)}/indicators`)).headers.get('location')).toMatch(/^\/app\/sign-in/);
    const signIn = await them.post('/app/sign-in', { email: member.email, password: PASSWORD });
    expect(signIn.status).toBe(303);
    expect(signIn.headers.get('location')).toBe('/app/enrol');
  });

  it('a second factor that guards access elsewhere is refused with the reason (the operator resets it)', async () => {
    const both = await w.person('two-places', { municipalities: [{ id: w.A.id, roles: ['analyst'] }, { id: w.B.id, roles: ['analyst'] }] });
    const res = await pageClient(w, w.A.people.admin).post(`${base(w.A.id)}/members/${both.userId}/two-factor/reset`, {});
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('Alleen de beheerder van het platform kan deze tweede factor terugzetten.');
    const user = await w.db.selectFrom('users').select('totp_enabled_at').where('id', '=', both.userId).executeTakeFirstOrThrow();
    expect(user.totp_enabled_at).not.toBeNull();
  });
});

describe('an admin acting on themselves', () => {
  it('is warned on the confirmation; removing themselves leads to /app, resetting their own second factor to sign in', async () => {
    const second = await w.person('second-admin', { municipalities: [{ id: w.A.id, roles: ['admin'] }] });
    const client = pageClient(w, second);
    const url = `${base(w.A.id)}/members/${second.userId}`;
    expect(await (await client.get(`${url}/remove`)).text()).toContain('Dit bent u zelf');
    expect(await (await client.get(`${url}/two-factor/reset?lang=en`)).text()).toContain('This is you');
    const reset = await client.post(`${url}/two-factor/reset`, {});
    expect(reset.status).toBe(303);
    expect(reset.headers.get('location')).toBe('/app/sign-in');
    expect(client.cookie).toBe('');

    const third = await w.person('third-admin', { municipalities: [{ id: w.A.id, roles: ['admin'] }] });
    const own = pageClient(w, third);
    const removed = await own.post(`${base(w.A.id)}/members/${third.userId}/remove`, {});
    expect(removed.status).toBe(303);
    expect(removed.headers.get('location')).toBe('/app');
    expect(await w.db.selectFrom('memberships').select('user_id').where('user_id', '=', third.userId).execute()).toHaveLength(0);
  });
});

describe('revoking an invitation', () => {
  it('revokes, says so, and the invitation is gone from the list; logged as revokeInvitation', async () => {
    const admin = w.A.people.admin;
    const client = pageClient(w, admin);
    await client.post(`${base(w.A.id)}/members/invite`, { email: 'ingetrokken@test.example', roles: ['analyst'] });
    const { id } = await w.db.selectFrom('invitations').select('id').where('email', '=', 'ingetrokken@test.example').executeTakeFirstOrThrow();
    const res = await client.post(`${base(w.A.id)}/invitations/${id}/revoke`, {});
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${base(w.A.id)}/members?done=revoked`);
    const row = await w.db.selectFrom('invitations').select('revoked_at').where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.revoked_at).not.toBeNull();
    const list = await (await client.get(`${base(w.A.id)}/members?done=revoked&lang=en`)).text();
    expect(list).toContain('The invitation has been revoked.');
    expect(list).not.toContain('ingetrokken@test.example');
    expect(await logOf(admin.userId, 'revokeInvitation')).toEqual([expect.objectContaining({ action: 'delete', subject_type: 'invitation', subject_id: id })]);
    // Revoked already: nothing to revoke (as the API: not found).
    expect((await client.post(`${base(w.A.id)}/invitations/${id}/revoke`, {})).status).toBe(404);
  });
});

describe('access', () => {
  const paths = (m: string, userId: string, invitationId: string) => ({
    get: [`${base(m)}/members`, `${base(m)}/members/invite`, `${base(m)}/members/${userId}`, `${base(m)}/members/${userId}/remove`, `${base(m)}/members/${userId}/two-factor/reset`],
    post: [`${base(m)}/members/invite`, `${base(m)}/members/${userId}`, `${base(m)}/members/${userId}/remove`, `${base(m)}/members/${userId}/two-factor/reset`, `${base(m)}/invitations/${invitationId}/revoke`],
  });

  it('a case manager (and an analyst, a contract manager) gets a 403 page on every members page', async () => {
    const target = w.A.people.analyst.userId;
    const { get, post } = paths(w.A.id, target, w.A.invitationId);
    for (const role of ['case-manager', 'analyst', 'contract-manager'] as const) {
      const client = pageClient(w, w.A.people[role]);
      for (const path of get) {
        const res = await client.get(path);
        expect(res.status, `${role} GET ${path}`).toBe(403);
        expect(await res.text()).toContain('Geen toegang');
      }
      for (const path of post) expect((await client.post(path, { roles: ['admin'], email: 'x@test.example' })).status, `${role} POST ${path}`).toBe(403);
    }
    // Nothing changed.
    const row = await w.db.selectFrom('memberships').select('roles').where('user_id', '=', target).executeTakeFirstOrThrow();
    expect(row.roles).toEqual(['analyst']);
    expect((await w.db.selectFrom('invitations').select('revoked_at').where('id', '=', w.A.invitationId).executeTakeFirstOrThrow()).revoked_at).toBeNull();
  });

  it('B’s admin gets a 404 page on A’s members pages; A’s member under B’s address is a 404 too', async () => {
    const client = pageClient(w, w.B.people.admin);
    const { get, post } = paths(w.A.id, w.A.people.analyst.userId, w.A.invitationId);
    for (const path of get) {
      const res = await client.get(path);
      expect(res.status, `GET ${path}`).toBe(404);
      expect(await res.text()).not.toContain(w.A.people.analyst.email);
    }
    for (const path of post) expect((await client.post(path, { roles: ['admin'] })).status, `POST ${path}`).toBe(404);
    // Under B's own address, a member and an invitation of A are not found either.
    expect((await client.get(`${base(w.B.id)}/members/${w.A.people.analyst.userId}`)).status).toBe(404);
    expect((await client.post(`${base(w.B.id)}/members/${w.A.people.analyst.userId}/remove`, {})).status).toBe(404);
    expect((await client.post(`${base(w.B.id)}/invitations/${w.A.invitationId}/revoke`, {})).status).toBe(404);
    expect((await w.db.selectFrom('invitations').select('revoked_at').where('id', '=', w.A.invitationId).executeTakeFirstOrThrow()).revoked_at).toBeNull();
  });

  it('without a session: to sign in, coming back to the page afterwards', async () => {
    const res = await pageClient(w).get(`${base(w.A.id)}/members`);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/app/sign-in?next=${encodeURIComponent(`${base(w.A.id)}/members`)}`);
    const post = await pageClient(w).post(`${base(w.A.id)}/members/invite`, { email: 'x@test.example', roles: ['admin'] });
    expect(post.status).toBe(303);
    expect(post.headers.get('location')).toBe('/app/sign-in');
  });
});
