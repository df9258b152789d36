// The municipality's contracts for administrators and contract managers: what needs attention
// first (a notice deadline that is near, a budget past its warning percentage), then every contract
// with its status, provider, period, notice deadline and budget use, filtered by status. Contract
// managers who do no case work land here (workspace municipalityHome).
import type { Context } from 'hono';
import { todayInAmsterdam } from '../../../platform/dates.js';
import { nowOf } from '../../../platform/http/context.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { type Locale, localeOf } from '../../../platform/http/page.js';
import { href, staffPage } from '../../../platform/http/pages.js';
import { Alert, Button, DataTable, Select } from '../../../platform/ui/form.js';
import { CONTRACT_STATUSES, type ContractStatus } from '../schemas.js';
import { type ContractOverview, contractsNeedingAttention, contractsOverview, euros } from '../service.js';
import { STATUS, StatusBadge, contractPath, contractsPath, date, mid } from './shared.js';

export const L = {
  nl: {
    title: 'Contracten',
    intro: 'De contracten van uw gemeente met zorgaanbieders: hun looptijd, de uiterste opzegdatum en hoeveel van het budget al verplicht of uitgegeven is.',
    create: 'Nieuw contract',
    attention: (n: number) => (n === 1 ? '1 contract vraagt aandacht' : `${n} contracten vragen aandacht`),
    notice: (ref: string, provider: string, d: string) => `${ref} (${provider}): opzeggen kan uiterlijk op ${d}.`,
    budget: (ref: string, year: number, pct: string, warn: number) => `${ref}: van het budget ${year} is ${pct}% gebruikt (waarschuwing bij ${warn}%).`,
    filter: 'Filteren',
    status: 'Status',
    all: 'Alle statussen',
    caption: 'Contracten van de gemeente',
    count: (n: number) => (n === 1 ? '1 contract' : `${n} contracten`),
    reference: 'Contract',
    provider: 'Zorgaanbieder',
    period: 'Looptijd',
    deadline: 'Uiterste opzegdatum',
    use: 'Budgetgebruik',
    soon: 'binnenkort',
    noBudget: 'Geen budget',
    used: (spent: string, committed: string, ceiling: string) => `${spent} uitgegeven, ${committed} verplicht, van ${ceiling}`,
    warning: 'Waarschuwing',
    none: 'Er zijn geen contracten.',
    noneStatus: 'Er zijn geen contracten met deze status.',
  },
  en: {
    title: 'Contracts',
    intro: 'Your municipality’s contracts with care providers: their term, the notice deadline and how much of the budget is committed or spent.',
    create: 'New contract',
    attention: (n: number) => (n === 1 ? '1 contract needs attention' : `${n} contracts need attention`),
    notice: (ref: string, provider: string, d: string) => `${ref} (${provider}): notice can be given until ${d}.`,
    budget: (ref: string, year: number, pct: string, warn: number) => `${ref}: ${pct}% of the ${year} budget is used (warning at ${warn}%).`,
    filter: 'Filter',
    status: 'Status',
    all: 'All statuses',
    caption: 'Contracts of the municipality',
    count: (n: number) => (n === 1 ? '1 contract' : `${n} contracts`),
    reference: 'Contract',
    provider: 'Care provider',
    period: 'Term',
    deadline: 'Notice deadline',
    use: 'Budget use',
    soon: 'soon',
    noBudget: 'No budget',
    used: (spent: string, committed: string, ceiling: string) => `${spent} spent, ${committed} committed, of ${ceiling}`,
    warning: 'Warning',
    none: 'There are no contracts.',
    noneStatus: 'There are no contracts with this status.',
  },
} as const;

export const pct = (n: number, locale: Locale) => (locale === 'nl' ? String(n).replace('.', ',') : String(n));

/** The warnings at the top of the list (and the number the admin's caseload shows). */
export function AttentionAlert(props: { c: Context<AppEnv>; items: readonly ContractOverview[]; locale: Locale }) {
  const s = L[props.locale];
  const m = mid(props.c);
  const items = props.items.filter((i) => i.needsAttention);
  if (items.length === 0) return null;
  return (
    <Alert type="warning" title={s.attention(items.length)}>
      <ul class="utrecht-unordered-list">
        {items.flatMap((i) => [
          ...(i.noticeNear
            ? [
                <li class="utrecht-unordered-list__item">
                  <a class="utrecht-link" href={href(props.c, contractPath(m, i.id))}>
                    {s.notice(i.reference, i.providerName, date(i.noticeDeadline, props.locale))}
                  </a>
                </li>,
              ]
            : []),
          ...i.budgetWarnings.map((b) => (
            <li class="utrecht-unordered-list__item">
              <a class="utrecht-link" href={href(props.c, `${contractPath(m, i.id)}#budgets`)}>
                {s.budget(i.reference, b.year, pct(b.usedPercent, props.locale), b.warningPercent)}
              </a>
            </li>
          )),
        ])}
      </ul>
    </Alert>
  );
}

export async function contractList(c: Context<AppEnv>) {
  const locale = localeOf(c);
  const s = L[locale];
  const m = mid(c);
  const asked = c.req.query('status');
  const status = (CONTRACT_STATUSES as readonly string[]).includes(asked ?? '') ? (asked as ContractStatus) : undefined;
  const today = todayInAmsterdam(nowOf(c));
  const trx = c.get('trx');
  // The warnings are about every contract, whatever the filter shows.
  const all = await contractsOverview(trx, m, today);
  const items = status ? all.filter((i) => i.status === status) : all;
  const body = (
    <div class="vv-contracts-page">
      <AttentionAlert c={c} items={all} locale={locale} />
      <p class="utrecht-paragraph">{s.intro}</p>
      <p class="utrecht-paragraph">
        <a class="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--primary-action" href={href(c, `${contractsPath(m)}/new`)}>
          {s.create}
        </a>
      </p>
      <form method="get" action={contractsPath(m)} class="vv-contracts-filter">
        {c.req.query('lang') ? <input type="hidden" name="lang" value={localeOf(c)} /> : null}
        <Select name="status" label={s.status} value={status ?? ''} placeholder={s.all} options={CONTRACT_STATUSES.map((v) => ({ value: v, label: STATUS[locale][v] }))} />
        <div class="vv-actions">
          <Button kind="secondary">{s.filter}</Button>
        </div>
      </form>
      {items.length === 0 ? (
        <p class="utrecht-paragraph">{status ? s.noneStatus : s.none}</p>
      ) : (
        <DataTable label={s.caption} caption={`${s.caption}: ${s.count(items.length)}`} captionVisible class="vv-contracts" id="contracts" columns={[s.reference, s.provider, s.status, s.period, s.deadline, s.use]}>
          {items.map((i) => {
            const b = i.shownBudget;
            return (
              <tr class="utrecht-table__row" data-contract={i.id}>
                <th class="utrecht-table__header-cell" scope="row">
                  <a class="utrecht-link" href={href(c, contractPath(m, i.id))}>
                    {i.reference}
                  </a>
                </th>
                <td class="utrecht-table__cell">{i.providerName}</td>
                <td class="utrecht-table__cell">
                  <StatusBadge status={i.status} locale={locale} />
                </td>
                <td class="utrecht-table__cell">
                  {date(i.startDate, locale)} – {date(i.endDate, locale)}
                </td>
                <td class="utrecht-table__cell">
                  {date(i.noticeDeadline, locale)}
                  {i.noticeNear ? <strong class="vv-flag"> ({s.soon})</strong> : null}
                </td>
                <td class="utrecht-table__cell">
                  {b ? (
                    <>
                      <span class="vv-use">
                        {b.year}: {pct(b.usedPercent, locale)}%
                        {b.warning ? <strong class="vv-flag"> — {s.warning}</strong> : null}
                      </span>
                      <br />
                      <span class="vv-muted">{s.used(euros(b.spentCents), euros(b.committedCents), euros(b.ceilingCents))}</span>
                    </>
                  ) : (
                    s.noBudget
                  )}
                </td>
              </tr>
            );
          })}
        </DataTable>
      )}
    </div>
  );
  return staffPage(c, { title: s.title, body, width: 'wide' });
}

const NOTICE = {
  nl: { text: (n: number) => (n === 1 ? '1 contract vraagt aandacht: een opzegdatum komt dichtbij of een budget is bijna op.' : `${n} contracten vragen aandacht: een opzegdatum komt dichtbij of een budget is bijna op.`), link: 'Naar de contracten' },
  en: { text: (n: number) => (n === 1 ? '1 contract needs attention: a notice deadline is near or a budget is nearly used up.' : `${n} contracts need attention: a notice deadline is near or a budget is nearly used up.`), link: 'Go to the contracts' },
} as const;

/**
 * For the top of an administrator's caseload: how many contracts need attention, with a link to the
 * list (nothing for other roles, or when none does).
 */
export async function contractAttentionNotice(c: Context<AppEnv>) {
  if (!(c.get('entered')?.tenant?.roles ?? []).includes('admin')) return null;
  const m = mid(c);
  const count = await contractsNeedingAttention(c.get('trx'), m, todayInAmsterdam(nowOf(c)));
  if (count === 0) return null;
  const s = NOTICE[localeOf(c)];
  return (
    <Alert type="warning">
      <p class="utrecht-paragraph vv-contracts-notice">
        {s.text(count)}{' '}
        <a class="utrecht-link" href={href(c, contractsPath(m))}>
          {s.link}
        </a>
      </p>
    </Alert>
  );
}
