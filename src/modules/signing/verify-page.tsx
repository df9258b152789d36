// The verification page: the address printed in every sealed PDF. Anyone who holds a PDF uploads it
// (a plain multipart form, no JavaScript) and reads whether Vervolg sealed exactly this file. The
// answer tells only what the file itself already says — the municipality, the version, when it was
// signed — and that it is unchanged since; never who signed. The file is not stored; it is read
// for its SHA-256 (looked up in Vervolg's register of sealed documents, as POST /v1/verifications
// does) and for its seal (to say why a file does not match: changed after sealing, or never sealed).
import type { Context, Hono } from 'hono';
import type { AppEnv } from '../../platform/http/env.js';
import { requestTransaction } from '../../platform/http/middleware.js';
import { Page, localeOf, pageHeaders, readableDateTime } from '../../platform/http/page.js';
import { sha256OfPdf } from '../../platform/pdf/bytes.js';
import { pdfServiceOf } from '../../platform/pdf-service.js';
import { verifyDocument } from './service.js';

export const VERIFY_PATH = '/verify';
/** Same limit as the API's upload (POST /v1/verifications). */
const MAX_BYTES = 20 * 1024 * 1024;

const T = {
  nl: {
    title: 'Document controleren',
    intro: 'Heeft u een pdf van Vervolg, bijvoorbeeld ondertekende afspraken? Hier ziet u of Vervolg dit document heeft verzegeld, en of het daarna niet is veranderd.',
    privacy: 'Wij bewaren het bestand niet. We kijken alleen of het precies overeenkomt met een document dat Vervolg heeft verzegeld.',
    fileLabel: 'Pdf-bestand',
    fileHint: 'Kies het pdf-bestand van uw computer of telefoon (hoogstens 20 MB).',
    submit: 'Controleer',
    again: 'Nog een document controleren',
    missing: 'Kies een pdf-bestand om te controleren.',
    tooLarge: 'Dit bestand is groter dan 20 MB. Een document van Vervolg is veel kleiner.',
    notPdf: 'Dit bestand is geen pdf. Kies het pdf-bestand dat u van Vervolg kreeg.',
    sealedTitle: 'Verzegeld door Vervolg',
    sealed: 'Dit document is verzegeld door Vervolg en is daarna niet veranderd.',
    municipality: 'Gemeente',
    document: 'Document',
    agreement: (version: number) => `Afsprakenplan, versie ${version}`,
    signedAt: 'Ondertekend op',
    unchanged: 'Veranderd sinds het verzegelen',
    no: 'Nee',
    changedTitle: 'Dit document is veranderd',
    changed: 'Dit document draagt een zegel, maar het is veranderd nadat het werd verzegeld. Vertrouw niet op de inhoud. Vraag de afzender om het originele document.',
    unknownTitle: 'Niet verzegeld door Vervolg',
    unknown: 'Vervolg heeft dit bestand niet verzegeld, of het is daarna veranderd. Vraag de afzender om het originele document.',
  },
  en: {
    title: 'Check a document',
    intro: 'Do you have a PDF from Vervolg, such as a signed agreement? Here you can see whether Vervolg sealed this document, and that it has not been changed since.',
    privacy: 'We do not keep the file. We only check whether it matches, exactly, a document that Vervolg sealed.',
    fileLabel: 'PDF file',
    fileHint: 'Choose the PDF file on your computer or phone (at most 20 MB).',
    submit: 'Check',
    again: 'Check another document',
    missing: 'Choose a PDF file to check.',
    tooLarge: 'This file is larger than 20 MB. A document from Vervolg is much smaller.',
    notPdf: 'This file is not a PDF. Choose the PDF file you received from Vervolg.',
    sealedTitle: 'Sealed by Vervolg',
    sealed: 'Vervolg sealed this document, and it has not been changed since.',
    municipality: 'Municipality',
    document: 'Document',
    agreement: (version: number) => `Aftercare agreement, version ${version}`,
    signedAt: 'Signed on',
    unchanged: 'Changed since sealing',
    no: 'No',
    changedTitle: 'This document was changed',
    changed: 'This document carries a seal, but it was changed after it was sealed. Do not rely on its contents. Ask the sender for the original document.',
    unknownTitle: 'Not sealed by Vervolg',
    unknown: 'Vervolg did not seal this file, or it was changed afterwards. Ask the sender for the original document.',
  },
};

type Outcome =
  | { kind: 'sealed'; municipality: string | null; version: number; signedAt: string }
  | { kind: 'changed' }
  | { kind: 'unknown' }
  | { kind: 'invalid'; error: 'missing' | 'tooLarge' | 'notPdf' };

function render(c: Context<AppEnv>, outcome?: Outcome) {
  const locale = localeOf(c);
  const s = T[locale];
  const other = locale === 'nl' ? 'en' : 'nl';
  const error = outcome?.kind === 'invalid' ? s[outcome.error] : null;
  const form = (
    <form method="post" action={`${VERIFY_PATH}?lang=${locale}`} enctype="multipart/form-data">
      <label for="document">{s.fileLabel}</label>
      <p id="document-hint" class="hint">
        {s.fileHint}
      </p>
      {error ? (
        <p id="document-error" class="error">
          {error}
        </p>
      ) : null}
      <input
        type="file"
        id="document"
        name="document"
        accept="application/pdf,.pdf"
        required
        aria-describedby={error ? 'document-hint document-error' : 'document-hint'}
        aria-invalid={error ? 'true' : undefined}
      />
      <button type="submit">{s.submit}</button>
    </form>
  );
  let result: unknown = null;
  if (outcome?.kind === 'sealed') {
    result = (
      <section class="ok" role="status" aria-labelledby="result-heading">
        <h2 id="result-heading">{s.sealedTitle}</h2>
        <p>{s.sealed}</p>
        <dl>
          {outcome.municipality ? (
            <>
              <dt>{s.municipality}</dt>
              <dd>{outcome.municipality}</dd>
            </>
          ) : null}
          <dt>{s.document}</dt>
          <dd>{s.agreement(outcome.version)}</dd>
          <dt>{s.signedAt}</dt>
          <dd>{readableDateTime(outcome.signedAt, locale)}</dd>
          <dt>{s.unchanged}</dt>
          <dd>{s.no}</dd>
        </dl>
      </section>
    );
  } else if (outcome?.kind === 'changed' || outcome?.kind === 'unknown') {
    result = (
      <section class="error" role="alert" aria-labelledby="result-heading">
        <h2 id="result-heading">{outcome.kind === 'changed' ? s.changedTitle : s.unknownTitle}</h2>
        <p>{outcome.kind === 'changed' ? s.changed : s.unknown}</p>
      </section>
    );
  }
  const checked = outcome && outcome.kind !== 'invalid';
  return c.html(
    <Page title={s.title} locale={locale} langSwitchHref={`${VERIFY_PATH}?lang=${other}`}>
      {result as never}
      {checked ? <h2>{s.again}</h2> : <p>{s.intro}</p>}
      {form}
      <p class="hint">{s.privacy}</p>
    </Page>,
    outcome?.kind === 'invalid' ? 400 : 200,
  );
}

async function check(c: Context<AppEnv>): Promise<Outcome> {
  const body = await c.req.parseBody();
  const file = body.document;
  if (!(file instanceof File) || file.size === 0) return { kind: 'invalid', error: 'missing' };
  if (file.size > MAX_BYTES) return { kind: 'invalid', error: 'tooLarge' };
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (new TextDecoder('latin1').decode(bytes.subarray(0, 1024)).indexOf('%PDF-') === -1) return { kind: 'invalid', error: 'notPdf' };
  // The register decides: Vervolg sealed exactly these bytes. The seal check says what the PDF
  // itself states (its municipality), and why a file that is not in the register fails.
  const [found, seal] = await Promise.all([verifyDocument(c.get('trx'), sha256OfPdf(bytes)), pdfServiceOf(c.get('deps')).inspectSeal(bytes)]);
  if (found) {
    return { kind: 'sealed', municipality: seal.sealed ? (seal.agreement?.municipalityName ?? null) : null, version: found.version, signedAt: found.signedAt };
  }
  // Not in the register: a seal that no longer verifies means the file was changed after sealing.
  const broken = !seal.sealed && seal.reason !== 'the file has no PDF signature';
  return { kind: broken ? 'changed' : 'unknown' };
}

export function registerVerificationPage(pages: Hono<AppEnv>): void {
  pages.use(VERIFY_PATH, async (c, next) => {
    await next();
    pageHeaders(c);
  });
  pages.use(VERIFY_PATH, requestTransaction());
  pages.get(VERIFY_PATH, (c) => render(c));
  pages.post(VERIFY_PATH, async (c) => render(c, await check(c)));
  // PDFs sealed before this page existed print the API's address, /v1/verifications. A browser
  // that opens it (GET, asking for HTML) is sent here; other clients keep the API's 405 problem.
  pages.get('/v1/verifications', async (c, next) => {
    if (/\btext\/html\b/.test(c.req.header('Accept') ?? '')) return c.redirect(VERIFY_PATH, 303);
    await next();
  });
}
