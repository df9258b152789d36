// The CPU one render of the typical agreement takes (user + system, all threads, so garbage
// collection included), as another young person's each time: for comparing two versions of the
// renderer side by side on a busy machine, where wall-clock medians move by ±20 % from run to run.
// Give the src directory of the version to time (inside this checkout, so that its imports find
// node_modules) and run the two alternately, several times:
//   mkdir -p .anchor && git archive main src | tar -x -C .anchor
//   npx tsx scripts/bench/pdf-cpu.ts .anchor/src && npx tsx scripts/bench/pdf-cpu.ts src
// PDF_CPU_RENDERS=300 by default, after 30 warm-up renders.
import { resolve } from 'node:path';
import { variedAgreement } from './varied-agreement.js';

const src = resolve(process.argv[2] ?? 'src');
const { renderAgreementPdf } = (await import(`${src}/modules/signing/pdf/agreement-pdf.ts`)) as typeof import('../../src/modules/signing/pdf/agreement-pdf.js');
const renders = Number(process.env.PDF_CPU_RENDERS ?? 300);
for (let i = 0; i < 30; i++) await renderAgreementPdf(variedAgreement(renders + 1 + i));
const cpu = process.cpuUsage();
const started = performance.now();
for (let i = 0; i < renders; i++) await renderAgreementPdf(variedAgreement(i));
const used = process.cpuUsage(cpu);
console.log(`${src}: CPU ${((used.user + used.system) / 1000 / renders).toFixed(2)} ms a render, wall ${((performance.now() - started) / renders).toFixed(2)} ms (${renders} renders)`);
