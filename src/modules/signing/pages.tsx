// The signing page a young person opens on their phone. Plain HTML forms (no JavaScript needed),
// Dutch at level B1 by default, English on request. The token travels in the query of the link
// and in a hidden field; request logs never include query strings.
import type { Context } from 'hono';
import { Hono } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { recordProcessing } from '../../platform/audit.js';
import { ApiError } from '../../platform/errors.js';
import { clientIp, nowOf } from '../../platform/http/context.js';
import { onError } from '../../platform/http/errors-handler.js';
import type { AppEnv } from '../../platform/http/env.js';
import { pdfServiceOf } from '../../platform/pdf-service.js';
import { requestTransaction } from '../../platform/http/middleware.js';
import { type Locale, Page, localeOf, pageHeaders } from '../../platform/http/page.js';
import { readForm } from '../../platform/http/input.js';
import { getVersion } from '../agreements/service.js';
import { AgreementView } from './agreement-view.js';
import { signedDocument } from './document.js';
import {
  DOWNLOAD_COOKIE,
  DOWNLOAD_SESSION_MINUTES,
  type DownloadOffer,
  downloadCodeOut,
  downloadsFor,
  hasDownloads,
  openDownloadSession,
  requestDownloadCode,
  startDownloadSession,
  verifyDownloadCode,
} from './downloads.js';
import { readableExport } from './export-labels.js';
import { registerVerificationPage } from './verify-page.js';
import { pageTheme } from '../tenants/service.js';
import { CONSENT_TEXT, type LinkProblem, LinkError, decline, exportForYoungPerson, isVerified, openLink, recordOpened, recordViewed, requestCode, sign, verifyCode } from './service.js';
import { CodeThrottled } from './throttle.js';

const T = {
  nl: {
    title: 'Je afspraken ondertekenen',
    unknown: 'Deze link kennen we niet. Kijk of je de hele link uit het bericht hebt gebruikt.',
    expired: 'Deze link is verlopen. Vraag je casemanager om een nieuwe link.',
    done: 'Je hebt deze afspraken al ondertekend of geweigerd. Je hoeft niets meer te doen.',
    closed: 'Deze link werkt niet (meer). Misschien is het nog niet jouw beurt, of is de ondertekening gestopt. Vraag je casemanager wat je moet doen.',
    codeIntro: (where: string) => `Eerst checken we of jij het bent. We sturen een code van 6 cijfers naar ${where}.`,
    sendCode: 'Stuur mij een code',
    codeSent: (where: string) => `We hebben een code gestuurd naar ${where}. Vul hem hieronder in.`,
    codeLabel: 'Code (6 cijfers)',
    check: 'Verder',
    wrongCode: 'Die code klopt niet, of hij is verlopen. Probeer het opnieuw of vraag een nieuwe code.',
    read: 'Lees de afspraken goed. Onderaan kun je ondertekenen.',
    consent: CONSENT_TEXT.nl,
    typedName: 'Typ je volledige naam',
    signButton: 'Onderteken',
    declineTitle: 'Wil je niet tekenen?',
    declineReason: 'Vertel kort waarom',
    declineButton: 'Ik teken niet',
    signed: 'Gelukt! Je hebt de afspraken ondertekend. Je krijgt bericht als iedereen heeft getekend.',
    completed: 'Gelukt! Iedereen heeft getekend. De afspraken gelden nu. Je krijgt een bericht met een link naar de afspraken.',
    declined: 'Je hebt niet getekend. Je casemanager neemt contact met je op.',
    downloadPdf: 'Download de ondertekende afspraken (pdf, als iedereen heeft getekend)',
    padLabel: 'Wil je ook je handtekening tekenen? Dat mag, maar hoeft niet. Teken met je vinger of muis.',
    padClear: 'Opnieuw tekenen',
    downloadData: 'Download al je gegevens (bestand)',
    downloadTitle: 'Downloaden',
    downloadIntro: (what: string, where: string) => `Wil je ${what} downloaden? Dan sturen we eerst een code naar ${where}. Zo weten we dat jij het bent.`,
    downloadWhatPdf: 'de ondertekende afspraken',
    downloadWhatAll: 'de afspraken of al je gegevens',
    yourPhone: 'je telefoon',
    yourEmail: 'je e-mailadres',
    downloadCodeSent: 'We hebben je een code gestuurd. Vul hem hieronder in.',
    downloadsOpen: (minutes: number) => `Je kunt nu downloaden. Dit werkt ${minutes} minuten. Daarna vraag je een nieuwe code.`,
    downloadVersion: (v: number) => `Download de ondertekende afspraken (pdf, versie ${v})`,
    sessionOver: 'Deze download werkt niet (meer). Open de link uit je bericht opnieuw en vraag een nieuwe code.',
    throttled: (minutes: number) => `Je hebt te vaak een code gevraagd of een verkeerde code ingevuld. Wacht ${minutes} minuten. Probeer het daarna opnieuw.`,
    ownPage: 'Naar je eigen pagina: je doelen, wie je kunt vragen om hulp en praktische informatie',
  },
  en: {
    title: 'Sign your agreements',
    unknown: 'We do not know this link. Check that you used the whole link from the message.',
    expired: 'This link has expired. Ask your case manager for a new link.',
    done: 'You have already signed or declined these agreements. There is nothing left to do.',
    closed: 'This link does not work (any more). Maybe it is not your turn yet, or the signing was stopped. Ask your case manager what to do.',
    codeIntro: (where: string) => `First we check that it is you. We send a 6-digit code to ${where}.`,
    sendCode: 'Send me a code',
    codeSent: (where: string) => `We sent a code to ${where}. Enter it below.`,
    codeLabel: 'Code (6 digits)',
    check: 'Continue',
    wrongCode: 'That code is wrong or has expired. Try again or ask for a new code.',
    read: 'Read the agreements carefully. You can sign at the bottom.',
    consent: CONSENT_TEXT.en,
    typedName: 'Type your full name',
    signButton: 'Sign',
    declineTitle: 'Do you not want to sign?',
    declineReason: 'Tell us briefly why',
    declineButton: 'I will not sign',
    signed: 'Done! You have signed the agreements. You will hear from us when everyone has signed.',
    completed: 'Done! Everyone has signed. The agreements now apply. You will get a message with a link to the agreements.',
    declined: 'You did not sign. Your case manager will contact you.',
    downloadPdf: 'Download the signed agreements (pdf, once everyone has signed)',
    padLabel: 'Would you like to draw your signature too? You may, but you do not have to. Draw with your finger or mouse.',
    padClear: 'Draw again',
    downloadData: 'Download all your data (file)',
    downloadTitle: 'Download',
    downloadIntro: (what: string, where: string) => `Do you want to download ${what}? We first send a code to ${where}. That way we know it is you.`,
    downloadWhatPdf: 'the signed agreements',
    downloadWhatAll: 'the agreements or all your data',
    yourPhone: 'your phone',
    yourEmail: 'your e-mail address',
    downloadCodeSent: 'We sent you a code. Enter it below.',
    downloadsOpen: (minutes: number) => `You can download now. This works for ${minutes} minutes. After that, ask for a new code.`,
    downloadVersion: (v: number) => `Download the signed agreements (pdf, version ${v})`,
    sessionOver: 'This download does not work (any more). Open the link from your message again and ask for a new code.',
    throttled: (minutes: number) => `You asked for a code too often, or entered a wrong code too often. Wait ${minutes} minutes. Then try again.`,
    ownPage: 'Go to your own page: your goals, who to ask for help and practical information',
  },
};

const masked = (signer: { channel: 'email' | 'sms'; email: string | null; mobile: string | null }) =>
  signer.channel === 'sms' ? `••••${(signer.mobile ?? '').slice(-4)}` : (signer.email ?? '').replace(/^(.).*(@.*)$/, '$1•••$2');

function Hidden(props: { token: string }) {
  return <input type="hidden" name="t" value={props.token} />;
}

/** The downloads of an open download session (the cookie opens them; no token in these links). */
function DownloadList(props: { offer: DownloadOffer; locale: Locale; ownPage?: boolean }) {
  const s = T[props.locale];
  const many = props.offer.versions.length > 1;
  return (
    <section aria-labelledby="downloads-heading">
      <h2 id="downloads-heading">{s.downloadTitle}</h2>
      <p>{s.downloadsOpen(DOWNLOAD_SESSION_MINUTES)}</p>
      <ul>
        {props.offer.versions.map((v) => (
          <li>
            <a href={`/sign/document?version=${v}`}>{many ? s.downloadVersion(v) : s.downloadPdf}</a>
          </li>
        ))}
        {props.offer.exportData ? (
          <li>
            <a href="/sign/export">{s.downloadData}</a>
          </li>
        ) : null}
      </ul>
      {/* The young person who signed: the same session opens their own page (own-page module). */}
      {props.ownPage ? (
        <p>
          <a href={`/sign/my-page?lang=${props.locale}`}>{s.ownPage}</a>
        </p>
      ) : null}
    </section>
  );
}

/** A used or expired link: it opens nothing, but offers a fresh code that opens the downloads. */
function DownloadAccess(props: { token: string; offer: DownloadOffer; channel: 'email' | 'sms'; codeOut: boolean; locale: Locale }) {
  const s = T[props.locale];
  const where = props.channel === 'sms' ? s.yourPhone : s.yourEmail;
  return (
    <section aria-labelledby="downloads-heading">
      <h2 id="downloads-heading">{s.downloadTitle}</h2>
      <p>{s.downloadIntro(props.offer.exportData ? s.downloadWhatAll : s.downloadWhatPdf, where)}</p>
      {props.codeOut ? (
        <form method="post" action={`/sign/download/verify?lang=${props.locale}`}>
          <Hidden token={props.token} />
          <label for="code">{s.codeLabel}</label>
          <input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength={6} required />
          <button type="submit">{s.check}</button>
        </form>
      ) : null}
      <form method="post" action={`/sign/download/code?lang=${props.locale}`}>
        <Hidden token={props.token} />
        <button type="submit" class={props.codeOut ? 'secondary' : ''}>
          {s.sendCode}
        </button>
      </form>
    </section>
  );
}

interface RenderOptions {
  /** A download session was just opened (code checked, or signed minutes after a code): list the downloads. */
  downloadsOpen?: boolean;
  /** Too many codes or attempts: answer 429 with Retry-After (seconds). */
  retryAfter?: number;
}

async function render(c: Context<AppEnv>, token: string, notice?: { kind: 'error' | 'ok'; text: string }, fieldErrors: Record<string, string> = {}, options: RenderOptions = {}) {
  const locale = localeOf(c);
  const s = T[locale];
  const now = nowOf(c);
  const trx = c.get('trx');
  const meta = { ip: clientIp(c), userAgent: c.req.header('User-Agent') ?? null, now };
  const other = locale === 'nl' ? 'en' : 'nl';
  if (options.retryAfter) c.header('Retry-After', String(options.retryAfter));
  // The municipality's look (its theme and logo) once the link says which municipality it is.
  let look: Awaited<ReturnType<typeof pageTheme>> | undefined;
  const frame = (body: unknown, status: 200 | 400 | 404 | 410 | 429 = 200) =>
    c.html(
      <Page title={s.title} locale={locale} langSwitchHref={`/sign?t=${token}&lang=${other}`} theme={look?.theme} municipality={look ? { name: look.name, logoHref: look.logoHref } : undefined}>
        {notice ? (
          <p class={notice.kind} role={notice.kind === 'error' ? 'alert' : 'status'}>
            {notice.text}
          </p>
        ) : null}
        {body as never}
      </Page>,
      options.retryAfter ? 429 : status,
    );
  let opened: Awaited<ReturnType<typeof openLink>>;
  try {
    opened = await openLink(trx, token, now);
  } catch (error) {
    if (error instanceof LinkError) return frame(<p class="error">{s.unknown}</p>, 404);
    throw error;
  }
  const { tenantId, signer, problem } = opened;
  look = await pageTheme(trx, tenantId);
  if (problem && problem !== 'done') {
    // A known link used when it may not be (expired, closed, not yet their turn): on record.
    c.set('tenantId', tenantId);
    await recordProcessing(trx, c, { operation: 'openSigningLink', action: 'read', status: 'refused', subject: { type: 'agreement', id: signer.agreement_id }, tenantId, actor: { type: 'signer', id: signer.id } });
  }
  if (problem) {
    const text: Record<LinkProblem, string> = { unknown: s.unknown, expired: s.expired, done: s.done, closed: s.closed };
    // The link itself opens nothing personal any more: a fresh code opens the downloads.
    const offer = await downloadsFor(trx, tenantId, signer);
    const downloads = !hasDownloads(offer) ? null : options.downloadsOpen ? (
      <DownloadList offer={offer} locale={locale} ownPage={signer.role === 'young-person' && signer.status === 'signed'} />
    ) : (
      <DownloadAccess token={token} offer={offer} channel={signer.channel} codeOut={await downloadCodeOut(trx, tenantId, signer.id, now)} locale={locale} />
    );
    return frame(
      <>
        {notice?.kind === 'ok' ? null : <p class={problem === 'done' ? 'ok' : 'error'}>{text[problem]}</p>}
        {downloads}
      </>,
      problem === 'expired' ? 410 : 200,
    );
  }
  await recordOpened(trx, tenantId, signer, meta);
  if (!isVerified(signer, now)) {
    const codeOut = signer.code_hash !== null && signer.code_expires_at !== null && new Date(signer.code_expires_at) > now;
    return frame(
      <>
        <p>{s.codeIntro(masked(signer))}</p>
        {codeOut ? (
          <form method="post" action={`/sign/verify?lang=${locale}`}>
            <Hidden token={token} />
            <p>{s.codeSent(masked(signer))}</p>
            <label for="code">{s.codeLabel}</label>
            <input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength={6} required />
            <button type="submit">{s.check}</button>
          </form>
        ) : null}
        <form method="post" action={`/sign/code?lang=${locale}`}>
          <Hidden token={token} />
          <button type="submit" class={codeOut ? 'secondary' : ''}>
            {s.sendCode}
          </button>
        </form>
      </>,
    );
  }
  const version = await getVersion(trx, tenantId, signer.agreement_id, signer.version);
  await recordViewed(trx, tenantId, signer, meta);
  return frame(
    <>
      <p>{s.read}</p>
      <AgreementView content={version.content} locale={locale} />
      <form method="post" action={`/sign/sign?lang=${locale}`} aria-labelledby="sign-heading">
        <h2 id="sign-heading">{s.signButton}</h2>
        <Hidden token={token} />
        <p>
          <input type="checkbox" id="consent" name="consent" value="yes" aria-describedby={fieldErrors.consent ? 'consent-error' : undefined} />{' '}
          <label for="consent" class="vv-inline-label">
            {s.consent}
          </label>
        </p>
        {fieldErrors.consent ? (
          <p id="consent-error" class="error">
            {fieldErrors.consent}
          </p>
        ) : null}
        <label for="typedName">{s.typedName}</label>
        <input id="typedName" name="typedName" autocomplete="name" aria-describedby={fieldErrors.typedName ? 'name-error' : undefined} />
        {fieldErrors.typedName ? (
          <p id="name-error" class="error">
            {fieldErrors.typedName}
          </p>
        ) : null}
        {/* Optional: drawing a signature needs JavaScript (pad.js shows the pad); the typed name is the signature either way. */}
        <div id="pad-wrap" hidden>
          <p id="pad-label">{s.padLabel}</p>
          <canvas id="pad" width={320} height={120} role="img" aria-labelledby="pad-label" class="vv-pad" />
          <button type="button" id="pad-clear" class="secondary">
            {s.padClear}
          </button>
        </div>
        <input type="hidden" name="drawnSignature" id="drawnSignature" value="" />
        <button type="submit">{s.signButton}</button>
      </form>
      <script src="/sign/pad.js" defer />
      <form method="post" action={`/sign/decline?lang=${locale}`} aria-labelledby="decline-heading">
        <h2 id="decline-heading">{s.declineTitle}</h2>
        <Hidden token={token} />
        <label for="reason">{s.declineReason}</label>
        <textarea id="reason" name="reason" rows={3} />
        <button type="submit" class="secondary">
          {s.declineButton}
        </button>
      </form>
    </>,
  );
}

/**
 * The drawing pad, as progressive enhancement: it shows the pad, draws with pointer events, and
 * puts the drawing (PNG) in the form when something was drawn.
 */
const PAD_SCRIPT = `(() => {
  const wrap = document.getElementById('pad-wrap');
  const pad = document.getElementById('pad');
  const field = document.getElementById('drawnSignature');
  if (!wrap || !pad || !field || !pad.getContext) return;
  wrap.hidden = false;
  const ctx = pad.getContext('2d');
  ctx.lineWidth = 2.5; ctx.lineCap = 'round'; ctx.strokeStyle = '#111';
  let drawing = false, drawn = false;
  const at = (e) => { const r = pad.getBoundingClientRect(); return [(e.clientX - r.left) * pad.width / r.width, (e.clientY - r.top) * pad.height / r.height]; };
  pad.addEventListener('pointerdown', (e) => { drawing = true; pad.setPointerCapture(e.pointerId); const [x, y] = at(e); ctx.beginPath(); ctx.moveTo(x, y); });
  pad.addEventListener('pointermove', (e) => { if (!drawing) return; const [x, y] = at(e); ctx.lineTo(x, y); ctx.stroke(); drawn = true; });
  pad.addEventListener('pointerup', () => { drawing = false; });
  document.getElementById('pad-clear').addEventListener('click', () => { ctx.clearRect(0, 0, pad.width, pad.height); drawn = false; field.value = ''; });
  pad.closest('form').addEventListener('submit', () => { if (drawn) field.value = pad.toDataURL('image/png'); });
})();`;

function setDownloadCookie(c: Context<AppEnv>, token: string) {
  const { config } = c.get('deps');
  setCookie(c, DOWNLOAD_COOKIE, token, {
    httpOnly: true,
    secure: config.publicUrl.startsWith('https://') || config.env === 'production',
    sameSite: 'Strict',
    path: '/sign',
    maxAge: DOWNLOAD_SESSION_MINUTES * 60,
  });
}

/** Too many codes or wrong codes: a readable page, 429 with Retry-After. */
function throttled(c: Context<AppEnv>, token: string, error: CodeThrottled) {
  return render(c, token, { kind: 'error', text: T[localeOf(c)].throttled(Math.ceil(error.retryAfterSeconds / 60)) }, {}, { retryAfter: error.retryAfterSeconds });
}

/** A download without a live session: an old link leads to the page that offers a code. */
function noDownload(c: Context<AppEnv>) {
  const token = c.req.query('t');
  if (token) return render(c, token);
  const locale = localeOf(c);
  const s = T[locale];
  return c.html(
    <Page title={s.title} locale={locale}>
      <p class="error">{s.sessionOver}</p>
    </Page>,
    403,
  );
}

async function form(c: Context<AppEnv>) {
  const body = await readForm(c);
  const get = (k: string) => body[k] ?? '';
  return { token: get('t'), get };
}

const FAILURE = {
  nl: {
    title: 'Dat lukte nu niet',
    unavailable: 'Het lukte ons nu niet om dit af te maken. Er is niets opgeslagen. Probeer het over een paar minuten opnieuw.',
    failed: 'Er ging bij ons iets mis. Er is niets opgeslagen. Probeer het later opnieuw.',
    again: 'Open daarvoor de link uit uw sms of e-mail opnieuw.',
    againVerify: 'Kies het bestand dan opnieuw.',
  },
  en: {
    title: 'That did not work just now',
    unavailable: 'We could not finish this just now. Nothing was saved. Please try again in a few minutes.',
    failed: 'Something went wrong on our side. Nothing was saved. Please try again later.',
    again: 'To do so, open the link from your text message or e-mail again.',
    againVerify: 'Then choose the file again.',
  },
} as const;

/**
 * What a person sees when a signing page fails on our side (the document service, the database):
 * the request's transaction is rolled back, so nothing half-done stays, and a plain page says so
 * in their language — not a JSON problem in a phone's browser. The app's error handler still
 * decides the status and logs the cause; a program (no text/html in Accept) gets its problem+json.
 * The page has no link with the signing token in it: the link from the message works again.
 */
function signingFailurePage(error: Error, c: Context<AppEnv>): Response | Promise<Response> {
  const problem = onError(error, c);
  if (problem.status < 500 || !(c.req.header('Accept') ?? '').includes('text/html')) return problem;
  const locale = localeOf(c);
  const s = FAILURE[locale];
  pageHeaders(c);
  const retryAfter = problem.headers.get('Retry-After');
  if (retryAfter) c.header('Retry-After', retryAfter);
  return c.html(
    <Page title={s.title} locale={locale}>
      <div class="utrecht-alert utrecht-alert--error error" role="alert">
        <div class="utrecht-alert__content">
          <p class="utrecht-paragraph">{problem.status === 503 ? s.unavailable : s.failed}</p>
        </div>
      </div>
      <p class="utrecht-paragraph">{c.req.path.startsWith('/verify') ? s.againVerify : s.again}</p>
    </Page>,
    problem.status as 503,
  );
}

export function signingPages(): Hono<AppEnv> {
  const pages = new Hono<AppEnv>();
  pages.onError(signingFailurePage);
  // One transaction per page request. ('/sign/*' alone also matches '/sign' in Hono; listing
  // both would open a second transaction inside the first.)
  pages.use('/sign/*', async (c, next) => {
    await next();
    pageHeaders(c, { ownScripts: true });
  });
  pages.use('/sign/*', requestTransaction());
  pages.get('/sign', (c) => render(c, c.req.query('t') ?? ''));
  registerVerificationPage(pages);
  pages.get('/sign/pad.js', (c) => c.body(PAD_SCRIPT, 200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'public, max-age=3600' }));

  // Downloads open only in a download session (the cookie set after a fresh code). An old link
  // with ?t= leads to the page that offers a code; without either, a page says what to do.
  pages.get('/sign/document', async (c) => {
    const trx = c.get('trx');
    const session = await openDownloadSession(trx, getCookie(c, DOWNLOAD_COOKIE), nowOf(c));
    if (session) {
      const offer = await downloadsFor(trx, session.tenantId, session.signer);
      const asked = Number(c.req.query('version') ?? session.signer.version);
      const version = offer.versions.includes(asked) ? asked : offer.versions.at(-1);
      if (version !== undefined) {
        const doc = await signedDocument(trx, session.tenantId, session.signer.agreement_id, version);
        c.set('tenantId', session.tenantId);
        await recordProcessing(trx, c, { operation: 'downloadSignedDocument', action: 'read', subject: { type: 'agreement', id: session.signer.agreement_id }, tenantId: session.tenantId, actor: { type: 'signer', id: session.signer.id } });
        return c.body(doc.pdf as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': 'application/pdf', 'Content-Disposition': 'attachment; filename="mijn-afspraken.pdf"' });
      }
    }
    return noDownload(c);
  });

  // The young person downloads all their data as JSON in a download session.
  pages.get('/sign/export', async (c) => {
    const trx = c.get('trx');
    const now = nowOf(c);
    const session = await openDownloadSession(trx, getCookie(c, DOWNLOAD_COOKIE), now);
    if (session && (await downloadsFor(trx, session.tenantId, session.signer)).exportData) {
      c.set('tenantId', session.tenantId);
      const data = await exportForYoungPerson(trx, session.tenantId, session.signer, c.get('deps').config.publicUrl, now);
      await recordProcessing(trx, c, { operation: 'exportYoungPersonData', action: 'read', subject: { type: 'agreement', id: session.signer.agreement_id }, tenantId: session.tenantId, actor: { type: 'signer', id: session.signer.id } });
      // Labels instead of codes, in the page's language (the young person reads this file).
      return c.json(readableExport(data, localeOf(c)), 200, { 'Content-Disposition': 'attachment; filename="mijn-gegevens.json"' });
    }
    return noDownload(c);
  });

  // A used or expired link: send a fresh download code to the address on file.
  pages.post('/sign/download/code', async (c) => {
    const { token } = await form(c);
    const trx = c.get('trx');
    const now = nowOf(c);
    const opened = await openLink(trx, token, now).catch(() => null);
    if (opened?.problem && hasDownloads(await downloadsFor(trx, opened.tenantId, opened.signer))) {
      try {
        await requestDownloadCode(trx, opened.tenantId, opened.signer, { ip: clientIp(c), now });
      } catch (error) {
        if (error instanceof CodeThrottled) return throttled(c, token, error);
        throw error;
      }
      return render(c, token, { kind: 'ok', text: T[localeOf(c)].downloadCodeSent });
    }
    return render(c, token);
  });

  // The download code: right, and the download session opens (an HttpOnly cookie for /sign).
  pages.post('/sign/download/verify', async (c) => {
    const { token, get } = await form(c);
    const trx = c.get('trx');
    const now = nowOf(c);
    const opened = await openLink(trx, token, now).catch(() => null);
    if (!opened?.problem || !hasDownloads(await downloadsFor(trx, opened.tenantId, opened.signer))) return render(c, token);
    try {
      const session = await verifyDownloadCode(trx, opened.tenantId, opened.signer, get('code').trim(), { ip: clientIp(c), now });
      if (!session) return render(c, token, { kind: 'error', text: T[localeOf(c)].wrongCode });
      setDownloadCookie(c, session);
      return render(c, token, undefined, {}, { downloadsOpen: true });
    } catch (error) {
      if (error instanceof CodeThrottled) return throttled(c, token, error);
      throw error;
    }
  });

  pages.post('/sign/code', async (c) => {
    const { token } = await form(c);
    const now = nowOf(c);
    const opened = await openLink(c.get('trx'), token, now).catch(() => null);
    if (opened && !opened.problem) {
      try {
        await requestCode(c.get('trx'), opened.tenantId, opened.signer, { ip: clientIp(c), userAgent: c.req.header('User-Agent') ?? null, now });
      } catch (error) {
        if (error instanceof CodeThrottled) return throttled(c, token, error);
        if (error instanceof ApiError) return render(c, token, { kind: 'error', text: error.detail });
        throw error;
      }
    }
    return render(c, token);
  });

  pages.post('/sign/verify', async (c) => {
    const { token, get } = await form(c);
    const now = nowOf(c);
    const opened = await openLink(c.get('trx'), token, now).catch(() => null);
    if (!opened || opened.problem) return render(c, token);
    try {
      const ok = await verifyCode(c.get('trx'), opened.tenantId, opened.signer, get('code').trim(), { ip: clientIp(c), userAgent: c.req.header('User-Agent') ?? null, now });
      return render(c, token, ok ? undefined : { kind: 'error', text: T[localeOf(c)].wrongCode });
    } catch (error) {
      if (error instanceof CodeThrottled) return throttled(c, token, error);
      throw error;
    }
  });

  pages.post('/sign/sign', async (c) => {
    const { token, get } = await form(c);
    const locale = localeOf(c);
    const now = nowOf(c);
    const opened = await openLink(c.get('trx'), token, now).catch(() => null);
    if (!opened || opened.problem) return render(c, token);
    try {
      const result = await sign(
        c.get('trx'),
        opened.tenantId,
        opened.signer,
        { consent: get('consent') === 'yes', typedName: get('typedName'), locale, drawnSignature: get('drawnSignature') || undefined },
        { publicUrl: c.get('deps').config.publicUrl, pdf: pdfServiceOf(c.get('deps')), meta: { ip: clientIp(c), userAgent: c.req.header('User-Agent') ?? null, now } },
      );
      // They confirmed a code minutes ago: a download session opens for what they may download now.
      const offer = await downloadsFor(c.get('trx'), opened.tenantId, { ...opened.signer, status: 'signed' });
      if (hasDownloads(offer)) setDownloadCookie(c, await startDownloadSession(c.get('trx'), opened.tenantId, opened.signer.id, now));
      return render(c, token, { kind: 'ok', text: result.completed ? T[locale].completed : T[locale].signed }, {}, { downloadsOpen: hasDownloads(offer) });
    } catch (error) {
      if (error instanceof ApiError && error.status === 400) {
        const fields = Object.fromEntries(((error.extra.invalidParams as { name: string; reason: string }[]) ?? []).map((p) => [p.name, p.reason]));
        return render(c, token, { kind: 'error', text: error.detail }, fields);
      }
      if (error instanceof ApiError) return render(c, token, { kind: 'error', text: error.detail });
      throw error;
    }
  });

  pages.post('/sign/decline', async (c) => {
    const { token, get } = await form(c);
    const locale = localeOf(c);
    const now = nowOf(c);
    const opened = await openLink(c.get('trx'), token, now).catch(() => null);
    if (!opened || opened.problem) return render(c, token);
    try {
      await decline(c.get('trx'), opened.tenantId, opened.signer, get('reason'), { ip: clientIp(c), userAgent: c.req.header('User-Agent') ?? null, now });
      return render(c, token, { kind: 'ok', text: T[locale].declined });
    } catch (error) {
      if (error instanceof ApiError) return render(c, token, { kind: 'error', text: error.detail });
      throw error;
    }
  });
  return pages;
}
