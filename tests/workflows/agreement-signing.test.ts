// The agreement's lifecycle where it meets signing (src/workflows/agreement-signing.ts). A send
// whose signers are not complete is refused before the version is frozen: it writes nothing —
// not only when the request's transaction rolls back, but also in a transaction that is kept.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inAppTransaction, setContext } from '../../src/platform/db/database.js';
import { ApiError } from '../../src/platform/errors.js';
import { sendForSigning } from '../../src/workflows/agreement-signing.js';
import { publishedTemplateWithWebhook } from '../support/agreements.js';
import { type World, createWorld } from '../support/world.js';

let w: World;
let templateVersionId: string;
const base = () => `/v1/municipalities/${w.A.id}`;
const cm = () => w.A.people['case-manager'];

beforeAll(async () => {
  w = await createWorld();
  ({ templateVersionId } = await publishedTemplateWithWebhook(w, ['agreement.sent']));
});
afterAll(async () => w?.close());

type Agreement = { id: string; status: string; revision: number };

/** A date (YYYY-MM-DD) some days from today, in a year some years from this one. */
function daysFromToday(days: number, years = 0): string {
  const d = new Date(Date.now() + days * 86_400_000);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d.toISOString().slice(0, 10);
}

let counter = 0;
async function draft(): Promise<Agreement> {
  counter++;
  const res = await w.request('POST', `${base()}/agreements`, {
    token: cm().token,
    body: {
      templateVersionId,
      // Turning 15 soon, whenever these tests run: a legal representative must sign too.
      youngPerson: { name: `Kim ${counter}`, dateOfBirth: daysFromToday(10, -15), mobile: `+3161999${String(counter).padStart(4, '0')}` },
      departureDate: daysFromToday(60),
      aftercareStartDate: daysFromToday(30),
    },
  });
  expect(res.status).toBe(201);
  return (await res.json()) as Agreement;
}

/** No legal representative for a young person under 16, and an officer without an address. */
const incompleteSigners = { order: 'parallel' as const, signers: [{ role: 'young-person' as const }, { role: 'municipality-officer' as const, name: 'Officier', channel: 'email' as const }] };

/** Everything a send writes, for one agreement: its versions, signers, trail, messages and webhook events. */
async function writtenFor(id: string) {
  const count = async (table: string, column: string) =>
    Number((await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)} where ${sql.ref(column)} = ${id}`.execute(w.db)).rows[0]?.n);
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from webhook_deliveries where payload->'data'->>'agreementId' = ${id}`.execute(w.db);
  return {
    versions: await count('agreement_versions', 'agreement_id'),
    signers: await count('signers', 'agreement_id'),
    signingEvents: await count('signing_events', 'agreement_id'),
    webhookDeliveries: Number(rows[0]?.n),
  };
}
const nothing = { versions: 0, signers: 0, signingEvents: 0, webhookDeliveries: 0 };

describe('sending for signature', () => {
  it('answers 400 for incomplete signers and leaves the draft as it was: no version, no signer, no event', async () => {
    const a = await draft();
    const res = await w.request('POST', `${base()}/agreements/${a.id}/send`, { token: cm().token, headers: { 'If-Match': `"r${a.revision}"` }, body: incompleteSigners });
    expect(res.status).toBe(400);
    expect(res.headers.get('Content-Type')).toMatch(/application\/problem\+json/);
    const problem = (await res.json()) as { invalidParams: { name: string; reason: string }[] };
    expect(problem.invalidParams).toEqual(
      expect.arrayContaining([
        { name: 'body.signers', reason: 'The young person is under 16 today: a legal representative must sign too.' },
        { name: 'body.signers.1.email', reason: 'An e-mail address is needed for this channel.' },
      ]),
    );
    const after = (await (await w.request('GET', `${base()}/agreements/${a.id}`, { token: cm().token })).json()) as Agreement;
    expect({ status: after.status, revision: after.revision }).toEqual({ status: 'draft', revision: a.revision });
    const versions = (await (await w.request('GET', `${base()}/agreements/${a.id}/versions`, { token: cm().token })).json()) as { items: unknown[] };
    expect(versions.items).toEqual([]);
    expect(await writtenFor(a.id)).toEqual(nothing);
  });

  it('checks the signers before it freezes the version: a refused send writes nothing even in a transaction that is kept', async () => {
    const a = await draft();
    const refusal = await inAppTransaction(w.db, async (trx) => {
      await setContext(trx, { tenantId: w.A.id, userId: cm().userId });
      const error = await sendForSigning(trx, w.A.id, a.id, incompleteSigners, { ifMatch: `"r${a.revision}"`, meta: { ip: null, userAgent: 'vitest', now: new Date() } }, { publicUrl: 'https://vervolg.test', linkDays: 14 }).then(
        () => null,
        (e: unknown) => e,
      );
      // The transaction goes on and commits: whatever the send wrote before refusing would stay.
      return error;
    });
    expect(refusal).toBeInstanceOf(ApiError);
    expect((refusal as ApiError).status).toBe(400);
    expect(await writtenFor(a.id)).toEqual(nothing);
    const after = (await (await w.request('GET', `${base()}/agreements/${a.id}`, { token: cm().token })).json()) as Agreement;
    expect({ status: after.status, revision: after.revision }).toEqual({ status: 'draft', revision: a.revision });
  });

  it('refuses as before when the status or If-Match refuses it too: 428, 412 and 409 come before the signers', async () => {
    const a = await draft();
    const send = (headers: Record<string, string>) => w.request('POST', `${base()}/agreements/${a.id}/send`, { token: cm().token, headers, body: incompleteSigners });
    expect((await send({})).status).toBe(428);
    expect((await send({ 'If-Match': `"r${a.revision + 5}"` })).status).toBe(412);
    const cancelled = await w.request('POST', `${base()}/agreements/${a.id}/cancel`, { token: cm().token, headers: { 'If-Match': `"r${a.revision}"` }, body: {} });
    expect(cancelled.status).toBe(200);
    const refused = await send({ 'If-Match': cancelled.headers.get('ETag') as string });
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { type: string }).type).toMatch(/invalid-transition/);
    expect(await writtenFor(a.id)).toEqual(nothing);
  });
});
