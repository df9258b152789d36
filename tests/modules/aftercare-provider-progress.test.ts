// What a provider sees of the living plan (issue 13, isolation): the goals of an agreement that names
// it — ids, life domains, statuses — and nothing of any other agreement, whoever else's it is.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes as providerRoutes } from '../../src/modules/aftercare/provider-routes.js';
import { routes } from '../../src/modules/aftercare/routes.js';
import { adminOf, publishedTemplate } from '../support/agreements.js';
import { insertContract } from '../support/contracts.js';
import { agreementInForce } from '../support/living-plan.js';
import { type World, createWorld } from '../support/world.js';

let w: World;
let templateVersionId: string;
beforeAll(async () => {
  w = await createWorld();
  ({ templateVersionId } = await publishedTemplate(w, adminOf(w.A)));
  await insertContract(w.db, { tenantId: w.A.id, providerId: w.P1.id, products: [{ productCategory: '45' }], startDate: '2024-01-01', endDate: '2030-12-31' });
  await insertContract(w.db, { tenantId: w.A.id, providerId: w.P2.id, products: [{ productCategory: '45' }], startDate: '2024-01-01', endDate: '2030-12-31' });
}, 60_000);
afterAll(async () => w?.close());

const goalProgress = (agreementId: string, providerId = w.P1.id, token = w.P1.apiKey) =>
  w.call(providerRoutes.getProviderGoalProgress, { token, params: { providerId, agreementId } });

describe('a provider and the living plan', () => {
  it('sees the goals of an agreement that names it: ids, domains and statuses as last recorded, nothing more', async () => {
    const a = await agreementInForce(w, templateVersionId, { providerIds: [w.P1.id], name: 'Sam Aanbieder' });
    const [first, second] = a.plan.goals as { id: string }[];
    const recorded = await w.call(routes.recordPlanProgress, {
      token: w.A.people['case-manager'].token,
      params: { municipalityId: w.A.id, agreementId: a.id },
      json: { kind: 'goal', goalId: second?.id, status: 'achieved', note: 'Diploma gehaald', occurredOn: '2026-11-20' } as never,
    });
    expect(recorded.status).toBe(201);
    const res = await goalProgress(a.id);
    const body = res.json(200);
    expect(body).toEqual({
      agreementId: a.id,
      goals: [
        { goalId: first?.id, domain: 'housing', status: 'in-progress', since: null },
        { goalId: second?.id, domain: 'education', status: 'achieved', since: '2026-11-20' },
      ],
    });
    const text = JSON.stringify(body);
    for (const secret of ['Sam Aanbieder', 'Diploma gehaald', 'Een eigen kamer vinden', 'mbo']) expect(text).not.toContain(secret);
    // The read is in the processing log, as the provider's.
    const logged = await w.db.selectFrom('processing_log').select(['operation', 'subject_id']).where('operation', '=', 'getProviderGoalProgress').execute();
    expect(logged.some((l) => l.subject_id === a.id)).toBe(true);
  });

  it('sees nothing of an agreement that does not name it (another provider with a contract there neither), nor through another provider’s path', async () => {
    const nobodys = await agreementInForce(w, templateVersionId);
    const ours = await agreementInForce(w, templateVersionId, { providerIds: [w.P1.id] });
    expect((await goalProgress(ours.id)).status).toBe(200);
    expect((await goalProgress(nobodys.id)).status).toBe(404);
    // P2 holds a contract with the same municipality, but the agreement does not name it: as if it did not exist.
    expect((await goalProgress(ours.id, w.P2.id, w.P2.apiKey)).status).toBe(404);
    // P1's key on P2's path: another provider's, which is not even confirmed to exist.
    expect((await goalProgress(ours.id, w.P2.id)).status).toBe(404);
    // Municipal staff are no provider's people: the provider's path is not theirs (they use the municipality's own operations).
    expect((await goalProgress(ours.id, w.P1.id, w.A.people['case-manager'].token)).status).toBe(404);
  });
});
