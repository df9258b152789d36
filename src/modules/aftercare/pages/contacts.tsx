// Contact moments with the young person, on the staff app: record one (a meeting, a call, a
// message, a home visit — or a no-show, or not reachable) and see them newest first. Append-only,
// as the API: what was recorded is never changed. Each handler does what its API operation does
// (asOperation: the same access and processing-log entry).
import type { Context } from 'hono';
import { Hono } from 'hono';
import { CONTACT_KINDS, CONTACT_KIND_CODES } from '../../../domain/aftercare.js';
import { codeLabel } from '../../../domain/code-list.js';
import { dayInAmsterdam, formatDate, formatDateTime } from '../../../platform/dates.js';
import { ApiError } from '../../../platform/errors.js';
import { nowOf } from '../../../platform/http/context.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { toPage } from '../../../platform/http/openapi.js';
import { type Locale, localeOf } from '../../../platform/http/page.js';
import { type PageStatus, type UserPrincipal, appFailurePage, asOperation, href, seeOther, staffPage } from '../../../platform/http/pages.js';
import { Alert, Button, DateField, ErrorSummary, type FieldErrors, RadioGroup, TextArea, fieldErrorsFrom, readForm } from '../../../platform/ui/form.js';
import { getAgreement } from '../../agreements/service.js';
import { routes } from '../routes.js';
import { RecordContactMoment } from '../schemas.js';
import { NO_CONTACT_STATUSES, listContactMoments, occurredOnProblemsOfRaw, recordContactMoment } from '../service.js';
import { validateAll } from './validate.js';

const T = {
  nl: {
    title: (name: string) => `Contact met ${name}`,
    intro: 'Leg elk contact vast, ook als het niet lukte. Zo ziet u wanneer er te lang geen contact meer was.',
    recordTitle: 'Contactmoment vastleggen',
    occurredOn: 'Datum',
    kind: 'Soort contact',
    note: 'Wat is er besproken of afgesproken? (niet verplicht)',
    noteHint: 'Kort en feitelijk. De jongere kan zijn of haar gegevens opvragen.',
    save: 'Vastleggen',
    notYet: 'Deze afspraken zijn nog niet verstuurd of zijn gestopt. Contactmomenten legt u vast zodra de afspraken verstuurd zijn.',
    recorded: 'Het contactmoment is vastgelegd.',
    listTitle: 'Eerdere contactmomenten',
    none: 'Er zijn nog geen contactmomenten vastgelegd.',
    by: (name: string, at: string) => `Vastgelegd door ${name} op ${at}`,
    notReached: 'geen contact',
    more: 'Oudere contactmomenten',
    back: 'Terug naar de afspraken',
    messages: { occurredOn: 'Vul een datum in, niet later dan vandaag.', kind: 'Kies de soort contact.', note: 'Schrijf hoogstens 2000 tekens.' },
  },
  en: {
    title: (name: string) => `Contact with ${name}`,
    intro: 'Record every contact, also when it did not work out. Then you see when there was no contact for too long.',
    recordTitle: 'Record a contact moment',
    occurredOn: 'Date',
    kind: 'Kind of contact',
    note: 'What was discussed or agreed? (optional)',
    noteHint: 'Short and factual. The young person can ask for their data.',
    save: 'Record',
    notYet: 'These agreements have not been sent yet, or were stopped. You record contact moments once the agreements have been sent.',
    recorded: 'The contact moment has been recorded.',
    listTitle: 'Earlier contact moments',
    none: 'No contact moments have been recorded yet.',
    by: (name: string, at: string) => `Recorded by ${name} on ${at}`,
    notReached: 'no contact',
    more: 'Older contact moments',
    back: 'Back to the agreement',
    messages: { occurredOn: 'Enter a date, no later than today.', kind: 'Choose the kind of contact.', note: 'Write 2000 characters at most.' },
  },
} as const;

const PATH = '/app/municipalities/:municipalityId/agreements/:agreementId/contacts';
const pathOf = (m: string, a: string) => `/app/municipalities/${m}/agreements/${a}/contacts`;

async function contactsPage(c: Context<AppEnv>, values: Record<string, string>, errors: FieldErrors, status: PageStatus = 200) {
  const locale = localeOf(c);
  const s = T[locale];
  const m = c.req.param('municipalityId') as string;
  const id = c.req.param('agreementId') as string;
  const trx = c.get('trx');
  const a = await getAgreement(trx, m, id);
  const cursor = c.req.query('cursor');
  const list = toPage(await listContactMoments(trx, m, id, 25, cursor && cursor.length <= 200 ? cursor : undefined), 25);
  // A draft (never sent) or a cancelled agreement takes no contact moments (the service refuses them, 409).
  const takesContacts = !(NO_CONTACT_STATUSES as readonly string[]).includes(a.status);
  const today = dayInAmsterdam(nowOf(c));
  const kinds = CONTACT_KIND_CODES.map((code) => ({ value: code, label: CONTACT_KINDS[code][locale] }));
  const body = (
    <>
      {c.req.query('done') === 'recorded' && status === 200 ? <Alert type="ok">{s.recorded}</Alert> : null}
      <ErrorSummary locale={locale} errors={errors} labels={{ occurredOn: s.occurredOn, kind: s.kind, note: s.note }} />
      <p class="utrecht-paragraph">{s.intro}</p>
      <h2 class="utrecht-heading-2">{s.recordTitle}</h2>
      {takesContacts ? null : <p class="utrecht-paragraph">{s.notYet}</p>}
      {takesContacts ? (
      <form method="post" action={href(c, pathOf(m, id))} novalidate>
        <DateField name="occurredOn" label={s.occurredOn} value={values.occurredOn ?? today} max={today} error={errors.occurredOn} required />
        <RadioGroup name="kind" label={s.kind} value={values.kind} options={kinds} error={errors.kind} required />
        <TextArea name="note" label={s.note} hint={s.noteHint} value={values.note} rows={4} maxlength={2000} error={errors.note} />
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
          {list.items.map((moment) => (
            <li class="vv-contacts__item">
              <p class="vv-contacts__head">
                <strong>{formatDate(moment.occurredOn, locale)}</strong>
                {' · '}
                {codeLabel(CONTACT_KINDS, moment.kind, locale)}
                {moment.reached ? null : <span class="vv-contacts__missed">{` (${s.notReached})`}</span>}
              </p>
              {moment.note ? <p class="utrecht-paragraph">{moment.note}</p> : null}
              <p class="utrecht-paragraph vv-muted">{s.by(moment.recordedBy.name, formatDateTime(moment.recordedAt, locale))}</p>
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

function messagesFor(locale: Locale) {
  const t = T[locale].messages;
  return (param: { name: string }) => (/occurredOn$/.test(param.name) ? t.occurredOn : /kind$/.test(param.name) ? t.kind : /note$/.test(param.name) ? t.note : undefined);
}

export function contactPages(): Hono<AppEnv> {
  const pages = new Hono<AppEnv>();
  pages.onError(appFailurePage);
  pages.get(PATH, asOperation(routes.listContactMoments), (c) => contactsPage(c, {}, {}));
  pages.post(PATH, asOperation(routes.recordContactMoment), async (c) => {
    const m = c.req.param('municipalityId');
    const id = c.req.param('agreementId');
    const values = readForm(await c.req.parseBody());
    const raw = { occurredOn: values.occurredOn || undefined, kind: values.kind || undefined, note: values.note?.trim() || undefined };
    try {
      // As the API: a form that fails its schema still has its date checked, so one answer lists every problem.
      const input = await validateAll(RecordContactMoment, raw, () => occurredOnProblemsOfRaw(c.get('trx'), m, id, raw, nowOf(c)));
      await recordContactMoment(c.get('trx'), m, id, input, (c.get('principal') as UserPrincipal).userId, nowOf(c));
    } catch (error) {
      if (error instanceof ApiError && error.status === 400) return contactsPage(c, values, fieldErrorsFrom(error, { fields: ['occurredOn', 'kind', 'note'], messages: messagesFor(localeOf(c)) }), 400);
      throw error;
    }
    return seeOther(c, href(c, pathOf(m, id), { done: 'recorded' }));
  });
  return pages;
}
