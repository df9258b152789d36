// The provider's API keys, for its admins: the list (name, scopes, created, expires, last used,
// revoked), a new key with its scopes and expiry — the secret shown once, on the answer to the form
// (never in a URL, never again) — and revoking a key after a confirmation step. Each page stands for
// the API operation it mirrors (createApiKey, listApiKeys, revokeApiKey) and calls its service.
import type { Context } from 'hono';
import { Hono } from 'hono';
import { dayInAmsterdam, formatDate, formatDateTime, todayInAmsterdam } from '../../../platform/dates.js';
import { ApiError } from '../../../platform/errors.js';
import { API_SCOPES, type ApiScope } from '../../../platform/http/access.js';
import { nowOf, userPrincipal } from '../../../platform/http/context.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { toPage } from '../../../platform/http/openapi.js';
import { type Locale, localeOf } from '../../../platform/http/page.js';
import { appFailurePage, asOperation, href, seeOther, staffPage } from '../../../platform/http/pages.js';
import { Alert, Button, DataTable, DateField, ErrorSummary, type FieldErrors, TextField, fieldErrorsFrom, validateForm } from '../../../platform/ui/form.js';
import { routes } from '../routes.js';
import { CreateApiKey } from '../schemas.js';
import { createApiKey, expiryProblems, listApiKeys, revokeApiKey } from '../service.js';
import { CheckboxGroup, Done, PROVIDER_BASE, UUID_PARAM, allOf, portalPath, uuidOrUndefined } from './kit.js';

const T = {
  nl: {
    title: 'API-sleutels',
    intro: 'Met een API-sleutel koppelt uw eigen software aan Vervolg, bijvoorbeeld om uitkomsten aan te leveren. Geef een sleutel alleen de rechten die de koppeling nodig heeft, en trek een sleutel in zodra u hem niet meer gebruikt.',
    create: 'Nieuwe sleutel maken',
    caption: 'API-sleutels van uw organisatie',
    none: 'Uw organisatie heeft nog geen API-sleutels.',
    name: 'Naam',
    prefix: 'Begint met',
    scopes: 'Rechten',
    created: 'Gemaakt',
    expires: 'Verloopt',
    lastUsed: 'Laatst gebruikt',
    state: 'Status',
    action: 'Actie',
    never: 'nooit',
    noExpiry: 'niet',
    active: 'actief',
    expired: 'verlopen',
    revokedOn: (d: string) => `ingetrokken op ${d}`,
    revoke: 'Intrekken',
    revokeLabel: (name: string) => `Sleutel ${name} intrekken`,
    scopeLabels: {
      'contracts:read': 'Contracten lezen',
      'outcomes:write': 'Uitkomsten aanleveren',
      'outcomes:read': 'Uitkomsten en indicatoren lezen',
      'municipalities:read': 'Gemeenten lezen',
    } as Record<ApiScope, string>,
    scopeHelp: {
      'contracts:read': 'De contracten met gemeenten inzien (contracts:read).',
      'outcomes:write': 'Trajecten en uitkomsten aanleveren (outcomes:write).',
      'outcomes:read': 'Aangeleverde uitkomsten en de eigen indicatoren lezen (outcomes:read).',
      'municipalities:read': 'Zien met welke gemeenten uw organisatie werkt (municipalities:read).',
    } as Record<ApiScope, string>,
    newTitle: 'Nieuwe API-sleutel',
    newIntro: 'Na het maken ziet u de sleutel één keer. Bewaar hem dan meteen veilig, bijvoorbeeld in de instellingen van uw software.',
    nameHint: 'Waar de sleutel voor is, bijvoorbeeld de naam van de koppeling.',
    scopesHint: 'Kies één of meer rechten.',
    expiresOn: 'Geldig tot en met (optioneel)',
    expiresHint: 'Laat leeg voor een sleutel zonder einddatum.',
    make: 'Sleutel maken',
    cancel: 'Annuleren',
    badName: 'Vul een naam in van hoogstens 100 tekens.',
    noScope: 'Kies minstens één recht.',
    badScope: 'Kies alleen rechten uit de lijst.',
    badDate: 'Vul een datum in na vandaag, bijvoorbeeld 31-12-2027.',
    createdTitle: 'De sleutel is gemaakt',
    onceTitle: 'Kopieer de sleutel nu',
    once: 'Dit is de enige keer dat u de sleutel ziet. Vervolg bewaart hem niet leesbaar: bent u hem kwijt, maak dan een nieuwe en trek deze in.',
    keyLabel: 'Uw nieuwe API-sleutel',
    use: 'Gebruik de sleutel in de kop Authorization: Bearer <sleutel>.',
    back: 'Terug naar de API-sleutels',
    revokeTitle: (name: string) => `Sleutel ${name} intrekken?`,
    revokeExplain: 'Software die deze sleutel gebruikt, krijgt meteen geen toegang meer. Dit kan niet ongedaan worden gemaakt: u kunt wel een nieuwe sleutel maken.',
    revokeYes: 'Ja, intrekken',
    no: 'Nee, terug',
    done: { revoked: 'De sleutel is ingetrokken. Hij werkt niet meer.' } as Record<string, string>,
    next: 'Volgende pagina',
    first: 'Naar de eerste pagina',
  },
  en: {
    title: 'API keys',
    intro: 'With an API key your own software connects to Vervolg, for example to report outcomes. Give a key only the rights the connection needs, and revoke a key as soon as you no longer use it.',
    create: 'Create a new key',
    caption: 'Your organisation’s API keys',
    none: 'Your organisation has no API keys yet.',
    name: 'Name',
    prefix: 'Starts with',
    scopes: 'Rights',
    created: 'Created',
    expires: 'Expires',
    lastUsed: 'Last used',
    state: 'Status',
    action: 'Action',
    never: 'never',
    noExpiry: 'no',
    active: 'active',
    expired: 'expired',
    revokedOn: (d: string) => `revoked on ${d}`,
    revoke: 'Revoke',
    revokeLabel: (name: string) => `Revoke key ${name}`,
    scopeLabels: {
      'contracts:read': 'Read contracts',
      'outcomes:write': 'Report outcomes',
      'outcomes:read': 'Read outcomes and indicators',
      'municipalities:read': 'Read municipalities',
    } as Record<ApiScope, string>,
    scopeHelp: {
      'contracts:read': 'Read the contracts with municipalities (contracts:read).',
      'outcomes:write': 'Report trajectories and outcomes (outcomes:write).',
      'outcomes:read': 'Read reported outcomes and your own indicators (outcomes:read).',
      'municipalities:read': 'See which municipalities your organisation works with (municipalities:read).',
    } as Record<ApiScope, string>,
    newTitle: 'New API key',
    newIntro: 'After creating it you see the key once. Store it safely straight away, for example in your software’s settings.',
    nameHint: 'What the key is for, for example the name of the connection.',
    scopesHint: 'Choose one or more rights.',
    expiresOn: 'Valid up to and including (optional)',
    expiresHint: 'Leave empty for a key without an end date.',
    make: 'Create key',
    cancel: 'Cancel',
    badName: 'Enter a name of at most 100 characters.',
    noScope: 'Choose at least one right.',
    badScope: 'Choose only rights from the list.',
    badDate: 'Enter a date after today, for example 31-12-2027.',
    createdTitle: 'The key has been created',
    onceTitle: 'Copy the key now',
    once: 'This is the only time you see the key. Vervolg does not keep it readable: if you lose it, create a new one and revoke this one.',
    keyLabel: 'Your new API key',
    use: 'Use the key in the header Authorization: Bearer <key>.',
    back: 'Back to the API keys',
    revokeTitle: (name: string) => `Revoke key ${name}?`,
    revokeExplain: 'Software that uses this key loses access at once. This cannot be undone: you can create a new key.',
    revokeYes: 'Yes, revoke',
    no: 'No, go back',
    done: { revoked: 'The key has been revoked. It no longer works.' } as Record<string, string>,
    next: 'Next page',
    first: 'Go to the first page',
  },
} as const;
type Strings = (typeof T)[Locale];

const PAGE_SIZE = 100;

/** The first instant after a day in Amsterdam (its midnight, summer or winter time): a key valid "up to and including" that day. */
export function endOfDayInAmsterdam(day: string): Date {
  const next = new Date(`${day}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  const nextDay = next.toISOString().slice(0, 10);
  for (const offset of ['+01:00', '+02:00']) {
    const candidate = new Date(`${nextDay}T00:00:00${offset}`);
    if (dayInAmsterdam(candidate) === nextDay && dayInAmsterdam(new Date(candidate.getTime() - 1)) === day) return candidate;
  }
  return new Date(`${nextDay}T00:00:00+01:00`);
}

const endOfDayOrUndefined = (day: string) => (/^\d{4}-\d{2}-\d{2}$/.test(day) && !Number.isNaN(Date.parse(day)) ? endOfDayInAmsterdam(day).toISOString() : undefined);

interface Typed {
  name: string;
  scopes: string[];
  expiresOn: string;
}

function formErrors(error: ApiError, s: Strings): FieldErrors {
  return fieldErrorsFrom(error, {
    fields: ['name', 'scopes', 'expiresAt'],
    messages: (p) => {
      const name = p.name.replace(/^body\./, '');
      if (name === 'name') return s.badName;
      if (name === 'scopes') return s.noScope;
      if (name.startsWith('scopes.')) return s.badScope;
      if (name === 'expiresAt') return s.badDate;
      return undefined;
    },
  });
}

/** The form's errors keyed by the form's own field names (the API's expiresAt is the form's expiresOn). */
function asFormErrors(errors: FieldErrors): FieldErrors {
  const out: FieldErrors = {};
  for (const [k, v] of Object.entries(errors)) out[k === 'expiresAt' ? 'expiresOn' : k] = v;
  return out;
}

function keyState(k: { revokedAt: string | null; expiresAt: string | null }, now: Date, s: Strings, locale: Locale): string {
  if (k.revokedAt) return s.revokedOn(formatDate(k.revokedAt, locale));
  if (k.expiresAt && new Date(k.expiresAt) <= now) return s.expired;
  return s.active;
}

export function providerApiKeyPages(): Hono<AppEnv> {
  const pages = new Hono<AppEnv>();
  pages.onError(appFailurePage);

  pages.get(`${PROVIDER_BASE}/api-keys`, asOperation(routes.listKeys), async (c) => {
    const locale = localeOf(c);
    const s = T[locale];
    const providerId = c.req.param('providerId') as string;
    const cursor = uuidOrUndefined(c.req.query('cursor'));
    const keys = toPage(await listApiKeys(c.get('trx'), providerId, PAGE_SIZE, cursor), PAGE_SIZE);
    const now = nowOf(c);
    const base = `${portalPath(providerId)}/api-keys`;
    const body = (
      <div class="vv-portal">
        <Done c={c} messages={s.done} />
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
          <DataTable label={s.caption} caption={s.caption} id="api-keys" columns={[s.name, s.prefix, s.scopes, s.created, s.expires, s.lastUsed, s.state, s.action]}>
            {keys.items.map((k) => {
              const usable = !k.revokedAt;
              return (
                <tr class="utrecht-table__row" data-key={k.id}>
                  <th class="utrecht-table__header-cell" scope="row">
                    {k.name}
                  </th>
                  <td class="utrecht-table__cell">
                    <code>{k.prefix}</code>
                  </td>
                  <td class="utrecht-table__cell">
                    {k.scopes.length ? (
                      <ul class="vv-scopes">
                        {k.scopes.map((x) => (
                          <li>{s.scopeLabels[x] ?? x}</li>
                        ))}
                      </ul>
                    ) : (
                      '–'
                    )}
                  </td>
                  <td class="utrecht-table__cell">{formatDate(k.createdAt, locale)}</td>
                  <td class="utrecht-table__cell">{k.expiresAt ? formatDateTime(k.expiresAt, locale) : s.noExpiry}</td>
                  <td class="utrecht-table__cell" data-last-used>
                    {k.lastUsedAt ? formatDateTime(k.lastUsedAt, locale) : s.never}
                  </td>
                  <td class="utrecht-table__cell">{keyState(k, now, s, locale)}</td>
                  <td class="utrecht-table__cell">
                    {usable ? (
                      <a class="utrecht-link" href={href(c, `${base}/${k.id}/revoke`)} aria-label={s.revokeLabel(k.name)}>
                        {s.revoke}
                      </a>
                    ) : (
                      '–'
                    )}
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
      </div>
    );
    return staffPage(c, { title: s.title, body, width: 'wide' });
  });

  const newForm = (c: Context<AppEnv>, typed: Typed, errors: FieldErrors = {}) => {
    const locale = localeOf(c);
    const s = T[locale];
    const base = `${portalPath(c.req.param('providerId') as string)}/api-keys`;
    const body = (
      <div class="vv-portal">
        <ErrorSummary errors={errors} locale={locale} labels={{ name: s.name, scopes: s.scopes, expiresOn: s.expiresOn }} />
        <p class="utrecht-paragraph">{s.newIntro}</p>
        <form method="post" action={href(c, `${base}/new`)} novalidate>
          <TextField name="name" label={s.name} hint={s.nameHint} value={typed.name} error={errors.name} maxlength={100} autocomplete="off" required={true} />
          <CheckboxGroup
            name="scopes"
            legend={s.scopes}
            hint={s.scopesHint}
            options={API_SCOPES.map((x) => ({ value: x, label: s.scopeLabels[x], help: s.scopeHelp[x] }))}
            checked={typed.scopes}
            error={errors.scopes}
          />
          <DateField name="expiresOn" label={s.expiresOn} hint={s.expiresHint} value={typed.expiresOn} error={errors.expiresOn} min={todayInAmsterdam(nowOf(c))} />
          <div class="vv-actions">
            <Button>{s.make}</Button>
            <a class="utrecht-link" href={href(c, base)}>
              {s.cancel}
            </a>
          </div>
        </form>
      </div>
    );
    return staffPage(c, { title: s.newTitle, body, status: Object.keys(errors).length ? 400 : 200 });
  };

  // The form is a read of nothing: the operation it leads to is createApiKey (same access).
  pages.get(`${PROVIDER_BASE}/api-keys/new`, asOperation(routes.createKey), (c) => newForm(c, { name: '', scopes: [], expiresOn: '' }));

  pages.post(`${PROVIDER_BASE}/api-keys/new`, asOperation(routes.createKey), async (c) => {
    const locale = localeOf(c);
    const s = T[locale];
    const providerId = c.req.param('providerId') as string;
    const form = await c.req.parseBody({ all: true });
    const typed: Typed = { name: allOf(form.name).at(-1) ?? '', scopes: allOf(form.scopes), expiresOn: (allOf(form.expiresOn).at(-1) ?? '').trim() };
    const now = nowOf(c);
    let input: ReturnType<typeof CreateApiKey.parse>;
    let key: Awaited<ReturnType<typeof createApiKey>>;
    try {
      // A day the form's date field cannot hold is the same mistake as a day in the past.
      const expiresAt = typed.expiresOn === '' ? undefined : (endOfDayOrUndefined(typed.expiresOn) ?? 'not-a-date');
      input = validateForm(CreateApiKey, { name: typed.name, scopes: typed.scopes, ...(expiresAt ? { expiresAt } : {}) });
      key = await createApiKey(c.get('trx'), providerId, input, userPrincipal(c).userId, now);
    } catch (error) {
      if (error instanceof ApiError && error.status === 400) {
        // Every problem at once: a day in the past too, when the form has other errors (the service's own rule).
        const errors = asFormErrors(formErrors(error, s));
        if (!errors.expiresOn && expiryProblems(endOfDayOrUndefined(typed.expiresOn), now).length > 0) errors.expiresOn = s.badDate;
        return newForm(c, typed, errors);
      }
      throw error;
    }
    c.set('auditSubject', { type: 'api-key', id: key.id });
    // The secret is in this answer only: never cached, never in a URL, never shown again.
    c.header('Cache-Control', 'no-store');
    const base = `${portalPath(providerId)}/api-keys`;
    const body = (
      <div class="vv-portal">
        <Alert type="warning" title={s.onceTitle}>
          <p class="utrecht-paragraph">{s.once}</p>
        </Alert>
        <div class="utrecht-form-field utrecht-form-field--text">
          <div class="utrecht-form-field__label">
            <label class="utrecht-form-label" for="new-api-key">
              {s.keyLabel}
            </label>
          </div>
          <div class="utrecht-form-field__input">
            <input class="utrecht-textbox utrecht-textbox--html-input vv-secret" id="new-api-key" type="text" readonly value={key.key} autocomplete="off" spellcheck={false} aria-describedby="new-api-key-use" />
          </div>
          <div class="utrecht-form-field-description" id="new-api-key-use">
            {s.use}
          </div>
        </div>
        <dl class="utrecht-data-list">
          <div class="utrecht-data-list__item">
            <dt class="utrecht-data-list__item-key">{s.name}</dt>
            <dd class="utrecht-data-list__item-value">{key.name}</dd>
          </div>
          <div class="utrecht-data-list__item">
            <dt class="utrecht-data-list__item-key">{s.scopes}</dt>
            <dd class="utrecht-data-list__item-value">{key.scopes.map((x) => s.scopeLabels[x] ?? x).join(', ')}</dd>
          </div>
          <div class="utrecht-data-list__item">
            <dt class="utrecht-data-list__item-key">{s.expires}</dt>
            <dd class="utrecht-data-list__item-value">{key.expiresAt ? formatDateTime(key.expiresAt, locale) : s.noExpiry}</dd>
          </div>
        </dl>
        <p class="utrecht-paragraph">
          <a class="utrecht-link" href={href(c, base)}>
            {s.back}
          </a>
        </p>
      </div>
    );
    return staffPage(c, { title: s.createdTitle, body });
  });

  const KEY = `${PROVIDER_BASE}/api-keys/:apiKeyId{${UUID_PARAM}}`;
  const confirmPage = async (c: Context<AppEnv>) => {
    const locale = localeOf(c);
    const s = T[locale];
    const providerId = c.req.param('providerId') as string;
    const apiKeyId = c.req.param('apiKeyId') as string;
    // Only this provider's keys (row security and the filter); a key already revoked is not found.
    const key = (await listApiKeys(c.get('trx'), providerId, 1, undefined, apiKeyId))[0];
    if (!key || key.revokedAt) throw new ApiError(404, 'not-found', 'Not found', 'This API key does not exist or is already revoked.');
    const base = `${portalPath(providerId)}/api-keys`;
    const body = (
      <div class="vv-portal">
        <p class="utrecht-paragraph">{s.revokeExplain}</p>
        <p class="utrecht-paragraph">
          {`${s.prefix}: `}
          <code>{key.prefix}</code>
        </p>
        <form method="post" action={href(c, `${base}/${apiKeyId}/revoke`)}>
          <div class="vv-actions">
            <Button>{s.revokeYes}</Button>
            <a class="utrecht-link" href={href(c, base)}>
              {s.no}
            </a>
          </div>
        </form>
      </div>
    );
    return staffPage(c, { title: s.revokeTitle(key.name), body });
  };

  pages.get(`${KEY}/revoke`, asOperation(routes.listKeys), (c) => confirmPage(c));
  pages.post(`${KEY}/revoke`, asOperation(routes.revokeKey), async (c) => {
    const providerId = c.req.param('providerId') as string;
    await revokeApiKey(c.get('trx'), providerId, c.req.param('apiKeyId') as string, nowOf(c));
    return seeOther(c, href(c, `${portalPath(providerId)}/api-keys`, { done: 'revoked' }));
  });

  return pages;
}
