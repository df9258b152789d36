// The processing log of a municipality, as its admins read it. Read-only by design: the log
// cannot be changed (the database refuses UPDATE and DELETE on it).
import { sql } from 'kysely';
import type { Tx } from '../../platform/db/database.js';
import { type InvalidParam, badRequest } from '../../platform/errors.js';
import { iso } from '../../platform/http/openapi.js';

export interface ProcessingLogQuery {
  limit: number;
  cursor?: string | undefined;
  subjectType?: string | undefined;
  subjectId?: string | undefined;
  actorId?: string | undefined;
  operation?: string | undefined;
  /** First day (YYYY-MM-DD, inclusive), a calendar day in Europe/Amsterdam. */
  occurredFrom?: string | undefined;
  /** Last day (YYYY-MM-DD, inclusive), a calendar day in Europe/Amsterdam. */
  occurredTo?: string | undefined;
}

export type ProcessingLogEntry = Awaited<ReturnType<typeof listProcessingLog>>[number];

/** Newest first; one more row than `limit`, so the caller can tell whether a next page exists. */
export async function listProcessingLog(trx: Tx, tenantId: string, q: ProcessingLogQuery) {
  const problems: InvalidParam[] = [];
  if (q.occurredFrom && q.occurredTo && q.occurredTo < q.occurredFrom) problems.push({ name: 'query.occurredTo', reason: 'occurredTo must be on or after occurredFrom.' });
  if (problems.length) throw badRequest('The request has 1 invalid field in the query.', problems);
  let query = trx.selectFrom('processing_log').selectAll().where('tenant_id', '=', tenantId).orderBy('id', 'desc').limit(q.limit + 1);
  if (q.cursor) query = query.where('id', '<', q.cursor);
  if (q.subjectType) query = query.where('subject_type', '=', q.subjectType);
  if (q.subjectId) query = query.where('subject_id', '=', q.subjectId);
  if (q.actorId) query = query.where('actor_id', '=', q.actorId);
  if (q.operation) query = query.where('operation', '=', q.operation);
  // Days as people in the Netherlands live them: from midnight Dutch time to the next midnight.
  if (q.occurredFrom) query = query.where('occurred_at', '>=', sql<Date>`(${q.occurredFrom}::date)::timestamp at time zone 'Europe/Amsterdam'`);
  if (q.occurredTo) query = query.where('occurred_at', '<', sql<Date>`(${q.occurredTo}::date + 1)::timestamp at time zone 'Europe/Amsterdam'`);
  return (await query.execute()).map((r) => ({
    id: r.id,
    traceId: r.trace_id,
    spanId: r.span_id,
    operation: r.operation,
    action: r.action,
    status: r.status,
    actorType: r.actor_type,
    actorId: r.actor_id,
    actingFor: r.acting_for,
    subjectType: r.subject_type,
    subjectId: r.subject_id,
    occurredAt: iso(r.occurred_at) as string,
  }));
}
