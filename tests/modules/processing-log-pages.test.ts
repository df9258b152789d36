// The processing log page of the staff app (admins, under Settings), through plain HTTP: search by
// staff member (by user id, never a name in the URL), subject, a range of days in Dutch time and
// operation; bad search values beside their fields with what was typed kept; the CSV export of the
// same search (columns, filtering, headers); reading the log is itself logged; access. And the
// API's new filters (operation, occurredFrom, occurredTo).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes as audit } from '../../src/modules/audit/routes.js';
import { uuidv7 } from '../../src/platform/crypto.js';
import { pageClient } from '../support/pages.js';
import { type World, createWorld } from '../support/world.js';

let w: World;
let path: string;
const agreementX = '0192f6a4-7c1e-7c39-9d55-3b1a6f0e2b11';
const ids: Record<string, string> = {};

/** A line of the log at a given instant (ids are time-ordered, as the app writes them). */
async function entry(name: string, at: string, values: { tenant: string; operation: string; action: 'create' | 'read' | 'update' | 'delete'; actor: string; subjectType: string; subjectId: string }) {
  const id = uuidv7(new Date(at).getTime());
  ids[name] = id;
  await w.db
    .insertInto('processing_log')
    .values({
      id,
      tenant_id: values.tenant,
      provider_id: null,
      trace_id: `trace-${name}`,
      span_id: 'span',
      operation: values.operation,
      action: values.action,
      status: 'ok',
      actor_type: 'user',
      actor_id: values.actor,
      acting_for: values.tenant,
      subject_type: values.subjectType,
      subject_id: values.subjectId,
      occurred_at: new Date(at),
    })
    .execute();
}

beforeAll(async () => {
  w = await createWorld();
  path = `/app/municipalities/${w.A.id}/settings/processing-log`;
  const cm = w.A.people['case-manager'].userId;
  const admin = w.A.people.admin.userId;
  // 00:30 on 2 March in Dutch time (CET) is still 1 March in UTC; 23:30 on 1 March is not 2 March.
  await entry('lateNight', '2026-03-01T23:30:00Z', { tenant: w.A.id, operation: 'getAgreement', action: 'read', actor: cm, subjectType: 'agreement', subjectId: agreementX });
  await entry('dayBefore', '2026-03-01T22:30:00Z', { tenant: w.A.id, operation: 'getAgreement', action: 'read', actor: cm, subjectType: 'agreement', subjectId: agreementX });
  await entry('adminChange', '2026-03-02T09:00:00Z', { tenant: w.A.id, operation: 'updateMember', action: 'update', actor: admin, subjectType: 'member', subjectId: cm });
  await entry('otherTown', '2026-03-02T09:30:00Z', { tenant: w.B.id, operation: 'getAgreement', action: 'read', actor: w.B.people['case-manager'].userId, subjectType: 'agreement', subjectId: agreementX });
});
afterAll(async () => w?.close());

const rowsOf = (html: string) => [...html.matchAll(/data-entry="([0-9a-f-]{36})"/g)].map((m) => m[1]);

describe('searching the processing log', () => {
  it('shows the log newest first, and the staff member to choose by user id (no name in the URL)', async () => {
    const admin = pageClient(w, w.A.people.admin);
    const res = await admin.get(path);
    expect(res.status).toBe(200);
    const html = await res.text();
    const rows = rowsOf(html);
    expect(rows).toEqual(expect.arrayContaining([ids.lateNight, ids.dayBefore, ids.adminChange]));
    expect(rows).not.toContain(ids.otherTown);
    expect(rows.indexOf(ids.adminChange)).toBeLessThan(rows.indexOf(ids.lateNight));
    expect(html).toContain(`<option value="${w.A.people['case-manager'].userId}"`);
    expect(html).toContain('2 maart 2026, 00:30:00');
    expect(html).toContain('method="get"');
  });

  it('filters by staff member, by days in Dutch time, by subject and by operation', async () => {
    const admin = pageClient(w, w.A.people.admin);
    const cm = w.A.people['case-manager'].userId;
    const byDay = await (await admin.get(`${path}?actorId=${cm}&from=2-3-2026&to=2-3-2026`)).text();
    expect(rowsOf(byDay)).toEqual([ids.lateNight]);
    // What a date field sends works the same.
    expect(rowsOf(await (await admin.get(`${path}?actorId=${cm}&from=2026-03-02&to=2026-03-02`)).text())).toEqual([ids.lateNight]);
    const bySubject = await (await admin.get(`${path}?subjectType=agreement&subjectId=${agreementX}`)).text();
    expect(rowsOf(bySubject)).toEqual([ids.lateNight, ids.dayBefore]);
    const byOperation = await (await admin.get(`${path}?operation=updateMember&to=31-3-2026`)).text();
    expect(rowsOf(byOperation)).toEqual([ids.adminChange]);
    // The export link carries the same search.
    expect(byOperation).toContain(`${path}/export?operation=updateMember&amp;to=31-3-2026`);
  });

  it('refuses bad search values beside their fields, keeping what was typed', async () => {
    const admin = pageClient(w, w.A.people.admin);
    const bad = await admin.get(`${path}?from=gisteren&operation=get%20Agreement&actorId=${w.B.people.admin.userId}`);
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html.match(/Vul een datum in als 3-12-2026\./g)?.length).toBe(2);
    expect(html.match(/Gebruik alleen letters, hoogstens 100\./g)?.length).toBe(2);
    expect(html.match(/Kies een medewerker uit de lijst\./g)?.length).toBe(2);
    expect(html).toContain('value="gisteren"');
    expect(html).toContain('value="get Agreement"');
    expect(rowsOf(html)).toEqual([]);
    const order = await admin.get(`${path}?from=3-3-2026&to=2-3-2026`);
    expect(order.status).toBe(400);
    expect(await order.text()).toContain('De einddatum ligt vóór de begindatum.');
  });

  it('exports the same search as CSV: columns, filtering, a file to save', async () => {
    const admin = pageClient(w, w.A.people.admin);
    const res = await admin.get(`${path}/export?actorId=${w.A.people['case-manager'].userId}&subjectType=agreement`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="verwerkingslog-\d{4}-\d{2}-\d{2}\.csv"$/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    // A byte order mark, so that spreadsheets read the accents right (text() drops it again).
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = new TextDecoder().decode(bytes);
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('Tijdstip (Nederlandse tijd);Tijdstip (UTC);Wie;Gebruiker-id;Soort actor;Handeling;Actie;Resultaat;Soort onderwerp;Id onderwerp;Namens;Verzoek-id');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toBe(`2 maart 2026, 00:30:00;2026-03-01T23:30:00.000Z;${lines[1]?.split(';')[2]};${w.A.people['case-manager'].userId};user;getAgreement;read;ok;agreement;${agreementX};${w.A.id};trace-lateNight`);
    expect(lines[2]).toContain('trace-dayBefore');
    expect(csv).not.toContain('trace-adminChange');
    expect(csv).not.toContain('trace-otherTown');
    const en = await (await admin.get(`${path}/export?operation=updateMember&lang=en`)).text();
    expect(en.split('\r\n')[0]).toBe('Time (Dutch time);Time (UTC);Who;User id;Actor type;Operation;Action;Result;Subject type;Subject id;On behalf of;Request id');
    expect(en).toContain('trace-adminChange');
  });

  it('logs every read of the log, the page and the export', async () => {
    const admin = pageClient(w, w.A.people.admin);
    const count = async () =>
      (
        await w.db
          .selectFrom('processing_log')
          .select(['id'])
          .where('tenant_id', '=', w.A.id)
          .where('operation', '=', 'listProcessingLog')
          .where('actor_id', '=', w.A.people.admin.userId)
          .where('action', '=', 'read')
          .execute()
      ).length;
    const before = await count();
    await admin.get(path);
    await admin.get(`${path}/export`);
    expect(await count()).toBe(before + 2);
  });
});

describe('access', () => {
  it('is for admins of the municipality: a case manager gets 403, another municipality 404', async () => {
    const cm = pageClient(w, w.A.people['case-manager']);
    expect((await cm.get(path)).status).toBe(403);
    expect((await cm.get(`${path}/export`)).status).toBe(403);
    const adminB = pageClient(w, w.B.people.admin);
    expect((await adminB.get(path)).status).toBe(404);
    expect((await adminB.get(`${path}/export`)).status).toBe(404);
  });
});

describe('the API: listProcessingLog’s filters', () => {
  it('filters by operation and by days in Dutch time; refuses an end before the start', async () => {
    const token = w.A.people.admin.token;
    const params = { municipalityId: w.A.id };
    const day = (await w.call(audit.list, { token, params, query: { occurredFrom: '2026-03-02', occurredTo: '2026-03-02', subjectType: 'agreement' } })).json(200);
    expect(day.items.map((e) => e.id)).toEqual([ids.lateNight]);
    const op = (await w.call(audit.list, { token, params, query: { operation: 'updateMember', occurredTo: '2026-03-31' } })).json(200);
    expect(op.items.map((e) => e.id)).toEqual([ids.adminChange]);
    const bad = await w.request('GET', `/v1/municipalities/${w.A.id}/processing-log?occurredFrom=2026-03-03&occurredTo=2026-03-02`, { token });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { invalidParams: { name: string }[] }).invalidParams.map((p) => p.name)).toEqual(['query.occurredTo']);
    const asB = await w.request('GET', `/v1/municipalities/${w.A.id}/processing-log`, { token: w.B.people.admin.token });
    expect(asB.status).toBe(404);
  });
});
