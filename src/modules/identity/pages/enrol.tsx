// Setting up the authenticator app (TOTP) and the recovery codes, as POST /v1/me/totp,
// /v1/me/totp/confirm and /v1/me/recovery-codes do: a QR code and the key typed by hand (never in
// a URL), confirmed with a code; then the recovery codes, shown once.
import type { Context, Hono } from 'hono';
import { ApiError } from '../../../platform/errors.js';
import { nowOf } from '../../../platform/http/context.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { readForm } from '../../../platform/http/input.js';
import { type Locale, localeOf } from '../../../platform/http/page.js';
import { TotpCode } from '../schemas.js';
import { confirmTotpSetup, generateRecoveryCodes, getMe, startTotpSetup } from '../service.js';
import { type UserPrincipal, homeFor, href, keepRetryAfter, logged, minutesOf, pageAccess, render, seeOther, tooManyText } from '../../../platform/http/pages.js';
import { SubmitButton } from './kit.js';
import { Alert, ErrorSummary, type FieldErrors, TextField } from '../../../platform/ui/form.js';
import { QrCode } from './qr.js';

const T = {
  nl: {
    title: 'Authenticator-app instellen',
    intro: 'Vervolg vraagt bij het inloggen om een tweede stap: een code uit een authenticator-app op uw telefoon. Zo kan niemand inloggen met alleen uw wachtwoord.',
    step1: '1. Installeer een authenticator-app',
    step1Text: 'Bijvoorbeeld Microsoft Authenticator, Google Authenticator of FreeOTP. Heeft u er al een? Ga dan verder.',
    step2: '2. Scan de QR-code',
    step2Text: 'Kies in de app voor een nieuw account toevoegen en scan deze code.',
    qrLabel: 'QR-code voor uw authenticator-app. Lukt scannen niet? Typ dan de sleutel hieronder over.',
    manual: 'Scannen lukt niet? Typ deze sleutel over in de app:',
    keyLabel: 'Sleutel',
    step3: '3. Vul de code uit de app in',
    code: 'Code van 6 cijfers',
    codeHint: 'De app toont een nieuwe code elke 30 seconden.',
    codeMissing: 'Vul de code van 6 cijfers in.',
    codeInvalid: 'Een code bestaat uit 6 cijfers.',
    codeWrong: 'Deze code klopt niet of is verlopen. Vul de nieuwe code uit de app in.',
    confirm: 'Instellen afronden',
    rcTitle: 'Uw herstelcodes',
    rcIntro: 'Bewaar deze codes op een veilige plek, bijvoorbeeld in een wachtwoordmanager of op papier. Raakt u uw telefoon kwijt, dan logt u in met één van deze codes. Elke code werkt één keer.',
    rcOnce: 'U ziet deze codes maar één keer. Daarna tonen we ze nooit meer.',
    rcSaved: 'Ik heb de codes bewaard',
    rcShown: 'Uw herstelcodes zijn al getoond. We tonen ze niet opnieuw.',
    rcLeft: (n: number) => `U heeft nog ${n} ongebruikte ${n === 1 ? 'herstelcode' : 'herstelcodes'}.`,
    rcNew: 'Nieuwe herstelcodes maken',
    rcNewHint: 'Uw oude herstelcodes werken daarna niet meer.',
    rcListLabel: 'Herstelcodes',
    toApp: 'Verder naar Vervolg',
  },
  en: {
    title: 'Set up your authenticator app',
    intro: 'Vervolg asks for a second step when you sign in: a code from an authenticator app on your phone. That way nobody can sign in with your password alone.',
    step1: '1. Install an authenticator app',
    step1Text: 'For example Microsoft Authenticator, Google Authenticator or FreeOTP. Already have one? Go on.',
    step2: '2. Scan the QR code',
    step2Text: 'In the app, choose to add a new account and scan this code.',
    qrLabel: 'QR code for your authenticator app. Cannot scan it? Type the key below instead.',
    manual: 'Cannot scan? Type this key into the app:',
    keyLabel: 'Key',
    step3: '3. Enter the code from the app',
    code: '6-digit code',
    codeHint: 'The app shows a new code every 30 seconds.',
    codeMissing: 'Enter the 6-digit code.',
    codeInvalid: 'A code is 6 digits.',
    codeWrong: 'This code is wrong or has expired. Enter the new code from the app.',
    confirm: 'Finish set-up',
    rcTitle: 'Your recovery codes',
    rcIntro: 'Keep these codes somewhere safe, for example in a password manager or on paper. If you lose your phone, sign in with one of these codes. Each code works once.',
    rcOnce: 'You see these codes only once. We never show them again.',
    rcSaved: 'I have saved the codes',
    rcShown: 'Your recovery codes were already shown. We do not show them again.',
    rcLeft: (n: number) => `You have ${n} unused recovery ${n === 1 ? 'code' : 'codes'} left.`,
    rcNew: 'Make new recovery codes',
    rcNewHint: 'Your old recovery codes stop working.',
    rcListLabel: 'Recovery codes',
    toApp: 'Continue to Vervolg',
  },
} as const;

/** The key as people type it: groups of four. */
export const groupKey = (secret: string) => (secret.match(/.{1,4}/g) ?? []).join(' ');

async function enrolPage(c: Context<AppEnv>, errors: FieldErrors, message?: string, status: 200 | 400 | 429 = 200) {
  const locale = localeOf(c);
  const s = T[locale];
  const p = c.get('principal') as UserPrincipal;
  const setup = await startTotpSetup(c.get('trx'), p.userId, p.email, { resumePending: true });
  if (setup.started) await logged(c, 'startTotpSetup', 'create');
  return render(
    c,
    s.title,
    <>
      {message ? <Alert type="error">{message}</Alert> : null}
      <ErrorSummary locale={locale} errors={errors} labels={{ code: s.code }} />
      <p class="utrecht-paragraph">{s.intro}</p>
      <h2 class="utrecht-heading-2">{s.step1}</h2>
      <p class="utrecht-paragraph">{s.step1Text}</p>
      <h2 class="utrecht-heading-2">{s.step2}</h2>
      <p class="utrecht-paragraph">{s.step2Text}</p>
      <figure class="qr-figure">{QrCode({ value: setup.uri, label: s.qrLabel })}</figure>
      <p class="utrecht-paragraph" id="totp-key-label">
        {s.manual}
      </p>
      <p class="utrecht-paragraph">
        <code class="utrecht-code totp-key" id="totp-key" lang="en" translate="no">
          {groupKey(setup.secret)}
        </code>
      </p>
      <h2 class="utrecht-heading-2">{s.step3}</h2>
      <form method="post" action={href(c, '/app/enrol')} novalidate>
        <TextField name="code" label={s.code} hint={s.codeHint} inputmode="numeric" autocomplete="one-time-code" maxlength={6} error={errors.code} />
        <SubmitButton>{s.confirm}</SubmitButton>
      </form>
    </>,
    status,
  );
}

function CodesList(props: { codes: string[]; locale: Locale; c: Context<AppEnv> }) {
  const s = T[props.locale];
  const p = props.c.get('principal') as UserPrincipal;
  return (
    <>
      <p class="utrecht-paragraph">{s.rcIntro}</p>
      <div class="utrecht-alert utrecht-alert--warning" role="note">
        <p class="utrecht-paragraph">
          <strong>{s.rcOnce}</strong>
        </p>
      </div>
      <ul class="utrecht-unordered-list recovery-codes" aria-label={s.rcListLabel} id="recovery-codes">
        {props.codes.map((code) => (
          <li class="utrecht-unordered-list__item">
            <code class="utrecht-code" translate="no">
              {code}
            </code>
          </li>
        ))}
      </ul>
      <p class="utrecht-paragraph">
        <a class="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--primary-action" href={href(props.c, homeFor(p))}>
          {s.rcSaved}
        </a>
      </p>
    </>
  );
}

export function registerEnrol(pages: Hono<AppEnv>) {
  pages.get('/app/enrol', pageAccess({ kind: 'self' }), async (c) => {
    const p = c.get('principal') as UserPrincipal;
    if (p.twoFactorEnabled) return seeOther(c, href(c, p.twoFactorVerified ? homeFor(p) : '/app/two-factor'));
    return enrolPage(c, {});
  });

  pages.post('/app/enrol', pageAccess({ kind: 'self' }), async (c) => {
    const locale = localeOf(c);
    const s = T[locale];
    const p = c.get('principal') as UserPrincipal;
    if (p.twoFactorEnabled) return seeOther(c, href(c, p.twoFactorVerified ? homeFor(p) : '/app/two-factor'));
    const fields = await readForm(c);
    const typed = (fields.code ?? '').replace(/\s/g, '');
    if (!typed) return enrolPage(c, { code: s.codeMissing }, undefined, 400);
    if (!TotpCode.safeParse(typed).success) return enrolPage(c, { code: s.codeInvalid }, undefined, 400);
    c.set('operationId', 'confirmTotpSetup');
    const result = await confirmTotpSetup(c.get('trx'), p.userId, p.sessionId, typed, nowOf(c));
    if (result instanceof ApiError) {
      if (result.status === 429) {
        keepRetryAfter(c, result);
        return enrolPage(c, {}, tooManyText(locale, minutesOf(result)), 429);
      }
      if (result.status === 409) return seeOther(c, href(c, '/app'));
      return enrolPage(c, { code: s.codeWrong }, undefined, 400);
    }
    await logged(c, 'confirmTotpSetup', 'create');
    return seeOther(c, href(c, '/app/recovery-codes'));
  });

  // Shown once: the first visit after set-up makes them (there are none yet); a reload finds
  // them made and shows only how many are left, with a button to make a new set.
  pages.get('/app/recovery-codes', pageAccess({ kind: 'user' }), async (c) => {
    const locale = localeOf(c);
    const s = T[locale];
    const p = c.get('principal') as UserPrincipal;
    const me = await getMe(c.get('trx'), p.userId, p.twoFactorVerified);
    if (me.recoveryCodesLeft === 0) {
      const { codes } = await generateRecoveryCodes(c.get('trx'), p.userId, nowOf(c));
      await logged(c, 'createRecoveryCodes', 'create', { type: 'user', id: p.userId });
      return render(c, s.rcTitle, <CodesList codes={codes} locale={locale} c={c} />);
    }
    return render(
      c,
      s.rcTitle,
      <>
        <p class="utrecht-paragraph">{s.rcShown}</p>
        <p class="utrecht-paragraph">{s.rcLeft(me.recoveryCodesLeft)}</p>
        <form method="post" action={href(c, '/app/recovery-codes')}>
          <p class="utrecht-paragraph hint">{s.rcNewHint}</p>
          <SubmitButton secondary={true}>{s.rcNew}</SubmitButton>
        </form>
        <p class="utrecht-paragraph">
          <a class="utrecht-link" href={href(c, homeFor(p))}>
            {s.toApp}
          </a>
        </p>
      </>,
    );
  });

  pages.post('/app/recovery-codes', pageAccess({ kind: 'user' }), async (c) => {
    const locale = localeOf(c);
    const p = c.get('principal') as UserPrincipal;
    c.set('operationId', 'createRecoveryCodes');
    const { codes } = await generateRecoveryCodes(c.get('trx'), p.userId, nowOf(c));
    await logged(c, 'createRecoveryCodes', 'create', { type: 'user', id: p.userId });
    return render(c, T[locale].rcTitle, <CodesList codes={codes} locale={locale} c={c} />);
  });
}
