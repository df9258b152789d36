// `npm run bench:pdf`: how long the signed agreement PDF takes on Node. Renders the typical
// agreement (src/modules/signing/pdf/example.ts) unsealed, and rendered + sealed (PAdES) the way the app
// does it (buildAgreementPdf → sealDocument: one save, with the signature placeholder),
// interleaved so both see the same machine state; prints median and p95 of each against the
// targets of issue 15 (render ≤ 15 ms, render + seal ≤ 30 ms), and the CMS signature alone.
// Each run renders the typical agreement as another young person's (scripts/bench/varied-agreement.ts:
// names, ids, hashes and times differ), so the renderer's per-process caches are not what is timed.
// The development certificate is made once, outside the loop, and timed on its own.
//   BENCH_PDF_RUNS=200 npm run bench:pdf         more iterations (default 50)
import { loadavg } from 'node:os';
import { PDFDocument } from 'pdf-lib';
import { buildAgreementPdf, renderAgreementPdf } from '../src/modules/signing/pdf/agreement-pdf.js';
import { cadesSignature, createDevelopmentSealer, sealDocument } from '../src/platform/pdf/seal.js';
import { inspectSeal } from '../src/platform/pdf/verify.js';
import { variedAgreement } from './bench/varied-agreement.js';

const TARGET_RENDER_MS = 15;
const TARGET_RENDER_SEAL_MS = 30;

const runs = Number(process.env.BENCH_PDF_RUNS ?? 50);
if (!Number.isInteger(runs) || runs < 1) {
  console.error(`BENCH_PDF_RUNS must be a positive whole number (got '${process.env.BENCH_PDF_RUNS}').`);
  process.exit(1);
}
const warmup = Math.min(10, Math.max(3, Math.round(runs / 5)));

const ms = (start: number) => performance.now() - start;
const fmt = (n: number) => n.toFixed(1);
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

async function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const start = performance.now();
  const value = await fn();
  return [ms(start), value];
}

async function main(): Promise<void> {
  console.log(`bench:pdf — Node ${process.version}, ${runs} runs after ${warmup} warm-up runs, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);

  const [certMs, sealer] = await time(() => createDevelopmentSealer());
  console.log(`development certificate (RSA-2048 key, certificate and PKCS#12 with PKIjs on Web Crypto): ${fmt(certMs)} ms (once, not in the loop)`);

  const doc = variedAgreement(0);
  const unsealed = await renderAgreementPdf(doc);
  const sealed = await sealDocument(await buildAgreementPdf(doc), sealer);
  const pages = (await PDFDocument.load(unsealed, { updateMetadata: false })).getPageCount();
  const check = await inspectSeal(sealed);
  if (!check.sealed) throw new Error(`the sealed PDF does not verify: ${check.reason}`);
  console.log(`typical agreement: ${pages} pages, ${(unsealed.length / 1024).toFixed(1)} KiB unsealed, ${(sealed.length / 1024).toFixed(1)} KiB sealed; another young person's in every run`);

  // Warm-up runs use their own documents too (run numbers after the measured ones).
  for (let i = 0; i < warmup; i++) {
    await renderAgreementPdf(variedAgreement(runs + 1 + i));
    await sealDocument(await buildAgreementPdf(variedAgreement(runs + 1 + i)), sealer);
  }

  const render: number[] = [];
  const renderSeal: number[] = [];
  const inspect: number[] = [];
  const cms: number[] = [];
  for (let i = 0; i < runs; i++) {
    // The same agreement for both (made outside the timing), interleaved, alternating which goes first.
    const run = variedAgreement(i + 1);
    const a = async () => render.push((await time(() => renderAgreementPdf(run)))[0]);
    const b = async () => renderSeal.push((await time(async () => sealDocument(await buildAgreementPdf(run), sealer)))[0]);
    if (i % 2 === 0) {
      await a();
      await b();
    } else {
      await b();
      await a();
    }
    if (i % 5 === 0) inspect.push((await time(() => inspectSeal(sealed)))[0]);
    cms.push((await time(() => cadesSignature(sealer, unsealed)))[0]);
  }

  const renderMedian = percentile(render, 50);
  const sealMedian = percentile(renderSeal, 50);
  const verdict = (value: number, target: number) => `(target ≤ ${target} ms) ${value <= target ? 'OK' : 'NOT MET'}`;
  console.log('');
  console.log('                       median      p95');
  console.log(`render (unsealed)   ${fmt(renderMedian).padStart(8)} ms ${fmt(percentile(render, 95)).padStart(8)} ms   ${verdict(renderMedian, TARGET_RENDER_MS)}`);
  console.log(`render + seal       ${fmt(sealMedian).padStart(8)} ms ${fmt(percentile(renderSeal, 95)).padStart(8)} ms   ${verdict(sealMedian, TARGET_RENDER_SEAL_MS)}`);
  console.log(`CMS signature only  ${fmt(percentile(cms, 50)).padStart(8)} ms ${fmt(percentile(cms, 95)).padStart(8)} ms   (SHA-256, RSA-2048 with Web Crypto, PKIjs encoding)`);
  console.log(`inspectSeal         ${fmt(percentile(inspect, 50)).padStart(8)} ms ${fmt(percentile(inspect, 95)).padStart(8)} ms   (${inspect.length} runs)`);
  console.log(`ratio render+seal / render (medians): ${(sealMedian / renderMedian).toFixed(2)}×; the seal adds ${fmt(sealMedian - renderMedian)} ms`);
  console.log(`load average at the end: ${loadavg().map((l) => l.toFixed(2)).join(' ')} (2 cores; figures move with the load)`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
