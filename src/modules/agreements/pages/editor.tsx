// Creating an agreement from a template and editing its plan, section by section. Each handler
// does what the API operation it stands for does (createAgreement, getAgreement, updateAgreement:
// the same schema through validateForm, the same service call, If-Match from the revision the
// form was drawn with). Rows are added and removed without JavaScript by submit buttons that draw
// the form again (nothing saved); parts/editor.ts does the same in place when JavaScript runs.
import type { Context } from 'hono';
import { Hono } from 'hono';
import type { Child } from 'hono/jsx';
import type { z } from 'zod';
import { AGREEMENT_STATUS_LABELS, type AgreementStatus, TURNING_18_CODES, TURNING_18_ITEMS } from '../../../domain/agreement.js';
import { diffFacts } from '../../../domain/agreement-diff.js';
import { codeLabel } from '../../../domain/code-list.js';
import { ApiError } from '../../../platform/errors.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { type Locale, localeOf, readableDate } from '../../../platform/http/page.js';
import { type UserPrincipal, appFailurePage, asOperation, href, seeOther, staffPage } from '../../../platform/http/pages.js';
import { Alert, Button, Checkbox, DateField, ErrorSummary, type FieldErrors, RadioGroup, Select, TextArea, TextField, fieldErrorsFrom, readForm, validateForm } from '../../../platform/ui/form.js';
import { etagOf } from '../../../platform/revisions.js';
import { listMembers } from '../../identity/service.js';
import { listRelationsOfMunicipality } from '../../providers/service.js';
import {
  LIST_SECTIONS,
  type ListSection,
  PLAN_SECTIONS,
  type PlanSection,
  type Row,
  type RowField as RowFieldDef,
  applyAction,
  formFieldOf,
  isPlanSection,
  listFromRows,
  parseAction,
  planWith,
  rowFieldName,
  rowsFromForm,
  rowsFromPlan,
} from '../plan-form.js';
import { routes } from '../routes.js';
import { type Agreement, CreateAgreement, UpdateAgreement } from '../schemas.js';

type AgreementT = z.infer<typeof Agreement>;
import * as service from '../service.js';
import { FIELD_LABELS, PlanChanges, SECTION_WORDS, SummaryList, fieldMessage, planChanges, sectionLines } from './shared.js';

const T = {
  nl: {
    newTitle: 'Nieuwe afspraak maken',
    newIntro: 'Kies een sjabloon en vul de gegevens van de jongere in. Daarna vult u het plan aan, stap voor stap.',
    template: 'Sjabloon',
    templateVersion: (name: string, v: number) => `${name} (versie ${v})`,
    noTemplates: 'Er is nog geen gepubliceerd sjabloon. Een beheerder maakt en publiceert eerst een sjabloon.',
    toTemplates: 'Naar de sjablonen',
    youngPerson: 'De jongere',
    name: 'Naam',
    dateOfBirth: 'Geboortedatum',
    mobile: 'Mobiel nummer',
    mobileHint: 'Hierheen sturen we de link om te ondertekenen. Bijvoorbeeld 06 12345678.',
    email: 'E-mailadres (als er geen mobiel nummer is, of allebei)',
    dates: 'Datums',
    departureDate: 'Datum van vertrek uit de jeugdhulp (met verblijf)',
    aftercareStartDate: 'Start van de nazorg',
    aftercareHint: 'De nazorg begint vóór (of op) de dag van vertrek.',
    caseManager: 'Casemanager',
    providers: 'Zorgaanbieders',
    providersHint: 'Kies de aanbieders die bij deze afspraak horen.',
    create: 'Afspraak maken',
    created: 'De afspraak is gemaakt. Vul nu het plan aan.',
    saved: 'Opgeslagen.',
    planTitle: (name: string) => `Plan van ${name}`,
    planIntro: 'Het plan per onderdeel. Kies “Wijzigen” bij een onderdeel om het aan te passen.',
    edit: 'Wijzigen',
    editLabel: (section: string) => `Wijzigen: ${section}`,
    preview: 'Bekijk zoals de jongere het ziet',
    agreementPage: 'Naar de afspraak (versturen ter ondertekening)',
    status: 'Status',
    readOnly: (status: string) => `Deze afspraak heeft de status “${status}”. Het plan kan nu niet worden gewijzigd.`,
    readOnlyActive: 'Wilt u iets veranderen? Start een aanpassing op de pagina van de afspraak.',
    readOnlySent: 'Wilt u iets veranderen? Stop eerst de ondertekening op de pagina van de afspraak.',
    amending: 'U past een afspraak aan die al geldt. Na het versturen tekent iedereen opnieuw. Naam en geboortedatum van de jongere blijven zoals ze waren.',
    empty: 'Nog niets ingevuld.',
    add: (row: string) => `${row} toevoegen`,
    remove: (row: string, n: number) => `${row} ${n} verwijderen`,
    save: 'Opslaan',
    cancel: 'Terug naar het plan',
    backToPlan: 'Terug naar het plan',
    sectionTitle: (section: string) => `${section} wijzigen`,
    rowsHint: 'Lege regels worden niet opgeslagen.',
    changedMeanwhile: 'Iemand anders heeft het plan intussen opgeslagen. Uw wijzigingen staan hieronder nog, maar zijn niet opgeslagen. Open het plan opnieuw om de nieuwste versie te zien, en doe uw wijziging dan nog een keer.',
    openCurrent: 'Open de nieuwste versie van dit onderdeel',
    notShown: 'Niet ingevuld',
    noneYet: 'Geen',
    checklistIntro: 'Wat er rond de 18e verjaardag geregeld moet worden. Kies per onderwerp hoe het ervoor staat.',
    removed: 'Regel verwijderd.',
    addedRow: 'Regel toegevoegd.',
  },
  en: {
    newTitle: 'Create a new agreement',
    newIntro: 'Choose a template and fill in the young person’s details. Then you complete the plan, step by step.',
    template: 'Template',
    templateVersion: (name: string, v: number) => `${name} (version ${v})`,
    noTemplates: 'There is no published template yet. An administrator first creates and publishes a template.',
    toTemplates: 'Go to the templates',
    youngPerson: 'The young person',
    name: 'Name',
    dateOfBirth: 'Date of birth',
    mobile: 'Mobile number',
    mobileHint: 'We send the signing link here. For example 06 12345678.',
    email: 'E-mail address (if there is no mobile number, or both)',
    dates: 'Dates',
    departureDate: 'Date of leaving (residential) youth care',
    aftercareStartDate: 'Start of aftercare',
    aftercareHint: 'Aftercare starts before (or on) the day of leaving.',
    caseManager: 'Case manager',
    providers: 'Care providers',
    providersHint: 'Choose the providers that are part of this agreement.',
    create: 'Create agreement',
    created: 'The agreement has been created. Now complete the plan.',
    saved: 'Saved.',
    planTitle: (name: string) => `Plan of ${name}`,
    planIntro: 'The plan by section. Choose “Edit” at a section to change it.',
    edit: 'Edit',
    editLabel: (section: string) => `Edit: ${section}`,
    preview: 'View as the young person sees it',
    agreementPage: 'Go to the agreement (send for signature)',
    status: 'Status',
    readOnly: (status: string) => `This agreement has the status “${status}”. The plan cannot be changed now.`,
    readOnlyActive: 'Do you want to change something? Start an amendment on the agreement’s page.',
    readOnlySent: 'Do you want to change something? First stop the signing on the agreement’s page.',
    amending: 'You are amending an agreement that is in force. After sending, everyone signs again. The young person’s name and date of birth stay as they were.',
    empty: 'Nothing filled in yet.',
    add: (row: string) => `Add ${row.toLowerCase()}`,
    remove: (row: string, n: number) => `Remove ${row.toLowerCase()} ${n}`,
    save: 'Save',
    cancel: 'Back to the plan',
    backToPlan: 'Back to the plan',
    sectionTitle: (section: string) => `Edit ${section.toLowerCase()}`,
    rowsHint: 'Empty rows are not saved.',
    changedMeanwhile: 'Someone else saved the plan in the meantime. Your changes are still below, but they have not been saved. Open the plan again to see the newest version, then make your change once more.',
    openCurrent: 'Open the newest version of this section',
    notShown: 'Not filled in',
    noneYet: 'None',
    checklistIntro: 'What has to be arranged around the 18th birthday. Choose for each subject where it stands.',
    removed: 'Row removed.',
    addedRow: 'Row added.',
  },
} as const;

const EDITABLE: readonly AgreementStatus[] = ['draft', 'amending'];
export const isEditable = (status: AgreementStatus) => EDITABLE.includes(status);

const base = (c: Context<AppEnv>) => `/app/municipalities/${c.req.param('municipalityId')}`;
const planPath = (c: Context<AppEnv>, id: string) => `${base(c)}/agreements/${id}/plan`;

/** The API's field errors as the form names them, in the page's language. */
function errorsOf(error: unknown, locale: Locale): FieldErrors {
  const raw = fieldErrorsFrom(error, { messages: fieldMessage(locale) });
  const out: FieldErrors = {};
  for (const [name, message] of Object.entries(raw)) {
    let field = formFieldOf(name);
    // "an e-mail address or a mobile number": beside the mobile number.
    if (field === 'youngPerson') field = 'youngPerson.mobile';
    if (!(field in out)) out[field] = message;
  }
  return out;
}

const body = async (c: Context<AppEnv>) => {
  const all = await c.req.parseBody({ all: true });
  const list = (name: string) => {
    const v = all[name];
    return (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === 'string' && x !== '');
  };
  return { form: readForm(all), list };
};

const opt = (v: string | undefined) => (v && v.trim() !== '' ? v.trim() : undefined);

// ---------------------------------------------------------------- choices

async function caseManagers(c: Context<AppEnv>, tenantId: string) {
  const members = await listMembers(c.get('trx'), tenantId, 500);
  return members.filter((m) => m.roles.some((r) => r === 'case-manager' || r === 'admin')).map((m) => ({ value: m.userId, label: m.name }));
}

async function providers(c: Context<AppEnv>, tenantId: string) {
  const relations = await listRelationsOfMunicipality(c.get('trx'), tenantId, 100);
  return relations.slice(0, 100).map((r) => ({ value: r.providerId, label: r.providerName }));
}

async function publishedTemplates(c: Context<AppEnv>, tenantId: string, locale: Locale) {
  const templates = await service.listTemplates(c.get('trx'), tenantId, 100);
  const s = T[locale];
  return templates.flatMap((t) => {
    const latest = t.versions.filter((v) => v.status === 'published').at(-1);
    return latest ? [{ value: latest.id, label: s.templateVersion(t.name, latest.version) }] : [];
  });
}

/** Provider checkboxes (names `providerIds`, ids field-providerIds-N; the first is field-providerIds). */
function ProviderChoice(props: { options: { value: string; label: string }[]; chosen: string[]; locale: Locale; error?: string | undefined }) {
  const s = T[props.locale];
  if (props.options.length === 0) return null;
  return (
    <fieldset class="utrecht-form-fieldset" aria-describedby="field-providerIds-hint">
      <legend class="utrecht-form-fieldset__legend utrecht-form-label">{s.providers}</legend>
      <div class="utrecht-form-field-description" id="field-providerIds-hint">
        {s.providersHint}
      </div>
      {props.error ? (
        <div class="utrecht-form-field-error-message" id="field-providerIds-error">
          {props.error}
        </div>
      ) : null}
      {props.options.map((o, i) => {
        const id = i === 0 ? 'field-providerIds' : `field-providerIds-${i}`;
        return (
          <div class="utrecht-form-field utrecht-form-field--checkbox">
            <div class="utrecht-form-field__input">
              <input class="utrecht-checkbox utrecht-checkbox--html-input" type="checkbox" id={id} name="providerIds" value={o.value} checked={props.chosen.includes(o.value) || undefined} />
            </div>
            <div class="utrecht-form-field__label utrecht-form-field__label--checkbox">
              <label class="utrecht-form-label utrecht-form-label--checkbox" for={id}>
                {o.label}
              </label>
            </div>
          </div>
        );
      })}
    </fieldset>
  );
}

/** The young person, dates, case manager and providers: the same fields on "new" and on the young-person section. */
function FactsFields(props: {
  values: Record<string, string>;
  providerIds: string[];
  errors: FieldErrors;
  locale: Locale;
  managers: { value: string; label: string }[];
  providers: { value: string; label: string }[];
  lockIdentity?: boolean;
}) {
  const s = T[props.locale];
  const v = props.values;
  const e = props.errors;
  return (
    <>
      <h2 class="utrecht-heading-2">{s.youngPerson}</h2>
      {props.lockIdentity ? (
        <dl class="utrecht-data-list">
          <div class="utrecht-data-list__item">
            <dt class="utrecht-data-list__item-key">{s.name}</dt>
            <dd class="utrecht-data-list__item-value">{v['youngPerson.name']}</dd>
          </div>
          <div class="utrecht-data-list__item">
            <dt class="utrecht-data-list__item-key">{s.dateOfBirth}</dt>
            <dd class="utrecht-data-list__item-value">{v['youngPerson.dateOfBirth'] ? readableDate(v['youngPerson.dateOfBirth'], props.locale) : ''}</dd>
          </div>
        </dl>
      ) : (
        <>
          <TextField name="youngPerson.name" label={s.name} value={v['youngPerson.name']} error={e['youngPerson.name']} autocomplete="off" required />
          <DateField name="youngPerson.dateOfBirth" label={s.dateOfBirth} value={v['youngPerson.dateOfBirth']} error={e['youngPerson.dateOfBirth']} required />
        </>
      )}
      <TextField name="youngPerson.mobile" type="tel" label={s.mobile} hint={s.mobileHint} value={v['youngPerson.mobile']} error={e['youngPerson.mobile']} autocomplete="off" inputmode="tel" />
      <TextField name="youngPerson.email" type="email" label={s.email} value={v['youngPerson.email']} error={e['youngPerson.email']} autocomplete="off" spellcheck={false} />
      <h2 class="utrecht-heading-2">{s.dates}</h2>
      <DateField name="departureDate" label={s.departureDate} value={v.departureDate} error={e.departureDate} required />
      <DateField name="aftercareStartDate" label={s.aftercareStartDate} hint={s.aftercareHint} value={v.aftercareStartDate} error={e.aftercareStartDate} required />
      <h2 class="utrecht-heading-2">{s.caseManager}</h2>
      <Select name="caseManagerId" label={s.caseManager} value={v.caseManagerId} options={props.managers} error={e.caseManagerId} />
      <ProviderChoice options={props.providers} chosen={props.providerIds} locale={props.locale} error={e.providerIds ?? Object.entries(e).find(([k]) => k.startsWith('providerIds.'))?.[1]} />
    </>
  );
}

/** Each field's name as the form shows it, for the error summary ("Naam: Vul dit in."). */
function summaryLabels(locale: Locale, errors: FieldErrors, section?: PlanSection): Record<string, string> {
  const s = T[locale];
  const labels: Record<string, string> = {
    templateVersionId: s.template,
    'youngPerson.name': s.name,
    'youngPerson.dateOfBirth': s.dateOfBirth,
    'youngPerson.mobile': s.mobile,
    'youngPerson.email': s.email.split(' (')[0] as string,
    departureDate: s.departureDate,
    aftercareStartDate: s.aftercareStartDate,
    caseManagerId: s.caseManager,
    providerIds: s.providers,
  };
  if (section && section !== 'young-person') {
    const def = LIST_SECTIONS[section];
    const fieldLabels = FIELD_LABELS[locale][def.list] as Record<string, string>;
    for (const name of Object.keys(errors)) {
      const m = /^[a-z]+\.(\d+)\.(\w+)$/.exec(name);
      if (!m) continue;
      const index = Number(m[1]);
      const row = def.fixed ? codeLabel(TURNING_18_ITEMS, TURNING_18_CODES[index] ?? '', locale) : `${SECTION_WORDS[locale][section].row} ${index + 1}`;
      labels[name] = `${row}, ${(fieldLabels[m[2] as string] ?? m[2]) as string}`.replace(/^(.)/, (x) => x.toUpperCase());
    }
  }
  return labels;
}

// ---------------------------------------------------------------- new agreement

async function newForm(c: Context<AppEnv>, values: Record<string, string>, providerIds: string[], errors: FieldErrors, status: 200 | 400 = 200) {
  const locale = localeOf(c);
  const s = T[locale];
  const tenantId = c.req.param('municipalityId') as string;
  const templates = await publishedTemplates(c, tenantId, locale);
  const managers = await caseManagers(c, tenantId);
  const providerOptions = await providers(c, tenantId);
  const bodyHtml: Child =
    templates.length === 0 ? (
      <>
        <Alert type="info">
          <p class="utrecht-paragraph">{s.noTemplates}</p>
        </Alert>
        <p class="utrecht-paragraph">
          <a class="utrecht-link" href={href(c, `${base(c)}/templates`)}>
            {s.toTemplates}
          </a>
        </p>
      </>
    ) : (
      <>
        <ErrorSummary errors={errors} locale={locale} labels={summaryLabels(locale, errors)} />
        <p class="utrecht-paragraph">{s.newIntro}</p>
        <form method="post" action={href(c, `${base(c)}/agreements/new`)} class="vv-form" novalidate>
          <RadioGroup name="templateVersionId" label={s.template} value={values.templateVersionId ?? (templates.length === 1 ? templates[0]?.value : undefined)} options={templates} error={errors.templateVersionId} required />
          <FactsFields values={values} providerIds={providerIds} errors={errors} locale={locale} managers={managers} providers={providerOptions} />
          <div class="vv-actions">
            <Button>{s.create}</Button>
          </div>
        </form>
      </>
    );
  return staffPage(c, { title: s.newTitle, body: bodyHtml, status });
}

// ---------------------------------------------------------------- the plan

function ReadOnlyNotice(props: { status: AgreementStatus; locale: Locale; agreementHref: string }) {
  const s = T[props.locale];
  const why = props.status === 'active' ? s.readOnlyActive : props.status === 'sent' || props.status === 'amendment-sent' ? s.readOnlySent : null;
  return (
    <Alert type="info">
      <p class="utrecht-paragraph">{s.readOnly(codeLabel(AGREEMENT_STATUS_LABELS, props.status, props.locale))}</p>
      {why ? (
        <p class="utrecht-paragraph">
          {why}{' '}
          <a class="utrecht-link" href={props.agreementHref}>
            {props.locale === 'nl' ? 'Naar de afspraak' : 'Go to the agreement'}
          </a>
        </p>
      ) : null}
    </Alert>
  );
}

function FactsSummary(props: { a: AgreementT; locale: Locale; managerName: string; providerNames: string[] }) {
  const s = T[props.locale];
  const { a, locale } = props;
  const item = (key: string, value: Child) => (
    <div class="utrecht-data-list__item">
      <dt class="utrecht-data-list__item-key">{key}</dt>
      <dd class="utrecht-data-list__item-value">{value}</dd>
    </div>
  );
  return (
    <dl class="utrecht-data-list vv-facts">
      {item(s.name, a.youngPerson.name)}
      {item(s.dateOfBirth, readableDate(a.youngPerson.dateOfBirth, locale))}
      {item(s.mobile, a.youngPerson.mobile ?? s.notShown)}
      {item(s.email.split(' (')[0] as string, a.youngPerson.email ?? s.notShown)}
      {item(s.departureDate, readableDate(a.departureDate, locale))}
      {item(s.aftercareStartDate, readableDate(a.aftercareStartDate, locale))}
      {item(s.caseManager, props.managerName)}
      {item(s.providers, props.providerNames.length ? props.providerNames.join(', ') : s.noneYet)}
    </dl>
  );
}

async function planPage(c: Context<AppEnv>) {
  const locale = localeOf(c);
  const s = T[locale];
  const trx = c.get('trx');
  const tenantId = c.req.param('municipalityId') as string;
  const a = await service.getAgreement(trx, tenantId, c.req.param('agreementId') as string);
  const editable = isEditable(a.status);
  const managers = await caseManagers(c, tenantId);
  const providerOptions = await providers(c, tenantId);
  const managerName = managers.find((m) => m.value === a.caseManagerId)?.label ?? '';
  const providerNames = a.providerIds.map((id) => providerOptions.find((p) => p.value === id)?.label ?? id);
  const signed = a.inForceVersion !== null && editable ? (await service.getVersion(trx, tenantId, a.id, a.inForceVersion)).content : null;
  const facts = signed
    ? diffFacts(
        {
          mobile: signed.youngPerson.mobile ?? '',
          email: signed.youngPerson.email ?? '',
          departureDate: readableDate(signed.departureDate, locale),
          aftercareStartDate: readableDate(signed.aftercareStartDate, locale),
          caseManager: signed.caseManager.name,
          providers: signed.providers.map((p) => p.name).join(', '),
        },
        {
          mobile: a.youngPerson.mobile ?? '',
          email: a.youngPerson.email ?? '',
          departureDate: readableDate(a.departureDate, locale),
          aftercareStartDate: readableDate(a.aftercareStartDate, locale),
          caseManager: managerName,
          providers: [...providerNames].sort().join(', '),
        },
        locale,
      )
    : [];
  const done = c.req.query('done');
  const agreementHref = href(c, `${base(c)}/agreements/${a.id}`);
  const body = (
    <>
      {done === 'created' ? (
        <Alert type="ok">
          <p class="utrecht-paragraph">{s.created}</p>
        </Alert>
      ) : done === 'saved' ? (
        <Alert type="ok">
          <p class="utrecht-paragraph">{s.saved}</p>
        </Alert>
      ) : null}
      <p class="utrecht-paragraph">
        {s.status}: <strong>{codeLabel(AGREEMENT_STATUS_LABELS, a.status, locale)}</strong>
      </p>
      {editable ? null : <ReadOnlyNotice status={a.status} locale={locale} agreementHref={agreementHref} />}
      {a.status === 'amending' ? (
        <Alert type="info">
          <p class="utrecht-paragraph">{s.amending}</p>
        </Alert>
      ) : null}
      {signed ? <PlanChanges changes={planChanges(signed.plan, a.plan, locale)} facts={facts} locale={locale} /> : null}
      <ul class="vv-plan-links">
        <li>
          <a class="utrecht-link" href={href(c, `${base(c)}/agreements/${a.id}/preview`)}>
            {s.preview}
          </a>
        </li>
        <li>
          <a class="utrecht-link" href={agreementHref}>
            {s.agreementPage}
          </a>
        </li>
      </ul>
      {editable ? <p class="utrecht-paragraph">{s.planIntro}</p> : null}
      {PLAN_SECTIONS.map((section) => {
        const title = SECTION_WORDS[locale][section].title;
        return (
          <section class="vv-plan-section" aria-labelledby={`section-${section}`}>
            <div class="vv-plan-section__head">
              <h2 class="utrecht-heading-2" id={`section-${section}`}>
                {title}
              </h2>
              {editable ? (
                <a class="utrecht-link vv-edit-link" href={href(c, `${planPath(c, a.id)}/${section}`)} aria-label={s.editLabel(title)}>
                  {s.edit}
                </a>
              ) : null}
            </div>
            {section === 'young-person' ? (
              <FactsSummary a={a} locale={locale} managerName={managerName} providerNames={providerNames} />
            ) : (
              <SummaryList items={sectionLines(a.plan, section, locale)} empty={s.empty} />
            )}
          </section>
        );
      })}
    </>
  );
  return staffPage(c, { title: s.planTitle(a.youngPerson.name), body, width: 'wide' });
}

// ---------------------------------------------------------------- a section's editor

function RowInput(props: { section: ListSection; index: number; field: RowFieldDef; value: string; error?: string | undefined; locale: Locale }) {
  const { section, index, field, locale } = props;
  const name = rowFieldName(section, index, field.name);
  // The item's stable id goes back unchanged, so an amendment keeps the item and its progress.
  if (field.kind === 'hidden') return <input type="hidden" name={name} value={props.value} />;
  const labels = FIELD_LABELS[locale][section.list] as Record<string, string>;
  const label = labels[field.name] ?? field.name;
  if (field.kind === 'select') {
    const options = Object.entries(field.codes ?? {}).map(([value, l]) => ({ value, label: l[locale] }));
    return <Select name={name} label={label} value={props.value} options={options} error={props.error} />;
  }
  if (field.kind === 'textarea') return <TextArea name={name} label={label} value={props.value} error={props.error} rows={3} />;
  if (field.kind === 'date') return <DateField name={name} label={label} value={props.value} error={props.error} />;
  if (field.kind === 'checkbox') return <Checkbox name={name} label={label} checked={props.value === 'yes'} error={props.error} />;
  return <TextField name={name} label={label} value={props.value} error={props.error} type={field.kind === 'email' ? 'email' : field.kind === 'tel' ? 'tel' : 'text'} autocomplete="off" />;
}

/** One row: a fieldset "Doel 2" with its fields and its remove button. `index` may be the template's placeholder. */
function RowFieldset(props: { section: ListSection; sectionKey: PlanSection; index: number; indexText?: string; row: Row; errors: FieldErrors; locale: Locale; removeAction: string }) {
  const { section, locale } = props;
  const s = T[locale];
  const noun = SECTION_WORDS[locale][props.sectionKey].row;
  const n = props.indexText ? '__n__' : String(props.index + 1);
  const i = props.indexText ?? String(props.index);
  // Field names with a placeholder index in the template: `goals.__i__.description`.
  const fields = section.fields.map((f) => {
    const name = `${section.list}.${i}.${f.name}`;
    return <RowInput section={section} index={props.indexText ? (i as unknown as number) : props.index} field={f} value={props.row[f.name] ?? ''} error={props.errors[name]} locale={locale} />;
  });
  return (
    <fieldset class="utrecht-form-fieldset vv-row" id={`${section.list}-row-${i}`} data-editor-row="">
      <legend class="utrecht-form-fieldset__legend vv-row__legend">
        {noun} <span data-row-number="">{n}</span>
      </legend>
      {fields}
      <div class="vv-row__actions">
        <button class="utrecht-button utrecht-button--secondary-action vv-remove" type="submit" name="action" value={`remove-${section.row}-${i}`} formaction={props.removeAction} data-editor-remove="">
          {props.indexText ? s.remove(noun, 0).replace(/ 0( |$)/, ' __n__$1') : s.remove(noun, props.index + 1)}
        </button>
      </div>
    </fieldset>
  );
}

/** The turning-18 checklist: one fieldset per subject, no add/remove. */
function ChecklistRows(props: { rows: Row[]; errors: FieldErrors; locale: Locale }) {
  const s = T[props.locale];
  const def = LIST_SECTIONS['turning-18'];
  return (
    <>
      <p class="utrecht-paragraph">{s.checklistIntro}</p>
      {props.rows.map((row, index) => {
        const item = codeLabel(TURNING_18_ITEMS, row.item ?? '', props.locale);
        const statusOptions = Object.entries(def.fields[1]?.codes ?? {}).map(([value, l]) => ({ value, label: l[props.locale] }));
        return (
          <fieldset class="utrecht-form-fieldset vv-row">
            <legend class="utrecht-form-fieldset__legend vv-row__legend">{item}</legend>
            <input type="hidden" name={rowFieldName(def, index, 'item')} value={row.item} />
            <Select name={rowFieldName(def, index, 'status')} label={FIELD_LABELS[props.locale].checklist.status} value={row.status} options={statusOptions} error={props.errors[rowFieldName(def, index, 'status')] ?? props.errors[rowFieldName(def, index, 'item')]} />
            <TextField name={rowFieldName(def, index, 'note')} label={FIELD_LABELS[props.locale].checklist.note} value={row.note} error={props.errors[rowFieldName(def, index, 'note')]} autocomplete="off" />
          </fieldset>
        );
      })}
    </>
  );
}

interface SectionState {
  a: AgreementT;
  revision: string;
  errors: FieldErrors;
  notice?: 'changed-meanwhile' | undefined;
  status?: 200 | 400 | 412;
}

async function sectionPage(c: Context<AppEnv>, section: PlanSection, state: SectionState, content: { rows?: Row[]; values?: Record<string, string>; providerIds?: string[] }) {
  const locale = localeOf(c);
  const s = T[locale];
  const { a } = state;
  const title = SECTION_WORDS[locale][section].title;
  const action = href(c, `${planPath(c, a.id)}/${section}`);
  const editable = isEditable(a.status);
  const tenantId = c.req.param('municipalityId') as string;
  let fields: Child;
  if (section === 'young-person') {
    const managers = await caseManagers(c, tenantId);
    const providerOptions = await providers(c, tenantId);
    fields = <FactsFields values={content.values ?? {}} providerIds={content.providerIds ?? []} errors={state.errors} locale={locale} managers={managers} providers={providerOptions} lockIdentity={a.status === 'amending'} />;
  } else if (section === 'turning-18') {
    fields = <ChecklistRows rows={content.rows ?? []} errors={state.errors} locale={locale} />;
  } else {
    const def = LIST_SECTIONS[section];
    const rows = content.rows ?? [];
    const noun = SECTION_WORDS[locale][section].row;
    fields = (
      <div data-editor-list={def.list} data-editor-row-word={def.row} data-editor-added={s.addedRow} data-editor-removed={s.removed}>
        <p class="utrecht-paragraph">{s.rowsHint}</p>
        <div data-editor-rows="" id={`${def.list}-rows`}>
          {rows.map((row, index) => (
            <RowFieldset section={def} sectionKey={section} index={index} row={row} errors={state.errors} locale={locale} removeAction={`${action}#${def.list}-rows`} />
          ))}
        </div>
        <template data-editor-template="">
          <RowFieldset section={def} sectionKey={section} index={0} indexText="__i__" row={Object.fromEntries(def.fields.map((f) => [f.name, f.kind === 'select' && f.codes ? (Object.keys(f.codes)[0] ?? '') : '']))} errors={{}} locale={locale} removeAction={`${action}#${def.list}-rows`} />
        </template>
        <p class="vv-visually-hidden" aria-live="polite" data-editor-status="" />
        <div class="vv-actions">
          <button class="utrecht-button utrecht-button--secondary-action" type="submit" name="action" value={`add-${def.row}`} formaction={`${action}#${def.list}-row-${rows.length}`} data-editor-add="">
            {s.add(noun)}
          </button>
        </div>
      </div>
    );
  }
  const body = (
    <>
      <p class="utrecht-paragraph">
        {s.youngPerson}: <strong>{a.youngPerson.name}</strong>
      </p>
      {state.notice === 'changed-meanwhile' ? (
        <Alert type="warning">
          <p class="utrecht-paragraph">{s.changedMeanwhile}</p>
          <p class="utrecht-paragraph">
            <a class="utrecht-link" href={action}>
              {s.openCurrent}
            </a>
          </p>
        </Alert>
      ) : null}
      <ErrorSummary errors={state.errors} locale={locale} labels={summaryLabels(locale, state.errors, section)} />
      {editable ? (
        <form method="post" action={action} class="vv-form vv-editor" novalidate>
          <input type="hidden" name="revision" value={state.revision} />
          {/* Enter in a field submits with the form's first button: that must be Save, not a row's Remove. */}
          <button type="submit" name="action" value="save" class="vv-visually-hidden" tabindex={-1}>
            {s.save}
          </button>
          {fields}
          <div class="vv-actions">
            <Button name="action" value="save">
              {s.save}
            </Button>
            <a class="utrecht-link" href={href(c, planPath(c, a.id))}>
              {s.cancel}
            </a>
          </div>
        </form>
      ) : (
        <>
          <ReadOnlyNotice status={a.status} locale={locale} agreementHref={href(c, `${base(c)}/agreements/${a.id}`)} />
          <p class="utrecht-paragraph">
            <a class="utrecht-link" href={href(c, planPath(c, a.id))}>
              {s.backToPlan}
            </a>
          </p>
        </>
      )}
    </>
  );
  return staffPage(c, { title: s.sectionTitle(title), body, status: state.status ?? 200 });
}

const factsValues = (a: AgreementT): Record<string, string> => ({
  'youngPerson.name': a.youngPerson.name,
  'youngPerson.dateOfBirth': a.youngPerson.dateOfBirth,
  'youngPerson.mobile': a.youngPerson.mobile ?? '',
  'youngPerson.email': a.youngPerson.email ?? '',
  departureDate: a.departureDate,
  aftercareStartDate: a.aftercareStartDate,
  caseManagerId: a.caseManagerId,
});

function sectionParam(c: Context<AppEnv>): PlanSection {
  const section = c.req.param('section') ?? '';
  if (!isPlanSection(section)) throw new ApiError(404, 'not-found', 'Not found', 'No such section of the plan.');
  return section;
}

// ---------------------------------------------------------------- routes

export function agreementEditorPages(): Hono<AppEnv> {
  const pages = new Hono<AppEnv>();
  pages.onError(appFailurePage);
  const NEW = '/app/municipalities/:municipalityId/agreements/new';
  const PLAN = '/app/municipalities/:municipalityId/agreements/:agreementId/plan';

  pages.get(NEW, asOperation(routes.createAgreement), (c) => {
    const p = c.get('principal') as UserPrincipal;
    return newForm(c, { caseManagerId: p.userId }, [], {});
  });

  pages.post(NEW, asOperation(routes.createAgreement), async (c) => {
    const locale = localeOf(c);
    const { form, list } = await body(c);
    const providerIds = list('providerIds');
    const input = {
      templateVersionId: opt(form.templateVersionId),
      youngPerson: { name: form['youngPerson.name'] ?? '', dateOfBirth: form['youngPerson.dateOfBirth'] ?? '', mobile: opt(form['youngPerson.mobile']), email: opt(form['youngPerson.email']) },
      caseManagerId: opt(form.caseManagerId),
      providerIds,
      departureDate: form.departureDate ?? '',
      aftercareStartDate: form.aftercareStartDate ?? '',
    };
    try {
      const valid = validateForm(CreateAgreement, input);
      const a = await service.createAgreement(c.get('trx'), c.req.param('municipalityId'), valid, (c.get('principal') as UserPrincipal).userId);
      c.set('auditSubject', { type: 'agreement', id: a.id });
      return seeOther(c, href(c, planPath(c, a.id), { done: 'created' }));
    } catch (error) {
      if (error instanceof ApiError && error.status === 400) return newForm(c, form, providerIds, errorsOf(error, locale), 400);
      throw error;
    }
  });

  pages.get(PLAN, asOperation(routes.getAgreement), (c) => planPage(c));

  pages.get(`${PLAN}/:section`, asOperation(routes.getAgreement), async (c) => {
    const section = sectionParam(c);
    const a = await service.getAgreement(c.get('trx'), c.req.param('municipalityId'), c.req.param('agreementId'));
    const state: SectionState = { a, revision: String(a.revision), errors: {} };
    if (section === 'young-person') return sectionPage(c, section, state, { values: factsValues(a), providerIds: a.providerIds });
    return sectionPage(c, section, state, { rows: rowsFromPlan(a.plan, LIST_SECTIONS[section]) });
  });

  pages.post(`${PLAN}/:section`, asOperation(routes.updateAgreement), async (c) => {
    const locale = localeOf(c);
    const section = sectionParam(c);
    const trx = c.get('trx');
    const tenantId = c.req.param('municipalityId');
    const id = c.req.param('agreementId');
    const a = await service.getAgreement(trx, tenantId, id);
    const { form, list } = await body(c);
    const revision = /^\d{1,9}$/.test(form.revision ?? '') ? (form.revision as string) : String(a.revision);
    const ifMatch = etagOf(Number(revision));
    const answer = async (content: Parameters<typeof sectionPage>[3], apply: () => Promise<void>) => {
      try {
        await apply();
        return seeOther(c, `${href(c, planPath(c, id), { done: 'saved' })}#section-${section}`);
      } catch (error) {
        if (error instanceof ApiError && error.status === 400) return sectionPage(c, section, { a, revision, errors: errorsOf(error, locale), status: 400 }, content);
        if (error instanceof ApiError && error.status === 412) return sectionPage(c, section, { a, revision, errors: {}, notice: 'changed-meanwhile', status: 412 }, content);
        throw error;
      }
    };
    if (section === 'young-person') {
      const providerIds = list('providerIds');
      const amending = a.status === 'amending';
      const values = { ...form, ...(amending ? { 'youngPerson.name': a.youngPerson.name, 'youngPerson.dateOfBirth': a.youngPerson.dateOfBirth } : {}) };
      const input = {
        youngPerson: {
          ...(amending ? {} : { name: form['youngPerson.name'] ?? '', dateOfBirth: form['youngPerson.dateOfBirth'] ?? '' }),
          mobile: opt(form['youngPerson.mobile']),
          email: opt(form['youngPerson.email']),
        },
        caseManagerId: opt(form.caseManagerId),
        providerIds,
        departureDate: form.departureDate ?? '',
        aftercareStartDate: form.aftercareStartDate ?? '',
      };
      return answer({ values, providerIds }, async () => {
        await service.updateAgreement(trx, tenantId, id, validateForm(UpdateAgreement, input), ifMatch);
      });
    }
    const def = LIST_SECTIONS[section];
    const rows = rowsFromForm(form, def);
    const act = parseAction(form.action, def);
    if (act.kind !== 'save') {
      // Add or remove a row: the form again, every typed value kept, nothing saved.
      return sectionPage(c, section, { a, revision, errors: {} }, { rows: applyAction(rows, act, def) });
    }
    const { kept, list: planList } = listFromRows(rows, def);
    return answer({ rows: kept }, async () => {
      await service.updateAgreement(trx, tenantId, id, validateForm(UpdateAgreement, { plan: planWith(a.plan, def, planList) }), ifMatch);
    });
  });

  return pages;
}

