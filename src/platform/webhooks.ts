// Webhooks for municipalities, one concern per file under webhooks/:
//
// - payload.ts    the payload every delivery posts, the test event (`ping`), the delivery statuses;
// - enqueue.ts    queueing an event in the transaction of the change that caused it, and
//                 declareWebhookEvents, with which each module declares the events it raises
//                 (the platform knows no event names; src/modules/webhooks/events.ts lists them);
// - signature.ts  endpoint secrets and the Vervolg-Signature header (HMAC-SHA256), for us and receivers;
// - targets.ts    where webhooks may go (SSRF): the URL checks;
// - delivery.ts   the scheduled job: claim due deliveries, post them, record results, back off.
//
// node-fetch.ts (a fetch that checks every resolved address) is Node-only and not exported here:
// only src/server.ts and tests import it.
export {
  DELIVERY_STATUSES,
  type DeliveryStatus,
  WEBHOOK_PING_EVENT,
  type WebhookEventName,
  type WebhookPayload,
  type WebhookPingEvent,
} from './webhooks/payload.js';
export { type WebhookEvents, declareWebhookEvents, enqueueWebhookEvent, enqueueWebhookPing } from './webhooks/enqueue.js';
export { newWebhookSecret, signWebhookPayload, verifyWebhookSignature, webhookSignatureHeader } from './webhooks/signature.js';
export { UnsafeWebhookUrlError, assertSafeWebhookUrl } from './webhooks/targets.js';
export {
  type DeliverWebhooksOptions,
  UNREACHABLE,
  WEBHOOK_MAX_ATTEMPTS,
  WEBHOOK_TIMEOUT_MS,
  type WebhookDeliveryCounts,
  deliverWebhooks,
  webhookBackoffMs,
} from './webhooks/delivery.js';
