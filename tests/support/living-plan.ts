// What the living-plan tests start from: an agreement of municipality A with a plan (two goals, two
// commitments, a condition, a risk, the DigiD item arranged), sent through the API and signed
// (versionSigned, as the signing flow ends), so it has a plan in force with item ids.
import { expect } from 'vitest';
import { routes as agreements } from '../../src/modules/agreements/routes.js';
import { versionSigned } from '../../src/modules/agreements/service.js';
import { inAppTransaction, setContext } from '../../src/platform/db/database.js';
import type { World } from './world.js';

export const LIVING_PLAN = {
  goals: [
    { domain: 'housing', term: 'long', description: 'Een eigen kamer vinden', targetDate: '2027-09-01', status: 'in-progress' },
    { domain: 'education', term: 'short', description: 'De mbo-opleiding afmaken', targetDate: '2027-06-01' },
  ],
  commitments: [
    { party: 'young-person', what: 'Elke week naar de afspraak met de begeleider', frequency: 'elke week' },
    { party: 'municipality', what: 'Zorgtoeslag samen aanvragen', frequency: 'eenmalig' },
  ],
  conditions: [{ help: 'Ambulante begeleiding', dependsOn: 'De wekelijkse afspraak', ifNotKept: 'Eerst samen bespreken wat er nodig is', reviewOn: '2027-03-01' }],
  risks: [{ risk: 'Schulden', signals: 'Post blijft ongeopend liggen', actions: 'Samen de post doornemen', who: 'Begeleider' }],
  checklist: [{ item: 'digid', status: 'done' }],
};

let counter = 0;

/** A draft agreement of A with LIVING_PLAN (or `plan`), made by A's case manager. */
export async function draftWithPlan(w: World, templateVersionId: string, options: { name?: string; aftercareStartDate?: string; plan?: unknown; providerIds?: string[] } = {}) {
  const n = ++counter;
  const cm = w.A.people['case-manager'];
  return (
    await w.call(agreements.createAgreement, {
      token: cm.token,
      params: { municipalityId: w.A.id },
      json: {
        templateVersionId,
        youngPerson: { name: options.name ?? `Jesse Voortgang ${n}`, dateOfBirth: '2008-03-02', mobile: `+3161277${String(n).padStart(4, '0')}` },
        departureDate: '2027-02-01',
        aftercareStartDate: options.aftercareStartDate ?? '2026-11-01',
        plan: (options.plan ?? LIVING_PLAN) as never,
        ...(options.providerIds ? { providerIds: options.providerIds } : {}),
      },
    })
  ).json(201);
}

/** Send version `version` of the agreement for signature through the API (If-Match from its revision). */
export async function sendIt(w: World, agreementId: string, revision: number) {
  const res = await w.call(agreements.send, {
    token: w.A.people['case-manager'].token,
    params: { municipalityId: w.A.id, agreementId },
    headers: { 'If-Match': `"r${revision}"` },
    json: { signers: [{ role: 'young-person' }, { role: 'municipality-officer', name: 'Officier', email: `officier.progress${++counter}@alpha.example` }] },
  });
  return res.json(200);
}

/** Everyone signed version `version`: the agreement is in force. */
export async function signIt(w: World, agreementId: string, version: number) {
  await inAppTransaction(w.db, async (trx) => {
    await setContext(trx, { tenantId: w.A.id });
    await versionSigned(trx, w.A.id, agreementId, version, new Date());
  });
}

/** An agreement in force (version 1 signed), with its plan as stored (item ids given by the server). */
export async function agreementInForce(w: World, templateVersionId: string, options: Parameters<typeof draftWithPlan>[2] = {}) {
  const draft = await draftWithPlan(w, templateVersionId, options);
  await sendIt(w, draft.id, draft.revision);
  await signIt(w, draft.id, 1);
  const a = (await w.call(agreements.getAgreement, { token: w.A.people['case-manager'].token, params: { municipalityId: w.A.id, agreementId: draft.id } })).json(200);
  expect(a).toMatchObject({ status: 'active', inForceVersion: 1 });
  return a;
}
