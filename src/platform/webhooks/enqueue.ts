// Queueing webhook events, inside the caller's tenant transaction: one delivery row per
// subscribed endpoint, written with the change that caused the event, so a change that rolls back
// sends nothing. The delivery job (delivery.ts) sends them later.
//
// The platform knows no event names. Each module declares its own with declareWebhookEvents and
// queues through what that returns; the webhooks module composes the declarations into the list
// endpoints subscribe to (src/modules/webhooks/events.ts).
import { sql } from 'kysely';
import { uuidv7 } from '../crypto.js';
import { type Tx, jsonb } from '../db/database.js';
import { WEBHOOK_PING_EVENT, type WebhookEventName, type WebhookPayload } from './payload.js';

interface TargetEndpoint {
  id: string;
}

async function insertDeliveries(trx: Tx, tenantId: string, endpoints: TargetEndpoint[], type: WebhookEventName, data: Record<string, unknown>, now: Date) {
  const eventId = uuidv7(now.getTime());
  const payload: WebhookPayload = { id: eventId, type, createdAt: now.toISOString(), data };
  const rows = endpoints.map((e) => ({
    tenant_id: tenantId,
    id: uuidv7(now.getTime()),
    endpoint_id: e.id,
    event_id: eventId,
    event_type: type,
    payload: jsonb(payload),
    next_attempt_at: now,
    created_at: now,
    last_status_code: null,
    last_error: null,
  }));
  const inserted = rows.length
    ? await trx.insertInto('webhook_deliveries').values(rows).returning(['id', 'endpoint_id']).execute()
    : [];
  return { eventId, deliveries: inserted };
}

/**
 * Queue an event for every active endpoint of the tenant that subscribed to `type`. Call it inside
 * the transaction that makes the change (with the tenant's context set): it commits or rolls back
 * with it. `data` is the event's content, JSON-serialisable. Returns the event id.
 *
 * Modules queue through their declaration (declareWebhookEvents), which also refuses a name it
 * does not declare; this takes any name the database allows but the test event's.
 */
export async function enqueueWebhookEvent(trx: Tx, tenantId: string, type: WebhookEventName, data: Record<string, unknown>, now: Date = new Date()): Promise<{ eventId: string; deliveries: number }> {
  if (type === WEBHOOK_PING_EVENT) throw new Error('enqueueWebhookEvent: ping goes to one endpoint (enqueueWebhookPing)');
  const endpoints = await trx
    .selectFrom('webhook_endpoints')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('active', '=', true)
    .where('disabled_at', 'is', null)
    .where(sql<boolean>`${type} = any(events)`)
    .orderBy('id')
    .execute();
  const { eventId, deliveries } = await insertDeliveries(trx, tenantId, endpoints, type, data, now);
  return { eventId, deliveries: deliveries.length };
}

/** Queue the test event (`ping`) for one endpoint; returns the delivery's id. */
export async function enqueueWebhookPing(trx: Tx, tenantId: string, endpointId: string, now: Date = new Date()): Promise<{ eventId: string; deliveryId: string }> {
  const { eventId, deliveries } = await insertDeliveries(trx, tenantId, [{ id: endpointId }], WEBHOOK_PING_EVENT, { webhookEndpointId: endpointId }, now);
  return { eventId, deliveryId: (deliveries[0] as { id: string }).id };
}

/** A module's webhook events: their names, in the order the API lists them, and how to queue one. */
export interface WebhookEvents<T extends readonly [WebhookEventName, ...WebhookEventName[]]> {
  readonly types: T;
  /** enqueueWebhookEvent, for this module's events only. */
  enqueue(trx: Tx, tenantId: string, type: T[number], data: Record<string, unknown>, now?: Date): Promise<{ eventId: string; deliveries: number }>;
}

/** Declare the webhook events a module raises (e.g. 'agreement.signed'). */
export function declareWebhookEvents<const T extends readonly [WebhookEventName, ...WebhookEventName[]]>(types: T): WebhookEvents<T> {
  if (types.includes(WEBHOOK_PING_EVENT)) throw new Error(`declareWebhookEvents: ${WEBHOOK_PING_EVENT} is the platform's test event`);
  return {
    types,
    enqueue(trx, tenantId, type, data, now = new Date()) {
      // The type system already holds callers to the list; this catches a name built at run time.
      if (!(types as readonly string[]).includes(type)) throw new Error(`enqueueWebhookEvent: unknown event type ${type}`);
      return enqueueWebhookEvent(trx, tenantId, type, data, now);
    },
  };
}
