// Agreement templates in the staff app: the list, a new template, a template's versions, one
// version (read, edit Dutch and English side by side, preview, publish) and a new version from a
// published one. Each handler does what its API operation does (routes.ts): the same service
// call, the same schema (validateForm), the same access and processing log (asOperation). Reading
// is for every municipal role; writing is for admins, as in the API.
import { Hono } from 'hono';
import type { Context } from 'hono';
import { SECTION_KEYS } from '../../../domain/agreement.js';
import { recordProcessing } from '../../../platform/audit.js';
import { formatDate, formatDateTime } from '../../../platform/dates.js';
import { ApiError } from '../../../platform/errors.js';
import { nowOf, userPrincipal } from '../../../platform/http/context.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { type Locale, localeOf } from '../../../platform/http/page.js';
import { type PageStatus, appFailurePage, asOperation, href, seeOther, staffPage } from '../../../platform/http/pages.js';
import { Alert, Button, ErrorSummary, type FieldErrors, DataTable, TextField, fieldErrorsFrom, readForm, validateForm } from '../../../platform/ui/form.js';
import { pageTheme } from '../../tenants/service.js';
import { routes } from '../routes.js';
import { CreateTemplate, CreateTemplateVersion } from '../schemas.js';
import * as service from '../service.js';
import {
  BASIC_SECTIONS,
  ButtonLink,
  PlaceholderList,
  type SectionTexts,
  SectionsEditor,
  SectionsRead,
  StatusBadge,
  T,
  fieldLabels,
  sectionHeading,
  textField,
} from './templates-view.js';

const LIST_LIMIT = 50;

const base = (municipalityId: string) => `/app/municipalities/${municipalityId}/templates`;
const templatePath = (m: string, t: string) => `${base(m)}/${t}`;
const versionPath = (m: string, t: string, v: number) => `${templatePath(m, t)}/versions/${v}`;

/** Whether the signed-in person is an admin of the municipality in the path (what the write operations need). */
const isAdmin = (c: Context<AppEnv>) => c.get('entered')?.tenant?.roles.includes('admin') ?? false;

/** The path's version number; anything but a whole number ≥ 1 is a page that does not exist. */
function versionParam(c: Context<AppEnv>): number {
  const raw = c.req.param('version') ?? '';
  if (!/^[1-9]\d{0,8}$/.test(raw)) throw new ApiError(404, 'not-found', 'Not found', 'The template version was not found.');
  return Number(raw);
}

function params(c: Context<AppEnv>) {
  return { municipalityId: c.req.param('municipalityId') as string, templateId: c.req.param('templateId') as string };
}

/** The texts as the form sent them (a missing field is empty: the schema then says so). */
function sectionsFrom(form: Record<string, string>): SectionTexts {
  return Object.fromEntries(SECTION_KEYS.map((key) => [key, { nl: form[textField(key, 'nl')] ?? '', en: form[textField(key, 'en')] ?? '' }])) as SectionTexts;
}

/** The API's 400 as messages beside each field, in plain words in the page's language. */
function errorsOf(error: unknown, form: Record<string, string>, locale: Locale, withName: boolean): FieldErrors {
  const s = T[locale];
  const labels = fieldLabels(locale, withName);
  return fieldErrorsFrom(error, {
    fields: Object.keys(labels),
    messages: (param) => {
      const name = param.name.replace(/^body\./, '');
      const value = (form[name] ?? '').trim();
      if (name === 'name') return value === '' ? s.nameMissing : value.length > 200 ? s.nameTooLong : undefined;
      if (!(name in labels)) return undefined;
      if (value === '') return s.textMissing(name.endsWith('.en') ? 'en' : 'nl');
      if (value.length > 5000) return s.textTooLong(value.length);
      return undefined;
    },
  });
}

const isBadRequest = (error: unknown): error is ApiError => error instanceof ApiError && error.status === 400;
const isConflict = (error: unknown): error is ApiError => error instanceof ApiError && error.status === 409;

/**
 * A write the service refused (409): a clear page, and the refusal on record as the API records
 * it (the operation's own action, status 'refused'), though nothing else was written.
 */
async function refusedPage(c: Context<AppEnv>, route: object, message: string, links: { href: string; text: string }[]) {
  const operation = route as { operationId: string; method: string };
  await recordProcessing(c.get('trx'), c, { operation: operation.operationId, action: operation.method === 'put' ? 'update' : 'create', status: 'refused', subject: c.get('auditSubject') ?? null });
  return staffPage(c, { title: T[localeOf(c)].refusedTitle, status: 409, body: <RefusalBody message={message} links={links} /> });
}

/** The example values a preview fills in: the municipality's real name, the rest made up. */
async function exampleValues(c: Context<AppEnv>, municipalityId: string, language: Locale) {
  const now = nowOf(c);
  const day = (days: number) => new Date(now.getTime() + days * 86_400_000).toISOString().slice(0, 10);
  const municipality = await pageTheme(c.get('trx'), municipalityId);
  return {
    'youngPerson.name': T[language].exampleName,
    'caseManager.name': T[language].exampleCaseManager,
    'municipality.name': municipality.name,
    departureDate: formatDate(day(42), language),
    aftercareStartDate: formatDate(day(14), language),
  };
}

export function templatePages(): Hono<AppEnv> {
  const pages = new Hono<AppEnv>();
  pages.onError(appFailurePage);
  const BASE = '/app/municipalities/:municipalityId/templates';
  const VERSION = `${BASE}/:templateId/versions/:version`;

  // ---- the list ----
  pages.get(BASE, asOperation(routes.listTemplates), async (c) => {
    const locale = localeOf(c);
    const s = T[locale];
    const { municipalityId } = params(c);
    const cursor = c.req.query('cursor');
    const validCursor = cursor && /^[0-9a-f-]{36}$/i.test(cursor) ? cursor : undefined;
    const rows = await service.listTemplates(c.get('trx'), municipalityId, LIST_LIMIT, validCursor);
    const items = rows.slice(0, LIST_LIMIT);
    const next = rows.length > LIST_LIMIT ? items.at(-1)?.id : undefined;
    const authors = await service.templateVersionAuthors(c.get('trx'), municipalityId, items.map((t) => t.id));
    const admin = isAdmin(c);
    const body = (
      <div class="vv-tpl-page">
        <p class="utrecht-paragraph">{s.listIntro}</p>
        {admin ? (
          <p class="vv-actions">
            <ButtonLink href={href(c, `${base(municipalityId)}/new`)} kind="primary">
              {s.newTemplate}
            </ButtonLink>
          </p>
        ) : null}
        {items.length === 0 ? (
          <Alert type="info">
            <p class="utrecht-paragraph">{s.empty}</p>
            <p class="utrecht-paragraph">{admin ? s.emptyAdmin : s.emptyOther}</p>
          </Alert>
        ) : (
          <DataTable label={s.listLabel} caption={s.listCaption} class="vv-tpl-table" columns={[s.name, s.latest, s.status, s.published, s.by]}>
                {items.map((t) => {
                  const latest = t.versions.at(-1);
                  const lastPublished = [...t.versions].reverse().find((v) => v.status === 'published');
                  return (
                    <tr class="utrecht-table__row">
                      <th class="utrecht-table__header-cell" scope="row">
                        <a class="utrecht-link" href={href(c, templatePath(municipalityId, t.id))}>
                          {t.name}
                        </a>
                      </th>
                      <td class="utrecht-table__cell">{latest ? s.versionN(latest.version) : s.none}</td>
                      <td class="utrecht-table__cell">{latest ? <StatusBadge status={latest.status} locale={locale} /> : s.none}</td>
                      <td class="utrecht-table__cell">{lastPublished?.publishedAt ? `${formatDate(lastPublished.publishedAt, locale)} (${s.versionN(lastPublished.version).toLowerCase()})` : s.none}</td>
                      <td class="utrecht-table__cell">{latest ? (authors.get(latest.id) ?? s.unknownPerson) : s.none}</td>
                    </tr>
                  );
                })}
              </DataTable>
        )}
        {next ? (
          <p class="utrecht-paragraph">
            <a class="utrecht-link" href={href(c, base(municipalityId), { cursor: next })}>
              {s.more}
            </a>
          </p>
        ) : null}
      </div>
    );
    return staffPage(c, { title: s.list, body, width: 'wide' });
  });

  // ---- a new template ----
  /** The published versions a new template may start from (the newest of each template). */
  async function startingPoints(c: Context<AppEnv>, municipalityId: string) {
    const all = await service.listTemplates(c.get('trx'), municipalityId, 200);
    return all.flatMap((t) => {
      const v = [...t.versions].reverse().find((x) => x.status === 'published');
      return v ? [{ id: v.id, templateId: t.id, version: v.version, name: t.name }] : [];
    });
  }

  async function newForm(c: Context<AppEnv>, input: { name: string; sections: SectionTexts; start: string; errors: FieldErrors }, status: PageStatus = 200) {
    const locale = localeOf(c);
    const s = T[locale];
    const { municipalityId } = params(c);
    const starts = await startingPoints(c, municipalityId);
    const body = (
      <div class="vv-tpl-page">
        <div class="vv-tpl-summary">
          <ErrorSummary locale={locale} errors={input.errors} labels={fieldLabels(locale, true)} />
        </div>
        <p class="utrecht-paragraph">{s.newIntro}</p>
        {starts.length > 0 ? (
          <form method="get" action={`${base(municipalityId)}/new`} class="vv-tpl-start">
            {c.req.query('lang') === 'en' || c.req.query('lang') === 'nl' ? <input type="hidden" name="lang" value={c.req.query('lang')} /> : null}
            <div class="utrecht-form-field utrecht-form-field--select">
              <div class="utrecht-form-field__label">
                <label class="utrecht-form-label" for="field-start">
                  {s.startLabel}
                </label>
              </div>
              <div class="utrecht-form-field-description" id="field-start-hint">
                {s.startHint}
              </div>
              <div class="utrecht-form-field__input">
                <select class="utrecht-select utrecht-select--html-select" id="field-start" name="start" aria-describedby="field-start-hint">
                  <option value="">{s.startBasic}</option>
                  {starts.map((p) => (
                    <option value={p.id} selected={p.id === input.start}>
                      {s.startCopy(p.name, p.version)}
                    </option>
                  ))}
                </select>
              </div>
            </div>
            <Button kind="secondary">{s.startUse}</Button>
          </form>
        ) : null}
        <form method="post" action={href(c, `${base(municipalityId)}/new`)} novalidate>
          <TextField name="name" label={s.name} hint={s.nameHint} value={input.name} error={input.errors.name} maxlength={200} required />
          <PlaceholderList locale={locale} />
          <SectionsEditor sections={input.sections} errors={input.errors} locale={locale} />
          <div class="vv-actions">
            <Button>{s.create}</Button>
            <ButtonLink href={href(c, base(municipalityId))}>{s.cancel}</ButtonLink>
          </div>
        </form>
      </div>
    );
    return staffPage(c, { title: s.newTitle, body, width: 'wide', status });
  }

  pages.get(`${BASE}/new`, asOperation(routes.createTemplate), async (c) => {
    const { municipalityId } = params(c);
    const start = c.req.query('start') ?? '';
    let sections: SectionTexts = BASIC_SECTIONS;
    if (start) {
      const from = (await startingPoints(c, municipalityId)).find((p) => p.id === start);
      if (from) sections = (await service.getTemplateVersion(c.get('trx'), municipalityId, from.templateId, from.version)).content.sections;
    }
    return newForm(c, { name: '', sections, start, errors: {} });
  });

  pages.post(`${BASE}/new`, asOperation(routes.createTemplate), async (c) => {
    const locale = localeOf(c);
    const { municipalityId } = params(c);
    const form = readForm(await c.req.parseBody({ all: true }));
    const sections = sectionsFrom(form);
    try {
      const input = validateForm(CreateTemplate, { name: form.name ?? '', content: { sections } });
      const t = await service.createTemplate(c.get('trx'), municipalityId, input, userPrincipal(c).userId);
      c.set('auditSubject', { type: 'agreement-template', id: t.id });
      return seeOther(c, href(c, `${versionPath(municipalityId, t.id, 1)}/edit`, { done: 'created' }));
    } catch (error) {
      if (!isBadRequest(error)) throw error;
      return newForm(c, { name: form.name ?? '', sections, start: '', errors: errorsOf(error, form, locale, true) }, 400);
    }
  });

  // ---- a template and its versions ----
  pages.get(`${BASE}/:templateId`, asOperation(routes.getTemplate), async (c) => {
    const locale = localeOf(c);
    const s = T[locale];
    const { municipalityId, templateId } = params(c);
    const t = await service.getTemplate(c.get('trx'), municipalityId, templateId);
    const authors = await service.templateVersionAuthors(c.get('trx'), municipalityId, [t.id]);
    const admin = isAdmin(c);
    const latest = t.versions.at(-1);
    const body = (
      <div class="vv-tpl-page">
        <p class="utrecht-paragraph">
          <a class="utrecht-link" href={href(c, base(municipalityId))}>
            {s.backToList}
          </a>
        </p>
        <h2 class="utrecht-heading-2">{s.versions}</h2>
        <DataTable label={s.versionsLabel} caption={s.versionsCaption} class="vv-tpl-table" columns={[s.version, s.status, s.created, s.published, s.by, s.actions]}>
              {t.versions.map((v) => (
                <tr class="utrecht-table__row">
                  <th class="utrecht-table__header-cell" scope="row">
                    {s.versionN(v.version)}
                  </th>
                  <td class="utrecht-table__cell">
                    <StatusBadge status={v.status} locale={locale} />
                  </td>
                  <td class="utrecht-table__cell">{formatDate(v.createdAt, locale)}</td>
                  <td class="utrecht-table__cell">{v.publishedAt ? formatDateTime(v.publishedAt, locale) : s.none}</td>
                  <td class="utrecht-table__cell">{authors.get(v.id) ?? s.unknownPerson}</td>
                  <td class="utrecht-table__cell">
                    <ul class="vv-tpl-row-links">
                      <li>
                        <a class="utrecht-link" href={href(c, versionPath(municipalityId, t.id, v.version))}>
                          {s.viewVersion(v.version)}
                        </a>
                      </li>
                      {admin && v.status === 'draft' ? (
                        <li>
                          <a class="utrecht-link" href={href(c, `${versionPath(municipalityId, t.id, v.version)}/edit`)}>
                            {s.editVersion(v.version)}
                          </a>
                        </li>
                      ) : null}
                    </ul>
                  </td>
                </tr>
              ))}
            </DataTable>
        {latest?.status === 'draft' ? <p class="utrecht-paragraph">{s.draftExists(latest.version)}</p> : null}
        {admin && latest?.status === 'published' ? <NewVersionForm c={c} municipalityId={municipalityId} templateId={t.id} from={latest.version} /> : null}
      </div>
    );
    return staffPage(c, { title: t.name, body, width: 'wide' });
  });

  function NewVersionForm(props: { c: Context<AppEnv>; municipalityId: string; templateId: string; from: number }) {
    const s = T[localeOf(props.c)];
    return (
      <form method="post" action={href(props.c, `${templatePath(props.municipalityId, props.templateId)}/versions`)} class="vv-tpl-new-version">
        <input type="hidden" name="from" value={String(props.from)} />
        <p class="utrecht-paragraph">{s.newVersionHint(props.from)}</p>
        <Button kind="secondary">{s.newVersion}</Button>
      </form>
    );
  }

  // ---- a new version, from a published one (addVersion) ----
  pages.post(`${BASE}/:templateId/versions`, asOperation(routes.addVersion), async (c) => {
    const locale = localeOf(c);
    const s = T[locale];
    const { municipalityId, templateId } = params(c);
    const form = readForm(await c.req.parseBody({ all: true }));
    const t = await service.getTemplate(c.get('trx'), municipalityId, templateId);
    const fromNumber = Number(form.from);
    const from = t.versions.find((v) => v.version === fromNumber && v.status === 'published') ?? [...t.versions].reverse().find((v) => v.status === 'published');
    const draft = t.versions.find((v) => v.status === 'draft');
    if (!from || draft) {
      const n = draft?.version ?? t.versions.at(-1)?.version ?? 1;
      return refusedPage(c, routes.addVersion, s.draftExistsRefused(n), [{ href: href(c, versionPath(municipalityId, templateId, n)), text: s.toVersion(n) }]);
    }
    const source = await service.getTemplateVersion(c.get('trx'), municipalityId, templateId, from.version);
    const input = validateForm(CreateTemplateVersion, { content: source.content });
    try {
      const v = await service.addTemplateVersion(c.get('trx'), municipalityId, templateId, input.content, userPrincipal(c).userId);
      return seeOther(c, href(c, `${versionPath(municipalityId, templateId, v.version)}/edit`, { done: 'version-created' }));
    } catch (error) {
      if (!isConflict(error)) throw error;
      const n = t.versions.at(-1)?.version ?? 1;
      return refusedPage(c, routes.addVersion, s.draftExistsRefused(n), [{ href: href(c, versionPath(municipalityId, templateId, n)), text: s.toVersion(n) }]);
    }
  });

  // ---- one version, read ----
  pages.get(VERSION, asOperation(routes.getVersionRoute), async (c) => {
    const locale = localeOf(c);
    const s = T[locale];
    const { municipalityId, templateId } = params(c);
    const number = versionParam(c);
    const t = await service.getTemplate(c.get('trx'), municipalityId, templateId);
    const v = await service.getTemplateVersion(c.get('trx'), municipalityId, templateId, number);
    const admin = isAdmin(c);
    const latest = t.versions.at(-1);
    const done = c.req.query('done');
    const path = versionPath(municipalityId, templateId, number);
    const body = (
      <div class="vv-tpl-page">
        {done === 'saved' ? <Alert type="ok">{s.saved}</Alert> : null}
        {done === 'published' ? <Alert type="ok">{s.publishedDone}</Alert> : null}
        <p class="utrecht-paragraph">
          <a class="utrecht-link" href={href(c, templatePath(municipalityId, templateId))}>
            {s.backToTemplate}
          </a>
        </p>
        <p class="utrecht-paragraph">
          <StatusBadge status={v.status} locale={locale} /> {v.status === 'published' && v.publishedAt ? s.isPublished(formatDateTime(v.publishedAt, locale)) : s.isDraft}
        </p>
        <div class="vv-actions">
          {admin && v.status === 'draft' ? (
            <>
              <ButtonLink href={href(c, `${path}/edit`)} kind="primary">
                {s.edit}
              </ButtonLink>
              <ButtonLink href={href(c, `${path}/publish`)}>{s.publish}</ButtonLink>
            </>
          ) : null}
          <ButtonLink href={href(c, `${path}/preview`, { view: 'nl' })}>{s.previewNl}</ButtonLink>
          <ButtonLink href={href(c, `${path}/preview`, { view: 'en' })}>{s.previewEn}</ButtonLink>
        </div>
        {admin && v.status === 'published' && latest?.version === v.version ? <NewVersionForm c={c} municipalityId={municipalityId} templateId={templateId} from={v.version} /> : null}
        <SectionsRead sections={v.content.sections} locale={locale} />
      </div>
    );
    return staffPage(c, { title: s.versionTitle(t.name, number), body, width: 'wide' });
  });

  // ---- edit a draft (updateVersion) ----
  async function editForm(c: Context<AppEnv>, input: { name: string; number: number; sections: SectionTexts; errors: FieldErrors }, status: PageStatus = 200) {
    const locale = localeOf(c);
    const s = T[locale];
    const { municipalityId, templateId } = params(c);
    const path = versionPath(municipalityId, templateId, input.number);
    const done = c.req.query('done');
    const body = (
      <div class="vv-tpl-page">
        {done === 'created' ? <Alert type="ok">{s.created_}</Alert> : null}
        {done === 'version-created' ? <Alert type="ok">{s.versionCreated}</Alert> : null}
        <div class="vv-tpl-summary">
          <ErrorSummary locale={locale} errors={input.errors} labels={fieldLabels(locale, false)} />
        </div>
        <p class="utrecht-paragraph">{s.editIntro}</p>
        <form method="post" action={href(c, `${path}/edit`)} novalidate>
          <PlaceholderList locale={locale} />
          <SectionsEditor sections={input.sections} errors={input.errors} locale={locale} />
          <div class="vv-actions">
            <Button>{s.save}</Button>
            <ButtonLink href={href(c, path)}>{s.cancel}</ButtonLink>
          </div>
        </form>
      </div>
    );
    return staffPage(c, { title: s.editTitle(input.name, input.number), body, width: 'wide', status });
  }

  const publishedRefusal = (c: Context<AppEnv>, number: number) => {
    const s = T[localeOf(c)];
    const { municipalityId, templateId } = params(c);
    return [
      { href: href(c, versionPath(municipalityId, templateId, number)), text: s.toVersion(number) },
      { href: href(c, templatePath(municipalityId, templateId)), text: s.backToTemplate },
    ];
  };

  pages.get(`${VERSION}/edit`, asOperation(routes.updateVersion), async (c) => {
    const { municipalityId, templateId } = params(c);
    const number = versionParam(c);
    const t = await service.getTemplate(c.get('trx'), municipalityId, templateId);
    const v = await service.getTemplateVersion(c.get('trx'), municipalityId, templateId, number);
    if (v.status === 'published') {
      const s = T[localeOf(c)];
      return staffPage(c, { title: s.refusedTitle, status: 409, body: <RefusalBody message={s.publishedNoEdit(number)} links={publishedRefusal(c, number)} /> });
    }
    return editForm(c, { name: t.name, number, sections: v.content.sections, errors: {} });
  });

  pages.post(`${VERSION}/edit`, asOperation(routes.updateVersion), async (c) => {
    const locale = localeOf(c);
    const { municipalityId, templateId } = params(c);
    const number = versionParam(c);
    const form = readForm(await c.req.parseBody({ all: true }));
    const sections = sectionsFrom(form);
    const t = await service.getTemplate(c.get('trx'), municipalityId, templateId);
    try {
      const input = validateForm(CreateTemplateVersion, { content: { sections } });
      await service.updateDraftTemplateVersion(c.get('trx'), municipalityId, templateId, number, input.content);
      return seeOther(c, href(c, versionPath(municipalityId, templateId, number), { done: 'saved' }));
    } catch (error) {
      if (isConflict(error)) return refusedPage(c, routes.updateVersion, T[locale].publishedNoEdit(number), publishedRefusal(c, number));
      if (!isBadRequest(error)) throw error;
      // A published version is refused before its form's mistakes are shown: it never changes.
      const v = await service.getTemplateVersion(c.get('trx'), municipalityId, templateId, number);
      if (v.status === 'published') return refusedPage(c, routes.updateVersion, T[locale].publishedNoEdit(number), publishedRefusal(c, number));
      return editForm(c, { name: t.name, number, sections, errors: errorsOf(error, form, locale, false) }, 400);
    }
  });

  // ---- preview ----
  pages.get(`${VERSION}/preview`, asOperation(routes.getVersionRoute), async (c) => {
    const locale = localeOf(c);
    const s = T[locale];
    const { municipalityId, templateId } = params(c);
    const number = versionParam(c);
    const view: Locale = c.req.query('view') === 'en' ? 'en' : 'nl';
    const t = await service.getTemplate(c.get('trx'), municipalityId, templateId);
    const v = await service.getTemplateVersion(c.get('trx'), municipalityId, templateId, number);
    const values = await exampleValues(c, municipalityId, view);
    const path = versionPath(municipalityId, templateId, number);
    const other: Locale = view === 'nl' ? 'en' : 'nl';
    const body = (
      <div class="vv-tpl-page">
        <p class="utrecht-paragraph">
          <a class="utrecht-link" href={href(c, path)}>
            {s.toVersion(number)}
          </a>
        </p>
        <p class="utrecht-paragraph">{s.previewIntro}</p>
        <ul class="utrecht-unordered-list">
          {Object.entries(values).map(([code, value]) => (
            <li class="utrecht-unordered-list__item">
              <code lang="en">{`{{${code}}}`}</code>: <span lang={view}>{value}</span>
            </li>
          ))}
        </ul>
        <p class="utrecht-paragraph">
          <a class="utrecht-link" href={href(c, `${path}/preview`, { view: other })}>
            {s.readIn[other]}
          </a>
        </p>
        <article class="vv-tpl-preview" lang={view} aria-labelledby="preview-heading">
          <h2 class="utrecht-heading-2" id="preview-heading" lang={locale}>
            {s.previewHeading[view]}
          </h2>
          {SECTION_KEYS.map((key) => (
            <>
              <h3 class="utrecht-heading-3">{sectionHeading(key, view)}</h3>
              <p class="utrecht-paragraph">{service.fillPlaceholders(v.content.sections[key][view], values)}</p>
            </>
          ))}
        </article>
      </div>
    );
    return staffPage(c, { title: s.previewTitle(t.name, number), body });
  });

  // ---- publish: a confirmation, then the POST ----
  pages.get(`${VERSION}/publish`, asOperation(routes.publishVersion), async (c) => {
    const locale = localeOf(c);
    const s = T[locale];
    const { municipalityId, templateId } = params(c);
    const number = versionParam(c);
    const t = await service.getTemplate(c.get('trx'), municipalityId, templateId);
    const v = await service.getTemplateVersion(c.get('trx'), municipalityId, templateId, number);
    const path = versionPath(municipalityId, templateId, number);
    if (v.status === 'published') return staffPage(c, { title: s.refusedTitle, status: 409, body: <RefusalBody message={s.alreadyPublished(number)} links={publishedRefusal(c, number)} /> });
    const body = (
      <div class="vv-tpl-page">
        <Alert type="warning">
          <p class="utrecht-paragraph">{s.publishWarning}</p>
        </Alert>
        <p class="utrecht-paragraph">{s.publishCheck}</p>
        <ul class="utrecht-unordered-list">
          <li class="utrecht-unordered-list__item">
            <a class="utrecht-link" href={href(c, path)}>
              {s.viewVersion(number)}
            </a>
          </li>
          <li class="utrecht-unordered-list__item">
            <a class="utrecht-link" href={href(c, `${path}/preview`, { view: 'nl' })}>
              {s.previewNl}
            </a>
          </li>
          <li class="utrecht-unordered-list__item">
            <a class="utrecht-link" href={href(c, `${path}/preview`, { view: 'en' })}>
              {s.previewEn}
            </a>
          </li>
        </ul>
        <form method="post" action={href(c, `${path}/publish`)} class="vv-actions">
          <Button>{s.publishConfirm(number)}</Button>
          <ButtonLink href={href(c, path)}>{s.cancel}</ButtonLink>
        </form>
      </div>
    );
    return staffPage(c, { title: s.publishTitle(t.name, number), body });
  });

  pages.post(`${VERSION}/publish`, asOperation(routes.publishVersion), async (c) => {
    const locale = localeOf(c);
    const { municipalityId, templateId } = params(c);
    const number = versionParam(c);
    try {
      await service.publishTemplateVersion(c.get('trx'), municipalityId, templateId, number, nowOf(c));
    } catch (error) {
      if (!isConflict(error)) throw error;
      return refusedPage(c, routes.publishVersion, T[locale].alreadyPublished(number), publishedRefusal(c, number));
    }
    return seeOther(c, href(c, versionPath(municipalityId, templateId, number), { done: 'published' }));
  });

  return pages;
}

function RefusalBody(props: { message: string; links: { href: string; text: string }[] }) {
  return (
    <div class="vv-tpl-page">
      <Alert type="error">
        <p class="utrecht-paragraph">{props.message}</p>
      </Alert>
      <ul class="utrecht-unordered-list vv-tpl-links">
        {props.links.map((l) => (
          <li class="utrecht-unordered-list__item">
            <a class="utrecht-link" href={l.href}>
              {l.text}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}
