// The municipality's API keys on the staff app (admins): the list, making a key (its secret shown
// once, on the page that answers the form: never in a URL, never again) and revoking one after a
// confirmation step. Each handler stands for the API operation it mirrors (asOperation: the same
// access rule and processing-log entry) and calls the same service as that operation's handler.
import type { Context } from 'hono';
import { Hono } from 'hono';
import { formatDate, formatDateTime } from '../../platform/dates.js';
import { ApiError } from '../../platform/errors.js';
import { MUNICIPAL_SCOPES, type MunicipalScope } from '../../platform/http/access.js';
import { nowOf, userPrincipal } from '../../platform/http/context.js';
import type { AppEnv } from '../../platform/http/env.js';
import { toPage } from '../../platform/http/openapi.js';
import { type Locale, localeOf } from '../../platform/http/page.js';
import { appFailurePage, asOperation, href, seeOther, staffPage } from '../../platform/http/pages.js';
import { Alert, Button, DataTable, DateField, ErrorSummary, type FieldErrors, TextField, fieldErrorsFrom, fieldId, validateForm } from '../../platform/ui/form.js';
import { routes } from './routes.js';
import { CreateMunicipalApiKey } from './schemas.js';
import { assertExpiryAhead, createMunicipalApiKey, expiryAfterDay, getMunicipalApiKey, listMunicipalApiKeys, revokeMunicipalApiKey } from './service.js';

const T = {
  nl: {
    title: 'API-sleutels',
    intro:
      'Met een API-sleutel halen de eigen systemen van de gemeente (bijvoorbeeld het archief of het datawarehouse) gegevens op uit Vervolg. Een sleutel kan alleen lezen, alleen wat u aanvinkt, en alleen van deze gemeente. Elk gebruik staat in het verwerkingenlogboek.',
    create: 'Nieuwe sleutel maken',
    caption: 'API-sleutels van de gemeente',
    none: 'De gemeente heeft nog geen API-sleutels.',
    name: 'Naam',
    scopes: 'Mag lezen',
    created: 'Gemaakt op',
    expires: 'Verloopt op',
    lastUsed: 'Laatst gebruikt',
    revoked: 'Ingetrokken op',
    action: 'Actie',
    never: 'Nooit',
    noExpiry: 'Verloopt niet',
    notRevoked: 'Nee',
    revoke: 'Intrekken',
    revokeLabel: (name: string) => `Sleutel ${name} intrekken`,
    next: 'Volgende pagina',
    first: 'Naar de eerste pagina',
    back: 'Terug naar de instellingen',
    backToKeys: 'Terug naar de API-sleutels',
    scopeLabels: {
      'agreements:read': 'Afspraken',
      'documents:read': 'Ondertekende documenten',
      'indicators:read': 'Uitkomstcijfers',
      'contracts:read': 'Contracten',
    } as Record<MunicipalScope, string>,
    scopeHelp: {
      'agreements:read': 'De toekomstafspraken met jongeren en hun versies. Dit zijn persoonsgegevens.',
      'documents:read': 'De ondertekende, verzegelde pdf’s van de afspraken, voor het archief. Dit zijn persoonsgegevens.',
      'indicators:read': 'De uitkomstcijfers van de gemeente en de export daarvan. Zonder namen van jongeren.',
      'contracts:read': 'De contracten met zorgaanbieders, met hun versies, budgetten en boekingen.',
    } as Record<MunicipalScope, string>,
    createTitle: 'Nieuwe API-sleutel',
    createIntro: 'U ziet de sleutel één keer, direct nadat u hem gemaakt heeft. Zet hem dan meteen in het systeem dat hem gebruikt.',
    nameHint: 'Waarvoor de sleutel is, zodat u hem later herkent. Bijvoorbeeld: Archief (e-Depot).',
    scopesHint: 'Kies wat het systeem mag lezen. Kies niet meer dan nodig is.',
    expiresOn: 'Geldig tot en met (niet verplicht)',
    expiresHint: 'Na deze dag werkt de sleutel niet meer. Leeg laten: de sleutel werkt tot u hem intrekt.',
    save: 'Sleutel maken',
    cancel: 'Annuleren',
    messages: {
      name: 'Vul een naam in (hoogstens 100 tekens).',
      scopes: 'Kies minstens één onderdeel dat de sleutel mag lezen.',
      badScope: 'Kies alleen onderdelen uit de lijst.',
      date: 'Vul een datum in als dd-mm-jjjj, of laat het veld leeg.',
      past: 'Kies een datum vanaf vandaag.',
    },
    createdTitle: 'De API-sleutel is gemaakt',
    once: 'Kopieer de sleutel nu en zet hem in het systeem dat hem gebruikt. U ziet hem hierna nooit meer: Vervolg bewaart alleen een vingerafdruk. Kwijt? Trek deze sleutel in en maak een nieuwe.',
    keyLabel: 'De sleutel',
    howTo: 'Het systeem stuurt de sleutel mee bij elk verzoek, in de kop Authorization: Bearer gevolgd door de sleutel.',
    revokeTitle: (name: string) => `Sleutel ${name} intrekken?`,
    revokeExplain: 'Het systeem dat deze sleutel gebruikt, krijgt direct geen gegevens meer. Dit kan niet ongedaan worden gemaakt: wilt u het systeem later weer toegang geven, maak dan een nieuwe sleutel.',
    prefix: 'Begint met',
    revokeYes: 'Ja, intrekken',
    no: 'Nee, terug',
    done: { revoked: 'De sleutel is ingetrokken. Hij werkt niet meer.' } as Record<string, string>,
  },
  en: {
    title: 'API keys',
    intro:
      'With an API key, the municipality’s own systems (for example its archive or data warehouse) fetch data from Vervolg. A key can only read, only what you tick, and only of this municipality. Every use is in the processing log.',
    create: 'Create a new key',
    caption: 'The municipality’s API keys',
    none: 'The municipality has no API keys yet.',
    name: 'Name',
    scopes: 'May read',
    created: 'Created',
    expires: 'Expires',
    lastUsed: 'Last used',
    revoked: 'Revoked',
    action: 'Action',
    never: 'Never',
    noExpiry: 'Does not expire',
    notRevoked: 'No',
    revoke: 'Revoke',
    revokeLabel: (name: string) => `Revoke key ${name}`,
    next: 'Next page',
    first: 'Go to the first page',
    back: 'Back to the settings',
    backToKeys: 'Back to the API keys',
    scopeLabels: {
      'agreements:read': 'Agreements',
      'documents:read': 'Signed documents',
      'indicators:read': 'Outcome figures',
      'contracts:read': 'Contracts',
    } as Record<MunicipalScope, string>,
    scopeHelp: {
      'agreements:read': 'The youth agreements and their versions. This is personal data.',
      'documents:read': 'The signed, sealed PDFs of the agreements, for the archive. This is personal data.',
      'indicators:read': 'The municipality’s outcome figures and their export. Without young people’s names.',
      'contracts:read': 'The contracts with care providers, with their versions, budgets and bookings.',
    } as Record<MunicipalScope, string>,
    createTitle: 'New API key',
    createIntro: 'You see the key once, right after you create it. Put it in the system that uses it straight away.',
    nameHint: 'What the key is for, so you recognise it later. For example: Archive (e-Depot).',
    scopesHint: 'Choose what the system may read. Choose no more than it needs.',
    expiresOn: 'Valid until and including (optional)',
    expiresHint: 'After this day the key stops working. Leave empty: the key works until you revoke it.',
    save: 'Create key',
    cancel: 'Cancel',
    messages: {
      name: 'Enter a name (at most 100 characters).',
      scopes: 'Choose at least one thing the key may read.',
      badScope: 'Choose only from the list.',
      date: 'Enter a date as dd-mm-yyyy, or leave the field empty.',
      past: 'Choose a date from today on.',
    },
    createdTitle: 'The API key has been created',
    once: 'Copy the key now and put it in the system that uses it. You will never see it again: Vervolg keeps only a fingerprint. Lost it? Revoke this key and create a new one.',
    keyLabel: 'The key',
    howTo: 'The system sends the key with every request, in the Authorization header: Bearer followed by the key.',
    revokeTitle: (name: string) => `Revoke key ${name}?`,
    revokeExplain: 'The system that uses this key gets no more data, at once. This cannot be undone: to give the system access again later, create a new key.',
    prefix: 'Starts with',
    revokeYes: 'Yes, revoke',
    no: 'No, go back',
    done: { revoked: 'The key has been revoked. It no longer works.' } as Record<string, string>,
  },
} as const;

type Strings = (typeof T)[Locale];

const UUID_PARAM = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const UUID = new RegExp(`^${UUID_PARAM}$`);
const LIST = '/app/municipalities/:municipalityId/settings/api-keys';
const MAX_PAGE = 200;

export const apiKeysPath = (municipalityId: string) => `/app/municipalities/${municipalityId}/settings/api-keys`;

interface Typed {
  name: string;
  scopes: string[];
  expiresOn: string;
}

async function formOf(c: Context<AppEnv>): Promise<Typed> {
  const body = await c.req.parseBody({ all: true });
  const all = (v: unknown): string[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === 'string');
  return { name: all(body.name).at(-1) ?? '', scopes: all(body.scopes), expiresOn: (all(body.expiresOn).at(-1) ?? '').trim() };
}

function formErrors(error: ApiError, s: Strings): FieldErrors {
  return fieldErrorsFrom(error, {
    fields: ['name', 'scopes', 'expiresOn'],
    messages: (p) => {
      const name = p.name.replace(/^body\./, '');
      if (name === 'name') return s.messages.name;
      if (name === 'scopes') return s.messages.scopes;
      if (name.startsWith('scopes.')) return s.messages.badScope;
      return undefined;
    },
  });
}

/** The scope checkboxes in a fieldset, each with a line on what it opens. */
function ScopesFieldset(props: { s: Strings; checked: readonly string[]; error?: string | undefined }) {
  const { s } = props;
  const id = fieldId('scopes');
  const describedBy = [`${id}-hint`, props.error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <fieldset class={`utrecht-form-fieldset vv-roles${props.error ? ' utrecht-form-fieldset--invalid' : ''}`} id={id} aria-describedby={describedBy} aria-invalid={props.error ? 'true' : undefined}>
      <legend class="utrecht-form-fieldset__legend utrecht-form-label">{s.scopes}</legend>
      <div class="utrecht-form-field-description" id={`${id}-hint`}>
        {s.scopesHint}
      </div>
      {props.error ? (
        <div class="utrecht-form-field-error-message" id={`${id}-error`}>
          {props.error}
        </div>
      ) : null}
      {MUNICIPAL_SCOPES.map((scope) => {
        const scopeId = `${id}-${scope.replace(':', '-')}`;
        return (
          <div class="utrecht-form-field utrecht-form-field--checkbox">
            <div class="utrecht-form-field__input">
              <input class="utrecht-checkbox utrecht-checkbox--html-input" type="checkbox" id={scopeId} name="scopes" value={scope} checked={props.checked.includes(scope) || undefined} aria-describedby={`${scopeId}-hint`} />
            </div>
            <div class="utrecht-form-field__label utrecht-form-field__label--checkbox">
              <label class="utrecht-form-label utrecht-form-label--checkbox" for={scopeId}>
                {s.scopeLabels[scope]}
              </label>
            </div>
            <div class="utrecht-form-field-description" id={`${scopeId}-hint`}>
              {s.scopeHelp[scope]}
            </div>
          </div>
        );
      })}
    </fieldset>
  );
}

/** The date field: a day as a date input sends it (yyyy-mm-dd), or typed as dd-mm-yyyy; null if it is no real day. */
function dayOf(typed: string): string | null {
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(typed) ? typed : null;
  const nl = /^(\d{1,2})-(\d{1,2})-(\d{4})$/.exec(typed);
  const day = iso ?? (nl ? `${nl[3]}-${(nl[2] as string).padStart(2, '0')}-${(nl[1] as string).padStart(2, '0')}` : null);
  if (!day) return null;
  const d = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(day) ? day : null;
}

const scopesText = (scopes: readonly string[], s: Strings) => scopes.map((x) => s.scopeLabels[x as MunicipalScope] ?? x).join(', ');

export function apiKeyPages(): Hono<AppEnv> {
  const pages = new Hono<AppEnv>();
  pages.onError(appFailurePage);

  // ---- the list: listMunicipalApiKeys ----
  pages.get(LIST, asOperation(routes.listMunicipalApiKeys), async (c) => {
    const locale = localeOf(c);
    const s = T[locale];
    const m = c.req.param('municipalityId');
    const cursorParam = c.req.query('cursor');
    const cursor = cursorParam && UUID.test(cursorParam) ? cursorParam : undefined;
    const keys = toPage(await listMunicipalApiKeys(c.get('trx'), m, MAX_PAGE, cursor), MAX_PAGE);
    const done = c.req.query('done');
    const base = apiKeysPath(m);
    const body = (
      <div class="vv-members-page">
        {done && s.done[done] ? <Alert type="ok">{s.done[done]}</Alert> : null}
        <p class="utrecht-paragraph">{s.intro}</p>
        <p class="utrecht-paragraph">
          <a class="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--primary-action" href={href(c, `${base}/new`)}>
            {s.create}
          </a>
        </p>
        {keys.items.length === 0 ? (
          <p class="utrecht-paragraph" id="no-keys">
            {s.none}
          </p>
        ) : (
          <DataTable label={s.caption} caption={s.caption} class="vv-members" id="api-keys" columns={[s.name, s.scopes, s.created, s.expires, s.lastUsed, s.revoked, s.action]}>
            {keys.items.map((k) => {
              return (
                <tr class="utrecht-table__row" data-api-key={k.id}>
                  <th class="utrecht-table__header-cell" scope="row">
                    {k.name}
                  </th>
                  <td class="utrecht-table__cell">{scopesText(k.scopes, s)}</td>
                  <td class="utrecht-table__cell">{formatDate(k.createdAt, locale)}</td>
                  <td class="utrecht-table__cell">{k.expiresAt ? formatDateTime(k.expiresAt, locale) : s.noExpiry}</td>
                  <td class="utrecht-table__cell">{k.lastUsedAt ? formatDateTime(k.lastUsedAt, locale) : s.never}</td>
                  <td class="utrecht-table__cell">{k.revokedAt ? formatDateTime(k.revokedAt, locale) : s.notRevoked}</td>
                  <td class="utrecht-table__cell">
                    {!k.revokedAt ? (
                      <a class="utrecht-link" href={href(c, `${base}/${k.id}/revoke`)} aria-label={s.revokeLabel(k.name)}>
                        {s.revoke}
                      </a>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </DataTable>
        )}
        {cursor || keys.nextCursor ? (
          <nav class="vv-actions" aria-label={s.caption}>
            {cursor ? (
              <a class="utrecht-link" href={href(c, base)}>
                {s.first}
              </a>
            ) : null}
            {keys.nextCursor ? (
              <a class="utrecht-link" href={href(c, base, { cursor: keys.nextCursor })}>
                {s.next}
              </a>
            ) : null}
          </nav>
        ) : null}
        <p class="utrecht-paragraph">
          <a class="utrecht-link" href={href(c, `/app/municipalities/${m}/settings`)}>
            {s.back}
          </a>
        </p>
      </div>
    );
    return staffPage(c, { title: s.title, body, width: 'wide' });
  });

  // ---- make a key: createMunicipalApiKey; the answer shows the secret, once ----
  const createForm = (c: Context<AppEnv>, typed: Typed, errors: FieldErrors = {}) => {
    const locale = localeOf(c);
    const s = T[locale];
    const base = apiKeysPath(c.req.param('municipalityId') as string);
    const body = (
      <div class="vv-members-page">
        <ErrorSummary errors={errors} locale={locale} labels={{ name: s.name, scopes: s.scopes, expiresOn: s.expiresOn }} />
        <p class="utrecht-paragraph">{s.createIntro}</p>
        <form method="post" action={href(c, `${base}/new`)} novalidate autocomplete="off">
          <TextField name="name" label={s.name} hint={s.nameHint} value={typed.name} error={errors.name} maxlength={100} required />
          <ScopesFieldset s={s} checked={typed.scopes} error={errors.scopes} />
          <DateField name="expiresOn" label={s.expiresOn} hint={s.expiresHint} value={typed.expiresOn} error={errors.expiresOn} />
          <div class="vv-actions">
            <Button>{s.save}</Button>
            <a class="utrecht-link vv-members__cancel" href={href(c, base)}>
              {s.cancel}
            </a>
          </div>
        </form>
      </div>
    );
    return staffPage(c, { title: s.createTitle, body, status: Object.keys(errors).length ? 400 : 200 });
  };

  pages.get(`${LIST}/new`, asOperation(routes.createMunicipalApiKey), (c) => createForm(c, { name: '', scopes: [], expiresOn: '' }));

  pages.post(`${LIST}/new`, asOperation(routes.createMunicipalApiKey), async (c) => {
    const locale = localeOf(c);
    const s = T[locale];
    const m = c.req.param('municipalityId');
    const typed = await formOf(c);
    const day = dayOf(typed.expiresOn);
    let errors: FieldErrors = {};
    let input: ReturnType<typeof CreateMunicipalApiKey.parse> | null = null;
    const expiresAt = day ? expiryAfterDay(day) : undefined;
    try {
      input = validateForm(CreateMunicipalApiKey, { name: typed.name, scopes: typed.scopes, ...(expiresAt ? { expiresAt } : {}) });
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 400)) throw error;
      errors = formErrors(error, s);
    }
    if (typed.expiresOn && !day) errors = { ...errors, expiresOn: s.messages.date };
    // The one rule the schema cannot check (the service's own): the expiry lies ahead. Checked with the rest, so every error shows at once.
    try {
      assertExpiryAhead(expiresAt, nowOf(c));
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 400)) throw error;
      errors = { ...errors, expiresOn: s.messages.past };
    }
    if (!input || Object.keys(errors).length > 0) return createForm(c, typed, errors);
    const created = await createMunicipalApiKey(c.get('trx'), m, input, userPrincipal(c).userId, nowOf(c));
    c.set('auditSubject', { type: 'api-key', id: created.id });
    // The secret goes in this page's body only: never in a URL (no redirect carries it), never again.
    const body = (
      <div class="vv-members-page">
        <Alert type="warning">
          <p class="utrecht-paragraph">{s.once}</p>
        </Alert>
        <dl class="utrecht-data-list vv-member">
          <div class="utrecht-data-list__item">
            <dt class="utrecht-data-list__item-key">{s.name}</dt>
            <dd class="utrecht-data-list__item-value">{created.name}</dd>
          </div>
          <div class="utrecht-data-list__item">
            <dt class="utrecht-data-list__item-key">{s.scopes}</dt>
            <dd class="utrecht-data-list__item-value">{scopesText(created.scopes, s)}</dd>
          </div>
          <div class="utrecht-data-list__item">
            <dt class="utrecht-data-list__item-key">{s.expires}</dt>
            <dd class="utrecht-data-list__item-value">{created.expiresAt ? formatDateTime(created.expiresAt, locale) : s.noExpiry}</dd>
          </div>
          <div class="utrecht-data-list__item">
            <dt class="utrecht-data-list__item-key">{s.keyLabel}</dt>
            <dd class="utrecht-data-list__item-value vv-account">
              <code class="utrecht-code" id="api-key-secret">
                {created.key}
              </code>
            </dd>
          </div>
        </dl>
        <p class="utrecht-paragraph">{s.howTo}</p>
        <p class="utrecht-paragraph">
          <a class="utrecht-link" href={href(c, apiKeysPath(m))}>
            {s.backToKeys}
          </a>
        </p>
      </div>
    );
    return staffPage(c, { title: s.createdTitle, body });
  });

  // ---- revoke: a confirmation step (GET: what happens; POST: revokeMunicipalApiKey) ----
  const KEY = `${LIST}/:apiKeyId{${UUID_PARAM}}/revoke`;
  pages.get(KEY, asOperation(routes.listMunicipalApiKeys), async (c) => {
    const locale = localeOf(c);
    const s = T[locale];
    const m = c.req.param('municipalityId');
    const key = await getMunicipalApiKey(c.get('trx'), m, c.req.param('apiKeyId'));
    // A revoked key has nothing left to revoke: back to the list.
    if (key.revokedAt) return seeOther(c, href(c, apiKeysPath(m)));
    const body = (
      <div class="vv-members-page">
        <p class="utrecht-paragraph">{s.revokeExplain}</p>
        <dl class="utrecht-data-list vv-member">
          <div class="utrecht-data-list__item">
            <dt class="utrecht-data-list__item-key">{s.prefix}</dt>
            <dd class="utrecht-data-list__item-value">
              <code class="utrecht-code">{key.prefix}</code>
            </dd>
          </div>
          <div class="utrecht-data-list__item">
            <dt class="utrecht-data-list__item-key">{s.scopes}</dt>
            <dd class="utrecht-data-list__item-value">{scopesText(key.scopes, s)}</dd>
          </div>
          <div class="utrecht-data-list__item">
            <dt class="utrecht-data-list__item-key">{s.lastUsed}</dt>
            <dd class="utrecht-data-list__item-value">{key.lastUsedAt ? formatDateTime(key.lastUsedAt, locale) : s.never}</dd>
          </div>
        </dl>
        <form method="post" action={href(c, `${apiKeysPath(m)}/${key.id}/revoke`)}>
          <div class="vv-actions">
            <Button>{s.revokeYes}</Button>
            <a class="utrecht-link vv-members__cancel" href={href(c, apiKeysPath(m))}>
              {s.no}
            </a>
          </div>
        </form>
      </div>
    );
    return staffPage(c, { title: s.revokeTitle(key.name), body });
  });

  pages.post(KEY, asOperation(routes.revokeMunicipalApiKey), async (c) => {
    const m = c.req.param('municipalityId');
    await revokeMunicipalApiKey(c.get('trx'), m, c.req.param('apiKeyId'), nowOf(c));
    return seeOther(c, href(c, apiKeysPath(m), { done: 'revoked' }));
  });

  return pages;
}
