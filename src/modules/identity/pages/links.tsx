// Pages a person opens from an e-mail link: a one-time login link, an invitation, a password
// reset. Plain forms that work without JavaScript; the token travels as a hidden field on POST.
// Request logs never include the query string, so the token in the link is not logged.
import type { Context } from 'hono';
import { Hono } from 'hono';
import { PASSWORD_MIN } from '../../../platform/auth/password.js';
import { ApiError } from '../../../platform/errors.js';
import { clientIp, nowOf, setSessionCookie } from '../../../platform/http/context.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { requestTransaction } from '../../../platform/http/middleware.js';
import { type Locale, Page, localeOf, pageHeaders } from '../../../platform/http/page.js';
import { readForm } from '../../../platform/http/input.js';
import { acceptInvitation, completePasswordReset, demoLinksCountAsSecondFactor, redeemLoginLink, sessionForNewAccount } from '../service.js';
import { logged } from '../../../platform/http/pages.js';
import { SubmitButton } from './kit.js';
import { ErrorSummary, type FieldErrors, TextField } from '../../../platform/ui/form.js';

const t = {
  nl: {
    loginTitle: 'Inloggen met uw link',
    loginIntro: 'Klik op de knop om in te loggen. De link werkt één keer.',
    loginButton: 'Inloggen',
    loginDone: 'U bent ingelogd. U kunt nu de API gebruiken, bijvoorbeeld via de API-documentatie.',
    loginNeedsSecondFactor:
      'U bent ingelogd, maar nog niet met uw tweede factor. Voordat u persoonsgegevens of beheer kunt openen, bevestigt u deze sessie met een code uit uw authenticator-app of een herstelcode (POST /v1/auth/two-factor). Nog geen authenticator-app? Stel er een in met POST /v1/me/totp.',
    docs: 'Naar de API-documentatie',
    inviteTitle: 'Uitnodiging accepteren',
    inviteIntro: 'Maak uw account. Heeft u al een account met dit e-mailadres? Laat de velden dan leeg.',
    name: 'Uw naam',
    password: 'Kies een wachtwoord',
    passwordHint: `Minstens ${PASSWORD_MIN} tekens. Een zin van een paar woorden is makkelijk te onthouden.`,
    inviteButton: 'Account maken en accepteren',
    passwordTooShort: `Gebruik minstens ${PASSWORD_MIN} tekens.`,
    passwordMissing: 'Kies een wachtwoord.',
    nameMissing: 'Vul uw naam in.',
    inviteDone: 'Gelukt. U hoort nu bij de organisatie. U kunt inloggen met uw e-mailadres en wachtwoord.',
    signIn: 'Naar inloggen',
    resetTitle: 'Nieuw wachtwoord kiezen',
    resetButton: 'Wachtwoord opslaan',
    resetDone: 'Uw wachtwoord is veranderd. U bent overal uitgelogd; log opnieuw in.',
    missing: 'Deze link is niet compleet. Open de link uit de e-mail opnieuw.',
    errorTitle: 'Dat lukte niet',
    tooMany: (minutes: number) => `Er zijn te veel pogingen gedaan. Probeer het over ${minutes} ${minutes === 1 ? 'minuut' : 'minuten'} opnieuw.`,
    invalidToken: 'Deze link is onbekend, al gebruikt of verlopen. Vraag een nieuwe aan.',
    wrongAccount: 'Deze uitnodiging is voor een ander e-mailadres dan dat van het account waarmee u bent ingelogd.',
  },
  en: {
    loginTitle: 'Sign in with your link',
    loginIntro: 'Press the button to sign in. The link works once.',
    loginButton: 'Sign in',
    loginDone: 'You are signed in. You can now use the API, for example through the API reference.',
    loginNeedsSecondFactor:
      'You are signed in, but not yet with your second factor. Before you can open personal data or administration, verify this session with a code from your authenticator app or a recovery code (POST /v1/auth/two-factor). No authenticator app yet? Set one up with POST /v1/me/totp.',
    docs: 'Go to the API reference',
    inviteTitle: 'Accept invitation',
    inviteIntro: 'Create your account. Already have an account with this e-mail address? Leave the fields empty.',
    name: 'Your name',
    password: 'Choose a password',
    passwordHint: `At least ${PASSWORD_MIN} characters. A sentence of a few words is easy to remember.`,
    inviteButton: 'Create account and accept',
    passwordTooShort: `Use at least ${PASSWORD_MIN} characters.`,
    passwordMissing: 'Choose a password.',
    nameMissing: 'Enter your name.',
    inviteDone: 'Done. You are now part of the organisation. Sign in with your e-mail address and password.',
    signIn: 'Go to sign in',
    resetTitle: 'Choose a new password',
    resetButton: 'Save password',
    resetDone: 'Your password is changed. You are signed out everywhere; please sign in again.',
    missing: 'This link is incomplete. Open the link from the e-mail again.',
    errorTitle: 'That did not work',
    tooMany: (minutes: number) => `Too many attempts. Please try again in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}.`,
    invalidToken: 'This link is unknown, already used or expired. Ask for a new one.',
    wrongAccount: 'This invitation is for another e-mail address than the account you are signed in with.',
  },
} satisfies Record<Locale, Record<string, string | ((minutes: number) => string)>>;

type Text = { [K in keyof (typeof t)['nl']]: (typeof t)['nl'][K] extends string ? K : never }[keyof (typeof t)['nl']];

function errorText(error: unknown, locale: Locale): string {
  if (error instanceof ApiError && error.status === 429) return t[locale].tooMany(Math.ceil(Number(error.headers['Retry-After'] ?? 60) / 60));
  // The problems a person meets on these pages, in the page's language (the API's details are English).
  if (error instanceof ApiError && error.slug === 'invalid-token') return t[locale].invalidToken;
  if (error instanceof ApiError && error.slug === 'wrong-account') return t[locale].wrongAccount;
  if (error instanceof ApiError) {
    const params = (error.extra.invalidParams as { reason: string }[] | undefined)?.map((p) => p.reason).join(' ');
    return params ? `${error.detail} ${params}` : error.detail;
  }
  return locale === 'nl' ? 'Er ging iets mis. Probeer het later opnieuw.' : 'Something went wrong. Please try again later.';
}

function TokenForm(props: { action: string; token: string; locale: Locale; button: string; children?: unknown }) {
  return (
    <form method="post" action={`${props.action}?lang=${props.locale}`}>
      <input type="hidden" name="token" value={props.token} />
      {props.children as never}
      <button type="submit">{props.button}</button>
    </form>
  );
}

function PasswordFields(props: { locale: Locale; withName: boolean }) {
  const s = t[props.locale];
  return (
    <>
      {props.withName ? (
        <>
          <label for="name">{s.name}</label>
          <input id="name" name="name" autocomplete="name" />
        </>
      ) : null}
      <label for="password">{s.password}</label>
      <p id="password-hint" class="hint">
        {s.passwordHint}
      </p>
      <input id="password" name="password" type="password" autocomplete="new-password" aria-describedby="password-hint" />
    </>
  );
}

async function formToken(c: Context<AppEnv>): Promise<{ token: string; fields: Record<string, string> }> {
  const fields = await readForm(c);
  return { token: fields.token ?? '', fields };
}

/**
 * Handlers throw; this renders the failure as a page. Because the error was thrown, the
 * request's transaction rolls back: a failed form changes nothing. A handler that must keep a
 * counted failure (a throttled token) returns this page instead of throwing, so it commits.
 * Too many attempts stay 429 with Retry-After, as in the API.
 */
function failurePage(error: Error, c: Context<AppEnv>) {
  const locale = localeOf(c);
  if (!(error instanceof ApiError)) c.get('deps').log({ level: 'error', msg: 'page error', requestId: c.get('requestId'), error: error.message });
  const status = error instanceof ApiError && error.status < 500 ? (error.status === 429 ? 429 : 400) : 500;
  if (error instanceof ApiError && error.headers['Retry-After']) c.header('Retry-After', error.headers['Retry-After']);
  pageHeaders(c);
  return c.html(
    <Page title={t[locale].errorTitle} locale={locale}>
      <div class="error" role="alert">
        <p>{errorText(error, locale)}</p>
      </div>
    </Page>,
    status,
  );
}

function page404Missing(c: Context<AppEnv>) {
  const locale = localeOf(c);
  return c.html(
    <Page title={t[locale].inviteTitle} locale={locale}>
      <p class="error">{t[locale].missing}</p>
    </Page>,
  );
}

export function identityPages(): Hono<AppEnv> {
  const pages = new Hono<AppEnv>();
  // Only on these paths: the router is mounted at '/', and the API (under /v1) has its own
  // transaction — a second one around it would nest.
  for (const path of ['/login-link', '/accept-invitation', '/reset-password']) {
    pages.use(path, async (c, next) => {
      await next();
      pageHeaders(c);
    });
    pages.use(path, requestTransaction());
  }
  pages.onError(failurePage);

  const page = (path: string, title: Text, body: (locale: Locale, token: string) => unknown) =>
    pages.get(path, (c) => {
      const locale = localeOf(c);
      const token = c.req.query('token') ?? '';
      const other = locale === 'nl' ? 'en' : 'nl';
      return c.html(
        <Page title={t[locale][title]} locale={locale} langSwitchHref={`${path}?lang=${other}&token=${encodeURIComponent(token)}`}>
          {token ? (body(locale, token) as never) : <p class="error">{t[locale].missing}</p>}
        </Page>,
      );
    });

  page('/login-link', 'loginTitle', (locale, token) => (
    <>
      <p>{t[locale].loginIntro}</p>
      <TokenForm action="/login-link" token={token} locale={locale} button={t[locale].loginButton} />
    </>
  ));
  pages.post('/login-link', async (c) => {
    const locale = localeOf(c);
    const { token } = await formToken(c);
    {
      const session = await redeemLoginLink(c.get('trx'), token, { ip: clientIp(c), userAgent: c.req.header('User-Agent') ?? null, now: nowOf(c) }, {
        demoLinksCount: demoLinksCountAsSecondFactor(c.get('deps')),
      });
      if (session instanceof ApiError) return failurePage(session, c);
      await logged(c, 'redeemLoginLink', 'create', { type: 'user', id: session.userId });
      setSessionCookie(c, session.token);
      // Into the app: /app sends the person on to the second factor (or its set-up) when needed.
      return c.redirect(`/app?lang=${locale}`, 303);
    }
  });

  const inviteForm = (c: Context<AppEnv>, token: string, errors: FieldErrors, name: string, status: 200 | 400 = 200) => {
    const locale = localeOf(c);
    const s = t[locale];
    const other = locale === 'nl' ? 'en' : 'nl';
    return c.html(
      <Page title={s.inviteTitle} locale={locale} langSwitchHref={`/accept-invitation?lang=${other}&token=${encodeURIComponent(token)}`}>
        <ErrorSummary locale={locale} errors={errors} labels={{ name: s.name, password: s.password }} />
        <p>{s.inviteIntro}</p>
        <form method="post" action={`/accept-invitation?lang=${locale}`} novalidate>
          <input type="hidden" name="token" value={token} />
          <TextField name="name" label={s.name} autocomplete="name" value={name} error={errors.name} />
          <TextField name="password" label={s.password} hint={s.passwordHint} type="password" autocomplete="new-password" error={errors.password} />
          <SubmitButton>{s.inviteButton}</SubmitButton>
        </form>
      </Page>,
      status,
    );
  };
  pages.get('/accept-invitation', (c) => {
    const token = c.req.query('token') ?? '';
    if (!token) return page404Missing(c);
    return inviteForm(c, token, {}, '');
  });
  pages.post('/accept-invitation', async (c) => {
    const locale = localeOf(c);
    const { token, fields } = await formToken(c);
      const name = (fields.name ?? '').trim();
      if (fields.password && fields.password.length < PASSWORD_MIN) return inviteForm(c, token, { password: t[locale].passwordTooShort }, name, 400);
      if (name && !fields.password) return inviteForm(c, token, { password: t[locale].passwordMissing }, name, 400);
      if (fields.password && !name) return inviteForm(c, token, { name: t[locale].nameMissing }, name, 400);
      const p = c.get('principal');
      let accepted: Awaited<ReturnType<typeof acceptInvitation>>;
      try {
        accepted = await acceptInvitation(c.get('trx'), { token, name: name || undefined, password: fields.password || undefined }, p?.kind === 'user' ? p.userId : null, { ip: clientIp(c), now: nowOf(c) });
      } catch (error) {
        // A new account needs a name and a password: the form comes back (nothing was written yet).
        if (error instanceof ApiError && error.slug === 'invalid-input') return inviteForm(c, token, { name: t[locale].nameMissing, password: t[locale].passwordMissing }, name, 400);
        throw error;
      }
      if (accepted instanceof ApiError) return failurePage(accepted, c);
      await logged(c, 'acceptInvitation', 'create', { type: 'user', id: accepted.userId }, { tenantId: accepted.municipalityId, providerId: accepted.providerId });
      // A new account: signed in at once (they just chose the password), on to the authenticator app.
      if (accepted.created) {
        const session = await sessionForNewAccount(c.get('trx'), accepted.userId, c.req.header('User-Agent') ?? null);
        setSessionCookie(c, session.token);
        return c.redirect(`/app/enrol?lang=${locale}`, 303);
      }
      // Already signed in as this person: straight into the app.
      if (p?.kind === 'user') return c.redirect(`/app?lang=${locale}`, 303);
      return c.html(
        <Page title={t[locale].inviteTitle} locale={locale}>
          <p class="ok" role="status">
            {t[locale].inviteDone}
          </p>
          <p>
            <a class="utrecht-link" href={`/app/sign-in?lang=${locale}`}>
              {t[locale].signIn}
            </a>
          </p>
        </Page>,
      );
  });

  page('/reset-password', 'resetTitle', (locale, token) => (
    <TokenForm action="/reset-password" token={token} locale={locale} button={t[locale].resetButton}>
      <PasswordFields locale={locale} withName={false} />
    </TokenForm>
  ));
  pages.post('/reset-password', async (c) => {
    const locale = localeOf(c);
    const { token, fields } = await formToken(c);
    {
      const password = fields.password ?? '';
      if (password.length < PASSWORD_MIN) throw new ApiError(400, 'invalid-input', 'Invalid input', t[locale].passwordHint);
      const changed = await completePasswordReset(c.get('trx'), token, password, { ip: clientIp(c), now: nowOf(c) });
      if (changed instanceof ApiError) return failurePage(changed, c);
      return c.html(
        <Page title={t[locale].resetTitle} locale={locale}>
          <p class="ok" role="status">
            {t[locale].resetDone}
          </p>
          <p>
            <a class="utrecht-link" href={`/app/sign-in?lang=${locale}`}>
              {t[locale].signIn}
            </a>
          </p>
        </Page>,
      );
    }
  });
  return pages;
}
