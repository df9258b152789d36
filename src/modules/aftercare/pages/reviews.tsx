// Review meetings (evaluaties) of the plan, on the staff app: record one (when it was held, who took
// part, what was agreed, when the next review is) and see them newest first. Append-only, as the
// API: what was recorded is never changed. Each handler does what its API operation does
// (asOperation: the same access and processing-log entry).
import type { Context } from 'hono';
import { Hono } from 'hono';
import { REVIEW_PARTICIPANTS, REVIEW_PARTICIPANT_CODES } from '../../../domain/aftercare.js';
import { codeLabel } from '../../../domain/code-list.js';
import { dayInAmsterdam, formatDate, formatDateTime } from '../../../platform/dates.js';
import { ApiError, type InvalidParam, badRequest } from '../../../platform/errors.js';
import { nowOf } from '../../../platform/http/context.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { toPage } from '../../../platform/http/openapi.js';
import { type Locale, localeOf } from '../../../platform/http/page.js';
import { type PageStatus, type UserPrincipal, appFailurePage, asOperation, href, seeOther, staffPage } from '../../../platform/http/pages.js';
import { Alert, Button, DateField, ErrorSummary, type FieldErrors, TextArea, fieldErrorsFrom, fieldId } from '../../../platform/ui/form.js';
import { getAgreement } from '../../agreements/service.js';
import { routes } from '../routes.js';
import { RecordReviewMeeting } from '../schemas.js';
import { NO_CONTACT_STATUSES, listReviewMeetings, recordReviewMeeting, reviewDayProblemsOfRaw } from '../service.js';
import { validateAll } from './validate.js';

const T = {
  nl: {
    title: (name: string) => `Evaluaties met ${name}`,
    intro: 'Leg elke evaluatie van de afspraken vast: wie erbij waren, wat u hebt afgesproken en wanneer u weer evalueert.',
    recordTitle: 'Evaluatie vastleggen',
    heldOn: 'Datum van de evaluatie',
    participants: 'Wie waren erbij?',
    participantsHint: 'Kies iedereen die erbij was.',
    agreed: 'Wat is er afgesproken?',
    agreedHint: 'Kort en feitelijk. De jongere kan zijn of haar gegevens opvragen.',
    nextReviewOn: 'Volgende evaluatie (niet verplicht)',
    nextReviewHint: 'Een datum na de evaluatie.',
    save: 'Vastleggen',
    notYet: 'Deze afspraken zijn nog niet verstuurd of zijn gestopt. Evaluaties legt u vast zodra de afspraken verstuurd zijn.',
    recorded: 'De evaluatie is vastgelegd.',
    listTitle: 'Eerdere evaluaties',
    none: 'Er zijn nog geen evaluaties vastgelegd.',
    with: (who: string) => `Erbij: ${who}`,
    next: (date: string) => `Volgende evaluatie: ${date}`,
    by: (name: string, at: string) => `Vastgelegd door ${name} op ${at}`,
    more: 'Oudere evaluaties',
    back: 'Terug naar de afspraken',
    messages: {
      heldOn: 'Vul een datum in, niet later dan vandaag.',
      participants: 'Kies wie erbij waren.',
      agreed: 'Schrijf op wat er is afgesproken, hoogstens 4000 tekens.',
      nextReviewOn: 'Vul een datum in na de datum van de evaluatie.',
    },
  },
  en: {
    title: (name: string) => `Reviews with ${name}`,
    intro: 'Record every review of the agreements: who took part, what you agreed and when you review again.',
    recordTitle: 'Record a review',
    heldOn: 'Date of the review',
    participants: 'Who took part?',
    participantsHint: 'Choose everyone who was there.',
    agreed: 'What was agreed?',
    agreedHint: 'Short and factual. The young person can ask for their data.',
    nextReviewOn: 'Next review (optional)',
    nextReviewHint: 'A date after the review.',
    save: 'Record',
    notYet: 'These agreements have not been sent yet, or were stopped. You record reviews once the agreements have been sent.',
    recorded: 'The review has been recorded.',
    listTitle: 'Earlier reviews',
    none: 'No reviews have been recorded yet.',
    with: (who: string) => `Took part: ${who}`,
    next: (date: string) => `Next review: ${date}`,
    by: (name: string, at: string) => `Recorded by ${name} on ${at}`,
    more: 'Older reviews',
    back: 'Back to the agreement',
    messages: {
      heldOn: 'Enter a date, no later than today.',
      participants: 'Choose who took part.',
      agreed: 'Write down what was agreed, 4000 characters at most.',
      nextReviewOn: 'Enter a date after the date of the review.',
    },
  },
} as const;

type Strings = (typeof T)[Locale];
type FormValues = { heldOn?: string; participants: string[]; agreed?: string; nextReviewOn?: string };

const PATH = '/app/municipalities/:municipalityId/agreements/:agreementId/reviews';
const pathOf = (m: string, a: string) => `/app/municipalities/${m}/agreements/${a}/reviews`;
const FIELDS = ['heldOn', 'participants', 'agreed', 'nextReviewOn'] as const;

/** The participant checkboxes in a fieldset (as the members page's roles); the fieldset carries the field's id for the error summary. */
function ParticipantsFieldset(props: { s: Strings; locale: Locale; checked: readonly string[]; error?: string | undefined }) {
  const { s } = props;
  const id = fieldId('participants');
  const describedBy = [`${id}-hint`, props.error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <fieldset class={`utrecht-form-fieldset vv-participants${props.error ? ' utrecht-form-fieldset--invalid' : ''}`} id={id} aria-describedby={describedBy} aria-invalid={props.error ? 'true' : undefined}>
      <legend class="utrecht-form-fieldset__legend utrecht-form-label">{s.participants}</legend>
      <div class="utrecht-form-field-description" id={`${id}-hint`}>
        {s.participantsHint}
      </div>
      {props.error ? (
        <div class="utrecht-form-field-error-message" id={`${id}-error`}>
          {props.error}
        </div>
      ) : null}
      {REVIEW_PARTICIPANT_CODES.map((code) => {
        const boxId = `${id}-${code}`;
        return (
          <div class="utrecht-form-field utrecht-form-field--checkbox">
            <div class="utrecht-form-field__input">
              <input class="utrecht-checkbox utrecht-checkbox--html-input" type="checkbox" id={boxId} name="participants" value={code} checked={props.checked.includes(code) || undefined} />
            </div>
            <div class="utrecht-form-field__label utrecht-form-field__label--checkbox">
              <label class="utrecht-form-label utrecht-form-label--checkbox" for={boxId}>
                {REVIEW_PARTICIPANTS[code][props.locale]}
              </label>
            </div>
          </div>
        );
      })}
    </fieldset>
  );
}

async function reviewsPage(c: Context<AppEnv>, values: FormValues, errors: FieldErrors, status: PageStatus = 200) {
  const locale = localeOf(c);
  const s = T[locale];
  const m = c.req.param('municipalityId') as string;
  const id = c.req.param('agreementId') as string;
  const trx = c.get('trx');
  const a = await getAgreement(trx, m, id);
  const cursor = c.req.query('cursor');
  const list = toPage(await listReviewMeetings(trx, m, id, 25, cursor && cursor.length <= 200 ? cursor : undefined), 25);
  // A draft (never sent) or a cancelled agreement takes no review meetings (the service refuses them, 409).
  const takesReviews = !(NO_CONTACT_STATUSES as readonly string[]).includes(a.status);
  const today = dayInAmsterdam(nowOf(c));
  const body = (
    <>
      {c.req.query('done') === 'recorded' && status === 200 ? <Alert type="ok">{s.recorded}</Alert> : null}
      <ErrorSummary locale={locale} errors={errors} labels={{ heldOn: s.heldOn, participants: s.participants, agreed: s.agreed, nextReviewOn: s.nextReviewOn }} />
      <p class="utrecht-paragraph">{s.intro}</p>
      <h2 class="utrecht-heading-2">{s.recordTitle}</h2>
      {takesReviews ? null : <p class="utrecht-paragraph">{s.notYet}</p>}
      {takesReviews ? (
        <form method="post" action={href(c, pathOf(m, id))} novalidate>
          <DateField name="heldOn" label={s.heldOn} value={values.heldOn ?? today} max={today} error={errors.heldOn} required />
          <ParticipantsFieldset s={s} locale={locale} checked={values.participants} error={errors.participants} />
          <TextArea name="agreed" label={s.agreed} hint={s.agreedHint} value={values.agreed} rows={5} maxlength={4000} error={errors.agreed} required />
          <DateField name="nextReviewOn" label={s.nextReviewOn} hint={s.nextReviewHint} value={values.nextReviewOn} error={errors.nextReviewOn} />
          <div class="vv-actions">
            <Button>{s.save}</Button>
            <a class="utrecht-link" href={href(c, `/app/municipalities/${m}/agreements/${id}`)}>
              {s.back}
            </a>
          </div>
        </form>
      ) : null}
      <h2 class="utrecht-heading-2">{s.listTitle}</h2>
      {list.items.length === 0 ? (
        <p class="utrecht-paragraph">{s.none}</p>
      ) : (
        <ul class="vv-contacts">
          {list.items.map((review) => (
            <li class="vv-contacts__item">
              <p class="vv-contacts__head">
                <strong>{formatDate(review.heldOn, locale)}</strong>
              </p>
              <p class="utrecht-paragraph">{s.with(review.participants.map((p) => codeLabel(REVIEW_PARTICIPANTS, p, locale)).join(', '))}</p>
              <p class="utrecht-paragraph vv-review__agreed">{review.agreed}</p>
              {review.nextReviewOn ? <p class="utrecht-paragraph">{s.next(formatDate(review.nextReviewOn, locale))}</p> : null}
              <p class="utrecht-paragraph vv-muted">{s.by(review.recordedBy.name, formatDateTime(review.recordedAt, locale))}</p>
            </li>
          ))}
        </ul>
      )}
      {list.nextCursor ? (
        <p class="utrecht-paragraph">
          <a class="utrecht-link" href={href(c, pathOf(m, id), { cursor: list.nextCursor })}>
            {s.more}
          </a>
        </p>
      ) : null}
    </>
  );
  return staffPage(c, { title: s.title(a.youngPerson.name), body, status });
}

/** A 400 as messages beside the fields, in the page's language (a participant not in the list counts as the participants field). */
function formErrors(error: ApiError, locale: Locale): FieldErrors {
  const t = T[locale].messages;
  const params = ((error.extra.invalidParams as InvalidParam[] | undefined) ?? []).map((p) => ({ ...p, name: p.name.replace(/^body\.participants\.\d+$/, 'body.participants') }));
  return fieldErrorsFrom(badRequest(error.detail, params), {
    fields: FIELDS,
    messages: (p) => {
      const name = p.name.replace(/^body\./, '');
      return (FIELDS as readonly string[]).includes(name) ? t[name as (typeof FIELDS)[number]] : undefined;
    },
  });
}

export function reviewPages(): Hono<AppEnv> {
  const pages = new Hono<AppEnv>();
  pages.onError(appFailurePage);
  pages.get(PATH, asOperation(routes.listReviewMeetings), (c) => reviewsPage(c, { participants: [] }, {}));
  pages.post(PATH, asOperation(routes.recordReviewMeeting), async (c) => {
    const m = c.req.param('municipalityId');
    const id = c.req.param('agreementId');
    const form = await c.req.parseBody({ all: true });
    const all = (v: unknown): string[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === 'string');
    const one = (v: unknown) => all(v).at(-1) ?? '';
    const values: FormValues = { heldOn: one(form.heldOn), participants: all(form.participants), agreed: one(form.agreed), nextReviewOn: one(form.nextReviewOn) };
    const raw = {
      heldOn: values.heldOn || undefined,
      participants: values.participants,
      agreed: values.agreed?.trim() || undefined,
      nextReviewOn: values.nextReviewOn || undefined,
    };
    try {
      // As the API: a form that fails its schema still has its dates checked, so one answer lists every problem.
      const input = await validateAll(RecordReviewMeeting, raw, () => reviewDayProblemsOfRaw(c.get('trx'), m, id, raw, nowOf(c)));
      await recordReviewMeeting(c.get('trx'), m, id, input, (c.get('principal') as UserPrincipal).userId, nowOf(c));
    } catch (error) {
      if (error instanceof ApiError && error.status === 400) return reviewsPage(c, values, formErrors(error, localeOf(c)), 400);
      throw error;
    }
    return seeOther(c, href(c, pathOf(m, id), { done: 'recorded' }));
  });
  return pages;
}
