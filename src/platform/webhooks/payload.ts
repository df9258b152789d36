// What a webhook delivery carries, the test event, and the delivery statuses. Which events exist
// is not the platform's business: the modules declare them (declareWebhookEvents in enqueue.ts);
// the database lists every name a delivery may carry (webhook_deliveries' CHECK), and the generated
// column type (WebhookEventName) holds the declarations to that list.
import type { Selectable } from 'kysely';
import type { WebhookDeliveries } from '../db/schema.generated.js';

/** The test event sent to one endpoint on request; no endpoint subscribes to it. */
export const WEBHOOK_PING_EVENT = 'ping';
export type WebhookPingEvent = typeof WEBHOOK_PING_EVENT;

/** Every event name the database lets a delivery carry: the modules' events and the test event. */
export type WebhookEventName = Selectable<WebhookDeliveries>['event_type'];

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const satisfies readonly Selectable<WebhookDeliveries>['status'][];
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
