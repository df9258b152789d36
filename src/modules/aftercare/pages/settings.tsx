// The municipality's settings of the signals, on the staff app (admins): after how many weeks
// without contact a young person shows as "no contact", how many weeks before the end of aftercare
// it shows as ending, and whether case managers get the weekly digest. Each handler does what its
// API operation does (asOperation: the same access and processing-log entry).
import type { Context } from 'hono';
import { Hono } from 'hono';
import { SIGNAL_SETTING_DEFAULTS } from '../../../domain/signals.js';
import { ApiError } from '../../../platform/errors.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { type Locale, localeOf } from '../../../platform/http/page.js';
import { type PageStatus, appFailurePage, asOperation, href, seeOther, staffPage } from '../../../platform/http/pages.js';
import { Alert, Button, Checkbox, ErrorSummary, type FieldErrors, TextField, fieldErrorsFrom, readForm, validateForm } from '../../../platform/ui/form.js';
import { routes } from '../signal-routes.js';
import { AftercareSettings } from '../signal-schemas.js';
import { saveSignalSettings, signalSettings } from '../signals.js';

const T = {
  nl: {
    title: 'Signalen instellen',
    intro: 'Vervolg laat in het overzicht van jongeren zien wie aandacht nodig heeft. Hier stelt u in wanneer een signaal verschijnt. Dit geldt voor alle casemanagers van de gemeente.',
    noContactWeeks: 'Geen contact: na hoeveel weken zonder contact?',
    noContactHint: `Telt vanaf het laatste contact waarin de jongere bereikt is, of vanaf de start van de nazorg. Standaard ${SIGNAL_SETTING_DEFAULTS.noContactWeeks} weken.`,
    endingWeeks: 'Nazorg stopt bijna: hoeveel weken van tevoren?',
    endingHint: `De hulp onder de Jeugdwet stopt als de jongere 23 wordt. Standaard ${SIGNAL_SETTING_DEFAULTS.endingWeeks} weken van tevoren.`,
    digest: 'Stuur elke casemanager één keer per week een e-mail met het aantal signalen',
    digestHint: 'De e-mail noemt geen namen van jongeren, alleen aantallen en een link naar Vervolg.',
    save: 'Opslaan',
    saved: 'De instellingen zijn opgeslagen.',
    messages: { weeks: 'Vul een heel aantal weken in, van 1 tot en met 52.', digest: 'Kies aan of uit.' },
  },
  en: {
    title: 'Signal settings',
    intro: 'The overview of young people shows who needs attention. Here you set when a signal appears. This applies to every case manager of the municipality.',
    noContactWeeks: 'No contact: after how many weeks without contact?',
    noContactHint: `Counted from the last contact in which the young person was reached, or from the start of aftercare. Default ${SIGNAL_SETTING_DEFAULTS.noContactWeeks} weeks.`,
    endingWeeks: 'Aftercare ends soon: how many weeks before?',
    endingHint: `Help under the Youth Act ends when the young person turns 23. Default ${SIGNAL_SETTING_DEFAULTS.endingWeeks} weeks before.`,
    digest: 'Send every case manager one e-mail a week with the number of signals',
    digestHint: 'The e-mail names no young person, only numbers and a link to Vervolg.',
    save: 'Save',
    saved: 'The settings have been saved.',
    messages: { weeks: 'Enter a whole number of weeks, from 1 to 52.', digest: 'Choose on or off.' },
  },
} as const;

const PATH = '/app/municipalities/:municipalityId/settings/signals';
const INDEX = '/app/municipalities/:municipalityId/settings';

/** The municipality's settings pages, each with what it is for (the index lists them). */
const SETTINGS = {
  nl: [
    { path: 'general', title: 'Algemeen', text: 'De naam van de gemeente, de standaardtaal, kleine aantallen in cijfers, hoe lang een link om te ondertekenen geldig blijft, en tweestapsverificatie.' },
    { path: 'theme', title: 'Huisstijl', text: 'Het logo en de kleuren van de gemeente op elke pagina, met een voorbeeld en een controle op leesbaarheid.' },
    { path: 'billing', title: 'Abonnement en facturen', text: 'Het abonnement op Vervolg, de facturen, en betalen via Stripe.' },
    { path: 'signals', title: 'Signalen', text: 'Wanneer een jongere in het overzicht als „geen contact” of „nazorg stopt bijna” verschijnt, en de wekelijkse e-mail.' },
    { path: 'practical-info', title: 'Praktische informatie', text: 'De teksten over op jezelf wonen die jongeren op hun eigen pagina lezen: geld, verzekeringen, wonen, studiefinanciering, werk en 18 worden.' },
    { path: 'webhooks', title: 'Webhooks', text: 'Berichten aan de systemen van de gemeente (zoals het zaaksysteem) wanneer er iets gebeurt, hun geheimen en de log van verstuurde berichten.' },
    { path: 'processing-log', title: 'Verwerkingslog', text: 'Wie wat heeft gedaan met welke gegevens, en wanneer: zoeken en downloaden als CSV.' },
    { path: 'api-keys', title: 'API-sleutels', text: 'Sleutels waarmee de eigen systemen van de gemeente (archief, datawarehouse) afspraken, documenten, cijfers en contracten lezen. Alleen voor beheerders.' },
  ],
  en: [
    { path: 'general', title: 'General', text: 'The municipality’s name, the default language, small numbers in figures, how long a signing link stays valid, and two-step verification.' },
    { path: 'theme', title: 'House style', text: 'The municipality’s logo and colours on every page, with a preview and a readability check.' },
    { path: 'billing', title: 'Subscription and invoices', text: 'The subscription to Vervolg, the invoices, and paying through Stripe.' },
    { path: 'signals', title: 'Signals', text: 'When a young person shows as “no contact” or “aftercare ends soon” in the overview, and the weekly e-mail.' },
    { path: 'practical-info', title: 'Practical information', text: 'The texts about living on your own that young people read on their own page: money, insurance, housing, student finance, work and turning 18.' },
    { path: 'webhooks', title: 'Webhooks', text: 'Messages to the municipality’s systems (such as its case management system) when something happens, their secrets and the log of messages sent.' },
    { path: 'processing-log', title: 'Processing log', text: 'Who did what with which data, and when: search it and download it as CSV.' },
    { path: 'api-keys', title: 'API keys', text: 'Keys with which the municipality’s own systems (archive, data warehouse) read agreements, documents, figures and contracts. For administrators only.' },
  ],
} as const;
export const signalSettingsPath = (m: string) => `/app/municipalities/${m}/settings/signals`;

async function settingsPage(c: Context<AppEnv>, values: Record<string, string> | null, errors: FieldErrors, status: PageStatus = 200) {
  const locale = localeOf(c);
  const s = T[locale];
  const m = c.req.param('municipalityId') as string;
  const saved = await signalSettings(c.get('trx'), m);
  // What was typed stays on a refused form; otherwise what is saved.
  const v = values ?? { noContactWeeks: String(saved.noContactWeeks), endingWeeks: String(saved.endingWeeks), weeklyDigest: saved.weeklyDigest ? 'yes' : '' };
  const body = (
    <>
      {c.req.query('done') === 'saved' && status === 200 ? <Alert type="ok">{s.saved}</Alert> : null}
      <ErrorSummary locale={locale} errors={errors} labels={{ noContactWeeks: s.noContactWeeks, endingWeeks: s.endingWeeks, weeklyDigest: s.digest }} />
      <p class="utrecht-paragraph">{s.intro}</p>
      <form method="post" action={href(c, signalSettingsPath(m))} novalidate>
        <TextField name="noContactWeeks" label={s.noContactWeeks} hint={s.noContactHint} value={v.noContactWeeks} inputmode="numeric" error={errors.noContactWeeks} required />
        <TextField name="endingWeeks" label={s.endingWeeks} hint={s.endingHint} value={v.endingWeeks} inputmode="numeric" error={errors.endingWeeks} required />
        <Checkbox name="weeklyDigest" label={s.digest} hint={s.digestHint} checked={v.weeklyDigest === 'yes'} error={errors.weeklyDigest} />
        <div class="vv-actions">
          <Button>{s.save}</Button>
        </div>
      </form>
    </>
  );
  return staffPage(c, { title: s.title, body, status });
}

function messagesFor(locale: Locale) {
  const t = T[locale].messages;
  return (param: { name: string }) => (/Weeks$/.test(param.name) ? t.weeks : /weeklyDigest$/.test(param.name) ? t.digest : undefined);
}

/** A typed number as the schema sees it: digits only become a number; anything else stays text (and is refused beside its field). */
const asNumber = (typed: string | undefined) => (typed && /^\s*\d{1,4}\s*$/.test(typed) ? Number(typed) : typed || undefined);

function settingsIndex(c: Context<AppEnv>) {
  const locale = localeOf(c);
  const m = c.req.param('municipalityId') as string;
  const body = (
    <ul class="vv-settings">
      {SETTINGS[locale].map((item) => (
        <li>
          <a class="utrecht-link" href={href(c, `/app/municipalities/${m}/settings/${item.path}`)}>
            {item.title}
          </a>
          <p class="utrecht-paragraph">{item.text}</p>
        </li>
      ))}
    </ul>
  );
  return staffPage(c, { title: locale === 'nl' ? 'Instellingen' : 'Settings', body });
}

export function settingsPages(): Hono<AppEnv> {
  const pages = new Hono<AppEnv>();
  pages.onError(appFailurePage);
  // The index opens to whoever may change the settings (the strictest of them).
  pages.get(INDEX, asOperation(routes.updateAftercareSettings), settingsIndex);
  pages.get(PATH, asOperation(routes.getAftercareSettings), (c) => settingsPage(c, null, {}));
  pages.post(PATH, asOperation(routes.updateAftercareSettings), async (c) => {
    const m = c.req.param('municipalityId');
    const values = readForm(await c.req.parseBody());
    try {
      const input = validateForm(AftercareSettings, { noContactWeeks: asNumber(values.noContactWeeks), endingWeeks: asNumber(values.endingWeeks), weeklyDigest: values.weeklyDigest === 'yes' });
      await saveSignalSettings(c.get('trx'), m, input);
    } catch (error) {
      if (error instanceof ApiError && error.status === 400) {
        return settingsPage(c, values, fieldErrorsFrom(error, { fields: ['noContactWeeks', 'endingWeeks', 'weeklyDigest'], messages: messagesFor(localeOf(c)) }), 400);
      }
      throw error;
    }
    return seeOther(c, href(c, signalSettingsPath(m), { done: 'saved' }));
  });
  return pages;
}
