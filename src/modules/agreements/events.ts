// The webhook events about youth agreements. The order is the order the API lists them in
// (src/modules/webhooks/events.ts puts agreements first).
import { declareWebhookEvents } from '../../platform/webhooks.js';

export const agreementEvents = declareWebhookEvents([
  'agreement.sent',
  'agreement.signed',
  'agreement.declined',
  'agreement.expired',
  'agreement.completed',
  'agreement.amended',
] as const);
export type AgreementEventType = (typeof agreementEvents.types)[number];
