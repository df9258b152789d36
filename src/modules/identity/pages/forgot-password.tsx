// "Forgot your password?": asks the e-mail address and always gives the same answer, as POST
// /v1/auth/password-reset does; the link in the e-mail opens the reset page (links.tsx).
import type { Hono } from 'hono';
import { ApiError } from '../../../platform/errors.js';
import { clientIp, nowOf } from '../../../platform/http/context.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { readForm } from '../../../platform/http/input.js';
import { type Locale, localeOf } from '../../../platform/http/page.js';
import { Email } from '../schemas.js';
import { requestPasswordReset } from '../service.js';
import { href, keepRetryAfter, logged, minutesOf, render, seeOther, tooManyText } from '../../../platform/http/pages.js';
import { Notice, SubmitButton } from './kit.js';
import { Alert, ErrorSummary, type FieldErrors, TextField } from '../../../platform/ui/form.js';

const T = {
  nl: {
    title: 'Wachtwoord vergeten',
    intro: 'Vul het e-mailadres van uw Vervolg-account in. Wij sturen u een link om een nieuw wachtwoord te kiezen.',
    email: 'E-mailadres',
    button: 'Stuur mij een link',
    emailMissing: 'Vul uw e-mailadres in.',
    emailInvalid: 'Vul een geldig e-mailadres in, zoals naam@gemeente.nl.',
    sent: 'Als er een account is met dit e-mailadres, dan ontvangt u binnen een paar minuten een e-mail met een link. De link werkt 60 minuten. Geen e-mail gekregen? Kijk ook in uw map met ongewenste e-mail.',
    back: 'Terug naar inloggen',
  },
  en: {
    title: 'Forgot your password',
    intro: 'Enter the e-mail address of your Vervolg account. We will send you a link to choose a new password.',
    email: 'E-mail address',
    button: 'Send me a link',
    emailMissing: 'Enter your e-mail address.',
    emailInvalid: 'Enter a valid e-mail address, like name@municipality.nl.',
    sent: 'If there is an account with this e-mail address, you will receive an e-mail with a link within a few minutes. The link works for 60 minutes. No e-mail? Check your spam folder too.',
    back: 'Back to sign in',
  },
} as const;

function Form(props: { c: Parameters<typeof href>[0]; locale: Locale; email: string; errors: FieldErrors; message?: string }) {
  const s = T[props.locale];
  return (
    <>
      {props.message ? <Alert type="error">{props.message}</Alert> : null}
      <ErrorSummary locale={props.locale} errors={props.errors} labels={{ email: s.email }} />
      <p class="utrecht-paragraph">{s.intro}</p>
      <form method="post" action={href(props.c, '/app/forgot-password')} novalidate>
        <TextField name="email" label={s.email} type="email" autocomplete="username" spellcheck={false} value={props.email} error={props.errors.email} />
        <SubmitButton>{s.button}</SubmitButton>
      </form>
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href={href(props.c, '/app/sign-in')}>
          {s.back}
        </a>
      </p>
    </>
  );
}

export function registerForgotPassword(pages: Hono<AppEnv>) {
  pages.get('/app/forgot-password', (c) => {
    const locale = localeOf(c);
    const s = T[locale];
    if (c.req.query('sent') === '1') {
      return render(
        c,
        s.title,
        <>
          <Notice kind="ok">{s.sent}</Notice>
          <p class="utrecht-paragraph">
            <a class="utrecht-link" href={href(c, '/app/sign-in')}>
              {s.back}
            </a>
          </p>
        </>,
      );
    }
    return render(c, s.title, <Form c={c} locale={locale} email="" errors={{}} />);
  });

  pages.post('/app/forgot-password', async (c) => {
    const locale = localeOf(c);
    const s = T[locale];
    const fields = await readForm(c);
    const typed = (fields.email ?? '').trim();
    const email = Email.safeParse(typed);
    if (!email.success) return render(c, s.title, <Form c={c} locale={locale} email={typed} errors={{ email: typed ? s.emailInvalid : s.emailMissing }} />, 400);
    const refused = await requestPasswordReset(c.get('trx'), email.data, { publicUrl: c.get('deps').config.publicUrl, ip: clientIp(c), now: nowOf(c) });
    if (refused instanceof ApiError) {
      keepRetryAfter(c, refused);
      return render(c, s.title, <Form c={c} locale={locale} email={typed} errors={{}} message={tooManyText(locale, minutesOf(refused))} />, 429);
    }
    await logged(c, 'requestPasswordReset', 'create');
    // The same answer whether or not the address has an account; the address is not in the URL.
    return seeOther(c, href(c, '/app/forgot-password', { sent: '1' }));
  });
}
