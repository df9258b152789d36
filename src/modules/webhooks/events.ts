// Every event an endpoint can subscribe to: the modules' own declarations, composed once here. The
// order is the API's (the WebhookEventType enum, and how an endpoint's events are stored).
import { aftercareEvents } from '../aftercare/events.js';
import { agreementEvents } from '../agreements/events.js';
import { contractEvents } from '../contracts/events.js';
import { WEBHOOK_PING_EVENT } from '../../platform/webhooks.js';

export const WEBHOOK_EVENT_TYPES = [...agreementEvents.types, ...aftercareEvents.types, ...contractEvents.types] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** What a delivery can carry: a subscribable event, or the test event sent to one endpoint. */
export const DELIVERED_EVENT_TYPES = [...WEBHOOK_EVENT_TYPES, WEBHOOK_PING_EVENT] as const;
export type DeliveredEventType = (typeof DELIVERED_EVENT_TYPES)[number];
