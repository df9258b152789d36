// Lifecycle changes racing each other (issue 10, item 5). Each change is decided by its UPDATE —
// the revision the client's If-Match names and the status it starts from — so of two changes
// based on the same read exactly one wins, the other answers 412 (or the signing page says the
// round has closed), and the loser leaves nothing behind: no version, no webhook event, no
// message, no signer closed or signed. On PostgreSQL the requests really overlap (raceOnRow
// holds the row until both have read it); on PGlite they run in turn and must hold as well.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSigningJobs } from '../../../src/modules/signing/jobs.js';
import { DEMO_TEMPLATE_CONTENT } from '../../../db/seed/template.js';
import { raceOnRow } from '../../support/races.js';
import { publishedTemplateWithWebhook } from '../../support/agreements.js';
import { type World, connectionFrom, createWorld } from '../../support/world.js';

let w: World;
let templateVersionId: string;
const base = () => `/v1/municipalities/${w.A.id}`;
const cm = () => w.A.people['case-manager'];

beforeAll(async () => {
  w = await createWorld();
  ({ templateVersionId } = await publishedTemplateWithWebhook(w, ['agreement.sent', 'agreement.signed', 'agreement.declined', 'agreement.expired', 'agreement.completed', 'agreement.amended']));
});
afterAll(async () => w?.close());

type Agreement = { id: string; status: string; revision: number };
type Problem = { type: string; status: number; detail: string };

let counter = 0;
async function draft(): Promise<Agreement & { mobile: string }> {
  const mobile = `+3161111${String(++counter).padStart(4, '0')}`;
  const res = await w.request('POST', `${base()}/agreements`, {
    token: cm().token,
    body: {
      templateVersionId,
      youngPerson: { name: `Race ${counter}`, dateOfBirth: '2008-05-14', mobile },
      departureDate: '2027-02-01',
      aftercareStartDate: '2026-12-01',
    },
  });
  expect(res.status).toBe(201);
  return { ...((await res.json()) as Agreement), mobile };
}

const officerEmail = (id: string) => `officer-${id.slice(-8)}@alpha.example`;
const signersBody = (id: string) => ({ order: 'parallel', signers: [{ role: 'young-person' }, { role: 'municipality-officer', name: 'Officier', email: officerEmail(id) }] });
const act = (id: string, action: 'send' | 'cancel' | 'end' | 'complete' | 'amendments', etag: string | null) =>
  w.request('POST', `${base()}/agreements/${id}/${action}`, {
    token: cm().token,
    headers: etag === null ? {} : { 'If-Match': etag },
    body: action === 'send' ? signersBody(id) : action === 'end' ? { reason: '31' } : action === 'cancel' ? {} : undefined,
  });
const read = async (id: string) => (await (await w.request('GET', `${base()}/agreements/${id}`, { token: cm().token })).json()) as Agreement;

async function deliveries(id: string) {
  const { rows } = await sql<{ event_type: string }>`select event_type from webhook_deliveries where payload->'data'->>'agreementId' = ${id} order by id`.execute(w.db);
  return rows.map((r) => r.event_type);
}
async function outboxTo(recipient: string) {
  const { rows } = await sql<{ body: string }>`select body from outbox where recipient = ${recipient} order by created_at, id`.execute(w.db);
  return rows.map((r) => r.body);
}
async function versions(id: string) {
  const { rows } = await sql<{ version: number; status: string }>`select version, status from agreement_versions where agreement_id = ${id} order by version`.execute(w.db);
  return rows;
}
async function signers(id: string) {
  const { rows } = await sql<{ role: string; status: string }>`select role, status from signers where agreement_id = ${id} order by position`.execute(w.db);
  return Object.fromEntries(rows.map((r) => [r.role, r.status]));
}

/** The answers sorted by status, with the loser's problem body. */
async function outcome(responses: Response[]) {
  const statuses = responses.map((r) => r.status);
  const loser = responses.find((r) => r.status >= 400);
  const problem = loser ? ((await loser.json()) as Problem) : null;
  return { statuses, problem, loserType: loser?.headers.get('Content-Type') ?? null };
}

describe('two changes based on the same ETag', () => {
  it('two cancels of a draft: one 200, one 412 problem+json', async () => {
    const a = await draft();
    const [first, second] = await raceOnRow(w, { table: 'agreements', id: a.id }, [() => act(a.id, 'cancel', '"r1"'), () => act(a.id, 'cancel', '"r1"')]);
    const { statuses, problem, loserType } = await outcome([first as Response, second as Response]);
    expect(statuses.sort()).toEqual([200, 412]);
    expect(loserType).toBe('application/problem+json');
    expect(problem?.type).toMatch(/precondition-failed$/);
    expect(await read(a.id)).toMatchObject({ status: 'cancelled', revision: 2 });
    // The processing log says the same: the winner's cancel happened, the loser's was refused.
    const logged = async (r: Response) =>
      (await sql<{ status: string }>`select status from processing_log where trace_id = ${r.headers.get('X-Request-ID')} and operation = 'cancelAgreement'`.execute(w.db)).rows.map((x) => x.status);
    for (const r of [first as Response, second as Response]) expect(await logged(r)).toEqual([r.status === 200 ? 'ok' : 'refused']);
  });

  it('two cancels of an agreement out for signature: one closes the round, the other 412 and leaves no trace', async () => {
    const a = await draft();
    expect((await act(a.id, 'send', '"r1"')).status).toBe(200);
    const [first, second] = await raceOnRow(w, { table: 'agreements', id: a.id }, [() => act(a.id, 'cancel', '"r2"'), () => act(a.id, 'cancel', '"r2"')]);
    const { statuses, problem } = await outcome([first as Response, second as Response]);
    expect(statuses.sort()).toEqual([200, 412]);
    expect(problem?.type).toMatch(/precondition-failed$/);
    expect(await read(a.id)).toMatchObject({ status: 'cancelled', revision: 3 });
    // One 'cancelled' event in the signing trail, not two.
    const { rows } = await sql<{ type: string }>`select type from signing_events where agreement_id = ${a.id} and type = 'cancelled'`.execute(w.db);
    expect(rows).toHaveLength(1);
  });

  it('send and cancel at once: exactly one wins, the other 412; the state is the winner’s and the loser wrote nothing', async () => {
    const a = await draft();
    const [send, cancel] = (await raceOnRow(w, { table: 'agreements', id: a.id }, [() => act(a.id, 'send', '"r1"'), () => act(a.id, 'cancel', '"r1"')])) as [Response, Response];
    const { statuses, problem } = await outcome([send, cancel]);
    expect(statuses.slice().sort()).toEqual([200, 412]);
    expect(problem?.type).toMatch(/precondition-failed$/);
    const now = await read(a.id);
    expect(now.revision).toBe(2);
    if (send.status === 200) {
      // Never "cancelled" told to one client while the agreement is out for signature.
      expect(now.status).toBe('sent');
      expect(await versions(a.id)).toEqual([{ version: 1, status: 'sent' }]);
      expect(await deliveries(a.id)).toEqual(['agreement.sent']);
      expect(await outboxTo(a.mobile)).toHaveLength(1);
    } else {
      expect(now.status).toBe('cancelled');
      expect(await versions(a.id)).toEqual([]);
      expect(await deliveries(a.id)).toEqual([]);
      expect(await outboxTo(a.mobile)).toEqual([]);
      expect(await signers(a.id)).toEqual({});
    }
  });

  it('complete and end at once on an active agreement: one wins, the other 412, one webhook event at most', async () => {
    const a = await draft();
    expect((await act(a.id, 'send', '"r1"')).status).toBe(200);
    // Make it active without the signing page: the signing module's own entry point.
    await signRound(a.id, a.mobile);
    const etag = `"r${(await read(a.id)).revision}"`;
    const [complete, end] = (await raceOnRow(w, { table: 'agreements', id: a.id }, [() => act(a.id, 'complete', etag), () => act(a.id, 'end', etag)])) as [Response, Response];
    const { statuses } = await outcome([complete, end]);
    expect(statuses.slice().sort()).toEqual([200, 412]);
    const now = await read(a.id);
    expect(now.status).toBe(complete.status === 200 ? 'completed' : 'ended');
    expect((await deliveries(a.id)).filter((t) => t === 'agreement.completed')).toHaveLength(complete.status === 200 ? 1 : 0);
  });
});

describe('If-Match stays required and exact', () => {
  it('a stale ETag after a successful change is 412; no If-Match is 428', async () => {
    const a = await draft();
    expect((await act(a.id, 'send', null)).status).toBe(428);
    expect((await act(a.id, 'send', '"r1"')).status).toBe(200);
    const stale = await act(a.id, 'cancel', '"r1"');
    expect(stale.status).toBe(412);
    expect(stale.headers.get('Content-Type')).toBe('application/problem+json');
    expect(((await stale.json()) as Problem).detail).toContain('"r2"');
    expect((await read(a.id)).status).toBe('sent');
    expect((await act(a.id, 'cancel', '"r2"')).status).toBe(200);
  });
});

// ---------------------------------------------------------------- the signing page

let address = 0;
const form = async (path: string, fields: Record<string, string>, from: string) =>
  w.app.request(
    `${path}?lang=en`,
    { method: 'POST', body: new URLSearchParams(fields).toString(), headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'https://vervolg.test' } },
    connectionFrom(from),
  );
const linkToken = (body: string) => /\/sign\?t=([a-z2-7]{32})/.exec(body)?.[1] as string;

/** Open a signer's link and confirm the code: ready to sign. Returns the link token and the signer's address. */
async function verified(recipient: string) {
  const token = linkToken((await outboxTo(recipient))[0] as string);
  const from = `10.77.0.${++address}`;
  await form('/sign/code', { t: token }, from);
  const code = /(\d{6})/.exec((await outboxTo(recipient)).at(-1) as string)?.[1] as string;
  await form('/sign/verify', { t: token, code }, from);
  return { token, from };
}
const signAs = (s: { token: string; from: string }, name: string) => form('/sign/sign', { t: s.token, consent: 'yes', typedName: name }, s.from);

async function signRound(id: string, mobile: string) {
  await signAs(await verified(officerEmail(id)), 'Officier');
  await signAs(await verified(mobile), 'Race');
  expect((await read(id)).status).toBe('active');
}

describe('the young person signs while the case manager cancels', () => {
  it('exactly one wins: either the agreement is active and signed, or cancelled with nothing signed', async () => {
    const a = await draft();
    expect((await act(a.id, 'send', '"r1"')).status).toBe(200);
    // The officer has signed; the young person is the last signer and has confirmed the code.
    await signAs(await verified(officerEmail(a.id)), 'Officier');
    const young = await verified(a.mobile);
    const [signPage, cancel] = (await raceOnRow(w, { table: 'agreements', id: a.id }, [() => signAs(young, 'Race'), () => act(a.id, 'cancel', '"r2"')])) as [Response, Response];
    expect(signPage.status).toBe(200);
    const page = await signPage.text();
    const now = await read(a.id);
    const { rows: documents } = await sql`select 1 from signed_documents where agreement_id = ${a.id}`.execute(w.db);
    if (cancel.status === 200) {
      expect(now.status).toBe('cancelled');
      expect(await signers(a.id)).toEqual({ 'young-person': 'cancelled', 'municipality-officer': 'signed' });
      expect(await versions(a.id)).toEqual([{ version: 1, status: 'cancelled' }]);
      expect(documents).toHaveLength(0);
      expect(await deliveries(a.id)).toEqual(['agreement.sent']);
      expect(page).not.toContain('Everyone has signed');
    } else {
      expect(cancel.status).toBe(412);
      expect(now.status).toBe('active');
      expect(await signers(a.id)).toEqual({ 'young-person': 'signed', 'municipality-officer': 'signed' });
      expect(await versions(a.id)).toEqual([{ version: 1, status: 'signed' }]);
      expect(documents).toHaveLength(1);
      expect(await deliveries(a.id)).toEqual(['agreement.sent', 'agreement.signed']);
      expect(page).toContain('Everyone has signed');
    }
  });
});

describe('the expiry job runs while the case manager cancels', () => {
  it('exactly one wins: either the round expired, or it was cancelled and the job left it alone', async () => {
    const a = await draft();
    expect((await act(a.id, 'send', '"r1"')).status).toBe(200);
    const afterExpiry = new Date(Date.now() + 365 * 86_400_000);
    const [, cancel] = (await raceOnRow(w, { table: 'agreements', id: a.id }, [
      () => runSigningJobs(w.db, { publicUrl: 'https://vervolg.test', now: afterExpiry }),
      () => act(a.id, 'cancel', '"r2"'),
    ])) as [unknown, Response]; // had the job thrown (a round that moved on under it), raceOnRow would have too
    const now = await read(a.id);
    const { rows: trail } = await sql<{ type: string }>`select type from signing_events where agreement_id = ${a.id} and type in ('expired', 'cancelled') order by seq`.execute(w.db);
    if (cancel.status === 200) {
      expect(now.status).toBe('cancelled');
      expect(await versions(a.id)).toEqual([{ version: 1, status: 'cancelled' }]);
      expect(await signers(a.id)).toEqual({ 'young-person': 'cancelled', 'municipality-officer': 'cancelled' });
      expect(trail.map((e) => e.type)).toEqual(['cancelled']);
      expect(await deliveries(a.id)).toEqual(['agreement.sent']);
    } else {
      expect(cancel.status).toBe(412);
      expect(now.status).toBe('expired');
      expect(await versions(a.id)).toEqual([{ version: 1, status: 'expired' }]);
      expect(await signers(a.id)).toEqual({ 'young-person': 'expired', 'municipality-officer': 'expired' });
      expect(trail.map((e) => e.type)).toEqual(['expired']);
      expect(await deliveries(a.id)).toEqual(['agreement.sent', 'agreement.expired']);
    }
  });
});

describe('a template version is published while it is edited or published again', () => {
  async function draftVersion() {
    const admin = w.A.people.admin.token;
    const t = (await (await w.request('POST', `${base()}/agreement-templates`, { token: admin, body: { name: `Race ${++counter}`, content: DEMO_TEMPLATE_CONTENT } })).json()) as {
      id: string;
      versions: { id: string }[];
    };
    const url = `${base()}/agreement-templates/${t.id}/versions/1`;
    return { row: { table: 'agreement_template_versions' as const, id: t.versions[0]?.id as string }, url, admin };
  }
  const edited = { sections: { ...DEMO_TEMPLATE_CONTENT.sections, introduction: { nl: 'Nieuwe inleiding', en: 'New introduction' } } };

  it('two publications at once: one 200, one 409 — never an error from the database', async () => {
    const { row, url, admin } = await draftVersion();
    const [first, second] = await raceOnRow(w, row, [() => w.request('POST', `${url}/publish`, { token: admin }), () => w.request('POST', `${url}/publish`, { token: admin })]);
    expect([first.status, second.status].sort()).toEqual([200, 409]);
  });

  it('an edit racing the publication lands before it or is refused with 409; a published version never changes', async () => {
    const { row, url, admin } = await draftVersion();
    const [publish, edit] = await raceOnRow(w, row, [() => w.request('POST', `${url}/publish`, { token: admin }), () => w.request('PUT', url, { token: admin, body: { content: edited } })]);
    expect(publish.status).toBe(200);
    expect([200, 409]).toContain(edit.status);
    const version = (await (await w.request('GET', url, { token: admin })).json()) as { status: string; content: typeof edited };
    expect(version.status).toBe('published');
    expect(version.content.sections.introduction.nl).toBe(edit.status === 200 ? 'Nieuwe inleiding' : DEMO_TEMPLATE_CONTENT.sections.introduction.nl);
  });
});
