import { z } from '@hono/zod-openapi';
import { PaginationQuery, Timestamp } from '../../platform/http/openapi.js';
import { DELIVERY_STATUSES } from '../../platform/webhooks.js';
import { text } from '../../platform/text.js';
import { DELIVERED_EVENT_TYPES, WEBHOOK_EVENT_TYPES } from './events.js';

export const WebhookEventType = z.enum(WEBHOOK_EVENT_TYPES).openapi('WebhookEventType', {
  description:
    'An event about a youth agreement (toekomstafspraken): sent for signing (verzonden), signed by everyone (ondertekend), declined (geweigerd), expired unsigned (verlopen), completed (afgerond), amended (gewijzigd); or about a provider contract: budget warning (budgetwaarschuwing), notice deadline near (opzegtermijn), renewed (stilzwijgend verlengd).',
  example: 'agreement.signed',
});

export const DeliveredEventType = z.enum(DELIVERED_EVENT_TYPES).openapi('WebhookDeliveredEventType', {
  description: 'The event a delivery carries: one of the subscribable events, or `ping`, the test event.',
  example: 'agreement.signed',
});

const Url = text().trim().min(1).max(2048).openapi({
  description: 'Where events are posted. https, on a public host: no private, loopback, link-local, unique-local, CGNAT, NAT64, IPv4-mapped, multicast or reserved addresses, no localhost or *.internal names. The name is resolved again at every delivery and every address it resolves to must be public; redirects are not followed.',
  format: 'uri',
  example: 'https://koppeling.voorbeeldstad.nl/vervolg/webhooks',
});
const Description = text().trim().max(500).openapi({ description: 'What this endpoint is for, for the people who manage it.', example: 'Zaaksysteem: agreements signed' });
const Events = z.array(WebhookEventType).min(1).max(WEBHOOK_EVENT_TYPES.length).openapi({ description: 'The events to receive.' });

export const WebhookEndpoint = z
  .object({
    id: z.uuid(),
    url: text().openapi({ format: 'uri', example: 'https://koppeling.voorbeeldstad.nl/vervolg/webhooks' }),
    description: text(),
    events: z.array(WebhookEventType),
    active: z.boolean().openapi({ description: 'false while paused: no new deliveries, pending ones are given up.' }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .openapi('WebhookEndpoint', {
    description:
      'A URL of the municipality’s own systems that receives agreement and contract events (webhook-endpoint). Each request is signed: header `Vervolg-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" keyed with the secret>`; `Vervolg-Webhook-Id` is the event id (deduplicate on it: delivery is at least once).',
  });

export const CreatedWebhookEndpoint = WebhookEndpoint.extend({
  secret: text().openapi({ description: 'The signing secret. Shown only now: store it safely.', example: 'whsec_abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrst' }),
}).openapi('CreatedWebhookEndpoint');

export const CreateWebhookEndpoint = z
  .object({ url: Url, events: Events, description: Description.optional() })
  .openapi('CreateWebhookEndpoint');

export const UpdateWebhookEndpoint = z
  .object({
    url: Url.optional().openapi({ description: 'A new URL, under the same rules as at registration. The secret stays; deliveries still pending go to the new URL.' }),
    events: Events.optional(),
    description: Description.optional(),
    active: z.boolean().optional().openapi({ description: 'false pauses the endpoint, true resumes it.' }),
  })
  .openapi('UpdateWebhookEndpoint', { description: 'The fields to change. A new URL keeps the secret: rotate the secret as well (secret-rotations) when the receiver changes hands.' });

export const DeliveryStatus = z.enum(DELIVERY_STATUSES).openapi('WebhookDeliveryStatus', {
  description: 'pending (waiting for its next attempt), delivered (the endpoint answered 2xx), failed (given up).',
});

export const WebhookDelivery = z
  .object({
    id: z.uuid(),
    eventId: z.uuid().openapi({ description: 'The event id: `id` in the body and the Vervolg-Webhook-Id header.' }),
    eventType: DeliveredEventType,
    status: DeliveryStatus,
    attempts: z.number().int().openapi({ description: 'Requests made so far.', example: 1 }),
    lastStatusCode: z.number().int().nullable().openapi({ description: 'The HTTP status of the last answer; null when there was none (timeout, network).', example: 200 }),
    lastError: text().nullable().openapi({ description: 'Why the last attempt failed.', example: 'HTTP 503' }),
    createdAt: Timestamp,
    nextAttemptAt: Timestamp.nullable().openapi({ description: 'When it is tried next; null unless pending.' }),
    deliveredAt: Timestamp.nullable(),
    redeliveryOf: z.uuid().nullable().openapi({ description: 'The delivery this one sends again (a redelivery), with the same event id and body; null for the first delivery of an event.' }),
  })
  .openapi('WebhookDelivery', { description: 'One event for one endpoint, and how its delivery went (the delivery log). The body itself is not shown.' });

export const DeliveryQuery = PaginationQuery.extend({
  status: DeliveryStatus.optional().openapi({ description: 'Only deliveries with this status.' }),
});

export const RotatedWebhookSecret = z
  .object({
    webhookEndpointId: z.uuid(),
    secret: text().openapi({ description: 'The new signing secret. Shown only now: store it safely.', example: 'whsec_abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrst' }),
    rotatedAt: Timestamp,
  })
  .openapi('RotatedWebhookSecret', {
    description:
      'A new signing secret for an endpoint (secret-rotation). The old secret stops at once: every request from now on, including retries of deliveries still pending, is signed with the new one only. There is no grace period, because a secret is rotated mostly when it may have leaked. Deliveries a receiver refuses in the meantime can be sent again (redeliveries).',
  });
