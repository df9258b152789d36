import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from '@hono/zod-openapi';
import { MUNICIPAL_ROLES } from '../../platform/http/access.js';
import { nowOf, userPrincipal } from '../../platform/http/context.js';
import type { AppEnv } from '../../platform/http/env.js';
import { pdfServiceOf } from '../../platform/pdf-service.js';
import { PaginationQuery, page, toPage, uuidParam } from '../../platform/http/openapi.js';
import { MunicipalityParams, ProviderParams } from '../../platform/http/params.js';
import { defineRoute, jsonResponse, versionHeader } from '../../platform/http/route.js';
import {
  Amendment,
  BUDGET_KINDS,
  BudgetEntry,
  BudgetEntryResult,
  BudgetYear,
  CONTRACT_STATUSES,
  Contract,
  ContractSummary,
  ContractVersion,
  ContractVersionSummary,
  CreateBudgetEntry,
  CreateContract,
  Terms,
} from './schemas.js';
import * as service from './service.js';
import { text } from '../../platform/text.js';

const tags = ['contracts'];
const json = <T extends z.ZodType>(schema: T) => ({ required: true, content: { 'application/json': { schema } } });
const M = MunicipalityParams;
const C = M.extend({ contractId: uuidParam('contractId', 'The contract.') });
const CV = C.extend({ version: z.coerce.number().int().min(1).openapi({ param: { name: 'version', in: 'path' }, example: 1 }) });
const P = ProviderParams;
const PC = P.extend({ contractId: uuidParam('contractId', 'The contract.') });
const IfMatch = z.object({
  'if-match': text().optional().openapi({ param: { name: 'if-match', in: 'header' }, description: 'The ETag you read; required for changes.', example: '"r3"' }),
});
const AsOf = z.object({
  asOf: z.iso
    .date('Use a date as YYYY-MM-DD.')
    .optional()
    .openapi({ format: 'date', description: 'Show the contract as it stood on this date (peildatum): the latest version effective on or before it.', example: '2027-06-01' }),
});

const write = { kind: 'municipality', roles: ['admin', 'contract-manager'] } as const;
const read = { kind: 'municipality', roles: MUNICIPAL_ROLES } as const;
/** The reads a municipality's own API key with contracts:read may make too (its data warehouse): contracts, versions, budgets. */
const keyRead = { ...read, scope: 'contracts:read' } as const;
const providerRead = { kind: 'provider', roles: ['admin', 'staff'], scope: 'contracts:read' } as const;

const etagHeader = { ETag: { description: 'The revision, for If-Match.', schema: { type: 'string' as const, example: '"r3"' } } };
const withEtag = <T extends z.ZodType>(schema: T, description: string) => {
  const r = jsonResponse(schema, description);
  return { ...r, headers: { ...r.headers, ...etagHeader } };
};

const createContract = defineRoute(write, {
  method: 'post', path: '/municipalities/{municipalityId}/contracts', operationId: 'createContract', tags,
  summary: 'Draw up a contract with a provider (a draft)',
  description: 'The terms are checked as a whole: tariffs per product must follow each other without overlap or gap and cover exactly the contract period; every problem is listed in one 400.',
  request: { params: M, body: json(CreateContract) },
  responses: { 201: withEtag(Contract, 'The draft contract.') },
});
const listContracts = defineRoute(keyRead, {
  method: 'get', path: '/municipalities/{municipalityId}/contracts', operationId: 'listContracts', tags,
  summary: 'List the municipality’s contracts, newest first',
  request: { params: M, query: PaginationQuery.extend({ status: z.enum(CONTRACT_STATUSES).optional(), providerId: z.uuid().optional() }) },
  responses: { 200: jsonResponse(page(ContractSummary, 'ContractPage'), 'A page of contracts.') },
});
const getContract = defineRoute(keyRead, {
  method: 'get', path: '/municipalities/{municipalityId}/contracts/{contractId}', operationId: 'getContract', tags,
  summary: 'Get a contract with its current terms, or as it stood on a date',
  request: { params: C, query: AsOf },
  responses: { 200: withEtag(Contract, 'The contract.') },
});
const putTerms = defineRoute(write, {
  method: 'put', path: '/municipalities/{municipalityId}/contracts/{contractId}/terms', operationId: 'replaceContractTerms', tags,
  summary: 'Replace the terms of a draft; needs If-Match',
  request: { params: C, headers: IfMatch, body: json(Terms) },
  responses: { 200: withEtag(Contract, 'The draft with its new terms.') },
}, { errors: [409, 412, 428] });

const lifecycle = (action: service.Action, operationId: string, summary: string) =>
  defineRoute(write, {
    method: 'post', path: `/municipalities/{municipalityId}/contracts/{contractId}/${action}`, operationId, tags, summary,
    request: { params: C, headers: IfMatch },
    responses: { 200: withEtag(Contract, 'The contract after the change.') },
  }, { errors: [409, 412, 428] });
const activate = lifecycle('activate', 'activateContract', 'Put a draft in force (activeren): draft → active');
const suspend = lifecycle('suspend', 'suspendContract', 'Suspend (opschorten): active → suspended');
const resume = lifecycle('resume', 'resumeContract', 'Resume (hervatten): suspended → active');
const end = lifecycle('end', 'endContract', 'End (beëindigen): active or suspended → ended');

const amend = defineRoute(write, {
  method: 'post', path: '/municipalities/{municipalityId}/contracts/{contractId}/amendments', operationId: 'amendContract', tags,
  summary: 'Amend a contract in force (wijziging): the terms become a new version',
  description: 'The new version takes effect on effectiveFrom, which lies inside the amended period and not before the previous version took effect. Earlier versions stay as they were.',
  request: { params: C, headers: IfMatch, body: json(Amendment) },
  responses: { 201: withEtag(Contract, 'The contract with the new version.') },
}, { errors: [409, 412, 428] });
const listVersions = defineRoute(keyRead, {
  method: 'get', path: '/municipalities/{municipalityId}/contracts/{contractId}/versions', operationId: 'listContractVersions', tags,
  summary: 'The version history, oldest first',
  request: { params: C },
  responses: { 200: jsonResponse(z.object({ items: z.array(ContractVersionSummary) }).openapi('ContractVersionList'), 'The versions.') },
});
const getVersion = defineRoute(keyRead, {
  method: 'get', path: '/municipalities/{municipalityId}/contracts/{contractId}/versions/{version}', operationId: 'getContractVersion', tags,
  summary: 'One version with its terms',
  request: { params: CV },
  responses: { 200: jsonResponse(ContractVersion, 'The version.') },
});

const getBudgets = defineRoute(keyRead, {
  method: 'get', path: '/municipalities/{municipalityId}/contracts/{contractId}/budgets', operationId: 'listContractBudgets', tags,
  summary: 'Budget ceilings per year with committed and spent amounts',
  request: { params: C },
  responses: { 200: jsonResponse(z.object({ items: z.array(BudgetYear) }).openapi('ContractBudgetList'), 'One row per year with a ceiling.') },
});
const bookEntry = defineRoute(write, {
  method: 'post', path: '/municipalities/{municipalityId}/contracts/{contractId}/budget-entries', operationId: 'createContractBudgetEntry', tags,
  summary: 'Book a commitment (verplichting) or spending (uitgave) against a year’s ceiling',
  description: 'When the booking makes committed or spent reach the year’s warning percentage, administrators and contract managers get an e-mail and the webhook contract.budget-warning goes out — once per year and kind.',
  request: { params: C, body: json(CreateBudgetEntry) },
  responses: { 201: jsonResponse(BudgetEntryResult, 'The booking and the year’s figures after it.') },
}, { errors: [409] });
const listEntries = defineRoute(keyRead, {
  method: 'get', path: '/municipalities/{municipalityId}/contracts/{contractId}/budget-entries', operationId: 'listContractBudgetEntries', tags,
  summary: 'The bookings, newest first',
  request: {
    params: C,
    query: PaginationQuery.extend({ year: z.coerce.number().int().min(2000).max(2100).optional(), kind: z.enum(BUDGET_KINDS).optional() }),
  },
  responses: { 200: jsonResponse(page(BudgetEntry, 'ContractBudgetEntryPage'), 'A page of bookings.') },
});
const summaryPdf = defineRoute(read, {
  method: 'get', path: '/municipalities/{municipalityId}/contracts/{contractId}/summary', operationId: 'getContractSummaryPdf', tags,
  summary: 'The contract summary as a PDF (contractsamenvatting), in Dutch',
  request: { params: C },
  responses: {
    200: {
      description: 'The PDF.',
      headers: versionHeader,
      content: { 'application/pdf': { schema: text().openapi({ format: 'binary' }) } },
    },
  },
}, { errors: [503] });

const providerList = defineRoute(providerRead, {
  method: 'get', path: '/providers/{providerId}/contracts', operationId: 'listProviderContracts', tags,
  summary: 'The provider’s contracts with every municipality',
  description: 'Contracts in force or ended (not the municipalities’ drafts). Staff of the provider, or its API key with contracts:read.',
  request: { params: P, query: PaginationQuery.extend({ status: z.enum(CONTRACT_STATUSES).optional(), municipalityId: z.uuid().optional() }) },
  responses: { 200: jsonResponse(page(ContractSummary, 'ProviderContractPage'), 'A page of contracts.') },
});
const providerGet = defineRoute(providerRead, {
  method: 'get', path: '/providers/{providerId}/contracts/{contractId}', operationId: 'getProviderContract', tags,
  summary: 'One of the provider’s contracts, current or as it stood on a date',
  request: { params: PC, query: AsOf },
  responses: { 200: jsonResponse(Contract, 'The contract.') },
});

/** The operations by name: tests call them typed from these definitions (tests/support/request.ts). */
export const routes = { createContract, listContracts, getContract, putTerms, activate, suspend, resume, end, amend, listVersions, getVersion, getBudgets, bookEntry, listEntries, summaryPdf, providerList, providerGet };

export function register(app: OpenAPIHono<AppEnv>): void {
  const withTag = (a: service.ContractT) => ({ ETag: service.etagOf(a.revision) });

  app.openapi(createContract, async (c) => {
    const { municipalityId } = c.req.valid('param');
    const a = await service.createContract(c.get('trx'), municipalityId, c.req.valid('json'), userPrincipal(c).userId);
    c.set('auditSubject', { type: 'contract', id: a.id });
    return c.json(a, 201, { ...withTag(a), Location: `/v1/municipalities/${municipalityId}/contracts/${a.id}` });
  });
  app.openapi(listContracts, async (c) => {
    const q = c.req.valid('query');
    return c.json(toPage(await service.listContracts(c.get('trx'), { tenantId: c.req.valid('param').municipalityId }, q), q.limit), 200);
  });
  app.openapi(getContract, async (c) => {
    const p = c.req.valid('param');
    const a = await service.getContract(c.get('trx'), { tenantId: p.municipalityId }, p.contractId, c.req.valid('query').asOf);
    return c.json(a, 200, withTag(a));
  });
  app.openapi(putTerms, async (c) => {
    const p = c.req.valid('param');
    const a = await service.updateDraftTerms(c.get('trx'), p.municipalityId, p.contractId, c.req.valid('json'), c.req.header('If-Match'));
    return c.json(a, 200, withTag(a));
  });
  for (const [route, action] of [
    [activate, 'activate'],
    [suspend, 'suspend'],
    [resume, 'resume'],
    [end, 'end'],
  ] as const) {
    app.openapi(route, async (c) => {
      const p = c.req.valid('param');
      const a = await service.transition(c.get('trx'), p.municipalityId, p.contractId, action, c.req.header('If-Match'));
      return c.json(a, 200, withTag(a));
    });
  }
  app.openapi(amend, async (c) => {
    const p = c.req.valid('param');
    const a = await service.amend(c.get('trx'), p.municipalityId, p.contractId, c.req.valid('json'), c.req.header('If-Match'), userPrincipal(c).userId);
    return c.json(a, 201, withTag(a));
  });
  app.openapi(listVersions, async (c) => {
    const p = c.req.valid('param');
    return c.json({ items: await service.listVersions(c.get('trx'), p.municipalityId, p.contractId) }, 200);
  });
  app.openapi(getVersion, async (c) => {
    const p = c.req.valid('param');
    return c.json(await service.getVersion(c.get('trx'), p.municipalityId, p.contractId, p.version), 200);
  });
  app.openapi(getBudgets, async (c) => {
    const p = c.req.valid('param');
    return c.json({ items: await service.budgets(c.get('trx'), p.municipalityId, p.contractId) }, 200);
  });
  app.openapi(bookEntry, async (c) => {
    const p = c.req.valid('param');
    const entry = await service.bookBudgetEntry(c.get('trx'), p.municipalityId, p.contractId, c.req.valid('json'), {
      userId: userPrincipal(c).userId,
      publicUrl: c.get('deps').config.publicUrl,
      now: nowOf(c),
    });
    return c.json(entry, 201);
  });
  app.openapi(listEntries, async (c) => {
    const p = c.req.valid('param');
    const q = c.req.valid('query');
    return c.json(toPage(await service.listBudgetEntries(c.get('trx'), p.municipalityId, p.contractId, q), q.limit), 200);
  });
  app.openapi(summaryPdf, async (c) => {
    const p = c.req.valid('param');
    const summary = await service.summaryOf(c.get('trx'), p.municipalityId, p.contractId);
    const pdf = await pdfServiceOf(c.get('deps')).contractSummary(summary, nowOf(c));
    const safeRef = summary.contract.reference.replace(/[^0-9A-Za-z._-]+/g, '-');
    return c.body(pdf, 200, {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `attachment; filename="contract-${safeRef}.pdf"`,
    }) as never;
  });

  app.openapi(providerList, async (c) => {
    const q = c.req.valid('query');
    return c.json(toPage(await service.listContracts(c.get('trx'), { providerId: c.req.valid('param').providerId }, q), q.limit), 200);
  });
  app.openapi(providerGet, async (c) => {
    const p = c.req.valid('param');
    return c.json(await service.getContract(c.get('trx'), { providerId: p.providerId }, p.contractId, c.req.valid('query').asOf), 200);
  });
}
