// Renders the typical agreement as another young person's, again and again, for a CPU profile of
// rendering alone (no seal, no timing loop of its own):
//   node --cpu-prof --cpu-prof-dir=/tmp/pdf-prof --import tsx scripts/bench/pdf-profile.ts
//   npx tsx scripts/bench/cpu-profile-summary.ts "$(ls -S /tmp/pdf-prof/*.cpuprofile | head -1)" 40
// (the largest profile is the main thread's; tsx's loader thread writes a small one beside it).
// PDF_PROFILE_RENDERS=400 by default, after 20 warm-up renders.
import { renderAgreementPdf } from '../../src/modules/signing/pdf/agreement-pdf.js';
import { variedAgreement } from './varied-agreement.js';

const renders = Number(process.env.PDF_PROFILE_RENDERS ?? 400);
for (let i = 0; i < 20; i++) await renderAgreementPdf(variedAgreement(renders + 1 + i));
const started = performance.now();
for (let i = 0; i < renders; i++) await renderAgreementPdf(variedAgreement(i));
console.log(`${renders} renders, ${((performance.now() - started) / renders).toFixed(2)} ms each (with the profiler running)`);
