// The processing log on the staff app, for a municipality's admins (under Settings): search by the
// staff member who acted, the subject (type and id, e.g. a young person's agreement), a range of
// days in Dutch time and the operation; paged, newest first; and the same search as a CSV file.
// Both stand for listProcessingLog (asOperation: admins only, and — the log names who did what
// with whose data — every read of it is itself written to the log).
//
// The search is a GET form, so its values are in the URL: none of them is personal data. The
// staff member is chosen from a list and sent as their user id, never their name; the subject is
// a type and an id; there is no free text and no BSN anywhere.
import type { Context } from 'hono';
import { Hono } from 'hono';
import { dayInAmsterdam, formatDateTime } from '../../../platform/dates.js';
import { ApiError, type InvalidParam } from '../../../platform/errors.js';
import { nowOf } from '../../../platform/http/context.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { toPage } from '../../../platform/http/openapi.js';
import { type Locale, localeOf } from '../../../platform/http/page.js';
import { type PageStatus, appFailurePage, asOperation, href, staffPage } from '../../../platform/http/pages.js';
import { Button, DataTable, ErrorSummary, type FieldErrors, Select, TextField, fieldErrorsFrom, validateForm } from '../../../platform/ui/form.js';
import { listMembers } from '../../identity/service.js';
import { csvCell } from '../../indicators/service.js';
import { ProcessingLogQuery, routes } from '../routes.js';
import { type ProcessingLogEntry, listProcessingLog } from '../service.js';

const T = {
  nl: {
    title: 'Verwerkingslog',
    intro: 'Wie heeft wat gedaan met welke gegevens, en wanneer. Elke handeling in Vervolg die persoonsgegevens raakt, staat hier; ook het bekijken van dit log. Het log kan niet worden gewijzigd. Tijden zijn in Nederlandse tijd.',
    search: 'Zoeken',
    searchTitle: 'Zoeken in het log',
    actor: 'Medewerker',
    anyone: 'Iedereen',
    subjectType: 'Soort onderwerp',
    anyType: 'Alle soorten',
    subjectId: 'Id van het onderwerp',
    subjectIdHint: 'Bijvoorbeeld het id van de toekomstafspraken van een jongere (staat in het webadres van de pagina van de jongere).',
    operation: 'Handeling',
    operationHint: 'De naam van de handeling, zoals getAgreement of updateMember.',
    from: 'Van (datum)',
    to: 'Tot en met (datum)',
    dateHint: 'Bijvoorbeeld 3-12-2026.',
    export: 'Download als CSV',
    clear: 'Zoekopdracht wissen',
    caption: 'Regels in het verwerkingslog',
    none: 'Er zijn geen regels die bij deze zoekopdracht passen.',
    time: 'Tijdstip',
    who: 'Wie',
    what: 'Handeling',
    about: 'Onderwerp',
    result: 'Resultaat',
    older: 'Oudere regels',
    newest: 'Naar de nieuwste regels',
    ok: 'Gedaan',
    refused: 'Geweigerd',
    actorTypes: { user: 'Medewerker', 'api-key': 'API-sleutel', system: 'Vervolg zelf', anonymous: 'Onbekend', signer: 'Ondertekenaar' } as Record<string, string>,
    actions: { create: 'aanmaken', read: 'inzien', update: 'wijzigen', delete: 'verwijderen' } as Record<string, string>,
    formerMember: 'Oud-medewerker',
    messages: { date: 'Vul een datum in als 3-12-2026.', order: 'De einddatum ligt vóór de begindatum.', operation: 'Gebruik alleen letters, hoogstens 100.', subjectId: 'Gebruik hoogstens 100 tekens.', subjectType: 'Kies een soort uit de lijst.', actor: 'Kies een medewerker uit de lijst.' },
    subjectTypes: {
      agreement: 'Toekomstafspraken (jongere)',
      member: 'Medewerker',
      user: 'Gebruiker',
      invitation: 'Uitnodiging',
      municipality: 'Gemeente',
      provider: 'Aanbieder',
      contract: 'Contract',
      template: 'Sjabloon',
      signer: 'Ondertekenaar',
      'webhook-endpoint': 'Webhook',
      webhookEndpoint: 'Webhook',
      'webhook-delivery': 'Webhookbericht',
      delivery: 'Webhookbericht',
    } as Record<string, string>,
  },
  en: {
    title: 'Processing log',
    intro: 'Who did what with which data, and when. Every action in Vervolg that touches personal data is here, including viewing this log. The log cannot be changed. Times are in Dutch time.',
    search: 'Search',
    searchTitle: 'Search the log',
    actor: 'Staff member',
    anyone: 'Anyone',
    subjectType: 'Kind of subject',
    anyType: 'All kinds',
    subjectId: 'Id of the subject',
    subjectIdHint: 'For example the id of a young person’s agreement (it is in the web address of the young person’s page).',
    operation: 'Operation',
    operationHint: 'The name of the operation, such as getAgreement or updateMember.',
    from: 'From (date)',
    to: 'Up to and including (date)',
    dateHint: 'For example 3-12-2026.',
    export: 'Download as CSV',
    clear: 'Clear the search',
    caption: 'Lines in the processing log',
    none: 'No lines match this search.',
    time: 'Time',
    who: 'Who',
    what: 'Operation',
    about: 'Subject',
    result: 'Result',
    older: 'Older lines',
    newest: 'To the newest lines',
    ok: 'Done',
    refused: 'Refused',
    actorTypes: { user: 'Staff member', 'api-key': 'API key', system: 'Vervolg itself', anonymous: 'Unknown', signer: 'Signer' } as Record<string, string>,
    actions: { create: 'create', read: 'view', update: 'change', delete: 'delete' } as Record<string, string>,
    formerMember: 'Former staff member',
    messages: { date: 'Enter a date like 3-12-2026.', order: 'The end date is before the start date.', operation: 'Use letters only, at most 100.', subjectId: 'Use at most 100 characters.', subjectType: 'Choose a kind from the list.', actor: 'Choose a staff member from the list.' },
    subjectTypes: {
      agreement: 'Agreement (young person)',
      member: 'Staff member',
      user: 'User',
      invitation: 'Invitation',
      municipality: 'Municipality',
      provider: 'Provider',
      contract: 'Contract',
      template: 'Template',
      signer: 'Signer',
      'webhook-endpoint': 'Webhook',
      webhookEndpoint: 'Webhook',
      'webhook-delivery': 'Webhook message',
      delivery: 'Webhook message',
    } as Record<string, string>,
  },
} as const;
type Strings = (typeof T)[Locale];

const PATH = '/app/municipalities/:municipalityId/settings/processing-log';
export const processingLogPath = (m: string) => `/app/municipalities/${m}/settings/processing-log`;
const PAGE_SIZE = 50;
/** The most lines one CSV file holds (newest first); narrow the search for older ones. */
export const MAX_EXPORT = 10_000;
const FIELDS = ['actorId', 'subjectType', 'subjectId', 'operation', 'from', 'to'] as const;
type Search = Record<(typeof FIELDS)[number], string>;

/**
 * A typed Dutch date (3-12-2026, 03/12/2026, 3.12.2026) or an ISO one (2026-12-03) as YYYY-MM-DD; anything
 * else as typed (the schema then refuses it beside its field). A plain text field rather than a
 * date picker: browsers show the picker in their own order (mm/dd/yyyy), not the Dutch one.
 */
export function isoDateOf(typed: string): string {
  const t = typed.trim();
  const nl = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(t);
  return nl ? `${nl[3]}-${(nl[2] as string).padStart(2, '0')}-${(nl[1] as string).padStart(2, '0')}` : t;
}

function searchOf(c: Context<AppEnv>): Search {
  const out = {} as Search;
  for (const f of FIELDS) out[f] = (c.req.query(f) ?? '').slice(0, 200);
  return out;
}

/** The search as the API's query (the same schema, so the same rules); 400 with every problem otherwise. */
function queryOf(search: Search, limit: number, cursor: string | undefined, members: ReadonlyMap<string, string>) {
  const problems: InvalidParam[] = [];
  if (search.actorId && !members.has(search.actorId)) problems.push({ name: 'query.actorId', reason: 'not a member' });
  if (search.operation && !/^[A-Za-z]{1,100}$/.test(search.operation)) problems.push({ name: 'query.operation', reason: 'letters only' });
  let parsed: ReturnType<typeof ProcessingLogQuery.parse> | null = null;
  try {
    parsed = validateForm(ProcessingLogQuery, {
      limit,
      cursor,
      actorId: search.actorId || undefined,
      subjectType: search.subjectType || undefined,
      subjectId: search.subjectId.trim() || undefined,
      operation: search.operation.trim() || undefined,
      occurredFrom: search.from ? isoDateOf(search.from) : undefined,
      occurredTo: search.to ? isoDateOf(search.to) : undefined,
    });
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    problems.push(...((error.extra.invalidParams as InvalidParam[] | undefined) ?? []));
  }
  if (parsed?.occurredFrom && parsed.occurredTo && parsed.occurredTo < parsed.occurredFrom) problems.push({ name: 'query.occurredTo', reason: 'order' });
  if (problems.length || !parsed) throw new ApiError(400, 'invalid-query', 'Invalid query', 'The search has invalid fields.', { invalidParams: problems });
  return parsed;
}

function errorsOf(error: unknown, s: Strings): FieldErrors {
  const rename: Record<string, string> = { occurredFrom: 'from', occurredTo: 'to' };
  const raw = fieldErrorsFrom(error, {
    messages: (p) => {
      if (/occurredTo$/.test(p.name) && p.reason === 'order') return s.messages.order;
      if (/occurred(From|To)$/.test(p.name)) return s.messages.date;
      if (/operation$/.test(p.name)) return s.messages.operation;
      if (/subjectId$/.test(p.name)) return s.messages.subjectId;
      if (/subjectType$/.test(p.name)) return s.messages.subjectType;
      if (/actorId$/.test(p.name)) return s.messages.actor;
      return undefined;
    },
  });
  const errors: FieldErrors = {};
  for (const [name, message] of Object.entries(raw)) {
    const field = rename[name] ?? name;
    if (!(field in errors)) errors[field] = message;
  }
  return errors;
}

async function membersOf(c: Context<AppEnv>, m: string): Promise<Map<string, string>> {
  const members = await listMembers(c.get('trx'), m, 1000);
  return new Map(members.map((x) => [x.userId, x.name] as const));
}

function whoOf(e: ProcessingLogEntry, members: ReadonlyMap<string, string>, s: Strings): string {
  if (e.actorType === 'user' && e.actorId) return members.get(e.actorId) ?? `${s.formerMember} (${e.actorId.slice(0, 8)}…)`;
  return s.actorTypes[e.actorType] ?? e.actorType;
}

async function logPage(c: Context<AppEnv>) {
  const locale = localeOf(c);
  const s = T[locale];
  const m = c.req.param('municipalityId') as string;
  const members = await membersOf(c, m);
  const search = searchOf(c);
  const cursorQ = c.req.query('cursor');
  const cursor = cursorQ && /^[0-9a-f-]{36}$/.test(cursorQ) ? cursorQ : undefined;
  let errors: FieldErrors = {};
  let page: { items: ProcessingLogEntry[]; nextCursor: string | null } = { items: [], nextCursor: null };
  let status: PageStatus = 200;
  try {
    const q = queryOf(search, PAGE_SIZE, cursor, members);
    page = toPage(await listProcessingLog(c.get('trx'), m, q), PAGE_SIZE);
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 400)) throw error;
    errors = errorsOf(error, s);
    status = 400;
  }
  const searched = Object.fromEntries(FIELDS.filter((f) => search[f]).map((f) => [f, search[f]]));
  const typeOptions = Object.entries(s.subjectTypes).map(([value, label]) => ({ value, label }));
  if (search.subjectType && !s.subjectTypes[search.subjectType]) typeOptions.push({ value: search.subjectType, label: search.subjectType });
  const body = (
    <div class="vv-integrations">
      <ErrorSummary locale={locale} errors={errors} labels={{ actorId: s.actor, subjectType: s.subjectType, subjectId: s.subjectId, operation: s.operation, from: s.from, to: s.to }} />
      <p class="utrecht-paragraph">{s.intro}</p>
      <form method="get" action={processingLogPath(m)} class="vv-log-search" novalidate>
        {c.req.query('lang') === 'nl' || c.req.query('lang') === 'en' ? <input type="hidden" name="lang" value={c.req.query('lang')} /> : null}
        <h2 class="utrecht-heading-2">{s.searchTitle}</h2>
        <div class="vv-log-fields">
          <Select name="actorId" label={s.actor} value={search.actorId} error={errors.actorId} placeholder={s.anyone} options={[...members].map(([value, label]) => ({ value, label })).sort((a, b) => a.label.localeCompare(b.label, 'nl'))} />
          <TextField name="operation" label={s.operation} hint={s.operationHint} value={search.operation} error={errors.operation} autocomplete="off" spellcheck={false} maxlength={100} />
          <Select name="subjectType" label={s.subjectType} value={search.subjectType} error={errors.subjectType} placeholder={s.anyType} options={typeOptions} />
          <TextField name="subjectId" label={s.subjectId} hint={s.subjectIdHint} value={search.subjectId} error={errors.subjectId} autocomplete="off" spellcheck={false} maxlength={100} />
          <TextField name="from" label={s.from} hint={s.dateHint} value={search.from} error={errors.from} autocomplete="off" maxlength={10} />
          <TextField name="to" label={s.to} hint={s.dateHint} value={search.to} error={errors.to} autocomplete="off" maxlength={10} />
        </div>
        <div class="vv-actions">
          <Button>{s.search}</Button>
          <a class="utrecht-link" href={href(c, processingLogPath(m))}>
            {s.clear}
          </a>
        </div>
      </form>
      {status === 200 ? (
        <>
          <p class="utrecht-paragraph">
            <a class="utrecht-link" href={href(c, `${processingLogPath(m)}/export`, searched)} download>
              {s.export}
            </a>
          </p>
          {page.items.length === 0 ? (
            <p class="utrecht-paragraph">{s.none}</p>
          ) : (
            <DataTable label={s.caption} caption={s.caption} class="vv-log" id="processing-log" columns={[s.time, s.who, s.what, s.about, s.result]}>
              {page.items.map((e) => (
                <tr class="utrecht-table__row" data-entry={e.id}>
                  <th class="utrecht-table__header-cell" scope="row">
                    {formatDateTime(e.occurredAt, locale, { seconds: true })}
                  </th>
                  <td class="utrecht-table__cell">{whoOf(e, members, s)}</td>
                  <td class="utrecht-table__cell">
                    <code class="vv-mono">{e.operation}</code>
                    {` (${s.actions[e.action] ?? e.action})`}
                  </td>
                  <td class="utrecht-table__cell">
                    {e.subjectType ? (
                      <>
                        {s.subjectTypes[e.subjectType] ?? e.subjectType}
                        {e.subjectId ? (
                          <>
                            {' '}
                            <code class="vv-mono">{e.subjectId}</code>
                          </>
                        ) : null}
                      </>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td class="utrecht-table__cell">{e.status === 'ok' ? s.ok : s.refused}</td>
                </tr>
              ))}
            </DataTable>
          )}
          {page.nextCursor || cursor ? (
            <ul class="utrecht-unordered-list vv-pager">
              {cursor ? (
                <li class="utrecht-unordered-list__item">
                  <a class="utrecht-link" href={href(c, processingLogPath(m), searched)}>
                    {s.newest}
                  </a>
                </li>
              ) : null}
              {page.nextCursor ? (
                <li class="utrecht-unordered-list__item">
                  <a class="utrecht-link" href={href(c, processingLogPath(m), { ...searched, cursor: page.nextCursor })}>
                    {s.older}
                  </a>
                </li>
              ) : null}
            </ul>
          ) : null}
        </>
      ) : null}
    </div>
  );
  return staffPage(c, { title: s.title, body, width: 'wide', status });
}

const CSV_COLUMNS = {
  nl: ['Tijdstip (Nederlandse tijd)', 'Tijdstip (UTC)', 'Wie', 'Gebruiker-id', 'Soort actor', 'Handeling', 'Actie', 'Resultaat', 'Soort onderwerp', 'Id onderwerp', 'Namens', 'Verzoek-id'],
  en: ['Time (Dutch time)', 'Time (UTC)', 'Who', 'User id', 'Actor type', 'Operation', 'Action', 'Result', 'Subject type', 'Subject id', 'On behalf of', 'Request id'],
} as const;

/** The same search as a CSV file: semicolons, UTF-8 with a byte order mark, CRLF (as the other exports). */
async function exportCsv(c: Context<AppEnv>) {
  const locale = localeOf(c);
  const s = T[locale];
  const m = c.req.param('municipalityId') as string;
  const members = await membersOf(c, m);
  const search = searchOf(c);
  const lines: string[] = [CSV_COLUMNS[locale].map(csvCell).join(';')];
  let cursor: string | undefined;
  let count = 0;
  for (;;) {
    const q = queryOf(search, 200, cursor, members);
    const page = toPage(await listProcessingLog(c.get('trx'), m, q), 200);
    for (const e of page.items) {
      const row = [
        formatDateTime(e.occurredAt, locale, { seconds: true }),
        e.occurredAt,
        whoOf(e, members, s),
        e.actorId,
        e.actorType,
        e.operation,
        e.action,
        e.status,
        e.subjectType,
        e.subjectId,
        e.actingFor,
        e.traceId,
      ];
      lines.push(row.map(csvCell).join(';'));
    }
    count += page.items.length;
    if (!page.nextCursor || count >= MAX_EXPORT) break;
    cursor = page.nextCursor;
  }
  const name = `${locale === 'nl' ? 'verwerkingslog' : 'processing-log'}-${dayInAmsterdam(nowOf(c))}.csv`;
  return c.body(`\uFEFF${lines.join('\r\n')}\r\n`, 200, {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="${name}"`,
    'Cache-Control': 'no-store',
  });
}

export function processingLogPages(): Hono<AppEnv> {
  const pages = new Hono<AppEnv>();
  pages.onError(appFailurePage);
  pages.get(PATH, asOperation(routes.list), logPage);
  pages.get(`${PATH}/export`, asOperation(routes.list), exportCsv);
  return pages;
}
