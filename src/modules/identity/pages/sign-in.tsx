// Signing in: e-mail and password, then the second factor; signing out. The same service calls,
// throttles and processing log as POST /v1/auth/login, /v1/auth/two-factor and /v1/auth/logout.
import type { Hono } from 'hono';
import { invalidateSession } from '../../../platform/auth/sessions.js';
import { ApiError } from '../../../platform/errors.js';
import { clearSessionCookie, clientIp, nowOf, setSessionCookie } from '../../../platform/http/context.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { readForm } from '../../../platform/http/input.js';
import { type Locale, localeOf } from '../../../platform/http/page.js';
import { Email, RecoveryCode, TotpCode } from '../schemas.js';
import { login, verifySecondFactor } from '../service.js';
import { type UserPrincipal, homeFor, href, keepRetryAfter, logged, minutesOf, pageAccess, render, safeNext, secondFactorPath, seeOther, tooManyText } from '../../../platform/http/pages.js';
import { Notice, SubmitButton } from './kit.js';
import { Alert, ErrorSummary, type FieldErrors, TextField } from '../../../platform/ui/form.js';

const T = {
  nl: {
    title: 'Inloggen',
    intro: 'Log in met het e-mailadres en wachtwoord van uw Vervolg-account.',
    email: 'E-mailadres',
    password: 'Wachtwoord',
    button: 'Inloggen',
    forgot: 'Wachtwoord vergeten?',
    emailMissing: 'Vul uw e-mailadres in.',
    emailInvalid: 'Vul een geldig e-mailadres in, zoals naam@gemeente.nl.',
    passwordMissing: 'Vul uw wachtwoord in.',
    wrong: 'Het e-mailadres of wachtwoord klopt niet.',
    signedOut: 'U bent uitgelogd.',
    tfTitle: 'Code uit uw authenticator-app',
    tfIntro: 'Open de authenticator-app op uw telefoon en vul de code van 6 cijfers in die bij Vervolg staat.',
    code: 'Code van 6 cijfers',
    codeHint: 'Bijvoorbeeld 123456. Elke code werkt één keer.',
    codeMissing: 'Vul de code van 6 cijfers in.',
    codeInvalid: 'Een code bestaat uit 6 cijfers.',
    codeWrong: 'Deze code klopt niet of is verlopen. Vul de nieuwe code uit de app in.',
    verify: 'Bevestigen',
    lost: 'Telefoon kwijt?',
    lostIntro: 'Gebruik dan een van de herstelcodes die u bij het instellen heeft bewaard. Elke herstelcode werkt één keer.',
    recovery: 'Herstelcode',
    recoveryHint: '10 letters en cijfers, bijvoorbeeld k7m2q-x4p3z.',
    recoveryMissing: 'Vul een herstelcode in.',
    recoveryInvalid: 'Een herstelcode bestaat uit 10 letters en cijfers, zoals k7m2q-x4p3z.',
    recoveryWrong: 'Deze herstelcode klopt niet of is al gebruikt.',
    useRecovery: 'Inloggen met herstelcode',
    signOut: 'Uitloggen',
  },
  en: {
    title: 'Sign in',
    intro: 'Sign in with the e-mail address and password of your Vervolg account.',
    email: 'E-mail address',
    password: 'Password',
    button: 'Sign in',
    forgot: 'Forgot your password?',
    emailMissing: 'Enter your e-mail address.',
    emailInvalid: 'Enter a valid e-mail address, like name@municipality.nl.',
    passwordMissing: 'Enter your password.',
    wrong: 'The e-mail address or password is incorrect.',
    signedOut: 'You are signed out.',
    tfTitle: 'Code from your authenticator app',
    tfIntro: 'Open the authenticator app on your phone and enter the 6-digit code shown for Vervolg.',
    code: '6-digit code',
    codeHint: 'For example 123456. Each code works once.',
    codeMissing: 'Enter the 6-digit code.',
    codeInvalid: 'A code is 6 digits.',
    codeWrong: 'This code is wrong or has expired. Enter the new code from the app.',
    verify: 'Verify',
    lost: 'Lost your phone?',
    lostIntro: 'Then use one of the recovery codes you saved when you set up the app. Each recovery code works once.',
    recovery: 'Recovery code',
    recoveryHint: '10 letters and digits, for example k7m2q-x4p3z.',
    recoveryMissing: 'Enter a recovery code.',
    recoveryInvalid: 'A recovery code is 10 letters and digits, like k7m2q-x4p3z.',
    recoveryWrong: 'This recovery code is wrong or was already used.',
    useRecovery: 'Sign in with recovery code',
    signOut: 'Sign out',
  },
} as const;

/** The sign-out button, a POST form (a link could be triggered by another site). */
export function SignOutForm(props: { locale: Locale; action: string }) {
  return (
    <form method="post" action={props.action} class="sign-out">
      <SubmitButton secondary={true}>{T[props.locale].signOut}</SubmitButton>
    </form>
  );
}

function SignInForm(props: { c: Parameters<typeof href>[0]; locale: Locale; email: string; errors: FieldErrors; message?: string | undefined; notice?: string | undefined }) {
  const s = T[props.locale];
  const next = safeNext(props.c.req.query('next'));
  return (
    <>
      {props.notice ? <Notice kind="ok">{props.notice}</Notice> : null}
      {props.message ? <Alert type="error">{props.message}</Alert> : null}
      <ErrorSummary locale={props.locale} errors={props.errors} labels={{ email: s.email, password: s.password }} />
      <p class="utrecht-paragraph">{s.intro}</p>
      <form method="post" action={href(props.c, '/app/sign-in', { next })} novalidate>
        <TextField name="email" label={s.email} type="email" autocomplete="username" spellcheck={false} value={props.email} error={props.errors.email} />
        <TextField name="password" label={s.password} type="password" autocomplete="current-password" error={props.errors.password} />
        <SubmitButton>{s.button}</SubmitButton>
      </form>
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href={href(props.c, '/app/forgot-password')}>
          {s.forgot}
        </a>
      </p>
    </>
  );
}

function TwoFactorForms(props: { c: Parameters<typeof href>[0]; locale: Locale; errors: FieldErrors; message?: string | undefined }) {
  const s = T[props.locale];
  const action = href(props.c, '/app/two-factor', { next: safeNext(props.c.req.query('next')) });
  return (
    <>
      {props.message ? <Alert type="error">{props.message}</Alert> : null}
      <ErrorSummary locale={props.locale} errors={props.errors} labels={{ code: s.code, recoveryCode: s.recovery }} />
      <p class="utrecht-paragraph">{s.tfIntro}</p>
      <form method="post" action={action} novalidate>
        <TextField name="code" label={s.code} hint={s.codeHint} inputmode="numeric" autocomplete="one-time-code" maxlength={6} error={props.errors.code} />
        <SubmitButton>{s.verify}</SubmitButton>
      </form>
      <h2 class="utrecht-heading-2">{s.lost}</h2>
      <p class="utrecht-paragraph">{s.lostIntro}</p>
      <form method="post" action={action} novalidate>
        <TextField name="recoveryCode" label={s.recovery} hint={s.recoveryHint} autocomplete="off" spellcheck={false} maxlength={20} error={props.errors.recoveryCode} />
        <SubmitButton secondary={true}>{s.useRecovery}</SubmitButton>
      </form>
      {/* Half signed in (the wrong account, or no phone at hand): a way out. */}
      <SignOutForm locale={props.locale} action={href(props.c, '/app/sign-out')} />
    </>
  );
}

export function registerSignIn(pages: Hono<AppEnv>) {
  pages.get('/app/sign-in', (c) => {
    const locale = localeOf(c);
    const p = c.get('principal');
    // Already signed in: on to the second factor or the app.
    if (p?.kind === 'user') return seeOther(c, href(c, p.twoFactorVerified ? (safeNext(c.req.query('next')) ?? homeFor(p)) : secondFactorPath(p), { next: p.twoFactorVerified ? null : safeNext(c.req.query('next')) }));
    const notice = c.req.query('signedOut') === '1' ? T[locale].signedOut : undefined;
    return render(c, T[locale].title, <SignInForm c={c} locale={locale} email="" errors={{}} notice={notice} />);
  });

  pages.post('/app/sign-in', async (c) => {
    const locale = localeOf(c);
    const s = T[locale];
    const fields = await readForm(c);
    const typed = (fields.email ?? '').trim();
    const errors: FieldErrors = {};
    const email = Email.safeParse(typed);
    if (!typed) errors.email = s.emailMissing;
    else if (!email.success) errors.email = s.emailInvalid;
    if (!fields.password) errors.password = s.passwordMissing;
    if (Object.keys(errors).length > 0 || !email.success) return render(c, s.title, <SignInForm c={c} locale={locale} email={typed} errors={errors} />, 400);
    const result = await login(c.get('trx'), { email: email.data, password: fields.password as string }, { ip: clientIp(c), userAgent: c.req.header('User-Agent') ?? null, now: nowOf(c) });
    // Failures are returned, not thrown: the transaction commits the throttle's count.
    if (result instanceof ApiError) {
      if (result.status === 429) {
        keepRetryAfter(c, result);
        return render(c, s.title, <SignInForm c={c} locale={locale} email={typed} errors={{}} message={tooManyText(locale, minutesOf(result))} />, 429);
      }
      // One answer whether or not the address has an account; the password field carries it.
      return render(c, s.title, <SignInForm c={c} locale={locale} email={typed} errors={{ password: s.wrong }} />, 400);
    }
    await logged(c, 'login', 'create');
    setSessionCookie(c, result.token);
    const next = safeNext(c.req.query('next'));
    return seeOther(c, href(c, result.twoFactorRequired ? '/app/two-factor' : '/app/enrol', { next: result.twoFactorRequired ? next : null }));
  });

  pages.get('/app/two-factor', pageAccess({ kind: 'self' }), (c) => {
    const locale = localeOf(c);
    const p = c.get('principal') as UserPrincipal;
    if (p.twoFactorVerified) return seeOther(c, href(c, safeNext(c.req.query('next')) ?? homeFor(p)));
    if (!p.twoFactorEnabled) return seeOther(c, href(c, '/app/enrol'));
    return render(c, T[locale].tfTitle, <TwoFactorForms c={c} locale={locale} errors={{}} />);
  });

  pages.post('/app/two-factor', pageAccess({ kind: 'self' }), async (c) => {
    const locale = localeOf(c);
    const s = T[locale];
    const p = c.get('principal') as UserPrincipal;
    if (p.twoFactorVerified) return seeOther(c, href(c, safeNext(c.req.query('next')) ?? homeFor(p)));
    const fields = await readForm(c);
    const usingRecovery = fields.recoveryCode !== undefined && fields.code === undefined;
    const errors: FieldErrors = {};
    let input: { code?: string; recoveryCode?: string } = {};
    if (usingRecovery) {
      const typed = (fields.recoveryCode ?? '').trim();
      if (!typed) errors.recoveryCode = s.recoveryMissing;
      else if (!RecoveryCode.safeParse(typed).success) errors.recoveryCode = s.recoveryInvalid;
      input = { recoveryCode: typed };
    } else {
      const typed = (fields.code ?? '').replace(/\s/g, '');
      if (!typed) errors.code = s.codeMissing;
      else if (!TotpCode.safeParse(typed).success) errors.code = s.codeInvalid;
      input = { code: typed };
    }
    if (Object.keys(errors).length > 0) return render(c, s.tfTitle, <TwoFactorForms c={c} locale={locale} errors={errors} />, 400);
    c.set('operationId', 'verifyTwoFactor');
    const result = await verifySecondFactor(c.get('trx'), p.userId, p.sessionId, input, nowOf(c));
    if (result instanceof ApiError) {
      if (result.status === 429) {
        keepRetryAfter(c, result);
        return render(c, s.tfTitle, <TwoFactorForms c={c} locale={locale} errors={{}} message={tooManyText(locale, minutesOf(result))} />, 429);
      }
      if (result.status === 409) return seeOther(c, href(c, '/app/enrol'));
      return render(c, s.tfTitle, <TwoFactorForms c={c} locale={locale} errors={usingRecovery ? { recoveryCode: s.recoveryWrong } : { code: s.codeWrong }} />, 400);
    }
    await logged(c, 'verifyTwoFactor', 'create');
    return seeOther(c, href(c, safeNext(c.req.query('next')) ?? homeFor(p)));
  });

  pages.post('/app/sign-out', async (c) => {
    const p = c.get('principal');
    if (p?.kind === 'user') {
      await invalidateSession(c.get('trx'), p.sessionId);
      await logged(c, 'logout', 'create');
    }
    clearSessionCookie(c);
    return seeOther(c, href(c, '/app/sign-in', { signedOut: '1' }));
  });
}
