// The API keys pages of a municipality's admins, through the forms as a browser without JavaScript
// sends them: the list (name, scopes, created, expires, last used, revoked), creating a key whose
// secret is on the answering page only (never in a URL, never again), a refused form with every
// error beside its field and what was typed kept, revoking after a confirmation step; access as the
// API's; the processing log as the API writes it; Dutch and English.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pageClient } from '../support/pages.js';
import { type World, createWorld } from '../support/world.js';

let w: World;
beforeAll(async () => {
  w = await createWorld();
});
afterAll(async () => w?.close());

const keysPath = (id: string) => `/app/municipalities/${id}/settings/api-keys`;
const logOf = (actorId: string, operation: string) =>
  w.db.selectFrom('processing_log').select(['operation', 'action', 'subject_type', 'subject_id', 'tenant_id']).where('actor_id', '=', actorId).where('operation', '=', operation).execute();

describe('the list', () => {
  it('shows the municipality’s keys with their scopes in words, never a secret; in Dutch and English', async () => {
    const res = await pageClient(w, w.A.people.admin).get(keysPath(w.A.id));
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<h1 class="utrecht-heading-1">API-sleutels</h1>');
    const table = html.slice(html.indexOf('id="api-keys"'));
    expect(table).toContain('archive');
    expect(table).toContain('Afspraken, Ondertekende documenten, Uitkomstcijfers, Contracten');
    for (const column of ['Naam', 'Mag lezen', 'Gemaakt op', 'Verloopt op', 'Laatst gebruikt', 'Ingetrokken op']) expect(table).toContain(column);
    expect(table).toContain(`href="${keysPath(w.A.id)}/${w.A.apiKeyId}/revoke"`);
    expect(html).not.toMatch(/vvk_[a-z2-7]{32}/);
    expect(html).toContain(`href="${keysPath(w.A.id)}/new"`);
    const en = await (await pageClient(w, w.A.people.admin).get(`${keysPath(w.A.id)}?lang=en`)).text();
    expect(en).toContain('<h1 class="utrecht-heading-1">API keys</h1>');
    expect(en).toContain('Agreements, Signed documents, Outcome figures, Contracts');
    expect(en).toContain('Create a new key');
  });

  it('is listed on the settings index', async () => {
    const html = await (await pageClient(w, w.A.people.admin).get(`/app/municipalities/${w.A.id}/settings`)).text();
    expect(html).toContain(`href="${keysPath(w.A.id)}"`);
    expect(html).toContain('API-sleutels');
  });
});

describe('creating a key', () => {
  it('shows the secret once, on the answering page: not in a URL, not in the list, not again', async () => {
    const admin = pageClient(w, w.A.people.admin);
    const form = await admin.get(`${keysPath(w.A.id)}/new`);
    expect(form.status).toBe(200);
    const formHtml = await form.text();
    for (const scope of ['agreements-read', 'documents-read', 'indicators-read', 'contracts-read']) expect(formHtml).toContain(`id="field-scopes-${scope}"`);
    expect(formHtml).toContain('id="field-expiresOn"');

    const res = await admin.post(`${keysPath(w.A.id)}/new`, { name: 'Datawarehouse', scopes: ['indicators:read', 'contracts:read'], expiresOn: '2099-12-31' });
    expect(res.status).toBe(200);
    expect(res.headers.get('location')).toBeNull();
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    expect(html).toContain('De API-sleutel is gemaakt');
    const key = /id="api-key-secret">\s*(vvk_[a-z2-7]{32})\s*</.exec(html)?.[1];
    expect(key).toBeDefined();
    expect(html).toContain('U ziet hem hierna nooit meer');
    expect(html).toContain('Uitkomstcijfers, Contracten');
    // Valid through 31 December 2099 in Amsterdam: it expires at the start of 1 January 2100 there.
    expect(html).toContain('1 januari 2100');

    // The key works, for its scopes.
    expect((await w.request('GET', `/v1/municipalities/${w.A.id}/contracts`, { token: key })).status).toBe(200);
    expect((await w.request('GET', `/v1/municipalities/${w.A.id}/agreements`, { token: key })).status).toBe(403);

    const list = await (await admin.get(keysPath(w.A.id))).text();
    expect(list).toContain('Datawarehouse');
    expect(list).not.toContain(key as string);
    const log = await logOf(w.A.people.admin.userId, 'createMunicipalApiKey');
    expect(log).toContainEqual(expect.objectContaining({ action: 'create', subject_type: 'api-key', tenant_id: w.A.id }));
  });

  it('refuses a form with errors beside each field, keeping what was typed (400)', async () => {
    const admin = pageClient(w, w.A.people.admin);
    const res = await admin.post(`${keysPath(w.A.id)}/new`, { name: '', expiresOn: '31-02-2030' });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('Er zijn 3 fouten in het formulier');
    expect(html).toContain('Vul een naam in (hoogstens 100 tekens).');
    expect(html).toContain('Kies minstens één onderdeel dat de sleutel mag lezen.');
    expect(html).toContain('Vul een datum in als dd-mm-jjjj, of laat het veld leeg.');
    expect(html).toContain('href="#field-scopes"');
    expect(html).toContain('value="31-02-2030"');

    const past = await admin.post(`${keysPath(w.A.id)}/new`, { name: 'Archief', scopes: ['documents:read'], expiresOn: '2020-01-01' });
    expect(past.status).toBe(400);
    const pastHtml = await past.text();
    expect(pastHtml).toContain('Kies een datum vanaf vandaag.');
    expect(pastHtml).toContain('value="Archief"');
    expect(pastHtml).toMatch(/id="field-scopes-documents-read" name="scopes" value="documents:read" checked/);
    expect(pastHtml).not.toMatch(/vvk_[a-z2-7]{32}/);
  });

  it('in English, with a date typed the Dutch way', async () => {
    const res = await pageClient(w, w.A.people.admin).post(`${keysPath(w.A.id)}/new?lang=en`, { name: 'Archive', scopes: ['documents:read'], expiresOn: '1-6-2099' });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('The API key has been created');
    expect(html).toContain('You will never see it again');
    expect(html).toContain('2 June 2099');
  });
});

describe('revoking a key', () => {
  it('asks first, then revokes; the key stops working', async () => {
    const admin = pageClient(w, w.A.people.admin);
    const created = await (await admin.post(`${keysPath(w.A.id)}/new`, { name: 'Te intrekken', scopes: ['agreements:read'] })).text();
    const key = /id="api-key-secret">\s*(vvk_[a-z2-7]{32})\s*</.exec(created)?.[1] as string;
    const list = await (await admin.get(keysPath(w.A.id))).text();
    const id = /data-api-key="([0-9a-f-]{36})"><th[^>]*>\s*Te intrekken/.exec(list)?.[1] as string;
    expect(id).toBeDefined();

    const confirm = await admin.get(`${keysPath(w.A.id)}/${id}/revoke`);
    expect(confirm.status).toBe(200);
    const confirmHtml = await confirm.text();
    expect(confirmHtml).toContain('Sleutel Te intrekken intrekken?');
    expect(confirmHtml).toContain(`action="${keysPath(w.A.id)}/${id}/revoke"`);
    expect(confirmHtml).toContain(key.slice(0, 12));
    expect(confirmHtml).not.toContain(key);
    // Looking is not revoking.
    expect((await w.request('GET', `/v1/municipalities/${w.A.id}/agreements`, { token: key })).status).toBe(200);

    const done = await admin.post(`${keysPath(w.A.id)}/${id}/revoke`, {});
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe(`${keysPath(w.A.id)}?done=revoked`);
    expect(await (await admin.get(`${keysPath(w.A.id)}?done=revoked`)).text()).toContain('De sleutel is ingetrokken.');
    expect((await w.request('GET', `/v1/municipalities/${w.A.id}/agreements`, { token: key })).status).toBe(401);
    const log = await logOf(w.A.people.admin.userId, 'revokeMunicipalApiKey');
    expect(log).toContainEqual(expect.objectContaining({ action: 'delete', subject_type: 'apiKey', subject_id: id, tenant_id: w.A.id }));
    // Revoked: the confirmation step leads back to the list; revoking again is not found.
    expect((await admin.get(`${keysPath(w.A.id)}/${id}/revoke`)).status).toBe(303);
    expect((await admin.post(`${keysPath(w.A.id)}/${id}/revoke`, {})).status).toBe(404);
  });
});

describe('access', () => {
  it('is for admins of the municipality only; another municipality’s key is not found', async () => {
    expect((await pageClient(w, w.A.people['case-manager']).get(keysPath(w.A.id))).status).toBe(403);
    expect((await pageClient(w, w.B.people.admin).get(keysPath(w.A.id))).status).toBe(404);
    expect((await pageClient(w, w.B.people.admin).get(`${keysPath(w.B.id)}/${w.A.apiKeyId}/revoke`)).status).toBe(404);
    expect((await pageClient(w, w.B.people.admin).post(`${keysPath(w.B.id)}/${w.A.apiKeyId}/revoke`, {})).status).toBe(404);
    const nobody = await pageClient(w).get(keysPath(w.A.id));
    expect(nobody.status).toBe(303);
    expect(nobody.headers.get('location')).toContain('/app/sign-in');
  });
});
