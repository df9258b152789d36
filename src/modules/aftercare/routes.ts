import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { z } from '@hono/zod-openapi';
import { ApiError, type InvalidParam, invalidParamsFromZod } from '../../platform/errors.js';
import { nowOf, userPrincipal } from '../../platform/http/context.js';
import type { AppEnv } from '../../platform/http/env.js';
import { PaginationQuery, page, toPage } from '../../platform/http/openapi.js';
import { MUNICIPAL_ROLES } from '../../platform/http/access.js';
import { localeOf } from '../../platform/http/page.js';
import { AgreementParams, MunicipalityParams } from '../../platform/http/params.js';
import { defineRoute, jsonResponse, versionHeader } from '../../platform/http/route.js';
import { text } from '../../platform/text.js';
import * as barriers from './barriers.js';
import * as progress from './progress.js';
import {
  Barrier,
  BarrierReport,
  BarrierReportQuery,
  ContactMoment,
  LivingPlan,
  PlanProgressEntry,
  PlanProgressQuery,
  RecordBarrier,
  RecordContactMoment,
  RecordPlanProgress,
  RecordReviewMeeting,
  ReviewMeeting,
} from './schemas.js';
import * as service from './service.js';

const tags = ['aftercare'];
const caseWork = { kind: 'municipality', roles: ['admin', 'case-manager'] } as const;
const path = '/municipalities/{municipalityId}/agreements/{agreementId}/contact-moments';

const recordContactMoment = defineRoute(caseWork, {
  method: 'post', path, operationId: 'recordContactMoment', tags,
  summary: 'Record a contact moment with the young person (append-only)',
  description:
    'Met, called, messaged, a home visit — or a no-show or could not reach them (recorded, but no contact). ' +
    'For an agreement that was sent (not a draft, not cancelled: 409). The day is not in the future and not more than a year before the aftercare start; ' +
    'a refusal lists every problem of the body at once. A contact moment never changes: a mistake is corrected by recording another.',
  request: { params: AgreementParams, body: { required: true, content: { 'application/json': { schema: RecordContactMoment } } } },
  responses: { 201: jsonResponse(ContactMoment, 'The recorded contact moment.') },
}, { errors: [409] });

const listContactMoments = defineRoute(caseWork, {
  method: 'get', path, operationId: 'listContactMoments', tags,
  summary: 'List the contact moments of an agreement, newest first',
  request: { params: AgreementParams, query: PaginationQuery },
  responses: { 200: jsonResponse(page(ContactMoment, 'ContactMomentPage'), 'A page of contact moments, newest first (by day, then by when recorded).') },
}, { personalData: true });

const reviewPath = '/municipalities/{municipalityId}/agreements/{agreementId}/review-meetings';

const recordReviewMeeting = defineRoute(caseWork, {
  method: 'post', path: reviewPath, operationId: 'recordReviewMeeting', tags,
  summary: 'Record a review meeting of the plan (append-only)',
  description:
    'A review meeting (evaluatie): when it was held, who took part, what was agreed and, when agreed, the day of the next review (after the meeting). ' +
    'For an agreement that was sent (not a draft, not cancelled: 409). The day is not in the future and not more than a year before the aftercare start; ' +
    'a refusal lists every problem of the body at once. A review meeting never changes: a mistake is corrected by recording another.',
  request: { params: AgreementParams, body: { required: true, content: { 'application/json': { schema: RecordReviewMeeting } } } },
  responses: { 201: jsonResponse(ReviewMeeting, 'The recorded review meeting.') },
}, { errors: [409] });

const listReviewMeetings = defineRoute(caseWork, {
  method: 'get', path: reviewPath, operationId: 'listReviewMeetings', tags,
  summary: 'List the review meetings of an agreement, newest first',
  request: { params: AgreementParams, query: PaginationQuery },
  responses: { 200: jsonResponse(page(ReviewMeeting, 'ReviewMeetingPage'), 'A page of review meetings, newest first (by day, then by when recorded).') },
}, { personalData: true });

const barrierPath = '/municipalities/{municipalityId}/agreements/{agreementId}/barriers';

const recordBarrier = defineRoute(caseWork, {
  method: 'post', path: barrierPath, operationId: 'recordBarrier', tags,
  summary: 'Record a barrier met for this young person (append-only)',
  description:
    'What stood in the way of the help (belemmering): help needed and not available, a waiting list (with the intervention, e.g. MDFT, and the waiting time), no contracted provider for a product, an unclear perspective, no preparation for leaving, or chain cooperation that failed (with the partner: required exactly for that kind). ' +
    'With the JZ020 product category and the provider (one the municipality has or had a contract with, or works with) where they apply. ' +
    'For an agreement that was sent (not a draft, not cancelled: 409). The day is not in the future and not more than a year before the aftercare start; ' +
    'a refusal lists every problem of the body at once. A barrier never changes: a mistake is corrected by recording another. ' +
    'Barriers leave the agreement only as aggregates (getBarrierReport).',
  request: { params: AgreementParams, body: { required: true, content: { 'application/json': { schema: RecordBarrier } } } },
  responses: { 201: jsonResponse(Barrier, 'The recorded barrier.') },
}, { errors: [409] });

const listBarriers = defineRoute(caseWork, {
  method: 'get', path: barrierPath, operationId: 'listBarriers', tags,
  summary: 'List the barriers of an agreement, newest first',
  request: { params: AgreementParams, query: PaginationQuery },
  responses: { 200: jsonResponse(page(Barrier, 'BarrierPage'), 'A page of barriers, newest first (by day, then by when recorded).') },
}, { personalData: true });

const csvHeaders = {
  ...versionHeader,
  'Content-Disposition': { description: 'With the CSV only: a file name with the period.', schema: { type: 'string' as const, example: 'attachment; filename="belemmeringen-2026-01-01_2026-12-31.csv"' } },
};

const getBarrierReport = defineRoute({ kind: 'municipality', roles: MUNICIPAL_ROLES }, {
  method: 'get', path: '/municipalities/{municipalityId}/barrier-report', operationId: 'getBarrierReport', tags,
  summary: 'What stands in the way: barriers aggregated per kind, product category, provider or quarter',
  description:
    'The barriers met in the period (by the day they were met; default the last twelve months up to today in Europe/Amsterdam), counted per group of `groupBy` (one grouping, or two: the second within the first): the barriers, the young people (distinct agreements) and the waiting times (mean and median weeks over the barriers that have one). Input for contracting. ' +
    'Aggregated figures only, no personal data; every municipal role may read it, as the outcome indicators. ' +
    '**Suppression** exactly as the outcome indicators (getMunicipalityIndicators): a row’s counts resting on fewer young people than the municipality’s threshold are not published (null, `suppressed: true`, reason small-number), the waiting times likewise on the young people whose barrier has a waiting time; and where a group above is published and exactly one of its parts is suppressed, the smallest published sibling is suppressed too (reason complementary). ' +
    'JSON by default; **CSV** with `Accept: text/csv` or `format=csv`: semicolon-separated (as Dutch spreadsheet settings expect), decimal point, UTF-8 with a byte order mark, CRLF line ends; columns level, label (in the language of Accept-Language: nl default, en), the codes of the groupings, barriers, youngPeople, suppressed, suppressionReason, barriersWithWaitingTime, averageWaitingWeeks, medianWaitingWeeks, waitingSuppressed, waitingSuppressionReason; suppressed cells empty.',
  request: { params: MunicipalityParams, query: BarrierReportQuery },
  responses: {
    200: {
      description: 'The report (JSON), or the same as a CSV file.',
      headers: csvHeaders,
      content: {
        'application/json': { schema: BarrierReport },
        'text/csv': { schema: text().openapi({ example: '\uFEFFlevel;label;kind;barriers;youngPeople;suppressed;suppressionReason;barriersWithWaitingTime;averageWaitingWeeks;medianWaitingWeeks;waitingSuppressed;waitingSuppressionReason\r\ntotal;Hele gemeente;;14;11;false;;9;14.3;12;false;\r\n' }) },
      },
    },
  },
});

/** The operations by name: tests call them typed from these definitions (tests/support/request.ts). */

/** Whether a request asks for the report as CSV: `format=csv`, or an Accept that prefers text/csv to JSON. */
export function wantsCsv(format: string | undefined, accept: string | undefined): boolean {
  if (format !== undefined && format !== '') return format === 'csv';
  const types = (accept ?? '').split(',').map((t) => t.split(';')[0]?.trim().toLowerCase());
  const csv = types.indexOf('text/csv');
  const json = types.indexOf('application/json');
  return csv !== -1 && (json === -1 || csv < json);
}

/** The report's file name: the period, nothing personal. */
export const barrierCsvName = (report: { period: { from: string; to: string } }) => `belemmeringen-${report.period.from}_${report.period.to}.csv`;
const progressPath = '/municipalities/{municipalityId}/agreements/{agreementId}/progress';

const recordPlanProgress = defineRoute(caseWork, {
  method: 'post', path: progressPath, operationId: 'recordPlanProgress', tags,
  summary: 'Record progress on an item of the plan in force (append-only)',
  description:
    'Progress is recorded beside the signed plan, never in it: a goal’s status, a commitment or condition kept or not (with the agreed action when not), ' +
    'early signals of a dropout risk observed (with the action taken, or later as a risk-action), a turning-18 item’s status, or the legal framework after 18. ' +
    'Items are those of the version in force, referred to by their id (or their position 1, 2, … in a version frozen before items had ids). ' +
    'For an agreement with a plan in force (a signed version; 409 otherwise). The day is not in the future and not more than a year before the aftercare start; ' +
    'a refusal lists every problem of the body at once (schema, day and unknown items). A risk-action on a signal that already has its action is a 409.',
  request: { params: AgreementParams, body: { required: true, content: { 'application/json': { schema: RecordPlanProgress } } } },
  responses: { 201: jsonResponse(PlanProgressEntry, 'The recorded entry.') },
}, { errors: [409] });

const listPlanProgress = defineRoute(caseWork, {
  method: 'get', path: progressPath, operationId: 'listPlanProgress', tags,
  summary: 'List the progress recorded on the plan, newest first',
  request: { params: AgreementParams, query: PlanProgressQuery },
  responses: { 200: jsonResponse(page(PlanProgressEntry, 'PlanProgressPage'), 'A page of entries, newest first (by day, then by when recorded).') },
}, { personalData: true });

const getLivingPlan = defineRoute(caseWork, {
  method: 'get', path: '/municipalities/{municipalityId}/agreements/{agreementId}/living-plan', operationId: 'getLivingPlan', tags,
  summary: 'The plan in force with the current state of each item (the living plan)',
  description:
    'Per goal its status, per commitment and condition whether it was last kept, per risk the signals observed and whether each has an action, the turning-18 checklist ' +
    '(complete when every item is done or not needed) and the legal framework after 18. The state of an item is its latest entry (by day, then by when recorded). ' +
    'For an agreement with a plan in force (409 otherwise).',
  request: { params: AgreementParams },
  responses: { 200: jsonResponse(LivingPlan, 'The living plan.') },
}, { personalData: true, errors: [409] });

/** The operations by name: tests call them typed from these definitions (tests/support/request.ts). */
export const routes = { recordContactMoment, listContactMoments, recordReviewMeeting, listReviewMeetings, recordPlanProgress, listPlanProgress, getLivingPlan, recordBarrier, listBarriers, getBarrierReport };

/**
 * A body that fails its schema still has its days checked (future; before the aftercare start; a
 * next review after the meeting), so
 * that one 400 lists every problem. (Typed loosely: on failure the validator also passes the raw
 * body as `data`, which the library's types leave out.)
 */
function hookFor(dayProblems: (trx: AppEnv['Variables']['trx'], m: string, a: string, body: unknown, now: Date) => Promise<InvalidParam[]>) {
  return async (
    result: { success: boolean; target: string; data?: unknown; error?: { issues: z.core.$ZodIssue[] } },
    c: Context<AppEnv>,
  ): Promise<undefined> => {
    if (result.success || !result.error) return;
    const target = result.target === 'json' ? 'body' : result.target === 'param' ? 'path' : result.target;
    const invalidParams = invalidParamsFromZod(target, result.error.issues);
    if (result.target === 'json') {
      const { municipalityId, agreementId } = c.req.param() as { municipalityId: string; agreementId: string };
      const named = new Set(invalidParams.map((p) => p.name));
      for (const p of await dayProblems(c.get('trx'), municipalityId, agreementId, result.data, nowOf(c))) {
        if (!named.has(p.name)) invalidParams.push(p);
      }
    }
    throw new ApiError(400, 'invalid-input', 'Invalid input', `The request has ${invalidParams.length} invalid ${invalidParams.length === 1 ? 'field' : 'fields'} in the ${target}.`, { invalidParams });
  };
}
const recordHook = hookFor(service.occurredOnProblemsOfRaw);
const barrierHook = hookFor(barriers.barrierProblemsOfRaw);
const reviewHook = hookFor(service.reviewDayProblemsOfRaw);
const progressHook = hookFor(progress.progressProblemsOfRaw);

export function register(app: OpenAPIHono<AppEnv>) {
  app.openapi(
    recordContactMoment,
    async (c) => {
      const p = c.req.valid('param');
      const m = await service.recordContactMoment(c.get('trx'), p.municipalityId, p.agreementId, c.req.valid('json'), userPrincipal(c).userId, nowOf(c));
      // The processing log names the agreement (the path's subject): the young person's record.
      return c.json(m, 201);
    },
    recordHook as never,
  );
  app.openapi(listContactMoments, async (c) => {
    const p = c.req.valid('param');
    const { limit, cursor } = c.req.valid('query');
    return c.json(toPage(await service.listContactMoments(c.get('trx'), p.municipalityId, p.agreementId, limit, cursor), limit), 200);
  });
  app.openapi(
    recordReviewMeeting,
    async (c) => {
      const p = c.req.valid('param');
      const r = await service.recordReviewMeeting(c.get('trx'), p.municipalityId, p.agreementId, c.req.valid('json'), userPrincipal(c).userId, nowOf(c));
      return c.json(r, 201);
    },
    reviewHook as never,
  );
  app.openapi(listReviewMeetings, async (c) => {
    const p = c.req.valid('param');
    const { limit, cursor } = c.req.valid('query');
    return c.json(toPage(await service.listReviewMeetings(c.get('trx'), p.municipalityId, p.agreementId, limit, cursor), limit), 200);
  });
  app.openapi(
    recordBarrier,
    async (c) => {
      const p = c.req.valid('param');
      const b = await barriers.recordBarrier(c.get('trx'), p.municipalityId, p.agreementId, c.req.valid('json'), userPrincipal(c).userId, nowOf(c));
      return c.json(b, 201);
    },
    barrierHook as never,
  );
  app.openapi(listBarriers, async (c) => {
    const p = c.req.valid('param');
    const { limit, cursor } = c.req.valid('query');
    return c.json(toPage(await barriers.listBarriers(c.get('trx'), p.municipalityId, p.agreementId, limit, cursor), limit), 200);
  });
  app.openapi(getBarrierReport, async (c) => {
    const { municipalityId } = c.req.valid('param');
    const query = c.req.valid('query');
    const report = await barriers.barrierReport(c.get('trx'), municipalityId, barriers.parseBarrierReportQuery(query, nowOf(c)));
    if (wantsCsv(query.format, c.req.header('Accept'))) {
      return c.body(barriers.barrierReportCsv(report, localeOf(c)), 200, { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${barrierCsvName(report)}"` }) as never;
    }
    return c.json(report, 200);
  });
  app.openapi(
    recordPlanProgress,
    async (c) => {
      const p = c.req.valid('param');
      const entry = await progress.recordPlanProgress(c.get('trx'), p.municipalityId, p.agreementId, c.req.valid('json'), userPrincipal(c).userId, nowOf(c));
      return c.json(entry, 201);
    },
    progressHook as never,
  );
  app.openapi(listPlanProgress, async (c) => {
    const p = c.req.valid('param');
    const { limit, cursor, kind } = c.req.valid('query');
    return c.json(toPage(await progress.listPlanProgress(c.get('trx'), p.municipalityId, p.agreementId, limit, cursor, kind), limit), 200);
  });
  app.openapi(getLivingPlan, async (c) => {
    const p = c.req.valid('param');
    return c.json(await progress.requireLivingPlan(c.get('trx'), p.municipalityId, p.agreementId), 200);
  });
}
