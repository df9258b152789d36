// The text of a PDF as a reader gets it: poppler's pdftotext (Debian: poppler-utils; .ci/run
// installs it). In CI a missing pdftotext fails the tests that need it; elsewhere they are skipped
// with a message saying what to install.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function found(): boolean {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export const hasPdftotext = found();
if (!hasPdftotext) {
  const message = 'pdftotext (poppler-utils) is not installed: the tests that read PDFs as a person would cannot run. Install it with `apt-get install poppler-utils`.';
  if (process.env.CI) throw new Error(message);
  console.warn(`${message} Skipping them.`);
}

/** The text of the PDF in reading order (pdftotext -layout off, UTF-8). */
export function pdfText(pdf: Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), 'vervolg-pdftotext-'));
  try {
    const file = join(dir, 'document.pdf');
    writeFileSync(file, pdf);
    return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Where each needle first appears in the text (whitespace-insensitive), -1 when it doesn't. */
export function positions(text: string, needles: string[]): number[] {
  const flat = text.replace(/\s+/g, ' ');
  return needles.map((n) => flat.indexOf(n.replace(/\s+/g, ' ')));
}
