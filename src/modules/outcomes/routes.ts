// Outcome reporting by providers: the batch endpoint, and the provider's own trajectories.
import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { ApiError, invalidParamsFromZod } from '../../platform/errors.js';
import type { AppEnv } from '../../platform/http/env.js';
import { PaginationQuery, page, toPage, uuidParam } from '../../platform/http/openapi.js';
import { providerIdParam } from '../../platform/http/params.js';
import { defineRoute, jsonResponse, versionHeader } from '../../platform/http/route.js';
import { BatchSummary, OutcomeBatch, Trajectory, TrajectoryDetail } from './schemas.js';
import * as service from './service.js';
import { text } from '../../platform/text.js';

const tags = ['outcomes'];
const ProviderParams = z.object({ providerId: providerIdParam('The provider (zorgaanbieder).') });

const IdempotencyHeaders = z.object({
  'Idempotency-Key': text()
    .min(1)
    .max(200)
    .openapi({
      param: { name: 'Idempotency-Key', in: 'header' },
      description: 'A key you choose per batch (e.g. a UUID). Sending the same batch again with the same key returns the first answer and writes nothing; the same key with another batch is refused (409).',
      example: '5f0c1c8e-4a57-4b8e-9f57-0f7b0a4f6d21',
    }),
});

const postBatch = defineRoute(
  { kind: 'provider', roles: ['admin', 'staff'], scope: 'outcomes:write' },
  {
    method: 'post',
    path: '/providers/{providerId}/outcome-batches',
    operationId: 'createOutcomeBatch',
    tags,
    summary: 'Deliver outcome records (aanlevering uitkomsten): trajectories and measurements',
    description:
      'Up to 10,000 records per request: trajectories (trajecten) and their measurements (metingen) — client satisfaction, can continue without help, agreed goals achieved, follow-up 3 and 12 months after departure. ' +
      'The batch is accepted or refused as a whole; a refusal lists every invalid record by index and field (invalidParams, e.g. records[17].endDate). ' +
      'Only under your own active contracts, their products and periods. Delivering a trajectory or measurement again corrects it; earlier values stay as history.',
    request: {
      params: ProviderParams,
      headers: IdempotencyHeaders,
      body: { required: true, content: { 'application/json': { schema: OutcomeBatch } } },
    },
    responses: {
      201: jsonResponse(BatchSummary, 'Accepted and written: what changed.'),
      200: {
        ...jsonResponse(BatchSummary, 'This batch was delivered before with this Idempotency-Key: its first answer, nothing written again.'),
        headers: {
          ...versionHeader,
          'Idempotent-Replayed': { description: 'true: the answer is the stored answer to the first delivery.', schema: { type: 'string' as const, example: 'true' } },
        },
      },
    },
  },
  // 10,000 records are about 2.5 MB of JSON in the usual mix; the limit leaves room for long goal lists.
  { errors: [409], bodyLimit: 16 * 1024 * 1024 },
);

const listTrajectories = defineRoute(
  { kind: 'provider', roles: ['admin', 'staff'], scope: 'outcomes:read' },
  {
    method: 'get',
    path: '/providers/{providerId}/trajectories',
    operationId: 'listTrajectories',
    tags,
    summary: 'List your trajectories (trajecten)',
    request: {
      params: ProviderParams,
      query: PaginationQuery.extend({
        contractId: z.uuid().optional().openapi({ description: 'Only under this contract.' }),
        reference: text().min(1).max(100).optional().openapi({ description: 'Your reference of the trajectory (exact).', example: 'TRJ-2027-0042' }),
      }),
    },
    responses: { 200: jsonResponse(page(Trajectory, 'TrajectoryPage'), 'A page of trajectories, oldest first.') },
  },
  { personalData: true },
);

const getTrajectory = defineRoute(
  { kind: 'provider', roles: ['admin', 'staff'], scope: 'outcomes:read' },
  {
    method: 'get',
    path: '/providers/{providerId}/trajectories/{trajectoryId}',
    operationId: 'getTrajectory',
    tags,
    summary: 'Get a trajectory with its current measurements and their history',
    request: { params: ProviderParams.extend({ trajectoryId: uuidParam('trajectoryId', 'The trajectory (traject).') }) },
    responses: { 200: jsonResponse(TrajectoryDetail, 'The trajectory, its measurements (current and superseded) and its earlier states.') },
  },
  { personalData: true },
);

/**
 * A malformed batch is still checked record by record against the database, so that one answer
 * lists every problem, not only those of its shape. (Typed loosely: on failure the validator
 * also passes the raw body as `data`, which the library's types leave out.)
 */
async function batchHook(
  result: { success: boolean; target: string; data?: unknown; error?: { issues: z.core.$ZodIssue[] } },
  c: Context<AppEnv>,
): Promise<undefined> {
  if (result.success || !result.error) return;
  if (result.target === 'json') await service.refuseMalformedBatch(c.get('trx'), c.get('providerId') as string, result.data, result.error.issues);
  const target = result.target === 'header' ? 'header' : result.target === 'param' ? 'path' : result.target;
  const invalidParams = invalidParamsFromZod(target, result.error.issues);
  throw new ApiError(400, 'invalid-input', 'Invalid input', `The request has ${invalidParams.length} invalid ${invalidParams.length === 1 ? 'field' : 'fields'} in the ${target}.`, { invalidParams });
}

/** The operations pages stand for (asOperation). */
export const routes = { createOutcomeBatch: postBatch, listTrajectories, getTrajectory };

export function register(api: OpenAPIHono<AppEnv>): void {
  api.openapi(
    postBatch,
    async (c) => {
      const providerId = c.get('providerId') as string;
      const outcome = await service.ingestBatch(c.get('trx'), providerId, c.req.valid('header')['Idempotency-Key'], await c.req.text(), c.req.valid('json').records);
      c.set('auditSubject', { type: 'outcome-batch', id: outcome.summary.id });
      if (outcome.replayed) return c.json(outcome.summary, 200, { 'Idempotent-Replayed': 'true' });
      return c.json(outcome.summary, 201);
    },
    batchHook as never,
  );
  api.openapi(listTrajectories, async (c) => {
    const q = c.req.valid('query');
    return c.json(toPage(await service.listTrajectories(c.get('trx'), c.get('providerId') as string, q), q.limit), 200);
  });
  api.openapi(getTrajectory, async (c) => c.json(await service.getTrajectory(c.get('trx'), c.get('providerId') as string, c.req.valid('param').trajectoryId), 200));
}
