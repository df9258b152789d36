// A throwaway Worker that checks the PDF layer in workerd (nodejs_compat): render, seal with a
// development certificate made in the Worker, and inspect. Not part of the app. Start it with
//   npx wrangler dev --config tests/workers/pdf-wrangler.toml --local
// then GET /check (JSON report), /unsealed and /sealed (the PDFs, to compare with Node's), /seal
// (one render + seal, for timing from outside: workerd's clocks stand still while code runs).
import { renderAgreementPdf } from '../../src/modules/signing/pdf/agreement-pdf.js';
import { exampleAgreementDocument } from '../../src/modules/signing/pdf/example.js';
import { bytesToBase64 } from '../../src/platform/pdf/bytes.js';
import { useFontAssets } from '../../src/platform/pdf/font-bytes-worker.js';
import { createDevelopmentSealer, loadSealer, type Sealer, sealPdf } from '../../src/platform/pdf/seal.js';
import { inspectSeal, sha256OfPdf } from '../../src/platform/pdf/verify.js';

let sealer: Promise<Sealer> | undefined;
function developmentSealer(): Promise<Sealer> {
  sealer ??= createDevelopmentSealer();
  return sealer;
}
const signingTime = new Date('2026-03-12T15:41:09Z');

async function check(): Promise<Record<string, unknown>> {
  const report: Record<string, unknown> = {};
  let step = 'render';
  try {
    const pdf = await renderAgreementPdf(exampleAgreementDocument());
    report.unsealedSha256 = sha256OfPdf(pdf);
    report.unsealedBytes = pdf.length;
    step = 'createDevelopmentSealer (Web Crypto key)';
    const dev = await developmentSealer();
    step = 'loadSealer';
    const loaded = await loadSealer(bytesToBase64(dev.p12), dev.passphrase);
    step = 'sealPdf';
    const sealed = await sealPdf(pdf, loaded, { signingTime });
    report.sealedBytes = sealed.length;
    step = 'inspectSeal';
    report.inspection = await inspectSeal(sealed);
    const changed = sealed.slice();
    changed[200] = (changed[200] as number) ^ 1;
    report.inspectionAfterOneByteChange = await inspectSeal(changed);
    report.ok = true;
  } catch (error) {
    report.ok = false;
    report.failedAt = step;
    report.error = error instanceof Error ? `${error.name}: ${error.message}\n${error.stack}` : String(error);
  }
  return report;
}

export default {
  async fetch(request: Request, env: { ASSETS?: { fetch(request: Request | string): Promise<Response> } }): Promise<Response> {
    // The fonts are the app Worker's static assets (pdf-wrangler.toml points at the same directory).
    useFontAssets(env.ASSETS);
    const { pathname } = new URL(request.url);
    if (pathname === '/check') return Response.json(await check());
    if (pathname === '/unsealed') return new Response(await renderAgreementPdf(exampleAgreementDocument()), { headers: { 'content-type': 'application/pdf' } });
    if (pathname === '/sealed' || pathname === '/seal') {
      const pdf = await renderAgreementPdf(exampleAgreementDocument());
      const sealed = await sealPdf(pdf, await developmentSealer(), { signingTime });
      return pathname === '/sealed' ? new Response(sealed, { headers: { 'content-type': 'application/pdf' } }) : Response.json({ bytes: sealed.length });
    }
    if (pathname === '/keygen') {
      const made = await createDevelopmentSealer();
      return Response.json({ p12Bytes: made.p12.length });
    }
    return new Response('GET /check, /unsealed, /sealed, /seal or /keygen', { status: 404 });
  },
};
