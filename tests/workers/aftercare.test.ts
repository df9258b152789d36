// Keeping young people in view, in workerd: the real Worker computes the signals (in the
// database) for the API, and its cron run announces each new signal as an aftercare.signal webhook
// and sends the case manager the weekly digest through the outbox. Only the seeding (a
// municipality and one staff member with a session) happens from Node, as the owner role.
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { routes as signals } from '../../src/modules/aftercare/signal-routes.js';
import { routes as agreements } from '../../src/modules/agreements/routes.js';
import { ensureUser } from '../../src/modules/identity/service.js';
import { uuidv7 } from '../../src/platform/crypto.js';
import { type Database, inAppTransaction, setContext } from '../../src/platform/db/database.js';
import { dayInAmsterdam } from '../../src/platform/dates.js';
import { publishedTemplate } from '../support/agreements.js';
import { useWorker, verifiedSession } from './harness.js';

const STAFF_EMAIL = 'nazorg@delta.workers.example';
const ids = { delta: uuidv7(), staff: '' };

async function seed(db: Database) {
  await inAppTransaction(db, async (trx) => {
    await setContext(trx, { operator: true });
    await trx.insertInto('tenants').values({ id: ids.delta, name: 'Gemeente Delta', cbs_code: 'GM0104', slug: 'delta' }).execute();
    ids.staff = await ensureUser(trx, { email: STAFF_EMAIL, name: 'Delta Nazorg', password: 'in view in workerd, all the way to 23' });
    await setContext(trx, { operator: false, tenantId: ids.delta });
    await trx.insertInto('memberships').values({ tenant_id: ids.delta, user_id: ids.staff, roles: ['admin', 'case-manager'] }).execute();
  });
}

const harness = useWorker({ seed, vars: { APP_ENV: 'development' } });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const daysAgo = (n: number) => dayInAmsterdam(new Date(Date.now() - n * 86_400_000));

let token = '';
let agreementId = '';
beforeAll(async () => {
  token = await verifiedSession(harness.db, ids.staff);
  const actor = { municipalityId: ids.delta, token };
  const { templateVersionId } = await publishedTemplate(harness, actor);
  const endpoint = await harness.request('POST', `/v1/municipalities/${ids.delta}/webhook-endpoints`, { token, body: { url: 'https://hooks.example.org/delta', events: ['aftercare.signal'] } });
  expect(endpoint.status, await endpoint.clone().text()).toBe(201);
  // Aftercare started ten weeks ago and nobody has been in touch since.
  const created = (
    await harness.call(agreements.createAgreement, {
      token,
      params: { municipalityId: ids.delta },
      json: { templateVersionId, youngPerson: { name: 'Jesse Workerd', dateOfBirth: '2006-06-06', mobile: '+31612399999' }, departureDate: daysAgo(70), aftercareStartDate: daysAgo(70) },
    })
  ).json(201);
  agreementId = created.id;
  const sent = await harness.call(agreements.send, {
    token,
    params: { municipalityId: ids.delta, agreementId },
    headers: { 'If-Match': '"r1"' },
    json: { signers: [{ role: 'young-person' }, { role: 'municipality-officer', name: 'Officier', email: 'officier@delta.workers.example' }] },
  });
  sent.json(200);
}, 60_000);

describe('signals in workerd', () => {
  it('the API lists the signals the database computes', async () => {
    const list = (await harness.call(signals.listAftercareSignals, { token, params: { municipalityId: ids.delta }, query: {} })).json(200);
    const ours = list.items.filter((s) => s.agreementId === agreementId);
    expect(ours.map((s) => s.signal)).toEqual(expect.arrayContaining(['no-contact', 'turning-18']));
    expect(ours.find((s) => s.signal === 'no-contact')).toMatchObject({ since: dayInAmsterdam(new Date(Date.parse(`${daysAgo(70)}T12:00:00Z`) + 42 * 86_400_000)), youngPersonName: 'Jesse Workerd' });
  });

  it('the cron run announces each signal as a webhook once and sends the weekly digest', async () => {
    const run = async () => expect((await fetch(harness.url(`/__scheduled?cron=${encodeURIComponent('* * * * *')}`))).status).toBe(200);
    await run();
    // The job runs in ctx.waitUntil, after the trigger's response: poll for its result.
    const deadline = Date.now() + 20_000;
    let announced: { signal: string }[] = [];
    let digest: { body: string }[] = [];
    while (Date.now() < deadline) {
      announced = (await sql<{ signal: string }>`select payload->'data'->>'signal' as signal from webhook_deliveries where tenant_id = ${ids.delta} and event_type = 'aftercare.signal' and payload->'data'->>'agreementId' = ${agreementId}`.execute(harness.db)).rows;
      digest = (await sql<{ body: string }>`select body from outbox where recipient = ${STAFF_EMAIL} and body like '%aandacht nodig%'`.execute(harness.db)).rows;
      if (announced.length && digest.length) break;
      await sleep(200);
    }
    expect(announced.map((a) => a.signal)).toEqual(expect.arrayContaining(['no-contact', 'turning-18']));
    expect(digest).toHaveLength(1);
    expect(digest[0]?.body).toContain('Geen contact: 1');
    expect(digest[0]?.body).not.toContain('Jesse');

    // A second run announces nothing again and sends no second digest this week.
    const before = announced.length;
    await run();
    await sleep(2_000);
    const after = (await sql<{ n: number }>`select count(*)::int as n from webhook_deliveries where tenant_id = ${ids.delta} and event_type = 'aftercare.signal'`.execute(harness.db)).rows[0]?.n;
    expect(after).toBe(before);
    expect((await sql`select 1 from outbox where recipient = ${STAFF_EMAIL} and body like '%aandacht nodig%'`.execute(harness.db)).rows).toHaveLength(1);
  });
});
