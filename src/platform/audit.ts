// The processing log ('Logboek Dataverwerkingen'): who did what with whose data, when, for which
// organisation, under which request (trace) id. Rows are written inside the request's
// transaction, so a write that rolls back leaves no log line claiming it happened; the table
// itself is append-only (no UPDATE/DELETE grants, and a trigger that refuses them).
import type { Context } from 'hono';
import { randomToken, uuidv7 } from './crypto.js';
import { CompiledQuery, type Insertable } from 'kysely';
import type { Tx } from './db/database.js';
import { deferredUntilCommit } from './db/postgres-driver.js';
import type { ProcessingLog } from './db/schema.generated.js';
import type { AppEnv, AuditSubject, Principal } from './http/env.js';

export type ProcessingAction = 'create' | 'read' | 'update' | 'delete';

export interface ProcessingEntry {
  operation: string;
  action: ProcessingAction;
  subject?: AuditSubject | null;
  status?: 'ok' | 'refused';
  tenantId?: string | null;
  providerId?: string | null;
  /** Who acted, when it is not the request's principal (e.g. a signer through their link). */
  actor?: { type: 'signer' | 'system'; id: string | null };
}

function actorOf(principal: Principal | null): { type: 'user' | 'api-key' | 'anonymous'; id: string | null } {
  if (!principal) return { type: 'anonymous', id: null };
  return principal.kind === 'user' ? { type: 'user', id: principal.userId } : { type: 'api-key', id: principal.keyId };
}

/**
 * Write one processing-log row in the request's transaction. With `deferred`, the row goes out
 * with the COMMIT instead of on its own (one round trip fewer; postgres-driver.ts): for the row
 * written after the operation is done, when nothing in the transaction reads it any more.
 */
export async function recordProcessing(trx: Tx, c: Context<AppEnv>, entry: ProcessingEntry, options: { deferred?: boolean } = {}): Promise<void> {
  const principal = c.get('principal');
  const actor = entry.actor ?? actorOf(principal);
  const tenantId = entry.tenantId !== undefined ? entry.tenantId : c.get('tenantId');
  const providerId = entry.providerId !== undefined ? entry.providerId : (c.get('providerId') ?? (principal?.kind === 'api-key' ? principal.providerId : null));
  const row: Omit<Insertable<ProcessingLog>, 'occurred_at'> = {
    id: uuidv7(),
    tenant_id: tenantId ?? null,
    provider_id: providerId ?? null,
    trace_id: c.get('requestId'),
    span_id: randomToken(8),
    operation: entry.operation,
    action: entry.action,
    status: entry.status ?? 'ok',
    actor_type: actor.type,
    actor_id: actor.id,
    acting_for: tenantId ?? providerId ?? (principal?.kind === 'user' && principal.isOperator ? 'platform' : null),
    subject_type: entry.subject?.type ?? null,
    subject_id: entry.subject?.id ?? null,
  };
  // Written out once, not built per request (every logged operation runs it).
  const insert = CompiledQuery.raw(INSERT_PROCESSING_LOG, LOG_COLUMNS.map((column) => row[column] ?? null));
  await trx.executeQuery(options.deferred ? deferredUntilCommit(insert) : insert);
}

export const LOG_COLUMNS = [
  'id',
  'tenant_id',
  'provider_id',
  'trace_id',
  'span_id',
  'operation',
  'action',
  'status',
  'actor_type',
  'actor_id',
  'acting_for',
  'subject_type',
  'subject_id',
] as const satisfies readonly (keyof ProcessingLog)[];
export const INSERT_PROCESSING_LOG = `insert into processing_log (${LOG_COLUMNS.join(', ')}) values (${LOG_COLUMNS.map((_, i) => `$${i + 1}`).join(', ')})`;

const ACTIONS: Record<string, ProcessingAction> = { POST: 'create', PUT: 'update', PATCH: 'update', DELETE: 'delete', GET: 'read' };

/** What an HTTP method does to its subject, in the log's terms. */
export const actionOf = (method: string): ProcessingAction => ACTIONS[method] ?? 'read';

/**
 * After a successful operation, log it: every write, and reads of personal data when the route
 * says it returns personal data.
 */
export async function logOperation(c: Context<AppEnv>, personalData: boolean, pathSubject: AuditSubject | null, operationMethod?: string): Promise<void> {
  if (c.error || c.res.status >= 400) return;
  // A page's form posts (POST) for what the API does with PUT/PATCH/DELETE: the log names the operation's own action.
  const method = (operationMethod ?? c.req.method).toUpperCase();
  // A municipality's own API key (0022): every read it makes is logged, with the key as actor.
  const principal = c.get('principal');
  const municipalKey = principal?.kind === 'api-key' && principal.tenantId !== null;
  if (method === 'GET' && !personalData && !municipalKey) return;
  const operation = c.get('operationId');
  if (!operation) return;
  // The last statement of the request: it leaves with the COMMIT.
  await recordProcessing(
    c.get('trx'),
    c,
    { operation, action: actionOf(method), subject: c.get('auditSubject') ?? pathSubject },
    { deferred: true },
  );
}
