// The platform operator's pages (issue 14), under /app/operator: the municipalities (list, create,
// settings, plan, inviting the first admin), the care providers register (list and search, create,
// correcting the AGB code or KvK number, inviting the first admin), and the operators (list,
// inviting another). Every page is for the operator only (the gate below: sign-in and the second
// factor first, then 403 for anyone else) and does what its API operation does (asOperation: the
// same access rule and processing-log entry), through the same services; the rules stay there.
import type { Context } from 'hono';
import { Hono } from 'hono';
import { formatDate } from '../../platform/dates.js';
import { ApiError, type InvalidParam } from '../../platform/errors.js';
import { nowOf, userPrincipal } from '../../platform/http/context.js';
import type { AppEnv } from '../../platform/http/env.js';
import { toPage } from '../../platform/http/openapi.js';
import { type Locale, localeOf } from '../../platform/http/page.js';
import { type PageStatus, appFailurePage, asOperation, href, pageAccess, seeOther, staffPage } from '../../platform/http/pages.js';
import { Alert, Button, DataTable, ErrorSummary, type FieldErrors, RadioGroup, TextArea, TextField, fieldErrorsFrom, readForm, validateForm } from '../../platform/ui/form.js';
import { routes as billingRoutes } from '../billing/routes.js';
import { SetPlan } from '../billing/schemas.js';
import { billingOverview, getBilling, setPlan } from '../billing/service.js';
import { routes as identityRoutes } from '../identity/routes.js';
import { CreateInvitation } from '../identity/schemas.js';
import { createInvitation, invitationSenders, listInvitations, listOperators, revokeInvitation } from '../identity/service.js';
import { routes as providerRoutes } from '../providers/routes.js';
import { CreateProvider, CreateProviderInvitation, UpdateProvider } from '../providers/schemas.js';
import { createProvider, getProvider, listProviders, updateProvider } from '../providers/service.js';
import { routes as tenantRoutes } from '../tenants/routes.js';
import { CreateMunicipality, UpdateMunicipality } from '../tenants/schemas.js';
import { createMunicipality, getMunicipality, listMunicipalities, updateMunicipality } from '../tenants/service.js';
import { routes } from './routes.js';
import { CreateOperatorInvitation } from './schemas.js';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const BASE = '/app/operator';
const MUNICIPALITY = `${BASE}/municipalities/:municipalityId{${UUID}}`;
const PROVIDER = `${BASE}/providers/:providerId{${UUID}}`;
const PAGE_SIZE = 50;

/** The installation's defaults for what a municipality has not set (as the API's routes). */
const defaultsOf = (c: Context<AppEnv>) => ({ signingLinkDays: c.get('deps').config.signingLinkDays });

const T = {
  nl: {
    home: 'Platformbeheer',
    homeIntro: 'Hier beheert u Vervolg als platform: de gemeenten en hun abonnement, het register van zorgaanbieders en de andere platformbeheerders.',
    sections: {
      municipalities: { title: 'Gemeenten', text: 'Een gemeente aanmaken, haar instellingen en abonnement (gratis, op factuur of via Stripe), en haar eerste beheerder uitnodigen.' },
      providers: { title: 'Zorgaanbieders', text: 'Het register van zorgaanbieders: zoeken, registreren, de AGB-code of het KvK-nummer verbeteren, en de eerste beheerder uitnodigen.' },
      operators: { title: 'Platformbeheerders', text: 'Wie Vervolg als platform beheert, en een nieuwe platformbeheerder uitnodigen.' },
    },
    back: 'Terug naar platformbeheer',
    backToMunicipalities: 'Terug naar de gemeenten',
    planLegend: 'Hoe betaalt de gemeente?',
    newProviderIntro: 'Registreer de zorgaanbieder met zijn AGB-code en KvK-nummer. Daarna kunt u de eerste beheerder uitnodigen.',
    cancel: 'Annuleren',
    next: 'Volgende pagina',
    first: 'Naar de eerste pagina',
    // municipalities
    municipalities: 'Gemeenten',
    municipalitiesIntro: 'Alle gemeenten op het platform, met hun abonnement.',
    newMunicipality: 'Gemeente aanmaken',
    name: 'Naam',
    cbsCode: 'CBS-gemeentecode',
    cbsHint: 'GM gevolgd door 4 cijfers, bijvoorbeeld GM0363 voor Amsterdam.',
    slug: 'Korte naam voor adressen (slug)',
    slugHint: 'Kleine letters, cijfers en losse streepjes, bijvoorbeeld den-haag. Kan later niet meer veranderen.',
    defaultLocale: 'Standaardtaal',
    defaultLocaleHint: 'De taal van pagina’s en berichten voor mensen die zelf geen taal kozen.',
    locales: { nl: 'Nederlands', en: 'Engels' },
    threshold: 'Kleine aantallen verbergen onder',
    thresholdHint: 'Gepubliceerde cijfers over minder jongeren dan dit aantal worden niet getoond (zoals het CBS doet). Een heel getal van 1 tot en met 100.',
    plan: 'Abonnement',
    billingStatus: 'Status',
    noMunicipalities: 'Er zijn nog geen gemeenten.',
    plans: { free: 'Gratis', manual: 'Op factuur', stripe: 'Via Stripe' } as Record<string, string>,
    planHelp: 'Gratis en op factuur: de gemeente wordt nooit alleen-lezen, wat er in Stripe ook gebeurt. Via Stripe: de gemeente betaalt zelf een abonnement; na opzegging en de respijtperiode kan ze alleen nog lezen.',
    statuses: { none: 'geen abonnement', trialing: 'proefperiode', active: 'actief', 'past-due': 'betaling achterstallig', canceled: 'opgezegd' } as Record<string, string>,
    readOnly: 'alleen-lezen',
    createMunicipalityIntro: 'Na het aanmaken nodigt u de eerste beheerder van de gemeente uit.',
    create: 'Aanmaken',
    settings: 'Instellingen',
    save: 'Opslaan',
    planTitle: 'Abonnement',
    planNote: 'Toelichting',
    planNoteHint: 'Bijvoorbeeld het inkoopordernummer bij een abonnement op factuur. Hoogstens 500 tekens.',
    savePlan: 'Abonnement opslaan',
    currentPlan: (plan: string, status: string) => `Nu: ${plan}, status ${status}.`,
    inviteAdmin: 'Eerste beheerder uitnodigen',
    inviteAdminIntro: (org: string) => `De beheerder van ${org} krijgt een e-mail met een link. Daarmee maakt die een account (of koppelt een bestaand account) en stelt een tweede factor in. De beheerder nodigt daarna zelf collega’s uit.`,
    email: 'E-mailadres',
    emailHint: 'Het werkadres van de beheerder.',
    send: 'Uitnodiging versturen',
    details: 'Gegevens',
    // providers
    providers: 'Zorgaanbieders',
    providersIntro: 'Alle zorgaanbieders die op het platform bekend zijn. Gemeenten kiezen hieruit met wie ze werken.',
    newProvider: 'Zorgaanbieder registreren',
    search: 'Zoeken',
    searchLabel: 'Naam of AGB-code',
    searchHint: 'Een deel van de naam, of de hele AGB-code van 8 cijfers.',
    searchingFor: (q: string) => `Zoekresultaten voor „${q}”.`,
    clearSearch: 'Alle zorgaanbieders tonen',
    noProviders: 'Geen zorgaanbieders gevonden.',
    agbCode: 'AGB-code',
    agbHint: '8 cijfers (Vektis).',
    kvkNumber: 'KvK-nummer',
    kvkHint: '8 cijfers (Kamer van Koophandel).',
    registeredOn: 'Geregistreerd op',
    register: 'Registreren',
    correct: 'Gegevens verbeteren',
    correctIntro: 'Verbeter hier een verkeerd ingevoerde naam, AGB-code of KvK-nummer. Een AGB-code hoort bij één zorgaanbieder.',
    // operators
    operators: 'Platformbeheerders',
    operatorsIntro: 'Wie Vervolg als platform beheert. Een platformbeheerder kan gemeenten en zorgaanbieders aanmaken en beheren.',
    inviteOperator: 'Platformbeheerder uitnodigen',
    inviteOperatorIntro: 'De persoon krijgt een e-mail met een link. Daarmee maakt die een account (of koppelt een bestaand account), kiest een wachtwoord en stelt een tweede factor in voordat die iets kan doen. Pas na het accepteren is die platformbeheerder.',
    operatorEmailHint: 'Het werkadres van de nieuwe platformbeheerder.',
    secondFactor: 'Tweede factor',
    secondFactorOn: 'Ingesteld',
    secondFactorOff: 'Nog niet ingesteld',
    since: 'Sinds',
    you: '(u)',
    invitations: 'Openstaande uitnodigingen',
    noInvitations: 'Er staan geen uitnodigingen open.',
    expires: 'Verloopt op',
    sentBy: 'Verstuurd door',
    unknown: 'onbekend',
    action: 'Actie',
    revoke: 'Intrekken',
    done: {
      created: 'De gemeente is aangemaakt. Nodig nu haar eerste beheerder uit.',
      saved: 'De instellingen zijn opgeslagen.',
      plan: 'Het abonnement is opgeslagen.',
      invited: 'De uitnodiging is verstuurd.',
      registered: 'De zorgaanbieder is geregistreerd.',
      corrected: 'De gegevens van de zorgaanbieder zijn verbeterd.',
      revoked: 'De uitnodiging is ingetrokken. De link in de e-mail werkt niet meer.',
    } as Record<string, string>,
    messages: {
      name: 'Vul een naam in van 2 tot 200 tekens.',
      cbsCode: 'Een CBS-gemeentecode is GM gevolgd door 4 cijfers, bijvoorbeeld GM0363.',
      slug: 'Gebruik 2 tot 60 kleine letters, cijfers en losse streepjes, bijvoorbeeld den-haag.',
      defaultLocale: 'Kies Nederlands of Engels.',
      smallNumberThreshold: 'Vul een heel getal in van 1 tot en met 100.',
      plan: 'Kies een abonnement.',
      note: 'Gebruik hoogstens 500 tekens.',
      email: 'Vul een geldig e-mailadres in, bijvoorbeeld naam@organisatie.nl.',
      agbCode: 'Een AGB-code bestaat uit 8 cijfers.',
      kvkNumber: 'Een KvK-nummer bestaat uit 8 cijfers.',
      nothing: 'Verander minstens één gegeven.',
    } as Record<string, string>,
    taken: {
      cbsCode: (v: string) => `Er is al een gemeente met CBS-gemeentecode ${v}.`,
      slug: (v: string) => `De korte naam ${v} is al in gebruik. Kies een andere.`,
      agbCode: (v: string) => `Een andere zorgaanbieder heeft al AGB-code ${v}. Een AGB-code hoort bij één zorgaanbieder.`,
    } as Record<string, (v: string) => string>,
  },
  en: {
    home: 'Platform administration',
    homeIntro: 'Here you run Vervolg as a platform: the municipalities and their subscription, the register of care providers, and the other platform administrators.',
    sections: {
      municipalities: { title: 'Municipalities', text: 'Create a municipality, its settings and subscription (free, by invoice or through Stripe), and invite its first administrator.' },
      providers: { title: 'Care providers', text: 'The register of care providers: search, register, correct the AGB code or KvK number, and invite the first administrator.' },
      operators: { title: 'Platform administrators', text: 'Who runs Vervolg as a platform, and inviting a new platform administrator.' },
    },
    back: 'Back to platform administration',
    backToMunicipalities: 'Back to the municipalities',
    planLegend: 'How does the municipality pay?',
    newProviderIntro: 'Register the care provider with its AGB code and KvK number. Then you can invite its first administrator.',
    cancel: 'Cancel',
    next: 'Next page',
    first: 'To the first page',
    municipalities: 'Municipalities',
    municipalitiesIntro: 'Every municipality on the platform, with its subscription.',
    newMunicipality: 'Create a municipality',
    name: 'Name',
    cbsCode: 'CBS municipality code',
    cbsHint: 'GM followed by 4 digits, e.g. GM0363 for Amsterdam.',
    slug: 'Short name for addresses (slug)',
    slugHint: 'Lower-case letters, digits and single hyphens, e.g. den-haag. Cannot be changed later.',
    defaultLocale: 'Default language',
    defaultLocaleHint: 'The language of pages and messages for people who did not choose one.',
    locales: { nl: 'Dutch', en: 'English' },
    threshold: 'Hide small numbers below',
    thresholdHint: 'Published figures about fewer young people than this are not shown (as CBS does). A whole number from 1 to 100.',
    plan: 'Subscription',
    billingStatus: 'Status',
    noMunicipalities: 'There are no municipalities yet.',
    plans: { free: 'Free', manual: 'By invoice', stripe: 'Through Stripe' } as Record<string, string>,
    planHelp: 'Free and by invoice: the municipality never becomes read-only, whatever happens in Stripe. Through Stripe: the municipality pays a subscription itself; after cancelling and the grace period it can only read.',
    statuses: { none: 'no subscription', trialing: 'trial', active: 'active', 'past-due': 'payment overdue', canceled: 'cancelled' } as Record<string, string>,
    readOnly: 'read-only',
    createMunicipalityIntro: 'After creating it, you invite the municipality’s first administrator.',
    create: 'Create',
    settings: 'Settings',
    save: 'Save',
    planTitle: 'Subscription',
    planNote: 'Note',
    planNoteHint: 'For example the purchase order number of a subscription by invoice. At most 500 characters.',
    savePlan: 'Save subscription',
    currentPlan: (plan: string, status: string) => `Now: ${plan}, status ${status}.`,
    inviteAdmin: 'Invite the first administrator',
    inviteAdminIntro: (org: string) => `The administrator of ${org} gets an e-mail with a link. With it they create an account (or link an existing one) and set up a second factor. The administrator then invites colleagues.`,
    email: 'E-mail address',
    emailHint: 'The administrator’s work address.',
    send: 'Send invitation',
    details: 'Details',
    providers: 'Care providers',
    providersIntro: 'Every care provider known to the platform. Municipalities choose from these who they work with.',
    newProvider: 'Register a care provider',
    search: 'Search',
    searchLabel: 'Name or AGB code',
    searchHint: 'Part of the name, or the whole 8-digit AGB code.',
    searchingFor: (q: string) => `Search results for “${q}”.`,
    clearSearch: 'Show all care providers',
    noProviders: 'No care providers found.',
    agbCode: 'AGB code',
    agbHint: '8 digits (Vektis).',
    kvkNumber: 'KvK number',
    kvkHint: '8 digits (Chamber of Commerce).',
    registeredOn: 'Registered on',
    register: 'Register',
    correct: 'Correct the details',
    correctIntro: 'Correct a mistyped name, AGB code or KvK number here. An AGB code belongs to one care provider.',
    operators: 'Platform administrators',
    operatorsIntro: 'Who runs Vervolg as a platform. A platform administrator can create and manage municipalities and care providers.',
    inviteOperator: 'Invite a platform administrator',
    inviteOperatorIntro: 'The person gets an e-mail with a link. With it they create an account (or link an existing one), choose a password and set up a second factor before they can do anything. Only after accepting are they a platform administrator.',
    operatorEmailHint: 'The new platform administrator’s work address.',
    secondFactor: 'Second factor',
    secondFactorOn: 'Set up',
    secondFactorOff: 'Not set up yet',
    since: 'Since',
    you: '(you)',
    invitations: 'Open invitations',
    noInvitations: 'There are no open invitations.',
    expires: 'Expires on',
    sentBy: 'Sent by',
    unknown: 'unknown',
    action: 'Action',
    revoke: 'Revoke',
    done: {
      created: 'The municipality has been created. Now invite its first administrator.',
      saved: 'The settings have been saved.',
      plan: 'The subscription has been saved.',
      invited: 'The invitation has been sent.',
      registered: 'The care provider has been registered.',
      corrected: 'The care provider’s details have been corrected.',
      revoked: 'The invitation has been revoked. The link in the e-mail no longer works.',
    } as Record<string, string>,
    messages: {
      name: 'Enter a name of 2 to 200 characters.',
      cbsCode: 'A CBS municipality code is GM followed by 4 digits, e.g. GM0363.',
      slug: 'Use 2 to 60 lower-case letters, digits and single hyphens, e.g. den-haag.',
      defaultLocale: 'Choose Dutch or English.',
      smallNumberThreshold: 'Enter a whole number from 1 to 100.',
      plan: 'Choose a subscription.',
      note: 'Use at most 500 characters.',
      email: 'Enter a valid e-mail address, e.g. name@organisation.nl.',
      agbCode: 'An AGB code is 8 digits.',
      kvkNumber: 'A KvK number is 8 digits.',
      nothing: 'Change at least one detail.',
    } as Record<string, string>,
    taken: {
      cbsCode: (v: string) => `There already is a municipality with CBS code ${v}.`,
      slug: (v: string) => `The short name ${v} is taken. Choose another.`,
      agbCode: (v: string) => `Another care provider already has AGB code ${v}. An AGB code belongs to one care provider.`,
    } as Record<string, (v: string) => string>,
  },
} as const;
type Strings = (typeof T)[Locale];

// ---- shared bits ----

/** A form's problems beside their fields, in the page's words: the schema's 400, or a uniqueness 409 that names its field. */
function formErrors(error: unknown, s: Strings, fields: readonly string[], typed: Record<string, string>, rename: Record<string, string> = {}): FieldErrors | null {
  if (error instanceof ApiError && error.status === 409) {
    const field = ((error.extra.invalidParams as InvalidParam[] | undefined) ?? [])[0]?.name.replace(/^body\./, '');
    if (field && fields.includes(field) && s.taken[field]) return { [field]: s.taken[field](typed[field] ?? '') };
    return { '': error.detail };
  }
  if (!(error instanceof ApiError) || error.status !== 400) return null;
  const named = (name: string) => rename[name.replace(/^(body|form)\./, '')] ?? name.replace(/^(body|form)\./, '');
  const raw = fieldErrorsFrom(error, { messages: (p) => s.messages[named(p.name)] ?? (p.name === 'body' ? s.messages.nothing : undefined) });
  const errors: FieldErrors = {};
  for (const [name, message] of Object.entries(raw)) {
    const field = rename[name] ?? name;
    const key = fields.includes(field) ? field : '';
    if (!(key in errors)) errors[key] = message;
  }
  return errors;
}

function Done(props: { c: Context<AppEnv>; s: Strings }) {
  const done = props.c.req.query('done');
  const text = done ? props.s.done[done] : undefined;
  return text ? <Alert type="ok">{text}</Alert> : null;
}

function BackLink(props: { c: Context<AppEnv>; to: string; label: string }) {
  return (
    <p class="utrecht-paragraph">
      <a class="utrecht-link" href={href(props.c, props.to)}>
        {props.label}
      </a>
    </p>
  );
}

function ButtonLink(props: { href: string; children: string }) {
  return (
    <p class="utrecht-paragraph">
      <a class="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--primary-action" href={props.href}>
        {props.children}
      </a>
    </p>
  );
}

const uuidOrUndefined = (v: string | undefined) => (v && new RegExp(`^${UUID}$`).test(v) ? v : undefined);
const statusOf = (errors: FieldErrors): PageStatus => (Object.keys(errors).length ? 400 : 200);
/** A typed whole number as the schema sees it: digits become a number; anything else stays text (and is refused beside its field). */
const asNumber = (typed: string | undefined) => (typed && /^\s*\d{1,4}\s*$/.test(typed) ? Number(typed) : typed || undefined);
const localeOptions = (s: Strings) => [
  { value: 'nl', label: s.locales.nl },
  { value: 'en', label: s.locales.en },
];

// ---- the index ----

function indexPage(c: Context<AppEnv>) {
  const s = T[localeOf(c)];
  const body = (
    <div class="vv-members-page">
      <p class="utrecht-paragraph">{s.homeIntro}</p>
      {(['municipalities', 'providers', 'operators'] as const).map((key) => (
        <section aria-labelledby={`section-${key}`}>
          <h2 class="utrecht-heading-2" id={`section-${key}`}>
            <a class="utrecht-link" href={href(c, `${BASE}/${key}`)}>
              {s.sections[key].title}
            </a>
          </h2>
          <p class="utrecht-paragraph">{s.sections[key].text}</p>
        </section>
      ))}
    </div>
  );
  return staffPage(c, { title: s.home, body });
}

// ---- municipalities ----

async function municipalitiesPage(c: Context<AppEnv>) {
  const locale = localeOf(c);
  const s = T[locale];
  const trx = c.get('trx');
  const cursor = uuidOrUndefined(c.req.query('cursor'));
  const list = toPage(await listMunicipalities(trx, defaultsOf(c), PAGE_SIZE, cursor), PAGE_SIZE);
  const billing = await billingOverview(trx, list.items.map((m) => m.id), nowOf(c));
  const body = (
    <div class="vv-members-page">
      <Done c={c} s={s} />
      <p class="utrecht-paragraph">{s.municipalitiesIntro}</p>
      <ButtonLink href={href(c, `${BASE}/municipalities/new`)}>{s.newMunicipality}</ButtonLink>
      {list.items.length === 0 ? (
        <p class="utrecht-paragraph">{s.noMunicipalities}</p>
      ) : (
        <DataTable label={s.municipalities} caption={s.municipalities} class="vv-members" id="municipalities" columns={[s.name, s.cbsCode, s.plan, s.billingStatus]}>
          {list.items.map((m) => {
            const b = billing.get(m.id);
            return (
              <tr class="utrecht-table__row" data-municipality={m.id}>
                <th class="utrecht-table__header-cell" scope="row">
                  <a class="utrecht-link" href={href(c, `${BASE}/municipalities/${m.id}`)}>
                    {m.name}
                  </a>
                </th>
                <td class="utrecht-table__cell">{m.cbsCode}</td>
                <td class="utrecht-table__cell">{b ? s.plans[b.plan] : ''}</td>
                <td class="utrecht-table__cell">{b ? `${s.statuses[b.status]}${b.readOnly ? ` (${s.readOnly})` : ''}` : ''}</td>
              </tr>
            );
          })}
        </DataTable>
      )}
      <Paging c={c} s={s} path={`${BASE}/municipalities`} next={list.nextCursor} />
      <BackLink c={c} to={BASE} label={s.back} />
    </div>
  );
  return staffPage(c, { title: s.municipalities, body, width: 'wide' });
}

function Paging(props: { c: Context<AppEnv>; s: Strings; path: string; next: string | null; query?: Record<string, string | undefined> }) {
  const { c, s } = props;
  const paged = Boolean(c.req.query('cursor'));
  if (!props.next && !paged) return null;
  return (
    <p class="utrecht-paragraph vv-actions">
      {paged ? (
        <a class="utrecht-link" href={href(c, props.path, props.query ?? {})}>
          {s.first}
        </a>
      ) : null}
      {props.next ? (
        <a class="utrecht-link" href={href(c, props.path, { ...(props.query ?? {}), cursor: props.next })}>
          {s.next}
        </a>
      ) : null}
    </p>
  );
}

function newMunicipalityPage(c: Context<AppEnv>, v: Record<string, string>, errors: FieldErrors = {}) {
  const locale = localeOf(c);
  const s = T[locale];
  const body = (
    <div class="vv-members-page">
      <ErrorSummary locale={locale} errors={errors} labels={{ name: s.name, cbsCode: s.cbsCode, slug: s.slug, defaultLocale: s.defaultLocale }} />
      <p class="utrecht-paragraph">{s.createMunicipalityIntro}</p>
      <form method="post" action={href(c, `${BASE}/municipalities/new`)} novalidate>
        <TextField name="name" label={s.name} value={v.name} error={errors.name} maxlength={200} required />
        <TextField name="cbsCode" label={s.cbsCode} hint={s.cbsHint} value={v.cbsCode} error={errors.cbsCode} maxlength={6} spellcheck={false} required />
        <TextField name="slug" label={s.slug} hint={s.slugHint} value={v.slug} error={errors.slug} maxlength={60} spellcheck={false} required />
        <RadioGroup name="defaultLocale" label={s.defaultLocale} hint={s.defaultLocaleHint} value={v.defaultLocale ?? 'nl'} options={localeOptions(s)} error={errors.defaultLocale} />
        <div class="vv-actions">
          <Button>{s.create}</Button>
          <a class="utrecht-link" href={href(c, `${BASE}/municipalities`)}>
            {s.cancel}
          </a>
        </div>
      </form>
    </div>
  );
  return staffPage(c, { title: s.newMunicipality, body, status: statusOf(errors) });
}

async function municipalityPage(c: Context<AppEnv>, form: { settings?: Record<string, string>; settingsErrors?: FieldErrors; plan?: Record<string, string>; planErrors?: FieldErrors } = {}) {
  const locale = localeOf(c);
  const s = T[locale];
  const trx = c.get('trx');
  const id = c.req.param('municipalityId') as string;
  const m = await getMunicipality(trx, id, defaultsOf(c));
  const billing = await getBilling(trx, id, nowOf(c));
  const settingsErrors = form.settingsErrors ?? {};
  const planErrors = form.planErrors ?? {};
  const sv = form.settings ?? { name: m.name, defaultLocale: m.settings.defaultLocale, smallNumberThreshold: String(m.settings.smallNumberThreshold) };
  const pv = form.plan ?? { plan: billing.plan, note: billing.planNote ?? '' };
  const path = `${BASE}/municipalities/${id}`;
  const body = (
    <div class="vv-members-page">
      <Done c={c} s={s} />
      <dl class="utrecht-data-list">
        <div class="utrecht-data-list__item">
          <dt class="utrecht-data-list__item-key">{s.cbsCode}</dt>
          <dd class="utrecht-data-list__item-value">{m.cbsCode}</dd>
        </div>
        <div class="utrecht-data-list__item">
          <dt class="utrecht-data-list__item-key">{s.slug}</dt>
          <dd class="utrecht-data-list__item-value">{m.slug}</dd>
        </div>
        <div class="utrecht-data-list__item">
          <dt class="utrecht-data-list__item-key">{s.plan}</dt>
          <dd class="utrecht-data-list__item-value">{`${s.plans[billing.plan]}, ${s.statuses[billing.status]}${billing.readOnly ? ` (${s.readOnly})` : ''}`}</dd>
        </div>
      </dl>
      <ButtonLink href={href(c, `${path}/invite`)}>{s.inviteAdmin}</ButtonLink>

      <h2 class="utrecht-heading-2" id="settings">
        {s.settings}
      </h2>
      <ErrorSummary locale={locale} errors={settingsErrors} labels={{ name: s.name, defaultLocale: s.defaultLocale, smallNumberThreshold: s.threshold }} />
      <form method="post" action={href(c, path)} novalidate aria-labelledby="settings">
        <TextField name="name" label={s.name} value={sv.name} error={settingsErrors.name} maxlength={200} required />
        <RadioGroup name="defaultLocale" label={s.defaultLocale} hint={s.defaultLocaleHint} value={sv.defaultLocale} options={localeOptions(s)} error={settingsErrors.defaultLocale} />
        <TextField name="smallNumberThreshold" label={s.threshold} hint={s.thresholdHint} value={sv.smallNumberThreshold} inputmode="numeric" error={settingsErrors.smallNumberThreshold} required />
        <div class="vv-actions">
          <Button>{s.save}</Button>
        </div>
      </form>

      <h2 class="utrecht-heading-2" id="plan">
        {s.planTitle}
      </h2>
      <ErrorSummary locale={locale} errors={planErrors} labels={{ plan: s.planLegend, note: s.planNote }} />
      <form method="post" action={href(c, `${path}/plan`)} novalidate aria-labelledby="plan">
        <RadioGroup name="plan" label={s.planLegend} hint={s.planHelp} value={pv.plan} options={(['free', 'manual', 'stripe'] as const).map((p) => ({ value: p, label: s.plans[p] as string }))} error={planErrors.plan} />
        <TextArea name="note" label={s.planNote} hint={s.planNoteHint} value={pv.note} rows={3} maxlength={500} error={planErrors.note} />
        <div class="vv-actions">
          <Button>{s.savePlan}</Button>
        </div>
      </form>
      <BackLink c={c} to={`${BASE}/municipalities`} label={s.backToMunicipalities} />
    </div>
  );
  const status = Object.keys(settingsErrors).length || Object.keys(planErrors).length ? 400 : 200;
  return staffPage(c, { title: m.name, body, status });
}

function inviteAdminPage(c: Context<AppEnv>, org: { name: string; back: string; action: string }, v: { email: string }, errors: FieldErrors = {}) {
  const locale = localeOf(c);
  const s = T[locale];
  const body = (
    <div class="vv-members-page">
      <ErrorSummary locale={locale} errors={errors} labels={{ email: s.email }} />
      <p class="utrecht-paragraph">{s.inviteAdminIntro(org.name)}</p>
      <form method="post" action={href(c, org.action)} novalidate>
        <TextField name="email" type="email" label={s.email} hint={s.emailHint} value={v.email} error={errors.email} autocomplete="off" spellcheck={false} maxlength={254} required />
        <div class="vv-actions">
          <Button>{s.send}</Button>
          <a class="utrecht-link" href={href(c, org.back)}>
            {s.cancel}
          </a>
        </div>
      </form>
    </div>
  );
  return staffPage(c, { title: `${s.inviteAdmin}: ${org.name}`, body, status: statusOf(errors) });
}

// ---- providers ----

async function providersPage(c: Context<AppEnv>) {
  const locale = localeOf(c);
  const s = T[locale];
  const q = (c.req.query('q') ?? '').trim().slice(0, 100);
  const cursor = uuidOrUndefined(c.req.query('cursor'));
  const filter = /^\d{8}$/.test(q) ? { agbCode: q } : q ? { name: q } : {};
  const list = toPage(await listProviders(c.get('trx'), PAGE_SIZE, { cursor, ...filter }), PAGE_SIZE);
  const body = (
    <div class="vv-members-page">
      <Done c={c} s={s} />
      <p class="utrecht-paragraph">{s.providersIntro}</p>
      <ButtonLink href={href(c, `${BASE}/providers/new`)}>{s.newProvider}</ButtonLink>
      <form method="get" action={`${BASE}/providers`} aria-label={s.search}>
        {c.req.query('lang') ? <input type="hidden" name="lang" value={locale} /> : null}
        <TextField name="q" type="search" label={s.searchLabel} hint={s.searchHint} value={q} maxlength={100} spellcheck={false} />
        <div class="vv-actions">
          <Button kind="secondary">{s.search}</Button>
        </div>
      </form>
      {q ? (
        <p class="utrecht-paragraph" role="status">
          {s.searchingFor(q)}{' '}
          <a class="utrecht-link" href={href(c, `${BASE}/providers`)}>
            {s.clearSearch}
          </a>
        </p>
      ) : null}
      {list.items.length === 0 ? (
        <p class="utrecht-paragraph">{s.noProviders}</p>
      ) : (
        <DataTable label={s.providers} caption={s.providers} class="vv-members" id="providers" columns={[s.name, s.agbCode, s.kvkNumber, s.registeredOn]}>
          {list.items.map((p) => (
            <tr class="utrecht-table__row" data-provider={p.id}>
              <th class="utrecht-table__header-cell" scope="row">
                <a class="utrecht-link" href={href(c, `${BASE}/providers/${p.id}`)}>
                  {p.name}
                </a>
              </th>
              <td class="utrecht-table__cell">{p.agbCode}</td>
              <td class="utrecht-table__cell">{p.kvkNumber}</td>
              <td class="utrecht-table__cell">{formatDate(p.createdAt, locale)}</td>
            </tr>
          ))}
        </DataTable>
      )}
      <Paging c={c} s={s} path={`${BASE}/providers`} next={list.nextCursor} query={{ q: q || undefined }} />
      <BackLink c={c} to={BASE} label={s.back} />
    </div>
  );
  return staffPage(c, { title: s.providers, body, width: 'wide' });
}

function providerForm(c: Context<AppEnv>, props: { title: string; intro: string; action: string; button: string; back: string; v: Record<string, string>; errors: FieldErrors; extra?: unknown }) {
  const locale = localeOf(c);
  const s = T[locale];
  const { v, errors } = props;
  const body = (
    <div class="vv-members-page">
      <Done c={c} s={s} />
      <ErrorSummary locale={locale} errors={errors} labels={{ name: s.name, agbCode: s.agbCode, kvkNumber: s.kvkNumber }} />
      {props.extra as never}
      <p class="utrecht-paragraph">{props.intro}</p>
      <form method="post" action={href(c, props.action)} novalidate>
        <TextField name="name" label={s.name} value={v.name} error={errors.name} maxlength={200} required />
        <TextField name="agbCode" label={s.agbCode} hint={s.agbHint} value={v.agbCode} error={errors.agbCode} inputmode="numeric" maxlength={8} spellcheck={false} required />
        <TextField name="kvkNumber" label={s.kvkNumber} hint={s.kvkHint} value={v.kvkNumber} error={errors.kvkNumber} inputmode="numeric" maxlength={8} spellcheck={false} required />
        <div class="vv-actions">
          <Button>{props.button}</Button>
          <a class="utrecht-link" href={href(c, props.back)}>
            {s.cancel}
          </a>
        </div>
      </form>
    </div>
  );
  return staffPage(c, { title: props.title, body, status: statusOf(errors) });
}

async function providerPage(c: Context<AppEnv>, typed: Record<string, string> | null = null, errors: FieldErrors = {}) {
  const s = T[localeOf(c)];
  const id = c.req.param('providerId') as string;
  const p = await getProvider(c.get('trx'), id);
  const path = `${BASE}/providers/${id}`;
  return providerForm(c, {
    title: p.name,
    intro: s.correctIntro,
    action: path,
    button: s.save,
    back: `${BASE}/providers`,
    v: typed ?? { name: p.name, agbCode: p.agbCode, kvkNumber: p.kvkNumber },
    errors,
    extra: <ButtonLink href={href(c, `${path}/invite`)}>{s.inviteAdmin}</ButtonLink>,
  });
}

// ---- operators ----

async function operatorsPage(c: Context<AppEnv>) {
  const locale = localeOf(c);
  const s = T[locale];
  const trx = c.get('trx');
  const me = userPrincipal(c).userId;
  const cursor = uuidOrUndefined(c.req.query('cursor'));
  const operators = toPage(await listOperators(trx, PAGE_SIZE, cursor), PAGE_SIZE, (o) => o.userId);
  const open = (await listInvitations(trx, { platformOperator: true }, PAGE_SIZE, nowOf(c))).filter((i) => i.status === 'pending');
  const senders = await invitationSenders(trx, { platformOperator: true }, open.map((i) => i.id));
  const body = (
    <div class="vv-members-page">
      <Done c={c} s={s} />
      <p class="utrecht-paragraph">{s.operatorsIntro}</p>
      <ButtonLink href={href(c, `${BASE}/operators/invite`)}>{s.inviteOperator}</ButtonLink>
      <DataTable label={s.operators} caption={s.operators} class="vv-members" id="operators" columns={[s.name, s.email, s.secondFactor, s.since]}>
        {operators.items.map((o) => (
          <tr class="utrecht-table__row" data-operator={o.userId}>
            <th class="utrecht-table__header-cell" scope="row">
              {o.name} {o.userId === me ? s.you : null}
            </th>
            <td class="utrecht-table__cell">{o.email}</td>
            <td class="utrecht-table__cell">{o.twoFactorEnabled ? s.secondFactorOn : s.secondFactorOff}</td>
            <td class="utrecht-table__cell">{formatDate(o.createdAt, locale)}</td>
          </tr>
        ))}
      </DataTable>
      <Paging c={c} s={s} path={`${BASE}/operators`} next={operators.nextCursor} />
      <h2 class="utrecht-heading-2">{s.invitations}</h2>
      {open.length === 0 ? (
        <p class="utrecht-paragraph">{s.noInvitations}</p>
      ) : (
        <DataTable label={s.invitations} caption={s.invitations} class="vv-members" id="invitations" columns={[s.email, s.sentBy, s.expires, s.action]}>
          {open.map((i) => (
            <tr class="utrecht-table__row" data-invitation={i.id}>
              <th class="utrecht-table__header-cell" scope="row">
                {i.email}
              </th>
              <td class="utrecht-table__cell">{senders.get(i.id) ?? s.unknown}</td>
              <td class="utrecht-table__cell">{formatDate(i.expiresAt, locale)}</td>
              <td class="utrecht-table__cell">
                <form method="post" action={href(c, `${BASE}/operator-invitations/${i.id}/revoke`)}>
                  <button class="utrecht-button utrecht-button--secondary-action" type="submit" aria-label={`${s.revoke}: ${i.email}`}>
                    {s.revoke}
                  </button>
                </form>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      <BackLink c={c} to={BASE} label={s.back} />
    </div>
  );
  return staffPage(c, { title: s.operators, body, width: 'wide' });
}

function inviteOperatorPage(c: Context<AppEnv>, v: { email: string }, errors: FieldErrors = {}) {
  const locale = localeOf(c);
  const s = T[locale];
  const body = (
    <div class="vv-members-page">
      <ErrorSummary locale={locale} errors={errors} labels={{ email: s.email }} />
      <p class="utrecht-paragraph">{s.inviteOperatorIntro}</p>
      <form method="post" action={href(c, `${BASE}/operators/invite`)} novalidate>
        <TextField name="email" type="email" label={s.email} hint={s.operatorEmailHint} value={v.email} error={errors.email} autocomplete="off" spellcheck={false} maxlength={254} required />
        <div class="vv-actions">
          <Button>{s.send}</Button>
          <a class="utrecht-link" href={href(c, `${BASE}/operators`)}>
            {s.cancel}
          </a>
        </div>
      </form>
    </div>
  );
  return staffPage(c, { title: s.inviteOperator, body, status: statusOf(errors) });
}

// ---- the router ----

export function operatorPages(): Hono<AppEnv> {
  const pages = new Hono<AppEnv>();
  pages.onError(appFailurePage);
  // Every page here is the operator's: sign-in and the second factor first, then 403 for anyone
  // else (a municipal admin included, even on a page whose API operation would let them in).
  // '/app/operator/*' covers '/app/operator' itself.
  pages.use(`${BASE}/*`, pageAccess({ kind: 'operator' }));

  pages.get(BASE, indexPage);

  // municipalities: listMunicipalities (the operator sees all) with each one's billing account
  pages.get(`${BASE}/municipalities`, asOperation(tenantRoutes.list), municipalitiesPage);
  pages.get(`${BASE}/municipalities/new`, asOperation(tenantRoutes.create), (c) => newMunicipalityPage(c, {}));
  pages.post(`${BASE}/municipalities/new`, asOperation(tenantRoutes.create), async (c) => {
    const s = T[localeOf(c)];
    const typed = readForm(await c.req.parseBody());
    try {
      const input = validateForm(CreateMunicipality, { name: typed.name ?? '', cbsCode: (typed.cbsCode ?? '').trim().toUpperCase(), slug: (typed.slug ?? '').trim(), settings: { defaultLocale: typed.defaultLocale } });
      const municipality = await createMunicipality(c.get('trx'), input, defaultsOf(c));
      c.set('auditSubject', { type: 'municipality', id: municipality.id });
      return seeOther(c, href(c, `${BASE}/municipalities/${municipality.id}`, { done: 'created' }));
    } catch (error) {
      const errors = formErrors(error, s, ['name', 'cbsCode', 'slug', 'defaultLocale'], typed, { 'settings.defaultLocale': 'defaultLocale' });
      if (errors) return newMunicipalityPage(c, typed, errors);
      throw error;
    }
  });
  pages.get(MUNICIPALITY, asOperation(tenantRoutes.get), (c) => municipalityPage(c));
  pages.post(MUNICIPALITY, asOperation(tenantRoutes.update), async (c) => {
    const s = T[localeOf(c)];
    const id = c.req.param('municipalityId');
    const typed = readForm(await c.req.parseBody());
    try {
      const input = validateForm(UpdateMunicipality, { name: typed.name ?? '', settings: { defaultLocale: typed.defaultLocale, smallNumberThreshold: asNumber(typed.smallNumberThreshold) } });
      await updateMunicipality(c.get('trx'), id, input, defaultsOf(c));
    } catch (error) {
      const errors = formErrors(error, s, ['name', 'defaultLocale', 'smallNumberThreshold'], typed, { 'settings.defaultLocale': 'defaultLocale', 'settings.smallNumberThreshold': 'smallNumberThreshold' });
      if (errors) return municipalityPage(c, { settings: typed, settingsErrors: errors });
      throw error;
    }
    return seeOther(c, href(c, `${BASE}/municipalities/${id}`, { done: 'saved' }));
  });
  // setBillingPlan (operator): enters the municipality itself, as the API's handler.
  pages.post(`${MUNICIPALITY}/plan`, asOperation(billingRoutes.plan), async (c) => {
    const s = T[localeOf(c)];
    const id = c.req.param('municipalityId');
    const typed = readForm(await c.req.parseBody());
    try {
      const input = validateForm(SetPlan, { plan: typed.plan, note: typed.note?.trim() ? typed.note.trim() : null });
      await setPlan(c.get('trx'), id, input, nowOf(c));
    } catch (error) {
      const errors = formErrors(error, s, ['plan', 'note'], typed);
      if (errors) return municipalityPage(c, { plan: typed, planErrors: errors });
      throw error;
    }
    c.set('tenantId', id);
    c.set('auditSubject', { type: 'billing-account', id });
    return seeOther(c, href(c, `${BASE}/municipalities/${id}`, { done: 'plan' }));
  });
  // inviteMember (admins, and the operator), for the municipality's first admin
  const municipalityInvite = async (c: Context<AppEnv>, v: { email: string }, errors: FieldErrors = {}) => {
    const id = c.req.param('municipalityId') as string;
    const m = await getMunicipality(c.get('trx'), id, defaultsOf(c));
    return inviteAdminPage(c, { name: m.name, back: `${BASE}/municipalities/${id}`, action: `${BASE}/municipalities/${id}/invite` }, v, errors);
  };
  pages.get(`${MUNICIPALITY}/invite`, asOperation(identityRoutes.createInvitation), (c) => municipalityInvite(c, { email: '' }));
  pages.post(`${MUNICIPALITY}/invite`, asOperation(identityRoutes.createInvitation), async (c) => {
    const s = T[localeOf(c)];
    const id = c.req.param('municipalityId');
    const typed = readForm(await c.req.parseBody());
    let input: ReturnType<typeof CreateInvitation.parse>;
    try {
      input = validateForm(CreateInvitation, { email: typed.email ?? '', roles: ['admin'] });
    } catch (error) {
      const errors = formErrors(error, s, ['email'], typed);
      if (errors) return municipalityInvite(c, { email: typed.email ?? '' }, errors);
      throw error;
    }
    const trx = c.get('trx');
    const m = await getMunicipality(trx, id, defaultsOf(c));
    const { config } = c.get('deps');
    const invitation = await createInvitation(trx, { tenantId: id }, input, { invitedBy: userPrincipal(c).userId, organisationName: m.name, publicUrl: config.publicUrl, ttlHours: config.invitationTtlHours, now: nowOf(c) });
    c.set('auditSubject', { type: 'invitation', id: invitation.id });
    return seeOther(c, href(c, `${BASE}/municipalities/${id}`, { done: 'invited' }));
  });

  // providers: listProviders, createProvider, updateProvider, inviteProviderMember
  pages.get(`${BASE}/providers`, asOperation(providerRoutes.list), providersPage);
  const newProvider = (c: Context<AppEnv>, v: Record<string, string>, errors: FieldErrors = {}) => {
    const s = T[localeOf(c)];
    return providerForm(c, { title: s.newProvider, intro: s.newProviderIntro, action: `${BASE}/providers/new`, button: s.register, back: `${BASE}/providers`, v, errors });
  };
  pages.get(`${BASE}/providers/new`, asOperation(providerRoutes.create), (c) => newProvider(c, {}));
  pages.post(`${BASE}/providers/new`, asOperation(providerRoutes.create), async (c) => {
    const s = T[localeOf(c)];
    const typed = readForm(await c.req.parseBody());
    try {
      const input = validateForm(CreateProvider, { name: typed.name ?? '', agbCode: (typed.agbCode ?? '').trim(), kvkNumber: (typed.kvkNumber ?? '').trim() });
      const provider = await createProvider(c.get('trx'), input);
      c.set('auditSubject', { type: 'provider', id: provider.id });
      return seeOther(c, href(c, `${BASE}/providers/${provider.id}`, { done: 'registered' }));
    } catch (error) {
      const errors = formErrors(error, s, ['name', 'agbCode', 'kvkNumber'], typed);
      if (errors) return newProvider(c, typed, errors);
      throw error;
    }
  });
  pages.get(PROVIDER, asOperation(providerRoutes.get), (c) => providerPage(c));
  pages.post(PROVIDER, asOperation(providerRoutes.update), async (c) => {
    const s = T[localeOf(c)];
    const id = c.req.param('providerId');
    const typed = readForm(await c.req.parseBody());
    try {
      const input = validateForm(UpdateProvider, { name: typed.name ?? '', agbCode: (typed.agbCode ?? '').trim(), kvkNumber: (typed.kvkNumber ?? '').trim() });
      await updateProvider(c.get('trx'), id, input);
    } catch (error) {
      const errors = formErrors(error, s, ['name', 'agbCode', 'kvkNumber'], typed);
      if (errors) return providerPage(c, typed, errors);
      throw error;
    }
    return seeOther(c, href(c, `${BASE}/providers/${id}`, { done: 'corrected' }));
  });
  const providerInvite = async (c: Context<AppEnv>, v: { email: string }, errors: FieldErrors = {}) => {
    const id = c.req.param('providerId') as string;
    const p = await getProvider(c.get('trx'), id);
    return inviteAdminPage(c, { name: p.name, back: `${BASE}/providers/${id}`, action: `${BASE}/providers/${id}/invite` }, v, errors);
  };
  pages.get(`${PROVIDER}/invite`, asOperation(providerRoutes.invite), (c) => providerInvite(c, { email: '' }));
  pages.post(`${PROVIDER}/invite`, asOperation(providerRoutes.invite), async (c) => {
    const s = T[localeOf(c)];
    const id = c.req.param('providerId');
    const typed = readForm(await c.req.parseBody());
    let input: ReturnType<typeof CreateProviderInvitation.parse>;
    try {
      input = validateForm(CreateProviderInvitation, { email: typed.email ?? '', roles: ['admin'] });
    } catch (error) {
      const errors = formErrors(error, s, ['email'], typed);
      if (errors) return providerInvite(c, { email: typed.email ?? '' }, errors);
      throw error;
    }
    const trx = c.get('trx');
    const p = await getProvider(trx, id);
    const { config } = c.get('deps');
    const invitation = await createInvitation(trx, { providerId: id }, input, { invitedBy: userPrincipal(c).userId, organisationName: p.name, publicUrl: config.publicUrl, ttlHours: config.invitationTtlHours, now: nowOf(c) });
    c.set('auditSubject', { type: 'invitation', id: invitation.id });
    return seeOther(c, href(c, `${BASE}/providers/${id}`, { done: 'invited' }));
  });

  // operators: listOperators (personal data: logged), createOperatorInvitation, revokeOperatorInvitation
  pages.get(`${BASE}/operators`, asOperation(routes.list), operatorsPage);
  pages.get(`${BASE}/operators/invite`, asOperation(routes.invite), (c) => inviteOperatorPage(c, { email: '' }));
  pages.post(`${BASE}/operators/invite`, asOperation(routes.invite), async (c) => {
    const s = T[localeOf(c)];
    const typed = readForm(await c.req.parseBody());
    let input: ReturnType<typeof CreateOperatorInvitation.parse>;
    try {
      input = validateForm(CreateOperatorInvitation, { email: typed.email ?? '' });
    } catch (error) {
      const errors = formErrors(error, s, ['email'], typed);
      if (errors) return inviteOperatorPage(c, { email: typed.email ?? '' }, errors);
      throw error;
    }
    const { config } = c.get('deps');
    const invitation = await createInvitation(c.get('trx'), { platformOperator: true }, { email: input.email, roles: [] }, { invitedBy: userPrincipal(c).userId, organisationName: 'Vervolg', publicUrl: config.publicUrl, ttlHours: config.invitationTtlHours, now: nowOf(c) });
    c.set('auditSubject', { type: 'invitation', id: invitation.id });
    return seeOther(c, href(c, `${BASE}/operators`, { done: 'invited' }));
  });
  pages.post(`${BASE}/operator-invitations/:invitationId{${UUID}}/revoke`, asOperation(routes.revoke), async (c) => {
    await revokeInvitation(c.get('trx'), { platformOperator: true }, c.req.param('invitationId'), nowOf(c));
    return seeOther(c, href(c, `${BASE}/operators`, { done: 'revoked' }));
  });
  return pages;
}
