// What agreement tests start from: the demo template published in municipality A, and a webhook
// endpoint subscribed to the events a test watches — a change's event is then recorded as a
// delivery, so one that should have left nothing behind would show.
import { expect } from 'vitest';
import { DEMO_TEMPLATE_CONTENT } from '../../db/seed/template.js';
import type { World } from './world.js';

export async function publishedTemplateWithWebhook(w: World, events: string[]): Promise<{ templateVersionId: string }> {
  const admin = w.A.people.admin.token;
  const base = `/v1/municipalities/${w.A.id}`;
  const created = await w.request('POST', `${base}/agreement-templates`, { token: admin, body: { name: 'Nazorg', content: DEMO_TEMPLATE_CONTENT } });
  expect(created.status).toBe(201);
  const t = (await created.json()) as { id: string; versions: { id: string }[] };
  const published = await w.request('POST', `${base}/agreement-templates/${t.id}/versions/1/publish`, { token: admin });
  expect(published.status).toBe(200);
  const ep = await w.request('POST', `${base}/webhook-endpoints`, { token: admin, body: { url: 'https://hooks.example.org/vervolg', events } });
  expect(ep.status).toBe(201);
  return { templateVersionId: t.versions[0]?.id as string };
}
