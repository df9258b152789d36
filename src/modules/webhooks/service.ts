// Webhook endpoints of a municipality and their delivery log. The tenant context is set by the
// access check; every query also names the tenant (defence in depth). Sending is the job's work
// (src/platform/webhooks/delivery.ts); other modules queue the events they declare (events.ts).
import type { Selectable } from 'kysely';
import { uuidv7 } from '../../platform/crypto.js';
import { type Tx, jsonb } from '../../platform/db/database.js';
import { badRequest, conflict, notFound } from '../../platform/errors.js';
import { iso } from '../../platform/http/openapi.js';
import { sealStoredSecret } from '../../platform/secrets.js';
import type { WebhookDeliveries, WebhookEndpoints } from '../../platform/db/schema.generated.js';
import { type DeliveryStatus, UnsafeWebhookUrlError, assertSafeWebhookUrl, enqueueWebhookPing, newWebhookSecret } from '../../platform/webhooks.js';
import { STRICT_WEBHOOK_TARGETS, type WebhookTargetPolicy } from '../../platform/webhooks/targets.js';
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from './events.js';
import { forgetReveals } from './reveals.js';

/** Endpoints a municipality may have at once (deleted ones do not count). */
export const MAX_ENDPOINTS = 20;

type EndpointRow = Pick<Selectable<WebhookEndpoints>, 'id' | 'url' | 'description' | 'events' | 'active' | 'created_at' | 'updated_at'>;
const toEndpoint = (r: EndpointRow) => ({
  id: r.id,
  url: r.url,
  description: r.description,
  // Stored in canonical order (canonicalEvents below); read back as the declared event names.
  events: canonicalEvents(r.events),
  active: r.active,
  createdAt: iso(r.created_at) as string,
  updatedAt: iso(r.updated_at) as string,
});

type DeliveryRow = Pick<
  Selectable<WebhookDeliveries>,
  'id' | 'event_id' | 'event_type' | 'status' | 'attempts' | 'last_status_code' | 'last_error' | 'created_at' | 'next_attempt_at' | 'delivered_at' | 'redelivery_of'
>;
const toDelivery = (r: DeliveryRow) => ({
  id: r.id,
  eventId: r.event_id,
  eventType: r.event_type,
  status: r.status,
  attempts: r.attempts,
  lastStatusCode: r.last_status_code,
  lastError: r.last_error,
  createdAt: iso(r.created_at) as string,
  nextAttemptAt: r.status === 'pending' ? iso(r.next_attempt_at) : null,
  deliveredAt: iso(r.delivered_at),
  redeliveryOf: r.redelivery_of,
});

const DELIVERY_COLUMNS = ['id', 'event_id', 'event_type', 'status', 'attempts', 'last_status_code', 'last_error', 'created_at', 'next_attempt_at', 'delivered_at', 'redelivery_of'] as const;
const ENDPOINT_COLUMNS = ['id', 'url', 'description', 'events', 'active', 'created_at', 'updated_at'] as const;

/** In the order of the list, once each. */
const canonicalEvents = (events: readonly string[]): WebhookEventType[] => WEBHOOK_EVENT_TYPES.filter((e) => events.includes(e));

function safeUrl(url: string, targets: WebhookTargetPolicy): string {
  try {
    return assertSafeWebhookUrl(url, targets).href;
  } catch (error) {
    if (!(error instanceof UnsafeWebhookUrlError)) throw error;
    throw badRequest(`The webhook URL is not allowed: ${error.message}`, [{ name: 'body.url', reason: error.message }]);
  }
}

/** Why a URL may not be an endpoint's (the API's refusal, as the page shows it beside the field), or null. */
export function urlProblem(url: string, targets: WebhookTargetPolicy): string | null {
  try {
    assertSafeWebhookUrl(url, targets);
    return null;
  } catch (error) {
    if (error instanceof UnsafeWebhookUrlError) return error.message;
    throw error;
  }
}

export async function createEndpoint(trx: Tx, tenantId: string, input: { url: string; events: string[]; description?: string | undefined }, targets: WebhookTargetPolicy, now: Date) {
  const url = safeUrl(input.url, targets);
  const { n } = await trx
    .selectFrom('webhook_endpoints')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('tenant_id', '=', tenantId)
    .where('disabled_at', 'is', null)
    .executeTakeFirstOrThrow();
  if (Number(n) >= MAX_ENDPOINTS) throw conflict(`A municipality can have at most ${MAX_ENDPOINTS} webhook endpoints; delete one first.`, 'too-many-endpoints');
  const secret = newWebhookSecret();
  const id = uuidv7(now.getTime());
  const row = await trx
    .insertInto('webhook_endpoints')
    .values({
      tenant_id: tenantId,
      id,
      url,
      description: input.description ?? '',
      events: canonicalEvents(input.events),
      // Stored encrypted, bound to this endpoint (src/platform/secrets.ts); shown in the clear only now.
      secret: await sealStoredSecret('webhookSecret', [tenantId, id], secret),
      created_at: now,
      updated_at: now,
      disabled_at: null,
    })
    .returning(ENDPOINT_COLUMNS)
    .executeTakeFirstOrThrow();
  return { ...toEndpoint(row), secret };
}

function liveEndpoints(trx: Tx, tenantId: string) {
  return trx.selectFrom('webhook_endpoints').select(ENDPOINT_COLUMNS).where('tenant_id', '=', tenantId).where('disabled_at', 'is', null);
}

export async function listEndpoints(trx: Tx, tenantId: string, limit: number, cursor?: string) {
  let q = liveEndpoints(trx, tenantId).orderBy('id').limit(limit + 1);
  if (cursor) q = q.where('id', '>', cursor);
  return (await q.execute()).map(toEndpoint);
}

export async function getEndpoint(trx: Tx, tenantId: string, id: string) {
  const row = await liveEndpoints(trx, tenantId).where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('webhook endpoint');
  return toEndpoint(row);
}

export async function updateEndpoint(
  trx: Tx,
  tenantId: string,
  id: string,
  input: { url?: string | undefined; events?: string[] | undefined; description?: string | undefined; active?: boolean | undefined },
  now: Date,
  targets: WebhookTargetPolicy = STRICT_WEBHOOK_TARGETS,
) {
  // A new URL meets the rules of a new endpoint (checked before anything changes).
  const url = input.url !== undefined ? safeUrl(input.url, targets) : undefined;
  const row = await trx
    .updateTable('webhook_endpoints')
    .set({
      updated_at: now,
      ...(url !== undefined ? { url } : {}),
      ...(input.events !== undefined ? { events: canonicalEvents(input.events) } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.active !== undefined ? { active: input.active } : {}),
    })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('disabled_at', 'is', null)
    .returning(ENDPOINT_COLUMNS)
    .executeTakeFirst();
  if (!row) throw notFound('webhook endpoint');
  return toEndpoint(row);
}

/**
 * Delete: final, and gone from the API (404 after). The row stays, marked disabled and with its
 * secret erased, so the delivery log keeps what it refers to; pending deliveries are given up by
 * the job ("The endpoint was deleted.") and no new ones are queued.
 */
export async function deleteEndpoint(trx: Tx, tenantId: string, id: string, now: Date) {
  const row = await trx
    .updateTable('webhook_endpoints')
    .set({ active: false, disabled_at: now, updated_at: now, secret: '' })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('disabled_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  if (!row) throw notFound('webhook endpoint');
  await forgetReveals(trx, tenantId, id);
}

/** The newest delivery of each of these endpoints (the list of endpoints shows how the last one went). */
export async function latestDeliveries(trx: Tx, tenantId: string, endpointIds: readonly string[]) {
  if (endpointIds.length === 0) return new Map<string, ReturnType<typeof toDelivery>>();
  const rows = await trx
    .selectFrom('webhook_deliveries')
    .distinctOn('endpoint_id')
    .select(['endpoint_id', ...DELIVERY_COLUMNS])
    .where('tenant_id', '=', tenantId)
    .where('endpoint_id', 'in', endpointIds)
    .orderBy('endpoint_id')
    .orderBy('id', 'desc')
    .execute();
  return new Map(rows.map((r) => [r.endpoint_id, toDelivery(r)]));
}

/** The delivery log of one endpoint, newest first. */
export async function listDeliveries(trx: Tx, tenantId: string, endpointId: string, limit: number, filter: { cursor?: string | undefined; status?: DeliveryStatus | undefined }) {
  await getEndpoint(trx, tenantId, endpointId);
  let q = trx
    .selectFrom('webhook_deliveries')
    .select(DELIVERY_COLUMNS)
    .where('tenant_id', '=', tenantId)
    .where('endpoint_id', '=', endpointId)
    .orderBy('id', 'desc')
    .limit(limit + 1);
  if (filter.cursor) q = q.where('id', '<', filter.cursor);
  if (filter.status) q = q.where('status', '=', filter.status);
  return (await q.execute()).map(toDelivery);
}

/** Queue the test event for one endpoint; the job sends it on its next run. */
export async function sendTestEvent(trx: Tx, tenantId: string, endpointId: string, now: Date) {
  const endpoint = await getEndpoint(trx, tenantId, endpointId);
  if (!endpoint.active) throw conflict('The endpoint is paused; resume it (active: true) before testing it.', 'endpoint-paused');
  const { deliveryId } = await enqueueWebhookPing(trx, tenantId, endpointId, now);
  const row = await trx
    .selectFrom('webhook_deliveries')
    .select(DELIVERY_COLUMNS)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', deliveryId)
    .executeTakeFirstOrThrow();
  return toDelivery(row);
}

/**
 * A new signing secret for an endpoint, returned once (like at creation). The old one stops at
 * once: the job signs every request at send time, so from the commit on — retries of pending
 * deliveries included — only the new secret signs. No grace period: a secret is rotated mostly
 * because it may have leaked, and a leaked secret that keeps working for a day defeats that.
 * Receivers that refuse deliveries until they have the new secret get them again through
 * redeliveries.
 */
export async function rotateSecret(trx: Tx, tenantId: string, id: string, now: Date) {
  const secret = newWebhookSecret();
  const row = await trx
    .updateTable('webhook_endpoints')
    .set({ secret: await sealStoredSecret('webhookSecret', [tenantId, id], secret), updated_at: now })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('disabled_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  if (!row) throw notFound('webhook endpoint');
  return { webhookEndpointId: id, secret, rotatedAt: now.toISOString() };
}

/**
 * Send a delivery again: a new pending delivery of the same event (same event id and body) to the
 * same endpoint, which the delivery job sends on its next run like any other. The original keeps
 * its outcome. Refused while that event is still pending for the endpoint (it is being tried), and
 * while the endpoint is paused.
 */
export async function redeliver(trx: Tx, tenantId: string, endpointId: string, deliveryId: string, now: Date) {
  const endpoint = await getEndpoint(trx, tenantId, endpointId);
  const original = await trx
    .selectFrom('webhook_deliveries')
    .select(['id', 'event_id', 'event_type', 'payload', 'status'])
    .where('tenant_id', '=', tenantId)
    .where('endpoint_id', '=', endpointId)
    .where('id', '=', deliveryId)
    .executeTakeFirst();
  if (!original) throw notFound('webhook delivery');
  if (!endpoint.active) throw conflict('The endpoint is paused; resume it (active: true) before sending a delivery again.', 'endpoint-paused');
  // At most one pending delivery of an event per endpoint (a unique index holds it under races too).
  const inserted = await trx
    .insertInto('webhook_deliveries')
    .values({
      tenant_id: tenantId,
      id: uuidv7(now.getTime()),
      endpoint_id: endpointId,
      event_id: original.event_id,
      event_type: original.event_type,
      payload: jsonb(original.payload),
      next_attempt_at: now,
      created_at: now,
      last_status_code: null,
      last_error: null,
      redelivery_of: original.id,
    })
    .onConflict((oc) => oc.columns(['tenant_id', 'endpoint_id', 'event_id']).where('status', '=', 'pending').doNothing())
    .returning(DELIVERY_COLUMNS)
    .executeTakeFirst();
  if (!inserted) throw conflict('This event is still being delivered to this endpoint; wait for the delivery to finish before sending it again.', 'delivery-pending');
  return toDelivery(inserted);
}
