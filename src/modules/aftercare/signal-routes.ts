// The signals that keep every young person in view, and the municipality's settings of them
// (issue 13, part 2). The signals are computed in the database (aftercare_signals).
import type { OpenAPIHono } from '@hono/zod-openapi';
import { nowOf } from '../../platform/http/context.js';
import type { AppEnv } from '../../platform/http/env.js';
import { MunicipalityParams } from '../../platform/http/params.js';
import { defineRoute, jsonResponse } from '../../platform/http/route.js';
import { AftercareSettings, AftercareSignalList, SignalQuery } from './signal-schemas.js';
import { listSignals, saveSignalSettings, signalSettings } from './signals.js';

const tags = ['aftercare'];
const caseWork = { kind: 'municipality', roles: ['admin', 'case-manager'] } as const;
const admin = { kind: 'municipality', roles: ['admin'] } as const;

const listAftercareSignals = defineRoute(caseWork, {
  method: 'get', path: '/municipalities/{municipalityId}/aftercare-signals', operationId: 'listAftercareSignals', tags,
  summary: 'The signals of the young people in view: who needs attention, why, and since when',
  description:
    'Computed in the database as of now (days in Europe/Amsterdam), most urgent first, then oldest first. A young person is in view from sending until 23, ' +
    'unless the agreement ended with a reason (ended, completed) or was never sent (draft, cancelled). The thresholds are the municipality’s settings (aftercare-settings).',
  request: { params: MunicipalityParams, query: SignalQuery },
  responses: { 200: jsonResponse(AftercareSignalList, 'The signals.') },
}, { personalData: true });

const getAftercareSettings = defineRoute(caseWork, {
  method: 'get', path: '/municipalities/{municipalityId}/aftercare-settings', operationId: 'getAftercareSettings', tags,
  summary: 'The municipality’s settings of the signals',
  request: { params: MunicipalityParams },
  responses: { 200: jsonResponse(AftercareSettings, 'The settings (the defaults when never set).') },
});

const updateAftercareSettings = defineRoute(admin, {
  method: 'put', path: '/municipalities/{municipalityId}/aftercare-settings', operationId: 'updateAftercareSettings', tags,
  summary: 'Change the municipality’s settings of the signals',
  request: { params: MunicipalityParams, body: { required: true, content: { 'application/json': { schema: AftercareSettings } } } },
  responses: { 200: jsonResponse(AftercareSettings, 'The settings as saved.') },
});

/** The operations by name: tests call them typed from these definitions (tests/support/request.ts). */
export const routes = { listAftercareSignals, getAftercareSettings, updateAftercareSettings };

export function register(app: OpenAPIHono<AppEnv>) {
  app.openapi(listAftercareSignals, async (c) => {
    const { municipalityId } = c.req.valid('param');
    const query = c.req.valid('query');
    return c.json({ items: await listSignals(c.get('trx'), municipalityId, nowOf(c), query) }, 200);
  });
  app.openapi(getAftercareSettings, async (c) => c.json(await signalSettings(c.get('trx'), c.req.valid('param').municipalityId), 200));
  app.openapi(updateAftercareSettings, async (c) => c.json(await saveSignalSettings(c.get('trx'), c.req.valid('param').municipalityId, c.req.valid('json')), 200));
}
