// What agreement tests start from: a published template (the demo content), and optionally a
// webhook endpoint subscribed to the events a test watches — a change's event is then recorded as
// a delivery, so one that should have left nothing behind would show. Each helper checks that the
// requests it makes worked, so a test that starts from it fails at the step that broke.
//
// The first argument is whatever sends typed requests: the in-process World, or the Workers
// harness (the same calls then go over HTTP to the real Worker).
//
//   const { templateVersionId } = await publishedTemplate(w, adminOf(w.A));
import type { RouteConfig } from '@hono/zod-openapi';
import { expect } from 'vitest';
import { DEMO_TEMPLATE_CONTENT } from '../../db/seed/template.js';
import { routes as agreements } from '../../src/modules/agreements/routes.js';
import type { Answer, CallInput } from './request.js';
import type { Municipality, World } from './world.js';

/** Sends typed requests (see request.ts): the World, or the Workers harness. */
export interface Caller {
  call<R extends RouteConfig>(route: R, input: CallInput<R>): Promise<Answer<R>>;
}

/** Who acts in the municipality: its id and the session token of a member allowed to. */
export interface Actor {
  municipalityId: string;
  token: string;
}

/** The municipality's admin (who manages templates and webhooks), as an Actor. */
export const adminOf = (m: Municipality): Actor => ({ municipalityId: m.id, token: m.people.admin.token });

export interface PublishedTemplate {
  templateId: string;
  /** Version 1, published: what an agreement is drawn up from. */
  templateVersionId: string;
}

/** A new template with the demo content (named `name`, default 'Nazorg'), its version 1 published. */
export async function publishedTemplate(api: Caller, by: Actor, name = 'Nazorg'): Promise<PublishedTemplate> {
  const created = (await api.call(agreements.createTemplate, { token: by.token, params: { municipalityId: by.municipalityId }, json: { name, content: DEMO_TEMPLATE_CONTENT } })).json(201);
  const draft = created.versions[0];
  expect(draft).toMatchObject({ version: 1, status: 'draft' });
  const published = (await api.call(agreements.publishVersion, { token: by.token, params: { municipalityId: by.municipalityId, templateId: created.id, version: 1 } })).json(200);
  expect(published).toMatchObject({ id: draft?.id, status: 'published' });
  return { templateId: created.id, templateVersionId: published.id };
}

/** A published template in municipality A, and a webhook endpoint of A subscribed to `events`. */
export async function publishedTemplateWithWebhook(w: World, events: string[]): Promise<PublishedTemplate> {
  const template = await publishedTemplate(w, adminOf(w.A));
  const ep = await w.request('POST', `/v1/municipalities/${w.A.id}/webhook-endpoints`, { token: w.A.people.admin.token, body: { url: 'https://hooks.example.org/vervolg', events } });
  expect(ep.status, await ep.clone().text()).toBe(201);
  return template;
}
