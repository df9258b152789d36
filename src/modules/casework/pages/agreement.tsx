// One agreement's page and what happens to it after the plan is written: sending for signature,
// following the signers live, a new link (a reminder), cancelling, amending, ending, the signed
// PDF and the signing trail as a timeline. Each handler does what the API operation it stands for
// does (same service or workflow, same If-Match, same processing log through asOperation).
import type { Context } from 'hono';
import { Hono } from 'hono';
import type { Child } from 'hono/jsx';
import { AGREEMENT_STATUS_LABELS } from '../../../domain/agreement.js';
import { JZ588, JZ588_CODES } from '../../../domain/ijw.js';
import { CHANNEL_LABELS, SIGNER_ROLE_LABELS, SIGNING_EVENT_LABELS } from '../../../domain/signing.js';
import { formatDate, formatDateTime } from '../../../platform/dates.js';
import { ApiError } from '../../../platform/errors.js';
import { clientIp, nowOf } from '../../../platform/http/context.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { type Locale, localeOf } from '../../../platform/http/page.js';
import { type PageStatus, type UserPrincipal, appFailurePage, asOperation, href, seeOther, staffPage } from '../../../platform/http/pages.js';
import { notesSummary } from '../../own-page/service.js';
import { Alert, Button, ErrorSummary, type FieldErrors, RadioGroup, Select, TextArea, TextField, fieldErrorsFrom, fieldId, readForm, validateForm } from '../../../platform/ui/form.js';
import * as workflow from '../../../workflows/agreement-signing.js';
import { NO_CONTACT_STATUSES, lastContact, livingPlan, nextReview } from '../../aftercare/service.js';
import { routes as agreementRoutes } from '../../agreements/routes.js';
import { CancelAgreement, EndAgreement, SendForSignature } from '../../agreements/schemas.js';
import * as agreements from '../../agreements/service.js';
import { routes as signingRoutes } from '../../signing/routes.js';
import * as signing from '../../signing/service.js';
import { type Round, type RoundSigner, type SignerProgress, agreementOverview, agreementTimeline, memberContact, roundVersionOf } from '../lifecycle.js';
import { agreementSignals } from '../service.js';
import { actionText } from './caseload.js';

const T = {
  nl: {
    titleSuffix: 'afspraken',
    status: 'Status',
    born: 'Geboortedatum',
    departure: 'Vertrek uit de zorg',
    aftercareStart: 'Start nazorg',
    caseManager: 'Casemanager',
    inForce: 'Versie die geldt',
    noVersion: 'Nog geen ondertekende versie',
    versionN: (n: number) => `Versie ${n}`,
    updated: 'Laatst gewijzigd',
    endReason: 'Reden van beëindigen',
    endNote: 'Toelichting',
    planHeading: 'Het plan',
    planEdit: 'Plan bewerken',
    planView: 'Plan bekijken',
    preview: 'Bekijk zoals de jongere het ziet',
    contacts: 'Contactmomenten',
    lastContact: (date: string) => `laatste contact: ${date}`,
    noContact: 'nog geen contact vastgelegd',
    reviews: 'Evaluaties',
    barriers: 'Wat de hulp in de weg staat',
    nextReview: (date: string) => `volgende evaluatie: ${date}`,
    planProgress: 'Voortgang van het plan',
    goalsAchieved: (done: number, all: number) => `${done} van ${all} doelen behaald`,
    signersHeading: 'Ondertekening',
    signersOfVersion: (n: number, order: string) => `Versie ${n}, ${order}`,
    parallel: 'iedereen tegelijk',
    sequential: 'één voor één, in deze volgorde',
    noRound: 'Deze afspraken zijn nog niet verstuurd ter ondertekening.',
    via: 'Verstuurd via',
    lastSent: 'Link verstuurd op',
    opened: 'Link geopend op',
    verified: 'Code bevestigd op',
    signedAt: 'Ondertekend op',
    expires: 'Link geldig tot',
    reason: 'Reden',
    progress: {
      waiting: 'Wacht op zijn of haar beurt',
      invited: 'Uitgenodigd: link verstuurd, nog niet geopend',
      opened: 'Link geopend, code nog niet bevestigd',
      verified: 'Code bevestigd, nog niet ondertekend',
      signed: 'Ondertekend',
      declined: 'Niet ondertekend',
      expired: 'Link verlopen',
      cancelled: 'Gestopt',
    } satisfies Record<SignerProgress, string>,
    newLink: 'Stuur een nieuwe link',
    newLinkTo: (name: string) => ` naar ${name}`,
    newLinkHint: 'Dit is ook de herinnering. De vorige link werkt daarna niet meer.',
    refresh: 'Vernieuwen',
    liveHint: 'Deze lijst ververst vanzelf zolang er nog iemand moet tekenen.',
    actionsHeading: 'Wat kunt u doen',
    send: 'Versturen ter ondertekening',
    sendAmendment: 'Aanpassing versturen ter ondertekening',
    amend: 'Afspraken aanpassen',
    amendHint: 'U past het plan aan; daarna tekenen alle partijen opnieuw. Tot dan blijft de huidige versie gelden.',
    cancel: 'Stoppen met deze afspraken',
    cancelAmendment: 'Aanpassing intrekken',
    end: 'Afspraken beëindigen',
    noActions: 'Er is nu niets te doen met deze afspraken.',
    documentsHeading: 'Ondertekende documenten',
    download: (n: number) => `Download de ondertekende versie ${n} (pdf)`,
    timeline: 'Bekijk het logboek van de ondertekening',
    backToAgreement: 'Terug naar de afspraken',
    backToList: 'Terug naar het overzicht',
    done: {
      sent: 'De afspraken zijn verstuurd. Iedereen krijgt een link om te ondertekenen.',
      reminded: 'Er is een nieuwe link verstuurd. De vorige link werkt niet meer.',
      cancelled: 'Gestopt. Open links werken niet meer.',
      ended: 'De afspraken zijn beëindigd.',
    } as Record<string, string>,
    conflict: 'Dat kan nu niet meer: de afspraken zijn intussen veranderd. Hieronder ziet u hoe ze er nu voor staan.',
    stale: 'Iemand anders heeft deze afspraken intussen veranderd. Bekijk hoe ze er nu voor staan en doe het nog een keer.',
    notRemindable: 'Deze persoon heeft al getekend of kan niet meer tekenen; er is geen nieuwe link verstuurd.',
    // send
    sendTitle: 'Versturen ter ondertekening',
    sendIntro: 'Kies wie ondertekent en hoe zij de link krijgen. De afspraken worden vastgelegd zoals ze nu zijn.',
    order: 'Volgorde',
    orderParallel: 'Iedereen tegelijk',
    orderSequential: 'Eén voor één, in de volgorde hieronder',
    signer: (n: number) => `Ondertekenaar ${n}`,
    youngPerson: 'De jongere',
    officer: 'Medewerker namens de gemeente',
    extra: (n: number) => `Nog iemand laten ondertekenen (${n})`,
    extraHint: 'Vul een naam in om deze persoon mee te laten tekenen. Leeg laten als dat niet nodig is.',
    role: 'Rol',
    name: 'Naam',
    channel: 'Link en code versturen per',
    email: 'E-mailadres',
    mobile: 'Mobiel nummer',
    mobileHint: 'Bijvoorbeeld 06 12345678',
    sendButton: 'Versturen',
    cancelLink: 'Annuleren',
    notAllowed: 'Versturen kan alleen bij een concept of een aanpassing.',
    // cancel
    cancelTitle: 'Stoppen met deze afspraken?',
    cancelAmendTitle: 'Aanpassing intrekken?',
    cancelIntro: 'De afspraken worden gestopt. Wie nog een link heeft, kan daarmee niet meer tekenen.',
    cancelAmendIntro: 'De aanpassing vervalt. De ondertekende versie blijft gelden. Open links werken niet meer.',
    note: 'Toelichting (niet verplicht)',
    cancelConfirm: 'Ja, stoppen',
    cancelAmendConfirm: 'Ja, aanpassing intrekken',
    keep: 'Nee, terug',
    // end
    endTitle: 'Afspraken beëindigen',
    endIntro: 'De afspraken gelden daarna niet meer. Kies de reden uit de lijst van het iJw-berichtenverkeer (JZ588).',
    reasonLabel: 'Reden van beëindigen',
    choose: 'Kies een reden',
    endButton: 'Beëindigen',
    // timeline
    timelineTitle: 'Logboek van de ondertekening',
    timelineIntro: 'Alles wat er tijdens het ondertekenen gebeurde, per versie, in Nederlandse tijd.',
    noEvents: 'Er is nog niets verstuurd, dus er is nog geen logboek.',
    versionHeading: (n: number, status: string) => `Versie ${n} (${status})`,
    when: 'Wanneer',
    what: 'Wat',
    who: 'Wie',
    how: 'via',
    system: 'Vervolg',
    intact: (n: number) => `De keten is intact: ${n} ${n === 1 ? 'gebeurtenis' : 'gebeurtenissen'} gecontroleerd.`,
    broken: (n: number) => `De keten is verbroken bij gebeurtenis ${n}: het logboek is na het vastleggen veranderd.`,
    fingerprint: 'Vingerafdruk (SHA-256) van de verstuurde inhoud',
    eventsCaption: (n: number) => `Gebeurtenissen van versie ${n}`,
  },
  en: {
    titleSuffix: 'agreements',
    status: 'Status',
    born: 'Date of birth',
    departure: 'Leaves care',
    aftercareStart: 'Aftercare starts',
    caseManager: 'Case manager',
    inForce: 'Version in force',
    noVersion: 'No signed version yet',
    versionN: (n: number) => `Version ${n}`,
    updated: 'Last changed',
    endReason: 'Reason for ending',
    endNote: 'Note',
    planHeading: 'The plan',
    planEdit: 'Edit the plan',
    planView: 'View the plan',
    preview: 'See it as the young person will',
    contacts: 'Contact moments',
    lastContact: (date: string) => `last contact: ${date}`,
    noContact: 'no contact recorded yet',
    reviews: 'Reviews',
    barriers: 'What stands in the way of the help',
    nextReview: (date: string) => `next review: ${date}`,
    planProgress: 'Progress of the plan',
    goalsAchieved: (done: number, all: number) => `${done} of ${all} goals achieved`,
    signersHeading: 'Signing',
    signersOfVersion: (n: number, order: string) => `Version ${n}, ${order}`,
    parallel: 'everyone at once',
    sequential: 'one after the other, in this order',
    noRound: 'These agreements have not been sent for signature yet.',
    via: 'Sent by',
    lastSent: 'Link sent',
    opened: 'Link opened',
    verified: 'Code confirmed',
    signedAt: 'Signed',
    expires: 'Link valid until',
    reason: 'Reason',
    progress: {
      waiting: 'Waiting for their turn',
      invited: 'Invited: link sent, not opened yet',
      opened: 'Link opened, code not confirmed yet',
      verified: 'Code confirmed, not signed yet',
      signed: 'Signed',
      declined: 'Declined',
      expired: 'Link expired',
      cancelled: 'Cancelled',
    } satisfies Record<SignerProgress, string>,
    newLink: 'Send a new link',
    newLinkTo: (name: string) => ` to ${name}`,
    newLinkHint: 'This is the reminder too. The previous link stops working.',
    refresh: 'Refresh',
    liveHint: 'This list refreshes by itself while someone still has to sign.',
    actionsHeading: 'What you can do',
    send: 'Send for signature',
    sendAmendment: 'Send the amendment for signature',
    amend: 'Amend the agreements',
    amendHint: 'You change the plan; then everyone signs again. Until then the current version stays in force.',
    cancel: 'Cancel these agreements',
    cancelAmendment: 'Withdraw the amendment',
    end: 'End the agreements',
    noActions: 'There is nothing to do with these agreements now.',
    documentsHeading: 'Signed documents',
    download: (n: number) => `Download signed version ${n} (PDF)`,
    timeline: 'View the signing log',
    backToAgreement: 'Back to the agreements',
    backToList: 'Back to the overview',
    done: {
      sent: 'The agreements have been sent. Everyone gets a link to sign.',
      reminded: 'A new link has been sent. The previous link no longer works.',
      cancelled: 'Cancelled. Open links no longer work.',
      ended: 'The agreements have been ended.',
    } as Record<string, string>,
    conflict: 'That is no longer possible: the agreements changed in the meantime. Below you see where they stand now.',
    stale: 'Someone else changed these agreements in the meantime. Check where they stand now and do it once more.',
    notRemindable: 'This person has already signed or can no longer sign; no new link was sent.',
    sendTitle: 'Send for signature',
    sendIntro: 'Choose who signs and how they get the link. The agreements are recorded as they are now.',
    order: 'Order',
    orderParallel: 'Everyone at once',
    orderSequential: 'One after the other, in the order below',
    signer: (n: number) => `Signer ${n}`,
    youngPerson: 'The young person',
    officer: 'Officer for the municipality',
    extra: (n: number) => `Someone else signs too (${n})`,
    extraHint: 'Fill in a name to have this person sign too. Leave it empty if not needed.',
    role: 'Role',
    name: 'Name',
    channel: 'Send the link and code by',
    email: 'E-mail address',
    mobile: 'Mobile number',
    mobileHint: 'For example 06 12345678',
    sendButton: 'Send',
    cancelLink: 'Cancel',
    notAllowed: 'Only a draft or an amendment can be sent.',
    cancelTitle: 'Cancel these agreements?',
    cancelAmendTitle: 'Withdraw the amendment?',
    cancelIntro: 'The agreements stop. Anyone who still has a link can no longer sign with it.',
    cancelAmendIntro: 'The amendment is dropped. The signed version stays in force. Open links stop working.',
    note: 'Note (optional)',
    cancelConfirm: 'Yes, cancel',
    cancelAmendConfirm: 'Yes, withdraw the amendment',
    keep: 'No, go back',
    endTitle: 'End the agreements',
    endIntro: 'The agreements no longer apply afterwards. Choose the reason from the iJw code list (JZ588).',
    reasonLabel: 'Reason for ending',
    choose: 'Choose a reason',
    endButton: 'End',
    timelineTitle: 'Signing log',
    timelineIntro: 'Everything that happened during signing, per version, in Dutch time.',
    noEvents: 'Nothing has been sent yet, so there is no log yet.',
    versionHeading: (n: number, status: string) => `Version ${n} (${status})`,
    when: 'When',
    what: 'What',
    who: 'Who',
    how: 'by',
    system: 'Vervolg',
    intact: (n: number) => `The chain is intact: ${n} ${n === 1 ? 'event' : 'events'} checked.`,
    broken: (n: number) => `The chain is broken at event ${n}: the log was changed after it was recorded.`,
    fingerprint: 'Fingerprint (SHA-256) of the content sent',
    eventsCaption: (n: number) => `Events of version ${n}`,
  },
} as const;

type Texts = (typeof T)[Locale];
// Ids only (so /agreements/new stays the editor's).
const PATH = '/app/municipalities/:municipalityId{[0-9a-f-]{36}}/agreements/:agreementId{[0-9a-f-]{36}}';
const basePath = (m: string, a: string) => `/app/municipalities/${m}/agreements/${a}`;
const statusWord = (status: string, locale: Locale) => (AGREEMENT_STATUS_LABELS as Record<string, { nl: string; en: string }>)[status]?.[locale] ?? status;
const roleWord = (role: string, locale: Locale) => (SIGNER_ROLE_LABELS as Record<string, { nl: string; en: string }>)[role]?.[locale] ?? role;
const channelWord = (channel: string, locale: Locale) => (CHANNEL_LABELS as Record<string, { nl: string; en: string }>)[channel]?.[locale] ?? channel;
const params = (c: Context<AppEnv>) => ({ m: c.req.param('municipalityId') as string, a: c.req.param('agreementId') as string });
const meta = (c: Context<AppEnv>) => ({ ip: clientIp(c), userAgent: c.req.header('User-Agent') ?? null, now: nowOf(c) });
const ifMatchOf = (revision: string | undefined) => (revision && /^\d+$/.test(revision) ? agreements.etagOf(Number(revision)) : undefined);

/** Whether the agreement's status allows an action (the same check the API makes, without If-Match). */
function allows(a: Awaited<ReturnType<typeof agreements.getAgreement>>, action: agreements.Action): boolean {
  try {
    agreements.checkAction(a, action, agreements.etagOf(a.revision));
    return true;
  } catch {
    return false;
  }
}

function DataList(props: { rows: [string, Child][] }) {
  return (
    <dl class="utrecht-data-list vv-agreement-facts">
      {props.rows.map(([key, value]) => (
        <div class="utrecht-data-list__item">
          <dt class="utrecht-data-list__item-key">{key}</dt>
          <dd class="utrecht-data-list__item-value">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function Badge(props: { progress: SignerProgress; children: Child }) {
  return <span class={`vv-signer-state vv-signer-state--${props.progress}`}>{props.children}</span>;
}

function SignerCard(props: { c: Context<AppEnv>; s: Texts; locale: Locale; signer: RoundSigner; m: string; a: string }) {
  const { s, locale, signer } = props;
  const when = (v: string | null) => (v ? formatDateTime(v, locale) : null);
  const rows: [string, Child][] = [[s.via, channelWord(signer.channel, locale)]];
  if (signer.lastSentAt) rows.push([s.lastSent, when(signer.lastSentAt)]);
  if (signer.openedAt) rows.push([s.opened, when(signer.openedAt)]);
  if (signer.verifiedAt) rows.push([s.verified, when(signer.verifiedAt)]);
  if (signer.signedAt) rows.push([s.signedAt, when(signer.signedAt)]);
  if (signer.declineReason) rows.push([s.reason, signer.declineReason]);
  if (signer.remindable) rows.push([s.expires, when(signer.expiresAt)]);
  return (
    <li class="vv-signer" id={`signer-${signer.id}`} data-signer-progress={signer.progress}>
      <h3 class="utrecht-heading-3">
        {signer.name} <span class="vv-signer-role">({roleWord(signer.role, locale)})</span>
      </h3>
      <p class="utrecht-paragraph">
        <Badge progress={signer.progress}>{s.progress[signer.progress]}</Badge>
      </p>
      <DataList rows={rows} />
      {signer.remindable ? (
        <form method="post" action={href(props.c, `${basePath(props.m, props.a)}/signers/${signer.id}/remind`)} class="vv-signer-action">
          <Button kind="secondary">
            {s.newLink}
            <span class="vv-visually-hidden">{s.newLinkTo(signer.name)}</span>
          </Button>
          <p class="utrecht-form-field-description">{s.newLinkHint}</p>
        </form>
      ) : null}
    </li>
  );
}

/** The signers of the latest round: the region the page's script refreshes while someone may still act. */
function SignersBlock(props: { c: Context<AppEnv>; s: Texts; locale: Locale; round: Round | null; m: string; a: string }) {
  const { s, locale, round } = props;
  return (
    <section class="vv-signers-block" aria-labelledby="signers-title">
      <h2 class="utrecht-heading-2" id="signers-title">
        {s.signersHeading}
      </h2>
      <div data-live="signers" data-live-open={round?.open ? 'true' : 'false'} aria-live="polite">
        {round ? (
          <>
            <p class="utrecht-paragraph">{s.signersOfVersion(round.version, round.order === 'parallel' ? s.parallel : s.sequential)}</p>
            <ol class="vv-signers">
              {round.signers.map((signer) => (
                <SignerCard c={props.c} s={s} locale={locale} signer={signer} m={props.m} a={props.a} />
              ))}
            </ol>
          </>
        ) : (
          <p class="utrecht-paragraph">{s.noRound}</p>
        )}
      </div>
      {round?.open ? (
        <p class="utrecht-paragraph vv-live-hint">
          {s.liveHint}{' '}
          <a class="utrecht-link" href={href(props.c, basePath(props.m, props.a))}>
            {s.refresh}
          </a>
        </p>
      ) : null}
    </section>
  );
}

/** The young person's own page: their messages (help requests counted) and the button that sends them a fresh link (own-page module). */
function OwnPageBlock(props: { c: Context<AppEnv>; locale: Locale; summary: Awaited<ReturnType<typeof notesSummary>>; base: string }) {
  const { c, summary, base } = props;
  const nl = props.locale === 'nl';
  const messages = summary.notes === 0
    ? nl ? 'Berichten van de jongere (nog geen)' : 'Messages from the young person (none yet)'
    : nl
      ? `Berichten van de jongere (${summary.notes}${summary.help ? `, waarvan ${summary.help} ${summary.help === 1 ? 'hulpvraag' : 'hulpvragen'}` : ''})`
      : `Messages from the young person (${summary.notes}${summary.help ? `, of which ${summary.help} ${summary.help === 1 ? 'request' : 'requests'} for help` : ''})`;
  return (
    <section aria-labelledby="own-page-title">
      <h2 class="utrecht-heading-2" id="own-page-title">
        {nl ? 'Eigen pagina van de jongere' : 'The young person’s own page'}
      </h2>
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href={href(c, `${base}/notes`)}>
          {messages}
        </a>
      </p>
      {summary.signed ? (
        <form method="post" action={href(c, `${base}/own-page-link`)}>
          <Button kind="secondary">{nl ? 'Stuur de jongere een link naar de eigen pagina' : 'Send the young person a link to their own page'}</Button>
        </form>
      ) : (
        <p class="utrecht-paragraph">{nl ? 'De eigen pagina gaat open zodra de jongere de afspraken heeft ondertekend.' : 'The own page opens once the young person has signed the agreements.'}</p>
      )}
    </section>
  );
}

/** The agreement's page; `notice` for an action that could not be done (409/412), shown with the status given. */
async function agreementPage(c: Context<AppEnv>, notice: { text: string; status: PageStatus } | null = null) {
  const locale = localeOf(c);
  const s = T[locale];
  const { m, a: id } = params(c);
  const { agreement: a, caseManagerName, versions, round } = await agreementOverview(c.get('trx'), m, id);
  const base = basePath(m, id);
  const done = c.req.query('done');
  const amendable = a.status === 'amending' || a.status === 'amendment-sent';
  const rows: [string, Child][] = [
    [s.status, <strong>{statusWord(a.status, locale)}</strong>],
    [s.born, formatDate(a.youngPerson.dateOfBirth, locale)],
    [s.departure, formatDate(a.departureDate, locale)],
    [s.aftercareStart, formatDate(a.aftercareStartDate, locale)],
    [s.caseManager, caseManagerName ?? '—'],
    [s.inForce, a.inForceVersion ? s.versionN(a.inForceVersion) : s.noVersion],
    [s.updated, formatDateTime(a.updatedAt, locale)],
  ];
  if (a.endReason) rows.push([s.endReason, `${a.endReason} – ${JZ588[a.endReason][locale]}`]);
  if (a.endNote) rows.push([s.endNote, a.endNote]);
  const editable = a.status === 'draft' || a.status === 'amending';
  const signed = versions.filter((v) => v.signedAt !== null);
  const actions: Child[] = [];
  if (allows(a, 'send')) {
    actions.push(
      <a class="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--primary-action" href={href(c, `${base}/send`)}>
        {a.status === 'amending' ? s.sendAmendment : s.send}
      </a>,
    );
  }
  if (allows(a, 'amend')) {
    actions.push(
      <form method="post" action={href(c, `${base}/amend`)}>
        <input type="hidden" name="revision" value={String(a.revision)} />
        <Button kind="secondary">{s.amend}</Button>
        <p class="utrecht-form-field-description">{s.amendHint}</p>
      </form>,
    );
  }
  if (allows(a, 'end')) {
    actions.push(
      <a class="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--secondary-action" href={href(c, `${base}/end`)}>
        {s.end}
      </a>,
    );
  }
  if (allows(a, 'cancel')) {
    actions.push(
      <a class="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--secondary-action" href={href(c, `${base}/cancel`)}>
        {amendable ? s.cancelAmendment : s.cancel}
      </a>,
    );
  }
  // Contact moments once the agreements went out (aftercare): the last time the young person was reached.
  const contact = (NO_CONTACT_STATUSES as readonly string[]).includes(a.status) ? undefined : await lastContact(c.get('trx'), m, id);
  // And its review meetings, with the next review agreed at the latest one.
  const review = contact === undefined ? undefined : await nextReview(c.get('trx'), m, id);
  // The signals that this young person needs attention (as the caseload shows them), most urgent first.
  const attention = await agreementSignals(c.get('trx'), id, a.youngPerson.dateOfBirth, nowOf(c));
  // The young person's own page (their messages, a fresh link to it) once the agreements went out.
  const ownPage = contact === undefined ? null : await notesSummary(c.get('trx'), m, id);
  // And the living plan once a signed plan is in force: how many of its goals are achieved.
  const living = a.inForceVersion === null ? null : await livingPlan(c.get('trx'), m, id);
  const body = (
    <>
      {notice ? <Alert type="error">{notice.text}</Alert> : null}
      {!notice && done && s.done[done] ? <Alert type="ok">{s.done[done]}</Alert> : null}
      {attention.length ? (
        <Alert type="warning" title={locale === 'nl' ? 'Aandacht nodig' : 'Needs attention'}>
          <ul class="utrecht-unordered-list">
            {attention.map((x) => (
              <li class="utrecht-unordered-list__item">{actionText(x, locale)}</li>
            ))}
          </ul>
        </Alert>
      ) : null}
      <DataList rows={rows} />
      <h2 class="utrecht-heading-2">{s.planHeading}</h2>
      <ul class="utrecht-unordered-list vv-links">
        <li class="utrecht-unordered-list__item">
          <a class="utrecht-link" href={href(c, `${base}/plan`)}>
            {editable ? s.planEdit : s.planView}
          </a>
        </li>
        <li class="utrecht-unordered-list__item">
          <a class="utrecht-link" href={href(c, `${base}/preview`)}>
            {s.preview}
          </a>
        </li>
        {contact === undefined ? null : (
          <li class="utrecht-unordered-list__item">
            <a class="utrecht-link" href={href(c, `${base}/contacts`)}>
              {s.contacts}
            </a>{' '}
            {`(${contact ? s.lastContact(formatDate(contact, locale)) : s.noContact})`}
          </li>
        )}
        {review === undefined ? null : (
          <li class="utrecht-unordered-list__item">
            <a class="utrecht-link" href={href(c, `${base}/reviews`)}>
              {s.reviews}
            </a>
            {review ? ` (${s.nextReview(formatDate(review, locale))})` : null}
          </li>
        )}
        {contact === undefined ? null : (
          <li class="utrecht-unordered-list__item">
            <a class="utrecht-link" href={href(c, `${base}/barriers`)}>
              {s.barriers}
            </a>
          </li>
        )}
        {living ? (
          <li class="utrecht-unordered-list__item">
            <a class="utrecht-link" href={href(c, `${base}/progress`)}>
              {s.planProgress}
            </a>
            {living.goals.length > 0 ? ` (${s.goalsAchieved(living.goals.filter((g) => g.status === 'achieved').length, living.goals.length)})` : null}
          </li>
        ) : null}
      </ul>
      <SignersBlock c={c} s={s} locale={locale} round={round} m={m} a={id} />
      {ownPage ? <OwnPageBlock c={c} locale={locale} summary={ownPage} base={base} /> : null}
      <section aria-labelledby="actions-title">
        <h2 class="utrecht-heading-2" id="actions-title">
          {s.actionsHeading}
        </h2>
        {actions.length ? <div class="vv-agreement-actions">{actions}</div> : <p class="utrecht-paragraph">{s.noActions}</p>}
      </section>
      {signed.length > 0 ? (
        <section aria-labelledby="documents-title">
          <h2 class="utrecht-heading-2" id="documents-title">
            {s.documentsHeading}
          </h2>
          <ul class="utrecht-unordered-list vv-links">
            {signed.map((v) => (
              <li class="utrecht-unordered-list__item">
                <a class="utrecht-link" href={href(c, `${base}/versions/${v.version}/document`)} download="">
                  {s.download(v.version)}
                </a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {versions.length > 0 ? (
        <p class="utrecht-paragraph">
          <a class="utrecht-link" href={href(c, `${base}/timeline`)}>
            {s.timeline}
          </a>
        </p>
      ) : null}
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href={href(c, `/app/municipalities/${m}/agreements`)}>
          {s.backToList}
        </a>
      </p>
    </>
  );
  return staffPage(c, { title: a.youngPerson.name, body, width: 'wide', status: notice?.status ?? 200 });
}

/**
 * An action the agreement's state no longer allows (409), or that another change overtook (412,
 * 428): the agreement's page as it stands, with a notice. Nothing was written (the services refuse
 * before writing), and a page with status ≥ 400 is not logged as the write.
 */
async function refused(c: Context<AppEnv>, error: unknown) {
  if (!(error instanceof ApiError) || ![409, 412, 428].includes(error.status)) throw error;
  const s = T[localeOf(c)];
  const text = error instanceof signing.NotRemindable ? s.notRemindable : error.status === 409 ? s.conflict : s.stale;
  return agreementPage(c, { text, status: error.status === 409 ? 409 : 412 });
}

async function formOf(c: Context<AppEnv>) {
  return readForm(await c.req.parseBody({ all: true }));
}

// ---------------------------------------------------------------- send for signature

const EXTRA_ROWS = [2, 3, 4] as const;
const EXTRA_ROLES = ['legal-representative', 'provider', 'municipality-officer'] as const;

function SignerFields(props: { s: Texts; locale: Locale; i: number; values: Record<string, string>; errors: FieldErrors; withName: boolean }) {
  const { s, i, values, errors, locale } = props;
  const n = (k: string) => `signers.${i}.${k}`;
  return (
    <>
      {props.withName ? <TextField name={n('name')} label={s.name} value={values[n('name')]} error={errors[n('name')]} autocomplete="off" maxlength={200} /> : null}
      <RadioGroup
        name={n('channel')}
        label={s.channel}
        value={values[n('channel')]}
        error={errors[n('channel')]}
        options={[
          { value: 'sms', label: channelWord('sms', locale) },
          { value: 'email', label: channelWord('email', locale) },
        ]}
      />
      <TextField name={n('mobile')} label={s.mobile} hint={s.mobileHint} type="tel" inputmode="tel" autocomplete="off" value={values[n('mobile')]} error={errors[n('mobile')]} />
      <TextField name={n('email')} label={s.email} type="email" autocomplete="off" value={values[n('email')]} error={errors[n('email')]} spellcheck={false} />
    </>
  );
}

async function sendForm(c: Context<AppEnv>, values: Record<string, string>, errors: FieldErrors, status: PageStatus = 200) {
  const locale = localeOf(c);
  const s = T[locale];
  const { m, a: id } = params(c);
  const a = await agreements.getAgreement(c.get('trx'), m, id);
  const base = basePath(m, id);
  if (!allows(a, 'send')) throw new ApiError(409, 'invalid-transition', 'Conflict', s.notAllowed);
  const labels: Record<string, string> = { order: s.order, signers: s.signersHeading };
  for (const i of [0, 1, ...EXTRA_ROWS]) {
    const who = i === 0 ? s.youngPerson : i === 1 ? s.officer : s.signer(i + 1);
    labels[`signers.${i}.name`] = `${who} – ${s.name}`;
    labels[`signers.${i}.role`] = `${who} – ${s.role}`;
    labels[`signers.${i}.channel`] = `${who} – ${s.channel}`;
    labels[`signers.${i}.email`] = `${who} – ${s.email}`;
    labels[`signers.${i}.mobile`] = `${who} – ${s.mobile}`;
  }
  const body = (
    <>
      <ErrorSummary errors={errors} locale={locale} labels={labels} />
      <p class="utrecht-paragraph vv-intro">{s.sendIntro}</p>
      <form method="post" action={href(c, `${base}/send`)} novalidate class="vv-send-form">
        <input type="hidden" name="revision" value={values.revision ?? String(a.revision)} />
        {errors.signers ? (
          <div class="utrecht-form-field-error-message" id="field-signers-error">
            {errors.signers}
          </div>
        ) : null}
        <RadioGroup
          name="order"
          label={s.order}
          value={values.order ?? 'parallel'}
          error={errors.order}
          options={[
            { value: 'parallel', label: s.orderParallel },
            { value: 'sequential', label: s.orderSequential },
          ]}
        />
        <fieldset class="utrecht-form-fieldset vv-signer-fieldset" id={fieldId('signers')}>
          <legend class="utrecht-form-fieldset__legend utrecht-heading-2">{`1. ${s.youngPerson}: ${a.youngPerson.name}`}</legend>
          <SignerFields s={s} locale={locale} i={0} values={values} errors={errors} withName={false} />
        </fieldset>
        <fieldset class="utrecht-form-fieldset vv-signer-fieldset">
          <legend class="utrecht-form-fieldset__legend utrecht-heading-2">{`2. ${s.officer}`}</legend>
          <SignerFields s={s} locale={locale} i={1} values={values} errors={errors} withName={true} />
        </fieldset>
        {EXTRA_ROWS.map((i) => {
          const open = Boolean(values[`signers.${i}.name`]) || Object.keys(errors).some((k) => k.startsWith(`signers.${i}.`));
          return (
            <details class="vv-signer-extra" open={open || undefined}>
              <summary class="vv-signer-extra__summary">{s.extra(i - 1)}</summary>
              <fieldset class="utrecht-form-fieldset vv-signer-fieldset">
                <legend class="utrecht-form-fieldset__legend">{`${i + 1}. ${s.signer(i + 1)}`}</legend>
                <p class="utrecht-form-field-description">{s.extraHint}</p>
                <Select
                  name={`signers.${i}.role`}
                  label={s.role}
                  value={values[`signers.${i}.role`] ?? EXTRA_ROLES[i - 2]}
                  error={errors[`signers.${i}.role`]}
                  options={EXTRA_ROLES.map((r) => ({ value: r, label: roleWord(r, locale) }))}
                />
                <SignerFields s={s} locale={locale} i={i} values={values} errors={errors} withName={true} />
              </fieldset>
            </details>
          );
        })}
        <div class="vv-actions">
          <Button>{s.sendButton}</Button>
          <a class="utrecht-link" href={href(c, base)}>
            {s.cancelLink}
          </a>
        </div>
      </form>
    </>
  );
  return staffPage(c, { title: `${s.sendTitle} – ${a.youngPerson.name}`, body, status });
}

/** The form's rows as the API's signers (rows without a name, beyond the first two, are left out), and which row each came from. */
function signersFromForm(values: Record<string, string>) {
  const opt = (v: string | undefined) => (v?.trim() ? v.trim() : undefined);
  const rows: number[] = [];
  const signers: Record<string, unknown>[] = [];
  for (const i of [0, 1, ...EXTRA_ROWS]) {
    const name = opt(values[`signers.${i}.name`]);
    if (i > 1 && !name) continue;
    rows.push(i);
    signers.push({
      role: i === 0 ? 'young-person' : i === 1 ? 'municipality-officer' : values[`signers.${i}.role`],
      name: i === 0 ? undefined : name,
      email: opt(values[`signers.${i}.email`]),
      mobile: opt(values[`signers.${i}.mobile`]),
      channel: opt(values[`signers.${i}.channel`]),
    });
  }
  return { input: { order: values.order || undefined, signers }, rows };
}

/** The API's reasons in the page's words (plain language, the page's language). */
const MESSAGES = {
  nl: {
    email: 'Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl.',
    emailNeeded: 'Vul een e-mailadres in: de link gaat per e-mail.',
    mobile: 'Vul een mobiel nummer in, zoals 06 12345678.',
    mobileNeeded: 'Vul een mobiel nummer in: de link gaat per sms.',
    name: 'Vul een naam in.',
    officer: 'Iemand namens de gemeente tekent ook: vul bij 2 een naam en adres in.',
    representative: 'De jongere is jonger dan 16: een wettelijk vertegenwoordiger moet ook tekenen. Voeg die toe onder "Nog iemand laten ondertekenen".',
    young: 'De jongere tekent precies één keer.',
    reason: 'Kies een reden uit de lijst.',
    note: 'Maak de toelichting korter (hoogstens 2000 tekens).',
  },
  en: {
    email: 'Enter a valid e-mail address, like name@example.org.',
    emailNeeded: 'Enter an e-mail address: the link goes by e-mail.',
    mobile: 'Enter a mobile number, like 06 12345678.',
    mobileNeeded: 'Enter a mobile number: the link goes by SMS.',
    name: 'Enter a name.',
    officer: 'Someone for the municipality signs too: fill in a name and address at 2.',
    representative: 'The young person is under 16: a legal representative must sign too. Add them under "Someone else signs too".',
    young: 'The young person signs exactly once.',
    reason: 'Choose a reason from the list.',
    note: 'Make the note shorter (2000 characters at most).',
  },
} as const;

function messageFor(locale: Locale) {
  const t = MESSAGES[locale];
  return (param: { name: string; reason: string }): string | undefined => {
    const needed = /needed/.test(param.reason);
    if (/\.email$/.test(param.name)) return needed ? t.emailNeeded : t.email;
    if (/\.mobile$/.test(param.name)) return needed ? t.mobileNeeded : t.mobile;
    if (/\.name$/.test(param.name)) return t.name;
    if (/officer/.test(param.reason)) return t.officer;
    if (/legal representative/.test(param.reason)) return t.representative;
    if (/young person/.test(param.reason)) return t.young;
    if (/reason$/.test(param.name)) return t.reason;
    if (/note$/.test(param.name)) return t.note;
    return undefined;
  };
}

/** A 400's field names point at the API's signers; on the form they are the rows they came from. */
function formErrors(error: unknown, rows: number[], locale: Locale): FieldErrors {
  const errors = fieldErrorsFrom(error, { messages: messageFor(locale) });
  const mapped: FieldErrors = {};
  for (const [name, message] of Object.entries(errors)) {
    const match = /^signers\.(\d+)\.(\w+)/.exec(name);
    const key = match ? `signers.${rows[Number(match[1])] ?? match[1]}.${match[2]}` : name === 'signers' || name.startsWith('signers') ? 'signers' : name;
    if (!(key in mapped)) mapped[key] = message;
  }
  return mapped;
}

// ---------------------------------------------------------------- cancel, end

async function cancelPage(c: Context<AppEnv>, values: Record<string, string>, errors: FieldErrors, status: PageStatus = 200) {
  const locale = localeOf(c);
  const s = T[locale];
  const { m, a: id } = params(c);
  const a = await agreements.getAgreement(c.get('trx'), m, id);
  const base = basePath(m, id);
  const amendment = a.status === 'amending' || a.status === 'amendment-sent';
  const title = amendment ? s.cancelAmendTitle : s.cancelTitle;
  const body = (
    <>
      <ErrorSummary errors={errors} locale={locale} labels={{ note: s.note }} />
      <p class="utrecht-paragraph vv-intro">
        <strong>{a.youngPerson.name}</strong> – {statusWord(a.status, locale)}
      </p>
      <p class="utrecht-paragraph">{amendment ? s.cancelAmendIntro : s.cancelIntro}</p>
      <form method="post" action={href(c, `${base}/cancel`)}>
        <input type="hidden" name="revision" value={values.revision ?? String(a.revision)} />
        <TextArea name="note" label={s.note} value={values.note} error={errors.note} rows={3} maxlength={2000} />
        <div class="vv-actions">
          <Button>{amendment ? s.cancelAmendConfirm : s.cancelConfirm}</Button>
          <a class="utrecht-link" href={href(c, base)}>
            {s.keep}
          </a>
        </div>
      </form>
    </>
  );
  return staffPage(c, { title: `${title} – ${a.youngPerson.name}`, body, status });
}

async function endPage(c: Context<AppEnv>, values: Record<string, string>, errors: FieldErrors, status: PageStatus = 200) {
  const locale = localeOf(c);
  const s = T[locale];
  const { m, a: id } = params(c);
  const a = await agreements.getAgreement(c.get('trx'), m, id);
  const base = basePath(m, id);
  const body = (
    <>
      <ErrorSummary errors={errors} locale={locale} labels={{ reason: s.reasonLabel, note: s.note }} />
      <p class="utrecht-paragraph vv-intro">
        <strong>{a.youngPerson.name}</strong> – {statusWord(a.status, locale)}
      </p>
      <p class="utrecht-paragraph">{s.endIntro}</p>
      <form method="post" action={href(c, `${base}/end`)} novalidate>
        <input type="hidden" name="revision" value={values.revision ?? String(a.revision)} />
        <Select
          name="reason"
          label={s.reasonLabel}
          value={values.reason}
          error={errors.reason}
          required
          placeholder={s.choose}
          options={JZ588_CODES.map((code) => ({ value: code, label: `${code} – ${JZ588[code][locale]}` }))}
        />
        <TextArea name="note" label={s.note} value={values.note} error={errors.note} rows={3} maxlength={2000} />
        <div class="vv-actions">
          <Button>{s.endButton}</Button>
          <a class="utrecht-link" href={href(c, base)}>
            {s.keep}
          </a>
        </div>
      </form>
    </>
  );
  return staffPage(c, { title: `${s.endTitle} – ${a.youngPerson.name}`, body, status });
}

// ---------------------------------------------------------------- timeline

async function timelinePage(c: Context<AppEnv>) {
  const locale = localeOf(c);
  const s = T[locale];
  const { m, a: id } = params(c);
  const { agreement: a, timelines } = await agreementTimeline(c.get('trx'), m, id);
  const base = basePath(m, id);
  const eventWord = (type: string) => (SIGNING_EVENT_LABELS as Record<string, { nl: string; en: string }>)[type]?.[locale] ?? type;
  const body = (
    <>
      <p class="utrecht-paragraph vv-intro">
        {s.timelineIntro}
      </p>
      {timelines.length === 0 ? <p class="utrecht-paragraph">{s.noEvents}</p> : null}
      {[...timelines].reverse().map((t) => (
        <section aria-labelledby={`version-${t.version}`} class="vv-timeline-version">
          <h2 class="utrecht-heading-2" id={`version-${t.version}`}>
            {s.versionHeading(t.version, statusWord(t.status, locale))}
          </h2>
          <Alert type={t.chain.intact ? 'ok' : 'error'}>
            <p class="utrecht-paragraph" data-chain={t.chain.intact ? 'intact' : 'broken'}>
              {t.chain.intact ? s.intact(t.chain.checked) : s.broken(t.chain.brokenAt ?? 1)}
            </p>
          </Alert>
          <h3 class="utrecht-heading-3" id={`events-${t.version}`}>
            {s.eventsCaption(t.version)}
          </h3>
          <ol class="vv-timeline" aria-labelledby={`events-${t.version}`}>
            {t.events.map((e) => (
              <li class="vv-timeline__event" data-event={e.type}>
                <time class="vv-timeline__when" datetime={e.occurredAt}>
                  {formatDateTime(e.occurredAt, locale, { seconds: true })}
                </time>
                <p class="utrecht-paragraph vv-timeline__what">
                  <strong>{eventWord(e.type)}</strong>
                  {e.type === 'declined' && typeof e.data.reason === 'string' ? `: “${e.data.reason}”` : ''}
                </p>
                <p class="utrecht-paragraph vv-timeline__who">
                  {`${s.who}: `}
                  {e.signer ? `${e.signer.name} (${roleWord(e.signer.role, locale)})` : s.system}
                  {e.channel ? ` · ${s.how} ${channelWord(e.channel, locale)}` : ''}
                </p>
              </li>
            ))}
          </ol>
          <p class="utrecht-paragraph vv-fingerprint">
            {s.fingerprint}: <code>{t.contentSha256}</code>
          </p>
        </section>
      ))}
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href={href(c, base)}>
          {s.backToAgreement}
        </a>
      </p>
    </>
  );
  return staffPage(c, { title: `${s.timelineTitle} – ${a.youngPerson.name}`, body, width: 'wide' });
}

// ---------------------------------------------------------------- routes

export function agreementLifePages(): Hono<AppEnv> {
  const pages = new Hono<AppEnv>();
  pages.onError(appFailurePage);

  pages.get(PATH, asOperation(agreementRoutes.getAgreement), (c) => agreementPage(c));

  pages.get(`${PATH}/send`, asOperation(agreementRoutes.getAgreement), async (c) => {
    const { m, a: id } = params(c);
    const trx = c.get('trx');
    const a = await agreements.getAgreement(trx, m, id);
    const me = await memberContact(trx, m, (c.get('principal') as UserPrincipal).userId);
    const values: Record<string, string> = {
      order: 'parallel',
      'signers.0.channel': a.youngPerson.mobile ? 'sms' : 'email',
      'signers.0.mobile': a.youngPerson.mobile ?? '',
      'signers.0.email': a.youngPerson.email ?? '',
      'signers.1.name': me?.name ?? '',
      'signers.1.email': me?.email ?? '',
      'signers.1.channel': 'email',
    };
    for (const i of EXTRA_ROWS) values[`signers.${i}.channel`] = 'email';
    return sendForm(c, values, {});
  });

  pages.post(`${PATH}/send`, asOperation(agreementRoutes.send), async (c) => {
    const { m, a: id } = params(c);
    const values = await formOf(c);
    const { input, rows } = signersFromForm(values);
    try {
      const parsed = validateForm(SendForSignature, input);
      const { config } = c.get('deps');
      await workflow.sendForSigning(c.get('trx'), m, id, parsed, { ifMatch: ifMatchOf(values.revision), meta: meta(c) }, { publicUrl: config.publicUrl, linkDays: config.signingLinkDays });
    } catch (error) {
      if (error instanceof ApiError && error.status === 400) return sendForm(c, values, formErrors(error, rows, localeOf(c)), 400);
      return refused(c, error);
    }
    return seeOther(c, href(c, basePath(m, id), { done: 'sent' }));
  });

  pages.post(`${PATH}/signers/:signerId/remind`, asOperation(signingRoutes.remind), async (c) => {
    const { m, a: id } = params(c);
    const trx = c.get('trx');
    const version = await roundVersionOf(trx, m, id);
    if (version === null) throw new ApiError(404, 'not-found', 'Not found', 'signer not found');
    try {
      await signing.remindSigner(trx, m, id, version, c.req.param('signerId'), { publicUrl: c.get('deps').config.publicUrl, meta: meta(c) });
    } catch (error) {
      return refused(c, error);
    }
    return seeOther(c, href(c, basePath(m, id), { done: 'reminded' }));
  });

  pages.get(`${PATH}/cancel`, asOperation(agreementRoutes.getAgreement), (c) => cancelPage(c, {}, {}));
  pages.post(`${PATH}/cancel`, asOperation(agreementRoutes.cancel), async (c) => {
    const { m, a: id } = params(c);
    const values = await formOf(c);
    try {
      const input = validateForm(CancelAgreement, { note: values.note?.trim() || undefined });
      await workflow.cancelAgreement(c.get('trx'), m, id, input.note, { ifMatch: ifMatchOf(values.revision), meta: meta(c) });
    } catch (error) {
      if (error instanceof ApiError && error.status === 400) return cancelPage(c, values, fieldErrorsFrom(error, { messages: messageFor(localeOf(c)) }), 400);
      return refused(c, error);
    }
    return seeOther(c, href(c, basePath(m, id), { done: 'cancelled' }));
  });

  pages.get(`${PATH}/end`, asOperation(agreementRoutes.getAgreement), (c) => endPage(c, {}, {}));
  pages.post(`${PATH}/end`, asOperation(agreementRoutes.end), async (c) => {
    const { m, a: id } = params(c);
    const values = await formOf(c);
    try {
      const input = validateForm(EndAgreement, { reason: values.reason || undefined, note: values.note?.trim() || undefined });
      await workflow.endAgreement(c.get('trx'), m, id, input, { ifMatch: ifMatchOf(values.revision), meta: meta(c) });
    } catch (error) {
      if (error instanceof ApiError && error.status === 400) return endPage(c, values, fieldErrorsFrom(error, { messages: messageFor(localeOf(c)) }), 400);
      return refused(c, error);
    }
    return seeOther(c, href(c, basePath(m, id), { done: 'ended' }));
  });

  pages.post(`${PATH}/amend`, asOperation(agreementRoutes.amend), async (c) => {
    const { m, a: id } = params(c);
    const values = await formOf(c);
    try {
      await agreements.amendAgreement(c.get('trx'), m, id, ifMatchOf(values.revision));
    } catch (error) {
      return refused(c, error);
    }
    return seeOther(c, href(c, `${basePath(m, id)}/plan`, { done: 'amendment' }));
  });

  pages.get(`${PATH}/versions/:version/document`, asOperation(signingRoutes.document), async (c) => {
    const { m, a: id } = params(c);
    const version = Number(c.req.param('version'));
    if (!Number.isInteger(version) || version < 1) throw new ApiError(404, 'not-found', 'Not found', 'version not found');
    const doc = await signing.signedDocument(c.get('trx'), m, id, version);
    return c.body(doc.pdf as Uint8Array<ArrayBuffer>, 200, {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `attachment; filename="afspraken-${id}-v${version}.pdf"`,
      'X-Content-SHA256': doc.sha256,
      'Cache-Control': 'no-store',
    });
  });

  pages.get(`${PATH}/timeline`, asOperation(signingRoutes.events), (c) => timelinePage(c));

  return pages;
}
