import type { OpenAPIHono } from '@hono/zod-openapi';
import type { z } from '@hono/zod-openapi';
import { nowOf } from '../../platform/http/context.js';
import type { AppEnv } from '../../platform/http/env.js';
import { PaginationQuery, page, toPage, uuidParam } from '../../platform/http/openapi.js';
import { MunicipalityParams } from '../../platform/http/params.js';
import { defineRoute, emptyResponse, jsonResponse } from '../../platform/http/route.js';
import { webhookTargetPolicy } from '../../platform/webhooks/targets.js';
import { CreateWebhookEndpoint, CreatedWebhookEndpoint, DeliveryQuery, RotatedWebhookSecret, UpdateWebhookEndpoint, WebhookDelivery, WebhookEndpoint } from './schemas.js';
import * as service from './service.js';

// Webhooks are about agreements: they share the agreements tag. Managing integrations is for admins.
const tags = ['agreements'];
const access = { kind: 'municipality', roles: ['admin'] } as const;
const json = <T extends z.ZodType>(schema: T) => ({ required: true, content: { 'application/json': { schema } } });
const EndpointParams = MunicipalityParams.extend({ webhookEndpointId: uuidParam('webhookEndpointId', 'The webhook endpoint.') });
const DeliveryParams = EndpointParams.extend({ deliveryId: uuidParam('deliveryId', 'A delivery in the endpoint’s delivery log.') });
const base = '/municipalities/{municipalityId}/webhook-endpoints';

const create = defineRoute(access, {
  method: 'post', path: base, operationId: 'createWebhookEndpoint', tags,
  summary: 'Register a webhook endpoint; its signing secret is shown once',
  description: 'Events are posted as JSON `{ id, type, createdAt, data }`, signed with the secret (see WebhookEndpoint). Outside development and tests the URL must be https on a public host.',
  request: { params: MunicipalityParams, body: json(CreateWebhookEndpoint) },
  responses: { 201: jsonResponse(CreatedWebhookEndpoint, 'The endpoint, with its secret (only now).') },
}, { errors: [409] });

const list = defineRoute(access, {
  method: 'get', path: base, operationId: 'listWebhookEndpoints', tags,
  summary: 'List the webhook endpoints (never their secrets)',
  request: { params: MunicipalityParams, query: PaginationQuery },
  responses: { 200: jsonResponse(page(WebhookEndpoint, 'WebhookEndpointPage'), 'A page of endpoints.') },
});

const get = defineRoute(access, {
  method: 'get', path: `${base}/{webhookEndpointId}`, operationId: 'getWebhookEndpoint', tags,
  summary: 'Get a webhook endpoint',
  request: { params: EndpointParams },
  responses: { 200: jsonResponse(WebhookEndpoint, 'The endpoint.') },
});

const update = defineRoute(access, {
  method: 'patch', path: `${base}/{webhookEndpointId}`, operationId: 'updateWebhookEndpoint', tags,
  summary: 'Change the URL, events or description of a webhook endpoint, or pause and resume it',
  description: 'A new URL must meet the rules of registration (400 naming body.url otherwise); it keeps the secret, and deliveries still pending go to the new URL.',
  request: { params: EndpointParams, body: json(UpdateWebhookEndpoint) },
  responses: { 200: jsonResponse(WebhookEndpoint, 'The changed endpoint.') },
});

const remove = defineRoute(access, {
  method: 'delete', path: `${base}/{webhookEndpointId}`, operationId: 'deleteWebhookEndpoint', tags,
  summary: 'Delete a webhook endpoint: nothing more is sent to it',
  description: 'Final. Pending deliveries are given up and the secret is erased; the endpoint and its delivery log are no longer shown.',
  request: { params: EndpointParams },
  responses: { 204: emptyResponse('Deleted.') },
});

const deliveries = defineRoute(access, {
  method: 'get', path: `${base}/{webhookEndpointId}/deliveries`, operationId: 'listWebhookDeliveries', tags,
  summary: 'The delivery log of a webhook endpoint, newest first',
  request: { params: EndpointParams, query: DeliveryQuery },
  responses: { 200: jsonResponse(page(WebhookDelivery, 'WebhookDeliveryPage'), 'A page of deliveries.') },
});

const test = defineRoute(access, {
  method: 'post', path: `${base}/{webhookEndpointId}/test`, operationId: 'testWebhookEndpoint', tags,
  summary: 'Send a test event (ping) to one webhook endpoint',
  description: 'Queues a `ping` event for this endpoint only; it is sent, signed like every event, on the next run of the delivery job. Follow it in the delivery log.',
  request: { params: EndpointParams },
  responses: { 202: jsonResponse(WebhookDelivery, 'The queued delivery.') },
}, { errors: [409] });

const rotateSecret = defineRoute(access, {
  method: 'post', path: `${base}/{webhookEndpointId}/secret-rotations`, operationId: 'rotateWebhookSecret', tags,
  summary: 'Replace the signing secret of a webhook endpoint; the new secret is shown once',
  description:
    'The old secret stops at once (no grace period): every request from now on, retries of pending deliveries included, is signed with the new secret only. Update the receiver, then send refused deliveries again (redeliveries).',
  request: { params: EndpointParams },
  responses: { 201: jsonResponse(RotatedWebhookSecret, 'The new secret (only now).') },
});

const redeliver = defineRoute(access, {
  method: 'post', path: `${base}/{webhookEndpointId}/deliveries/{deliveryId}/redeliveries`, operationId: 'redeliverWebhookDelivery', tags,
  summary: 'Send a delivery again',
  description:
    'Queues the same event (same event id and body) for this endpoint again, as a new delivery that points at this one (redeliveryOf); it is sent, signed with the current secret, on the next run of the delivery job. 409 while the event is still pending for this endpoint, or while the endpoint is paused.',
  request: { params: DeliveryParams },
  responses: { 202: jsonResponse(WebhookDelivery, 'The queued delivery.') },
}, { errors: [409] });

/** The operations by name: tests call them typed from these definitions (tests/support/request.ts). */
export const routes = { create, list, get, update, remove, deliveries, test, rotateSecret, redeliver };

export function register(app: OpenAPIHono<AppEnv>) {
  app.openapi(create, async (c) => {
    const { municipalityId } = c.req.valid('param');
    const endpoint = await service.createEndpoint(c.get('trx'), municipalityId, c.req.valid('json'), webhookTargetPolicy(c.get('deps').config), nowOf(c));
    c.set('auditSubject', { type: 'webhook-endpoint', id: endpoint.id });
    return c.json(endpoint, 201, { Location: `/v1/municipalities/${municipalityId}/webhook-endpoints/${endpoint.id}` });
  });
  app.openapi(list, async (c) => {
    const { limit, cursor } = c.req.valid('query');
    return c.json(toPage(await service.listEndpoints(c.get('trx'), c.req.valid('param').municipalityId, limit, cursor), limit), 200);
  });
  app.openapi(get, async (c) => {
    const { municipalityId, webhookEndpointId } = c.req.valid('param');
    return c.json(await service.getEndpoint(c.get('trx'), municipalityId, webhookEndpointId), 200);
  });
  app.openapi(update, async (c) => {
    const { municipalityId, webhookEndpointId } = c.req.valid('param');
    return c.json(await service.updateEndpoint(c.get('trx'), municipalityId, webhookEndpointId, c.req.valid('json'), nowOf(c), webhookTargetPolicy(c.get('deps').config)), 200);
  });
  app.openapi(remove, async (c) => {
    const { municipalityId, webhookEndpointId } = c.req.valid('param');
    await service.deleteEndpoint(c.get('trx'), municipalityId, webhookEndpointId, nowOf(c));
    return c.body(null, 204);
  });
  app.openapi(deliveries, async (c) => {
    const { municipalityId, webhookEndpointId } = c.req.valid('param');
    const q = c.req.valid('query');
    return c.json(toPage(await service.listDeliveries(c.get('trx'), municipalityId, webhookEndpointId, q.limit, q), q.limit), 200);
  });
  app.openapi(test, async (c) => {
    const { municipalityId, webhookEndpointId } = c.req.valid('param');
    const delivery = await service.sendTestEvent(c.get('trx'), municipalityId, webhookEndpointId, nowOf(c));
    c.set('auditSubject', { type: 'webhook-endpoint', id: webhookEndpointId });
    return c.json(delivery, 202);
  });
  app.openapi(rotateSecret, async (c) => {
    const { municipalityId, webhookEndpointId } = c.req.valid('param');
    return c.json(await service.rotateSecret(c.get('trx'), municipalityId, webhookEndpointId, nowOf(c)), 201);
  });
  app.openapi(redeliver, async (c) => {
    const { municipalityId, webhookEndpointId, deliveryId } = c.req.valid('param');
    const delivery = await service.redeliver(c.get('trx'), municipalityId, webhookEndpointId, deliveryId, nowOf(c));
    c.set('auditSubject', { type: 'webhook-delivery', id: delivery.id });
    return c.json(delivery, 202);
  });
}
