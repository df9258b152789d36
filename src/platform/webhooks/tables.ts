// The webhook tables (migration 0003) and what a delivery carries. Which events exist is not the
// platform's business: the modules declare them (declareWebhookEvents in enqueue.ts), and the
// tables take the event names as a type parameter, plain strings by default.
//
// These table types are private to webhooks (the shared Database type in db/schema.ts does not
// list the webhook tables): they stay until the database types are generated from the migrated
// database (issue 11, item 2), which replaces them and `webhookTx`.
import type { ColumnType, Generated } from 'kysely';
import type { Tx } from '../db/database.js';

/** The test event sent to one endpoint on request; no endpoint subscribes to it. */
export const WEBHOOK_PING_EVENT = 'ping';
export type WebhookPingEvent = typeof WEBHOOK_PING_EVENT;

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** The JSON body every delivery posts. */
export interface WebhookPayload<E extends string = string> {
  /** The event id: the same for every endpoint and every attempt. */
  id: string;
  type: E | WebhookPingEvent;
  /** RFC 3339, UTC. */
  createdAt: string;
  data: Record<string, unknown>;
}

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export interface WebhookEndpointsTable<E extends string = string> {
  tenant_id: string;
  id: string;
  url: string;
  description: Generated<string>;
  events: E[];
  /** The signing secret, encrypted (migration 0013, src/platform/secrets.ts); '' once deleted. Never returned after creation. */
  secret: string;
  active: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** Set when the endpoint is deleted; final. */
  disabled_at: NullableTimestamp;
}

export interface WebhookDeliveriesTable<E extends string = string> {
  tenant_id: string;
  id: string;
  endpoint_id: string;
  event_id: string;
  event_type: E | WebhookPingEvent;
  /** jsonb: written as JSON text (see insertDeliveries in enqueue.ts), read back parsed. */
  payload: ColumnType<WebhookPayload<E>, string, string>;
  status: Generated<DeliveryStatus>;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  last_status_code: number | null;
  last_error: string | null;
  created_at: Timestamp;
  delivered_at: NullableTimestamp;
}

export type WebhookTables<E extends string = string> = {
  webhook_endpoints: WebhookEndpointsTable<E>;
  webhook_deliveries: WebhookDeliveriesTable<E>;
};

/** The transaction, typed with the webhook tables (and, if given, the module's event names). */
export const webhookTx = <E extends string = string>(trx: Tx) => trx.withTables<WebhookTables<E>>();
