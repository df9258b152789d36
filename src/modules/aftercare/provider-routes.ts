// What a provider sees of the living plan (issue 13, isolation): the goals of an agreement that names
// it, by id and life domain, with their current status — so that its outcome reports per goal agree
// with what the case manager recorded. Nothing else of the plan or of the young person: see
// provider_goal_progress in db/functions/12_aftercare.sql for what is shared and why.
import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from '@hono/zod-openapi';
import { sql } from 'kysely';
import { GoalStatus, IsoDate, LifeDomain } from '../../domain/agreement.js';
import { notFound } from '../../platform/errors.js';
import type { AppEnv } from '../../platform/http/env.js';
import { ProviderParams, agreementIdParam } from '../../platform/http/params.js';
import { defineRoute, jsonResponse } from '../../platform/http/route.js';
import { text } from '../../platform/text.js';

export const ProviderGoalProgress = z
  .object({
    agreementId: z.guid(),
    goals: z.array(
      z.object({
        goalId: text().openapi({ description: 'The goal’s id in the plan (as outcome reports name it); its position (1, 2, …) in a plan from before goals had ids.' }),
        domain: LifeDomain,
        status: GoalStatus.openapi({ description: 'The status as last recorded by the case manager, else as signed.' }),
        since: IsoDate.nullable().openapi({ description: 'The day the status was recorded; null: as signed.' }),
      }),
    ),
  })
  .openapi('ProviderGoalProgress', { description: 'Where the goals of an agreement that names the provider stand. Only ids, life domains and statuses: no wording, notes or other personal data.' });

const getProviderGoalProgress = defineRoute(
  { kind: 'provider', roles: ['admin', 'staff'], scope: 'outcomes:read' },
  {
    method: 'get',
    path: '/providers/{providerId}/agreements/{agreementId}/goal-progress',
    operationId: 'getProviderGoalProgress',
    tags: ['aftercare'],
    summary: 'Where the goals of an agreement that names you stand',
    description:
      'For an agreement whose plan is in force and that names the provider, in a municipality where the provider holds a contract: each goal of the plan by id and life domain, ' +
      'with its current status as the case manager recorded it (else as signed). Any other agreement — another provider’s, an unrelated one, one not yet signed, one without goals — is 404. ' +
      'This is all a provider sees of the living plan: no goal wording, notes, contact moments, conditions or risks.',
    request: { params: ProviderParams.extend({ agreementId: agreementIdParam() }) },
    responses: { 200: jsonResponse(ProviderGoalProgress, 'The goals and where they stand.') },
  },
  { personalData: true },
);

export const routes = { getProviderGoalProgress };

export function register(app: OpenAPIHono<AppEnv>) {
  app.openapi(getProviderGoalProgress, async (c) => {
    const { agreementId } = c.req.valid('param');
    const rows = (
      await sql<{ goal_id: string; domain: z.infer<typeof LifeDomain>; status: z.infer<typeof GoalStatus>; since: string | null }>`
        select goal_id, domain, status, since::text as since from provider_goal_progress(${agreementId}) order by ord`.execute(c.get('trx'))
    ).rows;
    if (!rows.length) throw notFound('agreement');
    return c.json({ agreementId, goals: rows.map((r) => ({ goalId: r.goal_id, domain: r.domain, status: r.status, since: r.since })) }, 200);
  });
}
