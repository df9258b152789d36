// Webhooks on the staff app, for a municipality's admins (under Settings): the endpoints with how
// their last delivery went; registering one (URL and events, the URL refused beside its field with
// the API's own reason); the signing secret shown ONCE (see reveals.ts: the POST keeps it for one
// view and redirects, the next GET reads and deletes it); changing, pausing and deleting an
// endpoint (with a confirmation step); rotating its secret; its delivery log, with "send again"
// per delivery and "send a test event". Each handler stands for its API operation (asOperation:
// the same access rule and processing log) and calls the same service as the API's handler.
import type { Context } from 'hono';
import { Hono } from 'hono';
import { formatDateTime } from '../../../platform/dates.js';
import { ApiError, type InvalidParam } from '../../../platform/errors.js';
import { nowOf, userPrincipal } from '../../../platform/http/context.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { toPage } from '../../../platform/http/openapi.js';
import { type Locale, localeOf } from '../../../platform/http/page.js';
import { type PageStatus, appFailurePage, asOperation, href, problemText, seeOther, staffPage } from '../../../platform/http/pages.js';
import { webhookTargetPolicy } from '../../../platform/webhooks/targets.js';
import { Alert, Button, Checkbox, DataTable, ErrorSummary, type FieldErrors, TextField, fieldErrorsFrom, fieldId, validateForm } from '../../../platform/ui/form.js';
import { WEBHOOK_EVENT_TYPES } from '../events.js';
import { keepSecretForReveal, REVEAL_MINUTES, secretRevealed } from '../reveals.js';
import { routes } from '../routes.js';
import { CreateWebhookEndpoint, UpdateWebhookEndpoint } from '../schemas.js';
import * as service from '../service.js';

const T = {
  nl: {
    title: 'Webhooks',
    intro: 'Met een webhook stuurt Vervolg een bericht naar een systeem van uw gemeente (bijvoorbeeld het zaaksysteem) zodra er iets gebeurt, zoals het ondertekenen van toekomstafspraken. Elk bericht is ondertekend met een geheim, zodat het systeem kan controleren dat het van Vervolg komt.',
    add: 'Webhook toevoegen',
    none: 'Er zijn nog geen webhooks.',
    caption: 'Webhooks van de gemeente',
    url: 'Webadres (URL)',
    urlHint: 'Het adres waar Vervolg de berichten naartoe stuurt. Een https-adres van een openbare server.',
    description: 'Omschrijving (niet verplicht)',
    descriptionHint: 'Waar deze webhook voor is, voor de beheerders.',
    events: 'Gebeurtenissen',
    eventsHint: 'Kies de gebeurtenissen waarover dit systeem een bericht krijgt.',
    status: 'Status',
    active: 'Actief',
    paused: 'Gepauzeerd',
    activeField: 'Actief: berichten versturen',
    activeHint: 'Zet dit uit om de webhook te pauzeren. Berichten die nog wachten, worden dan niet meer verstuurd.',
    lastDelivery: 'Laatste bericht',
    never: 'Nog geen berichten',
    create: 'Webhook toevoegen',
    save: 'Wijzigingen opslaan',
    cancel: 'Annuleren',
    back: 'Terug naar de webhooks',
    newTitle: 'Webhook toevoegen',
    editTitle: 'Webhook',
    saved: 'De wijzigingen zijn opgeslagen.',
    deleted: 'De webhook is verwijderd.',
    secretTitle: 'Het geheim van de webhook',
    secretCreated: 'De webhook is toegevoegd.',
    secretRotated: 'Het geheim is vervangen. Het oude geheim werkt vanaf nu niet meer.',
    copyNow: 'Kopieer het geheim nu. Het wordt hierna nooit meer getoond.',
    secretExplain: 'Zet het geheim in het systeem dat de berichten ontvangt. Daarmee controleert dat systeem de kop Vervolg-Signature van elk bericht. Bewaar het veilig: wie het geheim heeft, kan berichten namaken.',
    secretLabel: 'Geheim',
    secretGone: 'Het geheim is al getoond en wordt niet opnieuw getoond. Bent u het kwijt? Vervang het geheim; het oude werkt dan niet meer.',
    toEndpoint: 'Naar de webhook',
    rotate: 'Geheim vervangen',
    rotateTitle: 'Geheim vervangen?',
    rotateExplain: [
      'U krijgt een nieuw geheim, dat één keer wordt getoond.',
      'Het oude geheim werkt meteen niet meer: alle berichten vanaf nu, ook berichten die nog wachten, worden alleen met het nieuwe geheim ondertekend.',
      'Zet het nieuwe geheim daarom zo snel mogelijk in het ontvangende systeem. Berichten die het systeem in de tussentijd weigert, kunt u daarna opnieuw versturen vanuit de berichtenlog.',
    ],
    rotateYes: 'Ja, vervang het geheim',
    remove: 'Webhook verwijderen',
    removeTitle: 'Webhook verwijderen?',
    removeExplain: 'Er worden geen berichten meer naar dit adres gestuurd, ook niet de berichten die nog wachten. Het geheim wordt gewist. Dit kan niet ongedaan worden gemaakt.',
    removeYes: 'Ja, verwijder de webhook',
    test: 'Testbericht versturen',
    testQueued: 'Het testbericht staat klaar en wordt binnen een paar minuten verstuurd. Volg het in de berichtenlog.',
    redelivered: 'Het bericht staat opnieuw klaar en wordt binnen een paar minuten verstuurd.',
    deliveries: 'Berichtenlog',
    deliveriesIntro: 'Elk bericht aan deze webhook, het nieuwste eerst. Tijden zijn in Nederlandse tijd.',
    deliveriesCaption: 'Berichten aan deze webhook',
    noDeliveries: 'Er zijn nog geen berichten naar deze webhook gestuurd.',
    event: 'Gebeurtenis',
    time: 'Tijdstip',
    attempts: 'Pogingen',
    response: 'Antwoord',
    action: 'Actie',
    redeliver: 'Opnieuw versturen',
    redeliveryOf: 'opnieuw verstuurd',
    older: 'Oudere berichten',
    newest: 'Naar de nieuwste berichten',
    failed: 'Dat lukte niet',
    statuses: { pending: 'Wacht op verzending', delivered: 'Afgeleverd', failed: 'Mislukt' } as Record<string, string>,
    messages: {
      urlEmpty: 'Vul het webadres in.',
      events: 'Kies ten minste één gebeurtenis.',
      description: 'Gebruik hoogstens 500 tekens.',
    },
    refusal: (reason: string) => urlReasonNl(reason),
    unreachable: 'Geen antwoord van de server.',
    pausedError: 'De webhook was gepauzeerd.',
    deletedError: 'De webhook was verwijderd.',
  },
  en: {
    title: 'Webhooks',
    intro: 'With a webhook, Vervolg sends a message to a system of your municipality (for example its case management system) as soon as something happens, such as an agreement being signed. Every message is signed with a secret, so that the system can check it comes from Vervolg.',
    add: 'Add a webhook',
    none: 'There are no webhooks yet.',
    caption: 'Webhooks of the municipality',
    url: 'Web address (URL)',
    urlHint: 'Where Vervolg sends the messages. An https address of a public server.',
    description: 'Description (optional)',
    descriptionHint: 'What this webhook is for, for the administrators.',
    events: 'Events',
    eventsHint: 'Choose the events this system receives a message about.',
    status: 'Status',
    active: 'Active',
    paused: 'Paused',
    activeField: 'Active: send messages',
    activeHint: 'Turn this off to pause the webhook. Messages still waiting are then no longer sent.',
    lastDelivery: 'Last message',
    never: 'No messages yet',
    create: 'Add webhook',
    save: 'Save changes',
    cancel: 'Cancel',
    back: 'Back to the webhooks',
    newTitle: 'Add a webhook',
    editTitle: 'Webhook',
    saved: 'The changes have been saved.',
    deleted: 'The webhook has been deleted.',
    secretTitle: 'The webhook’s secret',
    secretCreated: 'The webhook has been added.',
    secretRotated: 'The secret has been replaced. The old secret no longer works from now on.',
    copyNow: 'Copy the secret now. It will never be shown again.',
    secretExplain: 'Put the secret in the system that receives the messages. That system checks the Vervolg-Signature header of every message with it. Keep it safe: whoever has the secret can forge messages.',
    secretLabel: 'Secret',
    secretGone: 'The secret has been shown already and is not shown again. Lost it? Replace the secret; the old one then stops working.',
    toEndpoint: 'Go to the webhook',
    rotate: 'Replace secret',
    rotateTitle: 'Replace the secret?',
    rotateExplain: [
      'You get a new secret, which is shown once.',
      'The old secret stops working at once: every message from now on, including messages still waiting, is signed with the new secret only.',
      'So put the new secret in the receiving system as soon as possible. Messages the system refuses in the meantime can be sent again from the message log afterwards.',
    ],
    rotateYes: 'Yes, replace the secret',
    remove: 'Delete webhook',
    removeTitle: 'Delete the webhook?',
    removeExplain: 'No more messages are sent to this address, not even those still waiting. The secret is erased. This cannot be undone.',
    removeYes: 'Yes, delete the webhook',
    test: 'Send a test message',
    testQueued: 'The test message is queued and will be sent within a few minutes. Follow it in the message log.',
    redelivered: 'The message is queued again and will be sent within a few minutes.',
    deliveries: 'Message log',
    deliveriesIntro: 'Every message to this webhook, newest first. Times are in Dutch time.',
    deliveriesCaption: 'Messages to this webhook',
    noDeliveries: 'No messages have been sent to this webhook yet.',
    event: 'Event',
    time: 'Time',
    attempts: 'Attempts',
    response: 'Response',
    action: 'Action',
    redeliver: 'Send again',
    redeliveryOf: 'sent again',
    older: 'Older messages',
    newest: 'To the newest messages',
    failed: 'That did not work',
    statuses: { pending: 'Waiting to be sent', delivered: 'Delivered', failed: 'Failed' } as Record<string, string>,
    messages: {
      urlEmpty: 'Enter the web address.',
      events: 'Choose at least one event.',
      description: 'Use at most 500 characters.',
    },
    refusal: (reason: string) => reason,
    unreachable: 'No answer from the server.',
    pausedError: 'The webhook was paused.',
    deletedError: 'The webhook was deleted.',
  },
} as const;
type Strings = (typeof T)[Locale];

/** The events by name, as people read them (the code name is shown beside it for integrators). */
const EVENT_LABELS: Record<string, { nl: string; en: string }> = {
  'agreement.sent': { nl: 'Toekomstafspraken verstuurd om te ondertekenen', en: 'Agreement sent for signing' },
  'agreement.signed': { nl: 'Toekomstafspraken door iedereen ondertekend', en: 'Agreement signed by everyone' },
  'agreement.declined': { nl: 'Ondertekenen geweigerd', en: 'Signing declined' },
  'agreement.expired': { nl: 'Niet op tijd ondertekend (verlopen)', en: 'Not signed in time (expired)' },
  'agreement.completed': { nl: 'Toekomstafspraken afgerond', en: 'Agreement completed' },
  'agreement.amended': { nl: 'Toekomstafspraken gewijzigd', en: 'Agreement amended' },
  'aftercare.signal': { nl: 'Nieuw signaal in de nazorg', en: 'New aftercare signal' },
  'contract.budget-warning': { nl: 'Contract: budgetwaarschuwing', en: 'Contract: budget warning' },
  'contract.notice-deadline': { nl: 'Contract: uiterste opzegdatum komt dichtbij', en: 'Contract: notice deadline near' },
  'contract.renewed': { nl: 'Contract stilzwijgend verlengd', en: 'Contract renewed automatically' },
  ping: { nl: 'Testbericht', en: 'Test message' },
};
const eventLabel = (type: string, locale: Locale) => EVENT_LABELS[type]?.[locale] ?? type;

/**
 * The API's URL refusals (src/platform/webhooks/targets.ts) in Dutch, with the same content: the
 * page shows the rule the API applies, in the page's language. Anything not matched is said generally.
 */
function urlReasonNl(reason: string): string {
  if (/^Not a valid absolute URL/.test(reason)) return 'Vul een volledig webadres in, dat begint met https://.';
  if (/^Use an https URL/.test(reason)) return 'Gebruik een adres dat begint met https://.';
  if (/^Use an http or https URL/.test(reason)) return 'Gebruik een adres dat begint met https:// (of http://).';
  if (/user name or password/.test(reason)) return 'Zet geen gebruikersnaam of wachtwoord in het adres.';
  const notPublic = /^The host (\S+) is not a public address \((.+)\)/.exec(reason);
  if (notPublic) return `De server ${notPublic[1]} is geen openbaar adres (${notPublic[2]}). Webhooks gaan alleen naar openbare adressen.`;
  const local = /^The host (\S+) is a local or internal name/.exec(reason);
  if (local) return `De server ${local[1]} is een lokale of interne naam. Webhooks gaan alleen naar openbare servers.`;
  if (/fully qualified/.test(reason)) return 'Gebruik een volledige, openbare servernaam (zoals koppeling.gemeente.nl).';
  if (/longer than 2048/.test(reason)) return 'Het adres is langer dan 2048 tekens.';
  return 'Dit webadres is niet toegestaan. Gebruik een https-adres van een openbare server.';
}

/** The last-error texts of the delivery job, in the page's language where they are fixed phrases. */
function errorText(error: string | null, s: Strings): string {
  if (!error) return '';
  if (error.startsWith('Unreachable')) return s.unreachable;
  if (error === 'The endpoint is paused.') return s.pausedError;
  if (error === 'The endpoint was deleted.') return s.deletedError;
  return error;
}

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const UUID_RE = new RegExp(`^${UUID}$`);
const LIST = '/app/municipalities/:municipalityId/settings/webhooks';
const ENDPOINT = `${LIST}/:webhookEndpointId{${UUID}}`;
export const webhooksPath = (m: string) => `/app/municipalities/${m}/settings/webhooks`;
const endpointPath = (m: string, id: string) => `${webhooksPath(m)}/${id}`;
const DELIVERY_PAGE = 25;

interface FormValues {
  url: string;
  description: string;
  events: string[];
  active: boolean;
}

async function formOf(c: Context<AppEnv>): Promise<FormValues> {
  const body = await c.req.parseBody({ all: true });
  const all = (v: unknown): string[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === 'string');
  return { url: all(body.url).at(-1) ?? '', description: all(body.description).at(-1) ?? '', events: all(body.events), active: all(body.active).includes('yes') };
}

/** Every problem of the form beside its field: the schema's, and the URL rule even when other fields are wrong too. */
function formErrors(error: unknown, values: FormValues, c: Context<AppEnv>, locale: Locale): FieldErrors {
  const s = T[locale];
  const messages = (p: InvalidParam) => {
    if (/url$/.test(p.name)) return values.url.trim() === '' ? s.messages.urlEmpty : s.refusal(p.reason);
    if (/events/.test(p.name)) return s.messages.events;
    if (/description$/.test(p.name)) return s.messages.description;
    return undefined;
  };
  const errors = fieldErrorsFrom(error, { fields: ['url', 'events', 'description'], messages });
  // events.0 etc. land under '' (no such field): they are the events field's.
  if ('' in errors && Object.keys(errors).length > 1) delete errors[''];
  if (!errors.url && values.url.trim() !== '') {
    const reason = service.urlProblem(values.url.trim(), webhookTargetPolicy(c.get('deps').config));
    if (reason) errors.url = s.refusal(reason);
  }
  // In the order of the form, so the summary reads as the page does.
  const ordered: FieldErrors = {};
  for (const name of ['url', 'description', 'events', '']) if (errors[name]) ordered[name] = errors[name];
  return ordered;
}

function EventsField(props: { s: Strings; locale: Locale; checked: readonly string[]; error?: string | undefined }) {
  const { s } = props;
  const name = 'events';
  const ids = [`${fieldId(name)}-hint`, props.error ? `${fieldId(name)}-error` : ''].filter(Boolean).join(' ');
  return (
    <fieldset class={`utrecht-form-fieldset vv-events${props.error ? ' utrecht-form-fieldset--invalid' : ''}`} aria-describedby={ids} aria-invalid={props.error ? 'true' : undefined}>
      <legend class="utrecht-form-fieldset__legend utrecht-form-label">{s.events}</legend>
      <div class="utrecht-form-field-description" id={`${fieldId(name)}-hint`}>
        {s.eventsHint}
      </div>
      {props.error ? (
        <div class="utrecht-form-field-error-message" id={`${fieldId(name)}-error`}>
          {props.error}
        </div>
      ) : null}
      {WEBHOOK_EVENT_TYPES.map((type, i) => {
        const id = i === 0 ? fieldId(name) : `${fieldId(name)}-${i}`;
        return (
          <div class="utrecht-form-field utrecht-form-field--checkbox">
            <div class="utrecht-form-field__input">
              <input class="utrecht-checkbox utrecht-checkbox--html-input" type="checkbox" id={id} name={name} value={type} checked={props.checked.includes(type) || undefined} />
            </div>
            <div class="utrecht-form-field__label utrecht-form-field__label--checkbox">
              <label class="utrecht-form-label utrecht-form-label--checkbox" for={id}>
                {eventLabel(type, props.locale)} <code class="vv-mono">{type}</code>
              </label>
            </div>
          </div>
        );
      })}
    </fieldset>
  );
}

function EndpointForm(props: { c: Context<AppEnv>; action: string; values: FormValues; errors: FieldErrors; edit: boolean }) {
  const locale = localeOf(props.c);
  const s = T[locale];
  const { values: v, errors } = props;
  return (
    <form method="post" action={href(props.c, props.action)} novalidate>
      <TextField name="url" label={s.url} hint={s.urlHint} value={v.url} type="url" inputmode="url" autocomplete="off" spellcheck={false} maxlength={2048} error={errors.url} required />
      <TextField name="description" label={s.description} hint={s.descriptionHint} value={v.description} maxlength={500} error={errors.description} />
      <EventsField s={s} locale={locale} checked={v.events} error={errors.events} />
      {props.edit ? <Checkbox name="active" label={s.activeField} hint={s.activeHint} checked={v.active} /> : null}
      <div class="vv-actions">
        <Button>{props.edit ? s.save : s.create}</Button>
        <a class="utrecht-link" href={href(props.c, webhooksPath(props.c.req.param('municipalityId') as string))}>
          {s.cancel}
        </a>
      </div>
    </form>
  );
}

const labelsOf = (s: Strings) => ({ url: s.url, events: s.events, description: s.description });

function newPage(c: Context<AppEnv>, values: FormValues, errors: FieldErrors, status: PageStatus = 200) {
  const locale = localeOf(c);
  const s = T[locale];
  const m = c.req.param('municipalityId') as string;
  const body = (
    <div class="vv-integrations">
      <ErrorSummary locale={locale} errors={errors} labels={labelsOf(s)} />
      <EndpointForm c={c} action={`${webhooksPath(m)}/new`} values={values} errors={errors} edit={false} />
    </div>
  );
  return staffPage(c, { title: s.newTitle, body, status });
}

async function endpointPage(c: Context<AppEnv>, values: FormValues | null, errors: FieldErrors, status: PageStatus = 200, refusal?: string) {
  const locale = localeOf(c);
  const s = T[locale];
  const m = c.req.param('municipalityId') as string;
  const id = c.req.param('webhookEndpointId') as string;
  const endpoint = await service.getEndpoint(c.get('trx'), m, id);
  const v = values ?? { url: endpoint.url, description: endpoint.description, events: endpoint.events, active: endpoint.active };
  const done = status === 200 ? c.req.query('done') : undefined;
  const base = endpointPath(m, id);
  const body = (
    <div class="vv-integrations">
      {done === 'saved' ? <Alert type="ok">{s.saved}</Alert> : null}
      {refusal ? (
        <Alert type="error" title={s.failed}>
          <p class="utrecht-paragraph">{refusal}</p>
        </Alert>
      ) : null}
      <ErrorSummary locale={locale} errors={errors} labels={labelsOf(s)} />
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href={href(c, webhooksPath(m))}>
          {s.back}
        </a>
      </p>
      <p class="utrecht-paragraph vv-url">
        <strong>{`${s.status}: `}</strong>
        {endpoint.active ? s.active : s.paused}
      </p>
      <ul class="utrecht-unordered-list vv-endpoint-links">
        <li class="utrecht-unordered-list__item">
          <a class="utrecht-link" href={href(c, `${base}/deliveries`)}>
            {s.deliveries}
          </a>
        </li>
        <li class="utrecht-unordered-list__item">
          <a class="utrecht-link" href={href(c, `${base}/rotate`)}>
            {s.rotate}
          </a>
        </li>
        <li class="utrecht-unordered-list__item">
          <a class="utrecht-link" href={href(c, `${base}/delete`)}>
            {s.remove}
          </a>
        </li>
      </ul>
      <EndpointForm c={c} action={base} values={v} errors={errors} edit />
    </div>
  );
  return staffPage(c, { title: `${s.editTitle}: ${endpoint.description || endpoint.url}`, body, status });
}

async function deliveriesPage(c: Context<AppEnv>, status: PageStatus = 200, refusal?: string) {
  const locale = localeOf(c);
  const s = T[locale];
  const m = c.req.param('municipalityId') as string;
  const id = c.req.param('webhookEndpointId') as string;
  const trx = c.get('trx');
  const endpoint = await service.getEndpoint(trx, m, id);
  const cursorQ = c.req.query('cursor');
  const cursor = cursorQ && UUID_RE.test(cursorQ) ? cursorQ : undefined;
  const page = toPage(await service.listDeliveries(trx, m, id, DELIVERY_PAGE, { cursor }), DELIVERY_PAGE);
  const base = endpointPath(m, id);
  const done = status === 200 ? c.req.query('done') : undefined;
  const body = (
    <div class="vv-integrations">
      {done === 'test' ? <Alert type="ok">{s.testQueued}</Alert> : null}
      {done === 'redelivered' ? <Alert type="ok">{s.redelivered}</Alert> : null}
      {refusal ? (
        <Alert type="error" title={s.failed}>
          <p class="utrecht-paragraph">{refusal}</p>
        </Alert>
      ) : null}
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href={href(c, base)}>
          {`${s.toEndpoint}: ${endpoint.description || endpoint.url}`}
        </a>
      </p>
      <p class="utrecht-paragraph">{s.deliveriesIntro}</p>
      <form method="post" action={href(c, `${base}/test`)}>
        <Button kind="secondary">{s.test}</Button>
      </form>
      {page.items.length === 0 ? (
        <p class="utrecht-paragraph">{s.noDeliveries}</p>
      ) : (
        <DataTable label={s.deliveriesCaption} caption={s.deliveriesCaption} class="vv-deliveries" id="deliveries" columns={[s.event, `${s.time}`, s.status, s.attempts, s.response, s.action]}>
          {page.items.map((d) => (
            <tr class="utrecht-table__row" data-delivery={d.id}>
              <th class="utrecht-table__header-cell" scope="row">
                {eventLabel(d.eventType, locale)}
                {d.redeliveryOf ? <span class="vv-muted">{` (${s.redeliveryOf})`}</span> : null}
              </th>
              <td class="utrecht-table__cell">{formatDateTime(d.createdAt, locale)}</td>
              <td class="utrecht-table__cell">{s.statuses[d.status] ?? d.status}</td>
              <td class="utrecht-table__cell">{String(d.attempts)}</td>
              <td class="utrecht-table__cell">{[d.lastStatusCode === null ? '' : `HTTP ${d.lastStatusCode}`, d.lastStatusCode !== null && d.lastError === `HTTP ${d.lastStatusCode}` ? '' : errorText(d.lastError, s)].filter(Boolean).join(' — ') || '—'}</td>
              <td class="utrecht-table__cell">
                {d.status === 'pending' ? (
                  '—'
                ) : (
                  <form method="post" action={href(c, `${base}/deliveries/${d.id}/redeliver`)}>
                    <button class="utrecht-button utrecht-button--secondary-action" type="submit" aria-label={`${s.redeliver}: ${eventLabel(d.eventType, locale)}, ${formatDateTime(d.createdAt, locale)}`}>
                      {s.redeliver}
                    </button>
                  </form>
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      {page.nextCursor || cursor ? (
        <ul class="utrecht-unordered-list vv-pager">
          {cursor ? (
            <li class="utrecht-unordered-list__item">
              <a class="utrecht-link" href={href(c, `${base}/deliveries`)}>
                {s.newest}
              </a>
            </li>
          ) : null}
          {page.nextCursor ? (
            <li class="utrecht-unordered-list__item">
              <a class="utrecht-link" href={href(c, `${base}/deliveries`, { cursor: page.nextCursor })}>
                {s.older}
              </a>
            </li>
          ) : null}
        </ul>
      ) : null}
    </div>
  );
  return staffPage(c, { title: `${s.deliveries}: ${endpoint.description || endpoint.url}`, body, width: 'wide', status });
}

async function confirmPage(c: Context<AppEnv>, kind: 'rotate' | 'delete') {
  const locale = localeOf(c);
  const s = T[locale];
  const m = c.req.param('municipalityId') as string;
  const id = c.req.param('webhookEndpointId') as string;
  const endpoint = await service.getEndpoint(c.get('trx'), m, id);
  const base = endpointPath(m, id);
  const body = (
    <div class="vv-integrations">
      {kind === 'rotate' ? (
        <ul class="utrecht-unordered-list">
          {s.rotateExplain.map((line) => (
            <li class="utrecht-unordered-list__item">{line}</li>
          ))}
        </ul>
      ) : (
        <p class="utrecht-paragraph">{s.removeExplain}</p>
      )}
      <p class="utrecht-paragraph vv-url">
        <strong>{`${s.url}: `}</strong>
        <code class="vv-mono">{endpoint.url}</code>
      </p>
      <form method="post" action={href(c, `${base}/${kind}`)}>
        <div class="vv-actions">
          <Button>{kind === 'rotate' ? s.rotateYes : s.removeYes}</Button>
          <a class="utrecht-link" href={href(c, base)}>
            {s.cancel}
          </a>
        </div>
      </form>
    </div>
  );
  return staffPage(c, { title: kind === 'rotate' ? s.rotateTitle : s.removeTitle, body });
}

const CONFLICTS: Record<string, { nl: string; en: string }> = {
  'endpoint-paused': { nl: 'De webhook is gepauzeerd. Zet hem eerst weer aan (Actief) en probeer het dan opnieuw.', en: 'The webhook is paused. Turn it on again (Active) first, then try again.' },
  'delivery-pending': { nl: 'Dit bericht wordt nog verstuurd. Wacht tot de verzending klaar is voordat u het opnieuw verstuurt.', en: 'This message is still being sent. Wait until sending has finished before you send it again.' },
  'too-many-endpoints': { nl: `Een gemeente kan hoogstens ${service.MAX_ENDPOINTS} webhooks hebben. Verwijder er eerst een.`, en: `A municipality can have at most ${service.MAX_ENDPOINTS} webhooks. Delete one first.` },
};

/** 409s (paused, still pending, too many) as a message on the page; anything else is the failure page's. */
const conflictText = (error: unknown, locale: Locale) =>
  error instanceof ApiError && error.status === 409 ? (CONFLICTS[error.slug]?.[locale] ?? problemText(error, locale)) : null;

export function webhookPages(): Hono<AppEnv> {
  const pages = new Hono<AppEnv>();
  pages.onError(appFailurePage);

  pages.get(LIST, asOperation(routes.list), async (c) => {
    const locale = localeOf(c);
    const s = T[locale];
    const m = c.req.param('municipalityId');
    const trx = c.get('trx');
    const endpoints = await service.listEndpoints(trx, m, service.MAX_ENDPOINTS);
    const latest = await service.latestDeliveries(trx, m, endpoints.map((e) => e.id));
    const body = (
      <div class="vv-integrations">
        {c.req.query('done') === 'deleted' ? <Alert type="ok">{s.deleted}</Alert> : null}
        <p class="utrecht-paragraph">{s.intro}</p>
        <p class="utrecht-paragraph">
          <a class="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--primary-action" href={href(c, `${webhooksPath(m)}/new`)}>
            {s.add}
          </a>
        </p>
        {endpoints.length === 0 ? (
          <p class="utrecht-paragraph">{s.none}</p>
        ) : (
          <DataTable label={s.caption} caption={s.caption} class="vv-endpoints" id="endpoints" columns={[s.url, s.events, s.status, s.lastDelivery]}>
            {endpoints.map((e) => {
              const last = latest.get(e.id);
              return (
                <tr class="utrecht-table__row" data-endpoint={e.id}>
                  <th class="utrecht-table__header-cell" scope="row">
                    <a class="utrecht-link vv-url" href={href(c, endpointPath(m, e.id))}>
                      {e.url}
                    </a>
                    {e.description ? <div class="vv-muted">{e.description}</div> : null}
                  </th>
                  <td class="utrecht-table__cell">
                    <ul class="utrecht-unordered-list vv-plain-list">
                      {e.events.map((type) => (
                        <li class="utrecht-unordered-list__item">{eventLabel(type, locale)}</li>
                      ))}
                    </ul>
                  </td>
                  <td class="utrecht-table__cell">{e.active ? s.active : s.paused}</td>
                  <td class="utrecht-table__cell">{last ? `${s.statuses[last.status] ?? last.status}, ${formatDateTime(last.createdAt, locale)}` : s.never}</td>
                </tr>
              );
            })}
          </DataTable>
        )}
      </div>
    );
    return staffPage(c, { title: s.title, body, width: 'wide' });
  });

  pages.get(`${LIST}/new`, asOperation(routes.create), (c) => newPage(c, { url: '', description: '', events: [], active: true }, {}));
  pages.post(`${LIST}/new`, asOperation(routes.create), async (c) => {
    const locale = localeOf(c);
    const m = c.req.param('municipalityId');
    const values = await formOf(c);
    let created: Awaited<ReturnType<typeof service.createEndpoint>>;
    try {
      const input = validateForm(CreateWebhookEndpoint, { url: values.url, events: values.events, description: values.description });
      created = await service.createEndpoint(c.get('trx'), m, input, webhookTargetPolicy(c.get('deps').config), nowOf(c));
    } catch (error) {
      if (error instanceof ApiError && error.status === 400) return newPage(c, values, formErrors(error, values, c, locale), 400);
      const refusal = conflictText(error, locale);
      if (refusal) return newPage(c, values, { '': refusal }, 409);
      throw error;
    }
    c.set('auditSubject', { type: 'webhook-endpoint', id: created.id });
    // Shown once, on the page this redirects to: see reveals.ts (never in a URL, never again).
    await keepSecretForReveal(c.get('trx'), m, created.id, userPrincipal(c).userId, 'created', created.secret, nowOf(c));
    return seeOther(c, href(c, `${endpointPath(m, created.id)}/secret`));
  });

  // The one view of a new secret: read and deleted in this request's transaction.
  pages.get(`${ENDPOINT}/secret`, asOperation(routes.get), async (c) => {
    const locale = localeOf(c);
    const s = T[locale];
    const m = c.req.param('municipalityId');
    const id = c.req.param('webhookEndpointId');
    const endpoint = await service.getEndpoint(c.get('trx'), m, id);
    const shown = await secretRevealed(c.get('trx'), m, id, userPrincipal(c).userId, nowOf(c));
    // Nothing that shows the secret may be kept by the browser or a proxy (back button, history).
    c.header('Cache-Control', 'no-store');
    const body = (
      <div class="vv-integrations">
        {shown ? (
          <>
            <Alert type="ok">{shown.reason === 'created' ? s.secretCreated : s.secretRotated}</Alert>
            <Alert type="warning" title={s.copyNow}>
              <p class="utrecht-paragraph">{s.secretExplain}</p>
            </Alert>
            <div class="utrecht-form-field utrecht-form-field--text">
              <div class="utrecht-form-field__label">
                <label class="utrecht-form-label" for="field-secret">
                  {s.secretLabel}
                </label>
              </div>
              <div class="utrecht-form-field__input">
                {/* Read-only and wrapping, so the whole secret is visible on a phone and selects in one go. */}
                <textarea class="utrecht-textarea utrecht-textarea--html-textarea vv-secret" id="field-secret" readonly rows={2} autocomplete="off" spellcheck={false}>
                  {shown.secret}
                </textarea>
              </div>
            </div>
            <p class="utrecht-paragraph vv-small">{locale === 'nl' ? `Deze pagina toont het geheim één keer; het is ${REVEAL_MINUTES} minuten na het maken niet meer op te vragen.` : `This page shows the secret once; ${REVEAL_MINUTES} minutes after it was made it can no longer be retrieved.`}</p>
          </>
        ) : (
          <Alert type="info">{s.secretGone}</Alert>
        )}
        <p class="utrecht-paragraph vv-url">
          <strong>{`${s.url}: `}</strong>
          <code class="vv-mono">{endpoint.url}</code>
        </p>
        <p class="utrecht-paragraph">
          <a class="utrecht-link" href={href(c, endpointPath(m, id))}>
            {s.toEndpoint}
          </a>
        </p>
      </div>
    );
    return staffPage(c, { title: s.secretTitle, body });
  });

  pages.get(ENDPOINT, asOperation(routes.get), (c) => endpointPage(c, null, {}));
  pages.post(ENDPOINT, asOperation(routes.update), async (c) => {
    const locale = localeOf(c);
    const m = c.req.param('municipalityId');
    const id = c.req.param('webhookEndpointId');
    const values = await formOf(c);
    try {
      const input = validateForm(UpdateWebhookEndpoint, { url: values.url, events: values.events, description: values.description, active: values.active });
      await service.updateEndpoint(c.get('trx'), m, id, input, nowOf(c), webhookTargetPolicy(c.get('deps').config));
    } catch (error) {
      if (error instanceof ApiError && error.status === 400) return endpointPage(c, values, formErrors(error, values, c, locale), 400);
      throw error;
    }
    return seeOther(c, href(c, endpointPath(m, id), { done: 'saved' }));
  });

  pages.get(`${ENDPOINT}/delete`, asOperation(routes.get), (c) => confirmPage(c, 'delete'));
  pages.post(`${ENDPOINT}/delete`, asOperation(routes.remove), async (c) => {
    const m = c.req.param('municipalityId');
    await service.deleteEndpoint(c.get('trx'), m, c.req.param('webhookEndpointId'), nowOf(c));
    return seeOther(c, href(c, webhooksPath(m), { done: 'deleted' }));
  });

  pages.get(`${ENDPOINT}/rotate`, asOperation(routes.get), (c) => confirmPage(c, 'rotate'));
  pages.post(`${ENDPOINT}/rotate`, asOperation(routes.rotateSecret), async (c) => {
    const m = c.req.param('municipalityId');
    const id = c.req.param('webhookEndpointId');
    const rotated = await service.rotateSecret(c.get('trx'), m, id, nowOf(c));
    await keepSecretForReveal(c.get('trx'), m, id, userPrincipal(c).userId, 'rotated', rotated.secret, nowOf(c));
    return seeOther(c, href(c, `${endpointPath(m, id)}/secret`));
  });

  pages.get(`${ENDPOINT}/deliveries`, asOperation(routes.deliveries), (c) => deliveriesPage(c));
  pages.post(`${ENDPOINT}/test`, asOperation(routes.test), async (c) => {
    const m = c.req.param('municipalityId');
    const id = c.req.param('webhookEndpointId');
    try {
      await service.sendTestEvent(c.get('trx'), m, id, nowOf(c));
    } catch (error) {
      const refusal = conflictText(error, localeOf(c));
      if (refusal) return deliveriesPage(c, 409, refusal);
      throw error;
    }
    c.set('auditSubject', { type: 'webhook-endpoint', id });
    return seeOther(c, href(c, `${endpointPath(m, id)}/deliveries`, { done: 'test' }));
  });
  pages.post(`${ENDPOINT}/deliveries/:deliveryId{${UUID}}/redeliver`, asOperation(routes.redeliver), async (c) => {
    const m = c.req.param('municipalityId');
    const id = c.req.param('webhookEndpointId');
    try {
      const delivery = await service.redeliver(c.get('trx'), m, id, c.req.param('deliveryId'), nowOf(c));
      c.set('auditSubject', { type: 'webhook-delivery', id: delivery.id });
    } catch (error) {
      const refusal = conflictText(error, localeOf(c));
      if (refusal) return deliveriesPage(c, 409, refusal);
      throw error;
    }
    return seeOther(c, href(c, `${endpointPath(m, id)}/deliveries`, { done: 'redelivered' }));
  });

  return pages;
}
