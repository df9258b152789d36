// The young person's own page, on their phone, without JavaScript, in Dutch (B1) or English, in
// their municipality's look. It lives under /sign because the signing module's session opens it:
// the personal link (/sign/my-page?t=…) opens nothing by itself; a one-time code sent to the
// address on file opens the session (the HttpOnly cookie for /sign that the downloads use), and
// the page then answers at /sign/my-page with no token in the address (303 after the code).
// One transaction per request and the page headers come from the signing pages' '/sign/*'
// middleware (app.ts mounts this after them). Every view is in the processing log, with the young
// person as the actor.
import type { Context } from 'hono';
import { Hono } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { Child } from 'hono/jsx';
import { GOAL_STATUSES, GOAL_TERMS, LIFE_DOMAINS, LIFE_DOMAIN_CODES, planItemRef } from '../../../domain/agreement.js';
import { codeLabel } from '../../../domain/code-list.js';
import { PRACTICAL_TOPICS, textBlocks } from '../../../domain/practical-info.js';
import { PROCESSING_ACTIONS, PROCESSING_OPERATIONS } from '../../../domain/processing.js';
import { SIGNER_ROLE_LABELS } from '../../../domain/signing.js';
import { NOTE_KINDS, NOTE_MAX } from '../../../domain/young-person.js';
import { recordProcessing } from '../../../platform/audit.js';
import { formatDate, formatDateTime } from '../../../platform/dates.js';
import { ApiError, type InvalidParam } from '../../../platform/errors.js';
import { clientIp, nowOf } from '../../../platform/http/context.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { readForm } from '../../../platform/http/input.js';
import { type Locale, Page, localeOf } from '../../../platform/http/page.js';
import { Alert, Button, ErrorSummary, type FieldErrors, Select, TextArea, fieldId } from '../../../platform/ui/form.js';
import { getAgreement } from '../../agreements/service.js';
import { AgreementView, CodeThrottled, DOWNLOAD_COOKIE, DOWNLOAD_SESSION_MINUTES, downloadCodeOut, endDownloadSession, requestDownloadCode, verifyDownloadCode } from '../../signing/service.js';
import { pageTheme } from '../../tenants/service.js';
import { type LogActor, addNote, askForHelp, listPracticalInfo, openOwnPageLink, openOwnPageSession, ownPage, ownProcessingLog, planInForce } from '../service.js';

export const OWN_PAGE = '/sign/my-page';

const T = {
  nl: {
    title: 'Mijn pagina',
    planTitle: 'Mijn afspraken',
    infoTitle: 'Zelfstandig wonen: praktische informatie',
    logTitle: 'Wie gebruikte mijn gegevens?',
    unknown: 'Deze link kennen we niet. Kijk of je de hele link uit het bericht hebt gebruikt. Of vraag je casemanager om een nieuwe link.',
    noOwnPage: 'Met deze link kun je geen eigen pagina openen. De eigen pagina is er voor de jongere, als die de afspraken heeft ondertekend.',
    noSession: 'Je bent niet (meer) ingelogd. Open de link uit je bericht opnieuw en vraag een nieuwe code. Heb je geen link meer? Vraag je casemanager om een nieuwe.',
    intro: (where: string) => `Op je eigen pagina zie je je afspraken, hoe het gaat met je doelen en wie je kunt vragen om hulp. Eerst checken we of jij het bent: we sturen een code van 6 cijfers naar ${where}.`,
    yourPhone: 'je telefoon',
    yourEmail: 'je e-mailadres',
    sendCode: 'Stuur mij een code',
    sendAgain: 'Stuur een nieuwe code',
    codeSent: 'We hebben je een code gestuurd. Vul hem hieronder in.',
    codeLabel: 'Code (6 cijfers)',
    codeHint: 'De code werkt 10 minuten.',
    check: 'Open mijn pagina',
    wrongCode: 'Die code klopt niet, of hij is verlopen. Probeer het opnieuw of vraag een nieuwe code.',
    throttled: (minutes: number) => `Je hebt te vaak een code gevraagd of een verkeerde code ingevuld. Wacht ${minutes} minuten. Probeer het daarna opnieuw.`,
    signOut: 'Uitloggen',
    signedOut: 'Je bent uitgelogd. Wil je weer op je pagina? Open de link uit je bericht en vraag een nieuwe code.',
    goals: 'Mijn doelen',
    noGoals: 'Er staan geen doelen in je afspraken.',
    target: (d: string) => `Wanneer: ${d}`,
    status: 'Hoe gaat het',
    noProgress: 'Nog niets over bekend',
    updated: (d: string) => `bijgewerkt op ${d}`,
    goalNoteTitle: 'Iets zeggen over een doel',
    goalRef: 'Over welk doel?',
    chooseGoal: 'Kies een doel',
    goalNote: 'Wat wil je erover zeggen?',
    goalNoteHint: 'Je casemanager leest het.',
    saveNote: 'Opslaan',
    review: 'De volgende evaluatie',
    reviewOn: (d: string) => `Jullie bespreken je afspraken weer op ${d}.`,
    noReview: 'Er is nog geen datum voor de volgende evaluatie. Je casemanager spreekt die met je af.',
    reviewTopic: 'Wat wil ik bespreken?',
    reviewTopicHint: 'Schrijf op wat je wilt bespreken. Je casemanager ziet het voor het gesprek.',
    saveTopic: 'Opslaan',
    help: 'Hulp vragen',
    needHelp: 'Loop je ergens tegenaan?',
    helpIntro: 'Loop je ergens tegenaan? Vraag om hulp. Je casemanager krijgt een bericht en neemt contact met je op.',
    helpDomain: 'Waarover gaat het? (hoeft niet)',
    helpDomainNone: 'Weet ik niet / iets anders',
    helpBody: 'Ik heb hulp nodig bij …',
    askHelp: 'Vraag om hulp',
    who: 'Wie kan ik vragen?',
    caseManager: (name: string) => `Je casemanager is ${name}.`,
    caseManagerHow: 'Wil je je casemanager iets vragen? Gebruik "Hulp vragen" hierboven. Je casemanager krijgt dan een bericht.',
    practical: 'Voor praktische dingen kun je terecht bij:',
    noPractical: 'In je afspraken staat niemand voor praktische dingen.',
    call: (n: string) => `Bel ${n}`,
    mail: (n: string) => `Mail ${n}`,
    written: 'Wat ik heb geschreven',
    nothingWritten: 'Je hebt nog niets geschreven.',
    about: (goal: string) => `Over: ${goal}`,
    more: 'Meer',
    plan: 'Lees mijn afspraken (zoals ondertekend)',
    info: 'Praktische informatie voor zelfstandig wonen',
    log: 'Wie heeft mijn gegevens bekeken of veranderd?',
    downloads: 'Downloaden',
    downloadPdf: (v: number) => `De ondertekende afspraken (pdf, versie ${v})`,
    downloadData: 'Al mijn gegevens (bestand)',
    back: 'Terug naar mijn pagina',
    saved: { note: 'Gelukt! Je opmerking is opgeslagen.', topic: 'Gelukt! Je casemanager ziet wat je wilt bespreken.', help: 'Gelukt! Je vraag is verstuurd. Je casemanager neemt contact met je op.' } as Record<string, string>,
    messages: {
      goalRef: 'Kies over welk doel het gaat.',
      goalNote: 'Schrijf wat je over het doel wilt zeggen.',
      reviewTopic: 'Schrijf wat je wilt bespreken.',
      helpBody: 'Schrijf waarmee je hulp nodig hebt.',
      helpDomain: 'Kies een onderwerp uit de lijst.',
      tooLong: `Dit is te lang. Schrijf hoogstens ${NOTE_MAX} tekens.`,
      tooMany: 'Je hebt vandaag al veel geschreven. Probeer het morgen opnieuw. Is het dringend? Vraag dan om hulp bij je casemanager.',
    },
    infoIntro: 'Hier staat wat je moet weten en regelen als je op jezelf gaat wonen. Heb je een vraag? Stel hem aan je casemanager.',
    contents: 'Onderwerpen',
    logIntro: 'Hier zie je wie je afspraken en gegevens heeft bekeken of veranderd, en wanneer (Nederlandse tijd).',
    logWhen: 'Wanneer',
    logWhat: 'Wat',
    logWho: 'Wie',
    logRefused: '(niet gelukt)',
    logMore: 'Je ziet hier de laatste 200. Download al je gegevens om alles te zien.',
    logEmpty: 'Er staat nog niets in.',
    actors: {
      you: 'Jij',
      staff: 'Een medewerker van de gemeente',
      'connected-system': 'Een gekoppeld systeem',
      system: 'Vervolg zelf (automatisch)',
      anonymous: 'Iemand zonder account',
    } as Record<string, string>,
    caseManagerActor: (name: string) => `Je casemanager, ${name}`,
    signerActor: (role: string) => `Iemand die ook tekende: ${role.toLowerCase()}`,
  },
  en: {
    title: 'My page',
    planTitle: 'My agreements',
    infoTitle: 'Living on your own: practical information',
    logTitle: 'Who used my data?',
    unknown: 'We do not know this link. Check that you used the whole link from the message. Or ask your case manager for a new link.',
    noOwnPage: 'This link does not open an own page. The own page is for the young person, once they have signed the agreements.',
    noSession: 'You are not signed in (any more). Open the link from your message again and ask for a new code. No link any more? Ask your case manager for a new one.',
    intro: (where: string) => `On your own page you see your agreements, how your goals are going and who you can ask for help. First we check that it is you: we send a 6-digit code to ${where}.`,
    yourPhone: 'your phone',
    yourEmail: 'your e-mail address',
    sendCode: 'Send me a code',
    sendAgain: 'Send a new code',
    codeSent: 'We sent you a code. Enter it below.',
    codeLabel: 'Code (6 digits)',
    codeHint: 'The code works for 10 minutes.',
    check: 'Open my page',
    wrongCode: 'That code is wrong or has expired. Try again or ask for a new code.',
    throttled: (minutes: number) => `You asked for a code too often, or entered a wrong code too often. Wait ${minutes} minutes. Then try again.`,
    signOut: 'Sign out',
    signedOut: 'You are signed out. Want to go back to your page? Open the link from your message and ask for a new code.',
    goals: 'My goals',
    noGoals: 'There are no goals in your agreements.',
    target: (d: string) => `When: ${d}`,
    status: 'How it is going',
    noProgress: 'Nothing known yet',
    updated: (d: string) => `updated on ${d}`,
    goalNoteTitle: 'Say something about a goal',
    goalRef: 'Which goal?',
    chooseGoal: 'Choose a goal',
    goalNote: 'What do you want to say about it?',
    goalNoteHint: 'Your case manager reads it.',
    saveNote: 'Save',
    review: 'The next review',
    reviewOn: (d: string) => `You will talk about your agreements again on ${d}.`,
    noReview: 'There is no date for the next review yet. Your case manager will agree one with you.',
    reviewTopic: 'What do I want to discuss?',
    reviewTopicHint: 'Write down what you want to discuss. Your case manager sees it before the meeting.',
    saveTopic: 'Save',
    help: 'Ask for help',
    needHelp: 'Stuck with something?',
    helpIntro: 'Are you stuck with something? Ask for help. Your case manager gets a message and will contact you.',
    helpDomain: 'What is it about? (optional)',
    helpDomainNone: 'I do not know / something else',
    helpBody: 'I need help with …',
    askHelp: 'Ask for help',
    who: 'Who can I ask?',
    caseManager: (name: string) => `Your case manager is ${name}.`,
    caseManagerHow: 'Want to ask your case manager something? Use "Ask for help" above. Your case manager then gets a message.',
    practical: 'For practical things you can go to:',
    noPractical: 'Your agreements name nobody for practical things.',
    call: (n: string) => `Call ${n}`,
    mail: (n: string) => `E-mail ${n}`,
    written: 'What I wrote',
    nothingWritten: 'You have not written anything yet.',
    about: (goal: string) => `About: ${goal}`,
    more: 'More',
    plan: 'Read my agreements (as signed)',
    info: 'Practical information for living on your own',
    log: 'Who viewed or changed my data?',
    downloads: 'Download',
    downloadPdf: (v: number) => `The signed agreements (pdf, version ${v})`,
    downloadData: 'All my data (file)',
    back: 'Back to my page',
    saved: { note: 'Done! Your note has been saved.', topic: 'Done! Your case manager sees what you want to discuss.', help: 'Done! Your question has been sent. Your case manager will contact you.' } as Record<string, string>,
    messages: {
      goalRef: 'Choose which goal it is about.',
      goalNote: 'Write what you want to say about the goal.',
      reviewTopic: 'Write what you want to discuss.',
      helpBody: 'Write what you need help with.',
      helpDomain: 'Choose a topic from the list.',
      tooLong: `This is too long. Write ${NOTE_MAX} characters at most.`,
      tooMany: 'You have written a lot today. Try again tomorrow. Is it urgent? Then ask your case manager for help.',
    },
    infoIntro: 'Here is what you need to know and arrange when you go and live on your own. Have a question? Ask your case manager.',
    contents: 'Topics',
    logIntro: 'Here you see who viewed or changed your agreements and data, and when (Dutch time).',
    logWhen: 'When',
    logWhat: 'What',
    logWho: 'Who',
    logRefused: '(did not work)',
    logMore: 'You see the latest 200 here. Download all your data to see everything.',
    logEmpty: 'There is nothing in it yet.',
    actors: {
      you: 'You',
      staff: 'A staff member of the municipality',
      'connected-system': 'A connected system',
      system: 'Vervolg itself (automatically)',
      anonymous: 'Someone without an account',
    } as Record<string, string>,
    caseManagerActor: (name: string) => `Your case manager, ${name}`,
    signerActor: (role: string) => `Someone who also signed: ${role.toLowerCase()}`,
  },
} as const;

type Texts = (typeof T)[Locale];
type Session = NonNullable<Awaited<ReturnType<typeof openOwnPageSession>>>;

const withLang = (path: string, locale: Locale, extra = '') => `${path}?lang=${locale}${extra}`;

function setSessionCookie(c: Context<AppEnv>, token: string) {
  const { config } = c.get('deps');
  setCookie(c, DOWNLOAD_COOKIE, token, { httpOnly: true, secure: config.publicUrl.startsWith('https://') || config.env === 'production', sameSite: 'Strict', path: '/sign', maxAge: DOWNLOAD_SESSION_MINUTES * 60 });
}

/** The frame: the municipality's look, the language switch to the same page, sign-out when signed in. */
async function frame(
  c: Context<AppEnv>,
  props: { title: string; tenantId?: string | undefined; langHref: string; signedIn?: { name: string }; status?: 200 | 400 | 403 | 404 | 429; children: Child },
) {
  const locale = localeOf(c);
  const look = props.tenantId ? await pageTheme(c.get('trx'), props.tenantId) : undefined;
  return c.html(
    <Page
      title={props.title}
      locale={locale}
      langSwitchHref={props.langHref}
      theme={look?.theme}
      municipality={look ? { name: look.name, logoHref: look.logoHref } : undefined}
      user={props.signedIn ? { name: props.signedIn.name, signOutAction: withLang(`${OWN_PAGE}/sign-out`, locale) } : undefined}
    >
      {props.children}
    </Page>,
    props.status ?? 200,
  );
}

/** No session (or it ended): say how to get in again. */
function notSignedIn(c: Context<AppEnv>) {
  const locale = localeOf(c);
  const s = T[locale];
  return frame(c, { title: s.title, langHref: withLang(c.req.path, locale === 'nl' ? 'en' : 'nl'), status: 403, children: <Alert type="warning">{s.noSession}</Alert> });
}

const masked = (signer: { channel: 'email' | 'sms'; email: string | null; mobile: string | null }, s: Texts) =>
  signer.channel === 'sms' ? `${s.yourPhone} (••••${(signer.mobile ?? '').slice(-4)})` : `${s.yourEmail} (${(signer.email ?? '').replace(/^(.).*(@.*)$/, '$1•••$2')})`;

/** The link's page: ask for a code, enter it. The token stays in the forms only. */
async function linkPage(c: Context<AppEnv>, token: string, options: { notice?: { kind: 'ok' | 'error'; text: string }; codeError?: string; status?: 200 | 400 | 404 | 429 } = {}) {
  const locale = localeOf(c);
  const s = T[locale];
  const trx = c.get('trx');
  const now = nowOf(c);
  const other = locale === 'nl' ? 'en' : 'nl';
  const langHref = `${OWN_PAGE}?t=${token}&lang=${other}`;
  const opened = await openOwnPageLink(trx, token, now);
  if (opened.problem !== null) {
    if (opened.problem === 'unknown') return frame(c, { title: s.title, langHref, status: 404, children: <Alert type="error">{s.unknown}</Alert> });
    return frame(c, { title: s.title, tenantId: opened.tenantId, langHref, status: 404, children: <Alert type="warning">{s.noOwnPage}</Alert> });
  }
  const { tenantId, signer } = opened;
  const codeOut = await downloadCodeOut(trx, tenantId, signer.id, now);
  return frame(c, {
    title: s.title,
    tenantId,
    langHref,
    status: options.status ?? 200,
    children: (
      <>
        {options.notice ? <Alert type={options.notice.kind}>{options.notice.text}</Alert> : null}
        <p class="utrecht-paragraph">{s.intro(masked(signer, s))}</p>
        {codeOut || options.codeError ? (
          <form method="post" action={withLang(`${OWN_PAGE}/verify`, locale)} novalidate>
            <input type="hidden" name="t" value={token} />
            <div class={`utrecht-form-field utrecht-form-field--text${options.codeError ? ' utrecht-form-field--invalid' : ''}`}>
              <div class="utrecht-form-field__label">
                <label class="utrecht-form-label" for={fieldId('code')}>
                  {s.codeLabel}
                </label>
              </div>
              <div class="utrecht-form-field-description" id="field-code-hint">
                {s.codeHint}
              </div>
              {options.codeError ? (
                <div class="utrecht-form-field-error-message" id="field-code-error">
                  {options.codeError}
                </div>
              ) : null}
              <div class="utrecht-form-field__input">
                <input
                  class={`utrecht-textbox utrecht-textbox--html-input vv-code${options.codeError ? ' utrecht-textbox--invalid' : ''}`}
                  id={fieldId('code')}
                  name="code"
                  inputmode="numeric"
                  autocomplete="one-time-code"
                  maxlength={6}
                  aria-invalid={options.codeError ? 'true' : undefined}
                  aria-describedby={options.codeError ? 'field-code-hint field-code-error' : 'field-code-hint'}
                />
              </div>
            </div>
            <Button>{s.check}</Button>
          </form>
        ) : null}
        <form method="post" action={withLang(`${OWN_PAGE}/code`, locale)} class="vv-own-resend">
          <input type="hidden" name="t" value={token} />
          <Button kind={codeOut ? 'secondary' : 'primary'}>{codeOut ? s.sendAgain : s.sendCode}</Button>
        </form>
      </>
    ),
  });
}

/** Log a view or a write of the young person's own agreement, with them as the actor. */
async function logOwn(c: Context<AppEnv>, session: Session, operation: string, action: 'read' | 'create') {
  c.set('tenantId', session.tenantId);
  await recordProcessing(c.get('trx'), c, { operation, action, subject: { type: 'agreement', id: session.signer.agreement_id }, tenantId: session.tenantId, actor: { type: 'signer', id: session.signer.id } });
}

function Blocks(props: { body: string }) {
  return (
    <>
      {textBlocks(props.body).map((b) =>
        b.kind === 'paragraph' ? (
          <p class="utrecht-paragraph">{b.text}</p>
        ) : (
          <ul class="utrecht-unordered-list">
            {b.items.map((i) => (
              <li class="utrecht-unordered-list__item">{i}</li>
            ))}
          </ul>
        ),
      )}
    </>
  );
}

type FormName = 'goal' | 'topic' | 'help';

/** The own page itself; `form` and `errors` when one of its forms came back with problems (400). */
async function mainPage(c: Context<AppEnv>, session: Session, posted: { form: FormName; values: Record<string, string>; errors: FieldErrors } | null = null) {
  const locale = localeOf(c);
  const s = T[locale];
  const trx = c.get('trx');
  const now = nowOf(c);
  const data = await ownPage(trx, session.tenantId, session.signer, now);
  const values = posted?.values ?? {};
  const errors = posted?.errors ?? {};
  const done = posted ? undefined : c.req.query('done');
  const goalOptions = data.goals.map((g) => ({ value: g.ref, label: `${codeLabel(LIFE_DOMAINS, g.goal.domain, locale)}: ${g.goal.description}` }));
  const goalOf = new Map(data.goals.map((g) => [g.ref, g.goal.description]));
  const domains = LIFE_DOMAIN_CODES.map((d) => ({ value: d, label: LIFE_DOMAINS[d][locale] }));
  const labels = { goalRef: s.goalRef, goalNote: s.goalNote, reviewTopic: s.reviewTopic, helpDomain: s.helpDomain, helpBody: s.helpBody };
  const body = (
    <>
      {done && s.saved[done] ? <Alert type="ok">{s.saved[done]}</Alert> : null}
      <ErrorSummary locale={locale} errors={errors} labels={labels} />
      <p class="utrecht-paragraph">
        {s.needHelp}{' '}
        <a class="utrecht-link" href="#help-heading">
          {s.help}
        </a>
      </p>
      <section aria-labelledby="goals-heading">
        <h2 class="utrecht-heading-2" id="goals-heading">
          {s.goals}
        </h2>
        {data.goals.length === 0 ? <p class="utrecht-paragraph">{s.noGoals}</p> : null}
        <ul class="vv-own-goals">
          {data.goals.map((g) => (
            <li class="vv-own-goal" id={`goal-${g.ref}`}>
              <h3 class="utrecht-heading-3">{codeLabel(LIFE_DOMAINS, g.goal.domain, locale)}</h3>
              <p class="utrecht-paragraph vv-own-text">{g.goal.description}</p>
              <p class="utrecht-paragraph vv-muted">
                {s.target(formatDate(g.goal.targetDate, locale))} · {codeLabel(GOAL_TERMS, g.goal.term, locale)}
              </p>
              <p class="utrecht-paragraph">
                {s.status}: <strong>{g.progress ? codeLabel(GOAL_STATUSES, g.progress.status, locale) : s.noProgress}</strong>
                {g.progress ? <span class="vv-muted"> ({s.updated(formatDate(g.progress.occurredOn, locale))})</span> : null}
              </p>
              {g.progress?.note ? <p class="utrecht-paragraph vv-own-text">{g.progress.note}</p> : null}
            </li>
          ))}
        </ul>
        {data.goals.length > 0 ? (
          <form method="post" action={withLang(`${OWN_PAGE}/notes`, locale)} aria-labelledby="goal-note-heading" novalidate class="vv-own-form">
            <h3 class="utrecht-heading-3" id="goal-note-heading">
              {s.goalNoteTitle}
            </h3>
            <input type="hidden" name="kind" value="goal-note" />
            <Select name="goalRef" label={s.goalRef} options={goalOptions} placeholder={s.chooseGoal} value={posted?.form === 'goal' ? values.goalRef : undefined} error={errors.goalRef} required />
            <TextArea name="goalNote" label={s.goalNote} hint={s.goalNoteHint} value={posted?.form === 'goal' ? values.goalNote : undefined} rows={4} maxlength={NOTE_MAX} error={errors.goalNote} required />
            <Button>{s.saveNote}</Button>
          </form>
        ) : null}
      </section>
      <section aria-labelledby="review-heading">
        <h2 class="utrecht-heading-2" id="review-heading">
          {s.review}
        </h2>
        <p class="utrecht-paragraph">{data.nextReview ? s.reviewOn(formatDate(data.nextReview, locale)) : s.noReview}</p>
        <form method="post" action={withLang(`${OWN_PAGE}/notes`, locale)} novalidate class="vv-own-form">
          <input type="hidden" name="kind" value="review-topic" />
          <TextArea name="reviewTopic" label={s.reviewTopic} hint={s.reviewTopicHint} value={posted?.form === 'topic' ? values.reviewTopic : undefined} rows={4} maxlength={NOTE_MAX} error={errors.reviewTopic} required />
          <Button>{s.saveTopic}</Button>
        </form>
      </section>
      <section aria-labelledby="help-heading">
        <h2 class="utrecht-heading-2" id="help-heading">
          {s.help}
        </h2>
        <p class="utrecht-paragraph">{s.helpIntro}</p>
        <form method="post" action={withLang(`${OWN_PAGE}/help`, locale)} novalidate class="vv-own-form">
          <Select name="helpDomain" label={s.helpDomain} options={domains} placeholder={s.helpDomainNone} value={posted?.form === 'help' ? values.helpDomain : undefined} error={errors.helpDomain} />
          <TextArea name="helpBody" label={s.helpBody} value={posted?.form === 'help' ? values.helpBody : undefined} rows={4} maxlength={NOTE_MAX} error={errors.helpBody} required />
          <Button>{s.askHelp}</Button>
        </form>
      </section>
      <section aria-labelledby="who-heading">
        <h2 class="utrecht-heading-2" id="who-heading">
          {s.who}
        </h2>
        <p class="utrecht-paragraph">{s.caseManager(data.caseManager.name)}</p>
        <p class="utrecht-paragraph">{s.caseManagerHow}</p>
        {data.practicalContact ? (
          <>
            <p class="utrecht-paragraph">{s.practical}</p>
            <ul class="utrecht-unordered-list vv-links">
              <li class="utrecht-unordered-list__item">
                <strong>{data.practicalContact.name}</strong> ({data.practicalContact.relation})
              </li>
              {data.practicalContact.phone ? (
                <li class="utrecht-unordered-list__item">
                  <a class="utrecht-link" href={`tel:${data.practicalContact.phone.replace(/[^+0-9]/g, '')}`}>
                    {s.call(data.practicalContact.name)}: {data.practicalContact.phone}
                  </a>
                </li>
              ) : null}
              {data.practicalContact.email ? (
                <li class="utrecht-unordered-list__item">
                  <a class="utrecht-link vv-own-text" href={`mailto:${data.practicalContact.email}`}>
                    {s.mail(data.practicalContact.name)}: {data.practicalContact.email}
                  </a>
                </li>
              ) : null}
            </ul>
          </>
        ) : (
          <p class="utrecht-paragraph">{s.noPractical}</p>
        )}
      </section>
      <section aria-labelledby="written-heading">
        <h2 class="utrecht-heading-2" id="written-heading">
          {s.written}
        </h2>
        {data.notes.length === 0 ? (
          <p class="utrecht-paragraph">{s.nothingWritten}</p>
        ) : (
          <ul class="vv-contacts">
            {data.notes.map((n) => (
              <li class="vv-contacts__item">
                <p class="vv-contacts__head">
                  <strong>{formatDateTime(n.createdAt, locale)}</strong> · {codeLabel(NOTE_KINDS, n.kind, locale)}
                  {n.domain ? ` · ${codeLabel(LIFE_DOMAINS, n.domain, locale)}` : null}
                </p>
                {n.goalRef && goalOf.has(n.goalRef) ? <p class="utrecht-paragraph vv-muted">{s.about(goalOf.get(n.goalRef) as string)}</p> : null}
                <p class="utrecht-paragraph vv-own-text">{n.body}</p>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="more-heading">
        <h2 class="utrecht-heading-2" id="more-heading">
          {s.more}
        </h2>
        <ul class="utrecht-unordered-list vv-links">
          <li class="utrecht-unordered-list__item">
            <a class="utrecht-link" href={withLang(`${OWN_PAGE}/plan`, locale)}>
              {s.plan}
            </a>
          </li>
          <li class="utrecht-unordered-list__item">
            <a class="utrecht-link" href={withLang(`${OWN_PAGE}/info`, locale)}>
              {s.info}
            </a>
          </li>
          <li class="utrecht-unordered-list__item">
            <a class="utrecht-link" href={withLang(`${OWN_PAGE}/log`, locale)}>
              {s.log}
            </a>
          </li>
        </ul>
        {data.downloads.versions.length > 0 || data.downloads.exportData ? (
          <>
            <h3 class="utrecht-heading-3">{s.downloads}</h3>
            <ul class="utrecht-unordered-list vv-links">
              {data.downloads.versions.map((v) => (
                <li class="utrecht-unordered-list__item">
                  <a class="utrecht-link" href={`/sign/document?version=${v}`}>
                    {s.downloadPdf(v)}
                  </a>
                </li>
              ))}
              {data.downloads.exportData ? (
                <li class="utrecht-unordered-list__item">
                  <a class="utrecht-link" href={withLang('/sign/export', locale)}>
                    {s.downloadData}
                  </a>
                </li>
              ) : null}
            </ul>
          </>
        ) : null}
      </section>
    </>
  );
  // A view, also when a form came back with its problems (the page shows their data again).
  await logOwn(c, session, 'viewOwnPage', 'read');
  return frame(c, { title: s.title, tenantId: session.tenantId, langHref: withLang(OWN_PAGE, locale === 'nl' ? 'en' : 'nl'), signedIn: { name: data.youngPersonName }, status: posted ? 400 : 200, children: body });
}

function BackLink(props: { locale: Locale }) {
  return (
    <p class="utrecht-paragraph">
      <a class="utrecht-link" href={withLang(OWN_PAGE, props.locale)}>
        {T[props.locale].back}
      </a>
    </p>
  );
}

/** Who did it, as the young person should read it. */
function actorText(actor: LogActor, s: Texts, locale: Locale): string {
  if (actor.kind === 'case-manager') return s.caseManagerActor(actor.name);
  if (actor.kind === 'signer') return s.signerActor(codeLabel(SIGNER_ROLE_LABELS, actor.role, locale));
  return s.actors[actor.kind] ?? s.actors.anonymous ?? '';
}

const operationText = (operation: string, action: string, locale: Locale) =>
  Object.hasOwn(PROCESSING_OPERATIONS, operation) ? codeLabel(PROCESSING_OPERATIONS, operation, locale) : codeLabel(PROCESSING_ACTIONS, action, locale);

/** The form's problems, each beside its field (the page's own words), in one answer. */
function problemsOf(form: FormName, v: Record<string, string>, goalRefs: Set<string>, s: Texts): FieldErrors {
  const errors: FieldErrors = {};
  const text = (name: string, empty: string) => {
    const value = (v[name] ?? '').trim();
    if (!value) errors[name] = empty;
    else if (value.length > NOTE_MAX) errors[name] = s.messages.tooLong;
  };
  if (form === 'goal') {
    if (!goalRefs.has(v.goalRef ?? '')) errors.goalRef = s.messages.goalRef;
    text('goalNote', s.messages.goalNote);
  } else if (form === 'topic') {
    text('reviewTopic', s.messages.reviewTopic);
  } else {
    if (v.helpDomain && !(LIFE_DOMAIN_CODES as readonly string[]).includes(v.helpDomain)) errors.helpDomain = s.messages.helpDomain;
    text('helpBody', s.messages.helpBody);
  }
  return errors;
}

/** A refusal of the service (too many today, a goal that is not in the plan) beside its field. */
function serviceProblems(error: unknown, s: Texts): FieldErrors | null {
  if (!(error instanceof ApiError) || error.status !== 400) return null;
  const errors: FieldErrors = {};
  for (const p of (error.extra.invalidParams as InvalidParam[] | undefined) ?? []) errors[p.name] = p.reason === 'too-many' ? s.messages.tooMany : p.name === 'goalRef' ? s.messages.goalRef : s.messages.goalNote;
  return errors;
}

export function ownPagePages(): Hono<AppEnv> {
  const pages = new Hono<AppEnv>();

  /** The session of the request, or null; the cookie's life moves on with the session's. */
  const sessionOf = async (c: Context<AppEnv>) => {
    const cookie = getCookie(c, DOWNLOAD_COOKIE);
    const session = await openOwnPageSession(c.get('trx'), cookie, nowOf(c));
    if (session && cookie) setSessionCookie(c, cookie);
    return session;
  };

  pages.get(OWN_PAGE, async (c) => {
    const token = c.req.query('t');
    const session = await sessionOf(c);
    if (token !== undefined) {
      // Already signed in as the link's young person: the page, without the token in the address.
      if (session) {
        const opened = await openOwnPageLink(c.get('trx'), token, nowOf(c));
        if (opened.problem === null && opened.signer.id === session.signer.id) return c.redirect(withLang(OWN_PAGE, localeOf(c)), 303);
      }
      return linkPage(c, token);
    }
    if (!session) return notSignedIn(c);
    return mainPage(c, session);
  });

  pages.post(`${OWN_PAGE}/code`, async (c) => {
    const token = (await readForm(c)).t ?? '';
    const trx = c.get('trx');
    const now = nowOf(c);
    const s = T[localeOf(c)];
    const opened = await openOwnPageLink(trx, token, now);
    if (opened.problem !== null) return linkPage(c, token);
    try {
      await requestDownloadCode(trx, opened.tenantId, opened.signer, { ip: clientIp(c), now }, 'own-page');
    } catch (error) {
      if (error instanceof CodeThrottled) {
        c.header('Retry-After', String(error.retryAfterSeconds));
        return linkPage(c, token, { notice: { kind: 'error', text: s.throttled(Math.ceil(error.retryAfterSeconds / 60)) }, status: 429 });
      }
      throw error;
    }
    return linkPage(c, token, { notice: { kind: 'ok', text: s.codeSent } });
  });

  pages.post(`${OWN_PAGE}/verify`, async (c) => {
    const form = await readForm(c);
    const token = form.t ?? '';
    const trx = c.get('trx');
    const now = nowOf(c);
    const locale = localeOf(c);
    const s = T[locale];
    const opened = await openOwnPageLink(trx, token, now);
    if (opened.problem !== null) return linkPage(c, token);
    try {
      const session = await verifyDownloadCode(trx, opened.tenantId, opened.signer, (form.code ?? '').trim(), { ip: clientIp(c), now });
      if (!session) return linkPage(c, token, { codeError: s.wrongCode, status: 400 });
      setSessionCookie(c, session);
      // The token leaves the address: the page itself is at /sign/my-page, opened by the cookie.
      return c.redirect(withLang(OWN_PAGE, locale), 303);
    } catch (error) {
      if (error instanceof CodeThrottled) {
        c.header('Retry-After', String(error.retryAfterSeconds));
        return linkPage(c, token, { notice: { kind: 'error', text: s.throttled(Math.ceil(error.retryAfterSeconds / 60)) }, status: 429 });
      }
      throw error;
    }
  });

  pages.post(`${OWN_PAGE}/notes`, async (c) => {
    const session = await sessionOf(c);
    if (!session) return notSignedIn(c);
    const values = await readForm(c);
    const locale = localeOf(c);
    const s = T[locale];
    const form: FormName = values.kind === 'goal-note' ? 'goal' : 'topic';
    const trx = c.get('trx');
    const { content } = await planInForce(trx, session.tenantId, await getAgreement(trx, session.tenantId, session.signer.agreement_id));
    const refs = new Set(content.plan.goals.map((g, i) => planItemRef(g, i)));
    const errors = problemsOf(form, values, refs, s);
    if (Object.keys(errors).length) return mainPage(c, session, { form, values, errors });
    try {
      if (form === 'goal') await addNote(trx, session.tenantId, session.signer, { kind: 'goal-note', goalRef: values.goalRef as string, body: (values.goalNote ?? '').trim() }, nowOf(c));
      else await addNote(trx, session.tenantId, session.signer, { kind: 'review-topic', body: (values.reviewTopic ?? '').trim() }, nowOf(c));
    } catch (error) {
      const problems = serviceProblems(error, s);
      if (problems) return mainPage(c, session, { form, values, errors: problems });
      throw error;
    }
    await logOwn(c, session, 'addYoungPersonNote', 'create');
    return c.redirect(withLang(OWN_PAGE, locale, `&done=${form === 'goal' ? 'note' : 'topic'}`), 303);
  });

  pages.post(`${OWN_PAGE}/help`, async (c) => {
    const session = await sessionOf(c);
    if (!session) return notSignedIn(c);
    const values = await readForm(c);
    const locale = localeOf(c);
    const s = T[locale];
    const errors = problemsOf('help', values, new Set(), s);
    if (Object.keys(errors).length) return mainPage(c, session, { form: 'help', values, errors });
    try {
      const domain = values.helpDomain ? (values.helpDomain as (typeof LIFE_DOMAIN_CODES)[number]) : undefined;
      await askForHelp(c.get('trx'), session.tenantId, session.signer, { domain, body: (values.helpBody ?? '').trim() }, c.get('deps').config.publicUrl, nowOf(c));
    } catch (error) {
      const problems = serviceProblems(error, s);
      if (problems) return mainPage(c, session, { form: 'help', values, errors: problems });
      throw error;
    }
    await logOwn(c, session, 'askForHelp', 'create');
    return c.redirect(withLang(OWN_PAGE, locale, '&done=help'), 303);
  });

  pages.get(`${OWN_PAGE}/plan`, async (c) => {
    const session = await sessionOf(c);
    if (!session) return notSignedIn(c);
    const locale = localeOf(c);
    const s = T[locale];
    const trx = c.get('trx');
    const { content } = await planInForce(trx, session.tenantId, await getAgreement(trx, session.tenantId, session.signer.agreement_id));
    await logOwn(c, session, 'viewOwnPlan', 'read');
    return frame(c, {
      title: s.planTitle,
      tenantId: session.tenantId,
      langHref: withLang(`${OWN_PAGE}/plan`, locale === 'nl' ? 'en' : 'nl'),
      signedIn: { name: content.youngPerson.name },
      children: (
        <>
          <BackLink locale={locale} />
          <AgreementView content={content} locale={locale} />
          <BackLink locale={locale} />
        </>
      ),
    });
  });

  pages.get(`${OWN_PAGE}/info`, async (c) => {
    const session = await sessionOf(c);
    if (!session) return notSignedIn(c);
    const locale = localeOf(c);
    const s = T[locale];
    const topics = await listPracticalInfo(c.get('trx'), session.tenantId);
    await logOwn(c, session, 'viewPracticalInfo', 'read');
    return frame(c, {
      title: s.infoTitle,
      tenantId: session.tenantId,
      langHref: withLang(`${OWN_PAGE}/info`, locale === 'nl' ? 'en' : 'nl'),
      signedIn: { name: session.signer.name },
      children: (
        <>
          <BackLink locale={locale} />
          <p class="utrecht-paragraph">{s.infoIntro}</p>
          <nav aria-labelledby="contents-heading">
            <h2 class="utrecht-heading-2" id="contents-heading">
              {s.contents}
            </h2>
            <ul class="utrecht-unordered-list vv-links">
              {topics.map((t) => (
                <li class="utrecht-unordered-list__item">
                  <a class="utrecht-link" href={`#topic-${t.topic}`}>
                    {PRACTICAL_TOPICS[t.topic][locale]}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
          {topics.map((t) => (
            <section aria-labelledby={`topic-${t.topic}`} class="vv-own-topic">
              <h2 class="utrecht-heading-2" id={`topic-${t.topic}`}>
                {PRACTICAL_TOPICS[t.topic][locale]}
              </h2>
              <Blocks body={t[locale].body} />
            </section>
          ))}
          <BackLink locale={locale} />
        </>
      ),
    });
  });

  pages.get(`${OWN_PAGE}/log`, async (c) => {
    const session = await sessionOf(c);
    if (!session) return notSignedIn(c);
    const locale = localeOf(c);
    const s = T[locale];
    // This view is itself in the log, and shows in it.
    await logOwn(c, session, 'viewOwnProcessingLog', 'read');
    const log = await ownProcessingLog(c.get('trx'), session.tenantId, session.signer);
    return frame(c, {
      title: s.logTitle,
      tenantId: session.tenantId,
      langHref: withLang(`${OWN_PAGE}/log`, locale === 'nl' ? 'en' : 'nl'),
      signedIn: { name: session.signer.name },
      children: (
        <>
          <BackLink locale={locale} />
          <p class="utrecht-paragraph">{s.logIntro}</p>
          {log.items.length === 0 ? <p class="utrecht-paragraph">{s.logEmpty}</p> : null}
          <ol class="vv-contacts vv-own-log">
            {log.items.map((e) => (
              <li class="vv-contacts__item">
                <p class="vv-contacts__head">
                  <strong>{formatDateTime(e.at, locale)}</strong>
                </p>
                <p class="utrecht-paragraph">
                  <span class="vv-visually-hidden">{s.logWhat}: </span>
                  {operationText(e.operation, e.action, locale)}
                  {e.refused ? ` ${s.logRefused}` : null}
                </p>
                <p class="utrecht-paragraph vv-muted">
                  {s.logWho}: {actorText(e.actor, s, locale)}
                </p>
              </li>
            ))}
          </ol>
          {log.more ? <p class="utrecht-paragraph">{s.logMore}</p> : null}
          <BackLink locale={locale} />
        </>
      ),
    });
  });

  pages.post(`${OWN_PAGE}/sign-out`, async (c) => {
    const session = await openOwnPageSession(c.get('trx'), getCookie(c, DOWNLOAD_COOKIE), nowOf(c));
    if (session) await endDownloadSession(c.get('trx'), session.tenantId, session.signer.id, nowOf(c));
    setCookie(c, DOWNLOAD_COOKIE, '', { httpOnly: true, secure: c.get('deps').config.publicUrl.startsWith('https://') || c.get('deps').config.env === 'production', sameSite: 'Strict', path: '/sign', maxAge: 0 });
    const locale = localeOf(c);
    const s = T[locale];
    return frame(c, { title: s.title, tenantId: session?.tenantId, langHref: withLang(OWN_PAGE, locale === 'nl' ? 'en' : 'nl'), children: <Alert type="ok">{s.signedOut}</Alert> });
  });

  return pages;
}
