// The processing log of a municipality, as its admins read it. Read-only by design: the log
// cannot be changed (the database refuses UPDATE and DELETE on it).
import type { Tx } from '../../platform/db/database.js';
import { iso } from '../../platform/http/openapi.js';

export interface ProcessingLogQuery {
  limit: number;
  cursor?: string | undefined;
  subjectType?: string | undefined;
  subjectId?: string | undefined;
  actorId?: string | undefined;
}

/** Newest first; one more row than `limit`, so the caller can tell whether a next page exists. */
export async function listProcessingLog(trx: Tx, tenantId: string, q: ProcessingLogQuery) {
  let query = trx.selectFrom('processing_log').selectAll().where('tenant_id', '=', tenantId).orderBy('id', 'desc').limit(q.limit + 1);
  if (q.cursor) query = query.where('id', '<', q.cursor);
  if (q.subjectType) query = query.where('subject_type', '=', q.subjectType);
  if (q.subjectId) query = query.where('subject_id', '=', q.subjectId);
  if (q.actorId) query = query.where('actor_id', '=', q.actorId);
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
