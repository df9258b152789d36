// The contract pages of the staff app, each standing for the API operation it performs
// (asOperation: the same access and processing log) and open to administrators and contract
// managers only (contractStaff). They call the same service functions as ../routes.ts.
import type { Context, MiddlewareHandler } from 'hono';
import { Hono } from 'hono';
import { ApiError } from '../../../platform/errors.js';
import { nowOf, userPrincipal } from '../../../platform/http/context.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { pdfServiceOf } from '../../../platform/pdf-service.js';
import { localeOf } from '../../../platform/http/page.js';
import { appFailurePage, asOperation, href, pageAccess, seeOther, staffPage } from '../../../platform/http/pages.js';
import type { Access } from '../../../platform/http/access.js';
import { Alert, Button, fieldErrorsFrom, readForm, validateForm } from '../../../platform/ui/form.js';
import { listRelationsOfMunicipality } from '../../providers/service.js';
import { routes } from '../routes.js';
import { Amendment, CreateBudgetEntry, CreateContract, Terms } from '../schemas.js';
import * as service from '../service.js';
import { D, contractPage } from './contract.js';
import { type Mode, NEW_ROWS, NEW_VALUES, type Rows, type Values, contractForm, formErrors, formToTerms, rowsOf, termsToForm, withAddedRow } from './form.js';
import { contractList } from './list.js';
import { BASE, CONTRACT, contractPath, contractStaff, contractsPath, mid, textToCents, textToInt } from './shared.js';

const C = {
  nl: {
    confirm: {
      activate: (r: string) => `Contract ${r} activeren?`,
      suspend: (r: string) => `Contract ${r} opschorten?`,
      resume: (r: string) => `Contract ${r} hervatten?`,
      end: (r: string) => `Contract ${r} beëindigen?`,
    },
    explain: {
      activate: 'Het contract gaat in werking en de zorgaanbieder ziet het. De voorwaarden liggen daarna vast: veranderen kan alleen nog met een wijziging, die een nieuwe versie wordt.',
      suspend: 'Het contract wordt opgeschort. U kunt het later hervatten of beëindigen.',
      resume: 'Het contract wordt weer actief.',
      end: 'Het contract wordt beëindigd. Dat kan niet ongedaan worden gemaakt: wijzigingen en boekingen zijn daarna niet meer mogelijk.',
    },
    yes: { activate: 'Ja, activeren', suspend: 'Ja, opschorten', resume: 'Ja, hervatten', end: 'Ja, beëindigen' },
    no: 'Nee, terug',
    heading: (ref: string, provider: string) => `Contract ${ref} met ${provider}`,
  },
  en: {
    confirm: {
      activate: (r: string) => `Activate contract ${r}?`,
      suspend: (r: string) => `Suspend contract ${r}?`,
      resume: (r: string) => `Resume contract ${r}?`,
      end: (r: string) => `End contract ${r}?`,
    },
    explain: {
      activate: 'The contract comes into force and the care provider sees it. Its terms are then fixed: they change only by an amendment, which becomes a new version.',
      suspend: 'The contract is suspended. You can resume or end it later.',
      resume: 'The contract becomes active again.',
      end: 'The contract ends. This cannot be undone: amendments and bookings are no longer possible afterwards.',
    },
    yes: { activate: 'Yes, activate', suspend: 'Yes, suspend', resume: 'Yes, resume', end: 'Yes, end' },
    no: 'No, go back',
    heading: (ref: string, provider: string) => `Contract ${ref} with ${provider}`,
  },
} as const;

/**
 * A form that may post back only to gain a row (`add`): that is no write and is not logged as the
 * operation; it still needs the operation's access. A real submit goes through asOperation.
 */
function formOp(route: object): MiddlewareHandler<AppEnv> {
  const op = asOperation(route);
  const plain = pageAccess((route as { 'x-access': Access })['x-access']);
  return async (c, next) => {
    const body = await c.req.parseBody();
    return typeof body.add === 'string' ? plain(c, next) : op(c, next);
  };
}

const ifMatchOf = (values: Values) => (/^\d{1,9}$/.test(values.revision ?? '') ? `"r${values.revision}"` : undefined);

async function providersOf(c: Context<AppEnv>) {
  return (await listRelationsOfMunicipality(c.get('trx'), mid(c), 200)).map((r) => ({ id: r.providerId, name: r.providerName }));
}

function Heading(props: { c: Context<AppEnv>; contract: service.ContractT }) {
  const locale = localeOf(props.c);
  return (
    <p class="utrecht-paragraph vv-contract-meta">
      <a class="utrecht-link" href={href(props.c, contractPath(mid(props.c), props.contract.id))}>
        {C[locale].heading(props.contract.reference, props.contract.provider.name)}
      </a>
    </p>
  );
}

/** The form for a mode, from what was typed (values and rows) and the errors. */
async function renderForm(c: Context<AppEnv>, mode: Mode, values: Values, rows: Rows, errors: Record<string, string>, status: 200 | 400 = 200, contract?: service.ContractT) {
  const m = mid(c);
  const action = mode === 'new' ? `${contractsPath(m)}/new` : `${contractPath(m, contract?.id as string)}/${mode}`;
  return contractForm({
    c,
    mode,
    action: href(c, action),
    cancel: href(c, mode === 'new' ? contractsPath(m) : contractPath(m, contract?.id as string)),
    values,
    rows,
    errors,
    status,
    ...(mode === 'new' ? { providers: await providersOf(c) } : {}),
    ...(contract ? { revision: Number(values.revision ?? contract.revision), heading: <Heading c={c} contract={contract} /> } : {}),
  });
}

/** A posted contract form: another row, or the operation (its 400 back on the form, what was typed kept). */
async function submitForm(c: Context<AppEnv>, mode: Mode, contract: service.ContractT | undefined, save: (values: Values, terms: Record<string, unknown>) => Promise<string>) {
  const values = readForm(await c.req.parseBody());
  const rows = rowsOf(values);
  if (values.add !== undefined) return renderForm(c, mode, values, withAddedRow(rows, values.add), {}, 200, contract);
  const { terms, maps } = formToTerms(values, rows);
  try {
    const done = await save(values, terms);
    return seeOther(c, href(c, contractPath(mid(c), done === 'created' ? (c.get('auditSubject')?.id as string) : (contract?.id as string)), { done }));
  } catch (error) {
    if (error instanceof ApiError && error.status === 400) return renderForm(c, mode, values, rows, formErrors(error, maps, localeOf(c)), 400, contract);
    throw error;
  }
}

const current = (c: Context<AppEnv>) => service.getContract(c.get('trx'), { tenantId: mid(c) }, c.req.param('contractId') as string);

const ENTRY_FIELDS = ['kind', 'year', 'amountCents', 'description', 'bookedOn'];

export function contractPages(): Hono<AppEnv> {
  const pages = new Hono<AppEnv>();
  pages.onError(appFailurePage);

  pages.get(BASE, asOperation(routes.listContracts), contractStaff, contractList);

  // ---- a new draft ----
  pages.get(`${BASE}/new`, asOperation(routes.createContract), contractStaff, (c) => renderForm(c, 'new', NEW_VALUES, NEW_ROWS, {}));
  pages.post(`${BASE}/new`, formOp(routes.createContract), contractStaff, (c) =>
    submitForm(c, 'new', undefined, async (values, terms) => {
      const input = validateForm(CreateContract, { providerId: values.providerId || undefined, reference: values.reference ?? '', terms });
      const created = await service.createContract(c.get('trx'), mid(c), input, userPrincipal(c).userId);
      c.set('auditSubject', { type: 'contract', id: created.id });
      return 'created';
    }),
  );

  // ---- one contract ----
  pages.get(CONTRACT, asOperation(routes.getContract), contractStaff, (c) => contractPage(c));

  pages.get(`${CONTRACT}/edit`, asOperation(routes.putTerms), contractStaff, async (c) => {
    const contract = await current(c);
    service.assertEditable(contract.status);
    const { values, rows } = termsToForm(contract.terms);
    return renderForm(c, 'edit', { ...values, revision: String(contract.revision) }, rows, {}, 200, contract);
  });
  pages.post(`${CONTRACT}/edit`, formOp(routes.putTerms), contractStaff, async (c) => {
    const contract = await current(c);
    return submitForm(c, 'edit', contract, async (values, terms) => {
      const input = validateForm(Terms, terms);
      await service.updateDraftTerms(c.get('trx'), mid(c), contract.id, input, ifMatchOf(values));
      return 'saved';
    });
  });

  pages.get(`${CONTRACT}/amend`, asOperation(routes.amend), contractStaff, async (c) => {
    const contract = await current(c);
    service.assertAmendable(contract.status);
    const { values, rows } = termsToForm(contract.terms);
    return renderForm(c, 'amend', { ...values, revision: String(contract.revision) }, rows, {}, 200, contract);
  });
  pages.post(`${CONTRACT}/amend`, formOp(routes.amend), contractStaff, async (c) => {
    const contract = await current(c);
    return submitForm(c, 'amend', contract, async (values, terms) => {
      const input = validateForm(Amendment, { rationale: values.rationale ?? '', effectiveFrom: values.effectiveFrom || undefined, terms });
      await service.amend(c.get('trx'), mid(c), contract.id, input, ifMatchOf(values), userPrincipal(c).userId);
      return 'amended';
    });
  });

  // ---- activate, suspend, resume, end: a confirmation step, then the POST ----
  for (const [action, route] of [
    ['activate', routes.activate],
    ['suspend', routes.suspend],
    ['resume', routes.resume],
    ['end', routes.end],
  ] as const) {
    pages.get(`${CONTRACT}/${action}`, asOperation(route), contractStaff, async (c) => {
      const locale = localeOf(c);
      const s = C[locale];
      const contract = await current(c);
      const base = contractPath(mid(c), contract.id);
      // Asked where it cannot happen: the service's own refusal (409), as the API gives it.
      if (!service.TRANSITIONS[action][contract.status]) {
        return staffPage(c, {
          title: s.confirm[action](contract.reference),
          status: 409,
          body: (
            <>
              <Alert type="error">{`${D[locale].action[action]}: ${locale === 'nl' ? 'dat kan niet in deze status.' : 'not possible in this status.'}`}</Alert>
              <p class="utrecht-paragraph">
                <a class="utrecht-link" href={href(c, base)}>
                  {s.no}
                </a>
              </p>
            </>
          ),
        });
      }
      const body = (
        <div class="vv-contract-confirm">
          <Heading c={c} contract={contract} />
          <p class="utrecht-paragraph">{s.explain[action]}</p>
          <form method="post" action={href(c, `${base}/${action}`)}>
            <input type="hidden" name="revision" value={String(contract.revision)} />
            <div class="vv-actions">
              <Button>{s.yes[action]}</Button>
              <a class="utrecht-link" href={href(c, base)}>
                {s.no}
              </a>
            </div>
          </form>
        </div>
      );
      return staffPage(c, { title: s.confirm[action](contract.reference), body });
    });
    pages.post(`${CONTRACT}/${action}`, asOperation(route), contractStaff, async (c) => {
      const values = readForm(await c.req.parseBody());
      const id = c.req.param('contractId') as string;
      await service.transition(c.get('trx'), mid(c), id, action, ifMatchOf(values));
      return seeOther(c, href(c, contractPath(mid(c), id), { done: action }));
    });
  }

  // ---- a booking against a year's budget ----
  pages.post(`${CONTRACT}/budget-entries`, asOperation(routes.bookEntry), contractStaff, async (c) => {
    const locale = localeOf(c);
    const values = readForm(await c.req.parseBody());
    const id = c.req.param('contractId') as string;
    try {
      const input = validateForm(CreateBudgetEntry, {
        kind: values.kind || undefined,
        year: textToInt(values.year),
        amountCents: textToCents(values.amountCents),
        description: values.description ?? '',
        bookedOn: values.bookedOn || undefined,
      });
      const booked = await service.bookBudgetEntry(c.get('trx'), mid(c), id, input, { userId: userPrincipal(c).userId, publicUrl: c.get('deps').config.publicUrl, now: nowOf(c) });
      return seeOther(c, `${href(c, contractPath(mid(c), id), { done: booked.alertSent ? 'alert' : 'booked' })}#entries`);
    } catch (error) {
      if (error instanceof ApiError && error.status === 400) {
        const m = D[locale].m;
        const errors = fieldErrorsFrom(error, { fields: ENTRY_FIELDS, messages: (p) => (m as Record<string, string>)[p.name.replace(/^body\./, '')] });
        return contractPage(c, { entry: { values, errors }, status: 400 });
      }
      throw error;
    }
  });

  // ---- the summary PDF, as the API's getContractSummaryPdf makes it ----
  pages.get(`${CONTRACT}/summary.pdf`, asOperation(routes.summaryPdf), contractStaff, async (c) => {
    const summary = await service.summaryOf(c.get('trx'), mid(c), c.req.param('contractId') as string);
    const pdf = await pdfServiceOf(c.get('deps')).contractSummary(summary, nowOf(c));
    const safeRef = summary.contract.reference.replace(/[^0-9A-Za-z._-]+/g, '-');
    return c.body(pdf, 200, { 'Content-Type': 'application/pdf', 'Content-Disposition': `attachment; filename="contract-${safeRef}.pdf"` });
  });

  return pages;
}
