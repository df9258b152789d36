// "My account": who I am, my second factor, my sessions (with revoke) and sign out everywhere —
// what GET /v1/me, GET /v1/me/sessions and DELETE /v1/me/sessions/{id} give, as one page.
import type { Hono } from 'hono';
import { clearSessionCookie } from '../../../platform/http/context.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { readForm } from '../../../platform/http/input.js';
import { localeOf, readableDateTime } from '../../../platform/http/page.js';
import { getMe, listSessions, revokeAllSessions, revokeSession } from '../service.js';
import { type UserPrincipal, href, logged, pageAccess, seeOther, staffPage } from '../../../platform/http/pages.js';
import { Notice, SubmitButton } from './kit.js';

const T = {
  nl: {
    title: 'Mijn account',
    name: 'Naam',
    email: 'E-mailadres',
    organisations: 'Organisaties',
    secondFactor: 'Tweede factor',
    totpOn: 'Authenticator-app ingesteld',
    totpOff: 'Nog geen authenticator-app',
    recoveryLeft: (n: number) => `${n} ongebruikte ${n === 1 ? 'herstelcode' : 'herstelcodes'}`,
    recoveryLink: 'Herstelcodes',
    sessions: 'Mijn sessies',
    sessionsIntro: 'Hier ziet u waar u bent ingelogd. Herkent u een sessie niet? Beëindig die dan en verander uw wachtwoord.',
    device: 'Apparaat en browser',
    created: 'Ingelogd op',
    lastActive: 'Laatst actief',
    thisOne: 'Deze sessie',
    unknownDevice: 'Onbekend apparaat',
    revoke: 'Beëindigen',
    revokeLabel: (device: string) => `Sessie beëindigen: ${device}`,
    revoked: 'De sessie is beëindigd.',
    everywhere: 'Overal uitloggen',
    everywhereHint: 'Beëindigt al uw sessies, ook deze.',
    roles: { admin: 'beheerder', 'contract-manager': 'contractmanager', 'case-manager': 'casemanager', analyst: 'analist', staff: 'medewerker' } as Record<string, string>,
  },
  en: {
    title: 'My account',
    name: 'Name',
    email: 'E-mail address',
    organisations: 'Organisations',
    secondFactor: 'Second factor',
    totpOn: 'Authenticator app set up',
    totpOff: 'No authenticator app yet',
    recoveryLeft: (n: number) => `${n} unused recovery ${n === 1 ? 'code' : 'codes'}`,
    recoveryLink: 'Recovery codes',
    sessions: 'My sessions',
    sessionsIntro: 'Where you are signed in. Do you not recognise a session? End it and change your password.',
    device: 'Device and browser',
    created: 'Signed in',
    lastActive: 'Last active',
    thisOne: 'This session',
    unknownDevice: 'Unknown device',
    revoke: 'End',
    revokeLabel: (device: string) => `End session: ${device}`,
    revoked: 'The session has ended.',
    everywhere: 'Sign out everywhere',
    everywhereHint: 'Ends all your sessions, this one too.',
    roles: { admin: 'admin', 'contract-manager': 'contract manager', 'case-manager': 'case manager', analyst: 'analyst', staff: 'staff' } as Record<string, string>,
  },
} as const;

/** A user agent in a few words: browser and system, as people recognise them. */
export function deviceOf(userAgent: string | null): string | null {
  if (!userAgent) return null;
  const browser = /Edg\//.test(userAgent) ? 'Edge' : /Firefox\//.test(userAgent) ? 'Firefox' : /Chrom(e|ium)\//.test(userAgent) ? 'Chrome' : /Safari\//.test(userAgent) ? 'Safari' : null;
  const system = /Windows/.test(userAgent) ? 'Windows' : /Android/.test(userAgent) ? 'Android' : /iPhone|iPad/.test(userAgent) ? 'iOS' : /Mac OS X/.test(userAgent) ? 'macOS' : /Linux/.test(userAgent) ? 'Linux' : null;
  if (browser && system) return `${browser}, ${system}`;
  return browser ?? system ?? userAgent.slice(0, 60);
}

export function registerAccount(pages: Hono<AppEnv>) {
  pages.get('/app/account', pageAccess({ kind: 'user' }), async (c) => {
    const locale = localeOf(c);
    const s = T[locale];
    const p = c.get('principal') as UserPrincipal;
    const trx = c.get('trx');
    const me = await getMe(trx, p.userId, p.twoFactorVerified);
    const sessions = await listSessions(trx, p.userId, p.sessionId);
    const organisations = [...me.municipalities.map((m) => ({ name: m.municipalityName, roles: m.roles as string[] })), ...me.providers.map((m) => ({ name: m.providerName, roles: m.roles as string[] }))];
    return staffPage(c, {
      title: s.title,
      body: (
      <>
        {c.req.query('revoked') === '1' ? <Notice kind="ok">{s.revoked}</Notice> : null}
        <dl class="utrecht-data-list vv-account">
          <div class="utrecht-data-list__item">
            <dt class="utrecht-data-list__item-key">{s.name}</dt>
            <dd class="utrecht-data-list__item-value">{me.name}</dd>
          </div>
          <div class="utrecht-data-list__item">
            <dt class="utrecht-data-list__item-key">{s.email}</dt>
            <dd class="utrecht-data-list__item-value">{me.email}</dd>
          </div>
          {organisations.length > 0 ? (
            <div class="utrecht-data-list__item">
              <dt class="utrecht-data-list__item-key">{s.organisations}</dt>
              <dd class="utrecht-data-list__item-value">
                {organisations.map((o) => (
                  <div>{`${o.name} (${o.roles.map((r) => s.roles[r] ?? r).join(', ')})`}</div>
                ))}
              </dd>
            </div>
          ) : null}
          <div class="utrecht-data-list__item">
            <dt class="utrecht-data-list__item-key">{s.secondFactor}</dt>
            <dd class="utrecht-data-list__item-value" id="second-factor">
              {me.twoFactorEnabled ? s.totpOn : s.totpOff}
              {me.twoFactorEnabled ? (
                <>
                  {' · '}
                  <a class="utrecht-link" href={href(c, '/app/recovery-codes')}>
                    {`${s.recoveryLink}: ${s.recoveryLeft(me.recoveryCodesLeft)}`}
                  </a>
                </>
              ) : null}
            </dd>
          </div>
        </dl>
        <h2 class="utrecht-heading-2" id="sessions-title">
          {s.sessions}
        </h2>
        <p class="utrecht-paragraph">{s.sessionsIntro}</p>
        {/* A list, not a table: each session reads as a whole on a phone as on a desktop. */}
        <ul class="utrecht-unordered-list vv-sessions" aria-labelledby="sessions-title">
          {sessions.map((session) => {
            const device = deviceOf(session.userAgent) ?? s.unknownDevice;
            return (
              <li class="utrecht-unordered-list__item" data-current={session.current ? 'true' : undefined}>
                <h3 class="utrecht-heading-3">
                  {device}
                  {session.current ? ` (${s.thisOne})` : null}
                </h3>
                <p class="utrecht-paragraph">
                  {`${s.created}: ${readableDateTime(session.createdAt, locale)}`}
                  <br />
                  {`${s.lastActive}: ${readableDateTime(session.lastActiveAt, locale)}`}
                </p>
                <form method="post" action={href(c, '/app/account')}>
                  <input type="hidden" name="intent" value="revoke" />
                  <input type="hidden" name="session" value={session.id} />
                  <button
                    type="submit"
                    class="utrecht-button utrecht-button--secondary-action utrecht-button--small"
                    aria-label={s.revokeLabel(session.current ? `${device} (${s.thisOne})` : device)}
                  >
                    {s.revoke}
                  </button>
                </form>
              </li>
            );
          })}
        </ul>
        <form method="post" action={href(c, '/app/account')}>
          <input type="hidden" name="intent" value="everywhere" />
          <p class="utrecht-paragraph hint">{s.everywhereHint}</p>
          <SubmitButton secondary={true}>{s.everywhere}</SubmitButton>
        </form>
      </>
      ),
    });
  });

  pages.post('/app/account', pageAccess({ kind: 'self' }), async (c) => {
    const p = c.get('principal') as UserPrincipal;
    const fields = await readForm(c);
    const trx = c.get('trx');
    if (fields.intent === 'everywhere') {
      c.set('operationId', 'revokeAllMySessions');
      await revokeAllSessions(trx, p.userId);
      await logged(c, 'revokeAllMySessions', 'delete', { type: 'user', id: p.userId });
      clearSessionCookie(c);
      return seeOther(c, href(c, '/app/sign-in', { signedOut: '1' }));
    }
    const sessionId = fields.session ?? '';
    c.set('operationId', 'revokeMySession');
    // Someone else's or an unknown session is "not found", as in the API.
    await revokeSession(trx, p.userId, /^[a-z2-7]{24}$/.test(sessionId) ? sessionId : 'unknown');
    await logged(c, 'revokeMySession', 'delete', { type: 'session', id: sessionId });
    if (sessionId === p.sessionId) {
      clearSessionCookie(c);
      return seeOther(c, href(c, '/app/sign-in', { signedOut: '1' }));
    }
    return seeOther(c, href(c, '/app/account', { revoked: '1' }));
  });
}
