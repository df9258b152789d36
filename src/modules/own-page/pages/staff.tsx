// The staff side of the young person's own page: what they wrote (notes on goals, what to discuss,
// requests for help), the button that sends them a fresh link to their page, and the
// municipality's practical information per topic (an admin rewrites it, or restores the default).
// Each handler does what its API operation does (asOperation: the same access and processing log).
import type { Context } from 'hono';
import { Hono } from 'hono';
import { LIFE_DOMAINS } from '../../../domain/agreement.js';
import { codeLabel } from '../../../domain/code-list.js';
import { PRACTICAL_INFO_MAX, PRACTICAL_TOPIC_CODES, PRACTICAL_TOPICS, type PracticalTopic } from '../../../domain/practical-info.js';
import { NOTE_KINDS } from '../../../domain/young-person.js';
import { formatDateTime } from '../../../platform/dates.js';
import { ApiError } from '../../../platform/errors.js';
import { nowOf } from '../../../platform/http/context.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { toPage } from '../../../platform/http/openapi.js';
import { type Locale, localeOf } from '../../../platform/http/page.js';
import { type PageStatus, type UserPrincipal, appFailurePage, asOperation, href, seeOther, staffPage } from '../../../platform/http/pages.js';
import { Alert, Button, ErrorSummary, type FieldErrors, TextArea, readForm } from '../../../platform/ui/form.js';
import { getAgreement } from '../../agreements/service.js';
import { routes } from '../routes.js';
import { getPracticalInfo, listPracticalInfo, listYoungPersonNotes, notesSummary, putPracticalInfo, resetPracticalInfo, sendOwnPageLink } from '../service.js';

const T = {
  nl: {
    notesTitle: (name: string) => `Van ${name} zelf`,
    notesIntro: 'Wat de jongere op de eigen pagina schreef: opmerkingen bij doelen, wat hij of zij wil bespreken bij de evaluatie, en vragen om hulp. Bij een hulpvraag krijgt u een e-mail.',
    none: 'De jongere heeft nog niets geschreven.',
    goal: (d: string) => `Doel: ${d}`,
    domain: (d: string) => `Onderwerp: ${d}`,
    more: 'Oudere berichten',
    back: 'Terug naar de afspraken',
    ownPage: 'Eigen pagina van de jongere',
    ownPageIntro: 'De jongere ziet op de eigen pagina de afspraken, de voortgang van de doelen, de volgende evaluatie, praktische informatie en wie de gegevens gebruikte. Stuur een nieuwe link als de jongere die kwijt is; de vorige link werkt dan niet meer.',
    sendLink: 'Stuur de jongere een link naar de eigen pagina',
    notSigned: 'De jongere heeft deze afspraken nog niet ondertekend. De eigen pagina gaat open zodra dat is gebeurd.',
    linkSent: 'De link is verstuurd naar het adres van de jongere. De vorige link werkt niet meer.',
    infoTitle: 'Praktische informatie voor jongeren',
    infoIntro: 'Deze teksten lezen jongeren op hun eigen pagina. Vervolg heeft een standaardtekst per onderwerp (eenvoudig Nederlands, B1, en Engels). U kunt elke tekst aanpassen aan uw gemeente, of de standaardtekst terugzetten.',
    topic: 'Onderwerp',
    nl: 'Nederlands',
    en: 'Engels',
    own: 'Eigen tekst',
    standard: 'Standaardtekst',
    edit: (t: string) => `Bewerk ${t}`,
    editTitle: (t: string) => `Praktische informatie: ${t}`,
    editIntro: 'Schrijf in eenvoudige taal (B1). Laat een witregel tussen alinea’s. Begin een regel met "- " voor een opsomming. Zet geen links naar andere websites; u kunt wel een website noemen.',
    textNl: 'Tekst in het Nederlands',
    textEn: 'Tekst in het Engels',
    save: 'Opslaan',
    restore: 'Zet de standaardtekst terug',
    restoreHint: 'Beide talen krijgen weer de tekst van Vervolg.',
    saved: 'De tekst is opgeslagen. Jongeren lezen hem nu zo.',
    restored: 'De standaardtekst staat er weer.',
    backToList: 'Terug naar de onderwerpen',
    messages: { body: `Vul een tekst in van hoogstens ${PRACTICAL_INFO_MAX} tekens.` },
  },
  en: {
    notesTitle: (name: string) => `From ${name}`,
    notesIntro: 'What the young person wrote on their own page: notes on goals, what they want to discuss at the review, and requests for help. A request for help also sends you an e-mail.',
    none: 'The young person has not written anything yet.',
    goal: (d: string) => `Goal: ${d}`,
    domain: (d: string) => `Topic: ${d}`,
    more: 'Older messages',
    back: 'Back to the agreement',
    ownPage: 'The young person’s own page',
    ownPageIntro: 'On their own page the young person sees the agreements, how their goals are going, the next review, practical information and who used their data. Send a new link when they have lost theirs; the previous link then stops working.',
    sendLink: 'Send the young person a link to their own page',
    notSigned: 'The young person has not signed these agreements yet. Their own page opens once they have.',
    linkSent: 'The link has been sent to the young person’s address. The previous link no longer works.',
    infoTitle: 'Practical information for young people',
    infoIntro: 'Young people read these texts on their own page. Vervolg has a default text per topic (plain Dutch, B1, and English). You can adapt each text to your municipality, or restore the default.',
    topic: 'Topic',
    nl: 'Dutch',
    en: 'English',
    own: 'Own text',
    standard: 'Default text',
    edit: (t: string) => `Edit ${t}`,
    editTitle: (t: string) => `Practical information: ${t}`,
    editIntro: 'Write in plain language (B1). Leave a blank line between paragraphs. Start a line with "- " for a list. Do not add links to other websites; you may name a website.',
    textNl: 'Text in Dutch',
    textEn: 'Text in English',
    save: 'Save',
    restore: 'Restore the default text',
    restoreHint: 'Both languages get Vervolg’s text again.',
    saved: 'The text has been saved. Young people now read it like this.',
    restored: 'The default text is back.',
    backToList: 'Back to the topics',
    messages: { body: `Enter a text of at most ${PRACTICAL_INFO_MAX} characters.` },
  },
} as const;

const AGREEMENT = '/app/municipalities/:municipalityId/agreements/:agreementId';
const agreementPath = (m: string, a: string) => `/app/municipalities/${m}/agreements/${a}`;
const INFO = '/app/municipalities/:municipalityId/settings/practical-info';
const infoPath = (m: string) => `/app/municipalities/${m}/settings/practical-info`;

async function notesPage(c: Context<AppEnv>, notice: { type: 'ok' | 'error'; text: string } | null = null, status: PageStatus = 200) {
  const locale = localeOf(c);
  const s = T[locale];
  const m = c.req.param('municipalityId') as string;
  const id = c.req.param('agreementId') as string;
  const trx = c.get('trx');
  const a = await getAgreement(trx, m, id);
  const cursor = c.req.query('cursor');
  const list = toPage(await listYoungPersonNotes(trx, m, id, 25, cursor && /^[0-9a-f-]{36}$/i.test(cursor) ? cursor : undefined), 25);
  const summary = await notesSummary(trx, m, id);
  const done = c.req.query('done');
  const body = (
    <>
      {notice ? <Alert type={notice.type}>{notice.text}</Alert> : done === 'link-sent' ? <Alert type="ok">{s.linkSent}</Alert> : null}
      <p class="utrecht-paragraph">{s.notesIntro}</p>
      {list.items.length === 0 ? (
        <p class="utrecht-paragraph">{s.none}</p>
      ) : (
        <ul class="vv-contacts">
          {list.items.map((n) => (
            <li class="vv-contacts__item">
              <p class="vv-contacts__head">
                <strong>{formatDateTime(n.createdAt, locale)}</strong> · {n.kind === 'help' ? <strong class="vv-own-help">{codeLabel(NOTE_KINDS, n.kind, locale)}</strong> : codeLabel(NOTE_KINDS, n.kind, locale)}
              </p>
              {n.goalDescription ? <p class="utrecht-paragraph vv-muted">{s.goal(n.goalDescription)}</p> : null}
              {n.domain ? <p class="utrecht-paragraph vv-muted">{s.domain(codeLabel(LIFE_DOMAINS, n.domain, locale))}</p> : null}
              <p class="utrecht-paragraph vv-review__agreed">{n.body}</p>
            </li>
          ))}
        </ul>
      )}
      {list.nextCursor ? (
        <p class="utrecht-paragraph">
          <a class="utrecht-link" href={href(c, `${agreementPath(m, id)}/notes`, { cursor: list.nextCursor })}>
            {s.more}
          </a>
        </p>
      ) : null}
      <h2 class="utrecht-heading-2">{s.ownPage}</h2>
      <p class="utrecht-paragraph">{s.ownPageIntro}</p>
      {summary.signed ? (
        <form method="post" action={href(c, `${agreementPath(m, id)}/own-page-link`)}>
          <Button kind="secondary">{s.sendLink}</Button>
        </form>
      ) : (
        <p class="utrecht-paragraph">{s.notSigned}</p>
      )}
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href={href(c, agreementPath(m, id))}>
          {s.back}
        </a>
      </p>
    </>
  );
  return staffPage(c, { title: s.notesTitle(a.youngPerson.name), body, status });
}

const isTopic = (t: string | undefined): t is PracticalTopic => (PRACTICAL_TOPIC_CODES as readonly string[]).includes(t ?? '');

async function infoListPage(c: Context<AppEnv>) {
  const locale = localeOf(c);
  const s = T[locale];
  const m = c.req.param('municipalityId') as string;
  const topics = await listPracticalInfo(c.get('trx'), m);
  const done = c.req.query('done');
  const state = (custom: boolean) => (custom ? s.own : s.standard);
  const body = (
    <>
      {done === 'saved' ? <Alert type="ok">{s.saved}</Alert> : done === 'restored' ? <Alert type="ok">{s.restored}</Alert> : null}
      <p class="utrecht-paragraph">{s.infoIntro}</p>
      <ul class="vv-contacts">
        {topics.map((t) => (
          <li class="vv-contacts__item">
            <p class="vv-contacts__head">
              <a class="utrecht-link" href={href(c, `${infoPath(m)}/${t.topic}`)}>
                <strong>{PRACTICAL_TOPICS[t.topic][locale]}</strong>
                <span class="vv-visually-hidden"> ({s.edit(PRACTICAL_TOPICS[t.topic][locale]).toLowerCase()})</span>
              </a>
            </p>
            <p class="utrecht-paragraph vv-muted">
              {s.nl}: {state(t.nl.custom)} · {s.en}: {state(t.en.custom)}
            </p>
          </li>
        ))}
      </ul>
    </>
  );
  return staffPage(c, { title: s.infoTitle, body });
}

async function infoEditPage(c: Context<AppEnv>, values: { nl?: string; en?: string } | null, errors: FieldErrors, status: PageStatus = 200) {
  const locale = localeOf(c);
  const s = T[locale];
  const m = c.req.param('municipalityId') as string;
  const topic = c.req.param('topic');
  if (!isTopic(topic)) throw new ApiError(404, 'not-found', 'Not found', 'topic not found');
  const info = await getPracticalInfo(c.get('trx'), m, topic);
  const title = PRACTICAL_TOPICS[topic][locale];
  const body = (
    <>
      <ErrorSummary locale={locale} errors={errors} labels={{ nl: s.textNl, en: s.textEn }} />
      <p class="utrecht-paragraph">{s.editIntro}</p>
      <form method="post" action={href(c, `${infoPath(m)}/${topic}`)} novalidate>
        <TextArea name="nl" label={`${s.textNl} (${info.nl.custom ? s.own : s.standard})`} value={values?.nl ?? info.nl.body} rows={16} maxlength={PRACTICAL_INFO_MAX} error={errors.nl} required />
        <TextArea name="en" label={`${s.textEn} (${info.en.custom ? s.own : s.standard})`} value={values?.en ?? info.en.body} rows={16} maxlength={PRACTICAL_INFO_MAX} error={errors.en} required />
        <div class="vv-actions">
          <Button>{s.save}</Button>
          <a class="utrecht-link" href={href(c, infoPath(m))}>
            {s.backToList}
          </a>
        </div>
      </form>
      <form method="post" action={href(c, `${infoPath(m)}/${topic}/restore`)}>
        <p class="utrecht-paragraph vv-muted">{s.restoreHint}</p>
        <Button kind="secondary">{s.restore}</Button>
      </form>
    </>
  );
  return staffPage(c, { title: s.editTitle(title), body, status });
}

function messagesFor(locale: Locale) {
  return () => T[locale].messages.body;
}

export function ownPageStaffPages(): Hono<AppEnv> {
  const pages = new Hono<AppEnv>();
  pages.onError(appFailurePage);
  pages.get(`${AGREEMENT}/notes`, asOperation(routes.listYoungPersonNotes), (c) => notesPage(c));
  pages.post(`${AGREEMENT}/own-page-link`, asOperation(routes.sendOwnPageLink), async (c) => {
    const m = c.req.param('municipalityId');
    const id = c.req.param('agreementId');
    try {
      await sendOwnPageLink(c.get('trx'), m, id, c.get('deps').config.publicUrl, nowOf(c));
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) return notesPage(c, { type: 'error', text: T[localeOf(c)].notSigned }, 409);
      throw error;
    }
    return seeOther(c, href(c, `${agreementPath(m, id)}/notes`, { done: 'link-sent' }));
  });

  pages.get(INFO, asOperation(routes.listPracticalInfo), (c) => infoListPage(c));
  // The form is the write's page: only those who may write it (an admin) open it.
  pages.get(`${INFO}/:topic`, asOperation(routes.updatePracticalInfo), (c) => infoEditPage(c, null, {}));
  pages.post(`${INFO}/:topic`, asOperation(routes.updatePracticalInfo), async (c) => {
    const m = c.req.param('municipalityId');
    const topic = c.req.param('topic');
    if (!isTopic(topic)) throw new ApiError(404, 'not-found', 'Not found', 'topic not found');
    const values = readForm(await c.req.parseBody());
    const nl = (values.nl ?? '').trim();
    const en = (values.en ?? '').trim();
    const errors: FieldErrors = {};
    const message = messagesFor(localeOf(c))();
    if (!nl || nl.length > PRACTICAL_INFO_MAX) errors.nl = message;
    if (!en || en.length > PRACTICAL_INFO_MAX) errors.en = message;
    if (Object.keys(errors).length) return infoEditPage(c, { nl: values.nl ?? '', en: values.en ?? '' }, errors, 400);
    // A text left as the default stays the default (no row): only a changed text becomes the municipality's own.
    const current = await getPracticalInfo(c.get('trx'), m, topic);
    const keep = (lang: 'nl' | 'en', text: string) => (current[lang].custom || text !== current[lang].body.trim() ? text : null);
    await putPracticalInfo(c.get('trx'), m, topic, { nl: keep('nl', nl), en: keep('en', en) }, (c.get('principal') as UserPrincipal).userId, nowOf(c));
    return seeOther(c, href(c, infoPath(m), { done: 'saved' }));
  });
  pages.post(`${INFO}/:topic/restore`, asOperation(routes.resetPracticalInfo), async (c) => {
    const m = c.req.param('municipalityId');
    const topic = c.req.param('topic');
    if (!isTopic(topic)) throw new ApiError(404, 'not-found', 'Not found', 'topic not found');
    await resetPracticalInfo(c.get('trx'), m, topic);
    return seeOther(c, href(c, infoPath(m), { done: 'restored' }));
  });
  return pages;
}
