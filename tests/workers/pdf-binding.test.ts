// The app Worker with nothing behind its PDF binding (the PDF Worker not running, as when it was
// never deployed or a call to it fails): a request that needs a PDF fails cleanly, a problem+json
// 503 (Retry-After) with no stack or message of the failure in it, logged with its request id; requests that
// need no PDF are unaffected. The working binding is tested in signing.test.ts.
import { describe, expect, test } from 'vitest';
import { useWorker } from './harness.js';

const harness = useWorker({ withoutPdfWorker: true });
const { url } = harness;

describe('the PDF binding without the PDF Worker', () => {
  test('the seal check of an uploaded PDF answers a problem+json 503 and logs why', async () => {
    const form = new FormData();
    form.append('document', new File([new TextEncoder().encode('%PDF-1.7\n% not sealed\n%%EOF\n')], 'x.pdf', { type: 'application/pdf' }));
    const res = await fetch(url('/verify?lang=en'), { method: 'POST', body: form, headers: { Origin: new URL(url('/')).origin } });
    const text = await res.text();
    expect(res.status, text.slice(0, 300)).toBe(503);
    expect(res.headers.get('Retry-After')).toBe('5');
    expect(res.headers.get('Content-Type')).toContain('application/problem+json');
    const problem = JSON.parse(text) as { type: string; detail: string; instance: string };
    expect(problem).toMatchObject({ type: 'https://vervolg.nl/problems/pdf-unavailable', status: 503 });
    // Nothing of the failure reaches the client: no stack, no binding or service name.
    expect(text).not.toMatch(/stack|vervolg-pdf|PdfService|at /);
    // The log has it, under the request's id (the problem's instance).
    const requestId = problem.instance.replace('urn:uuid:', '');
    await expect.poll(() => harness.worker.output().split('\n').some((line) => line.includes('"msg":"pdf service unavailable"') && line.includes(requestId))).toBe(true);
  });

  test('requests that make no PDF still work', async () => {
    expect((await fetch(url('/v1/health'))).status).toBe(200);
    expect((await fetch(url('/verify'))).status).toBe(200);
  });
});
