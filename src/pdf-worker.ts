// The PDF Worker, "vervolg-pdf" (workers/pdf/wrangler.toml): renders, seals and inspects the PDFs
// of the app Worker (src/worker.ts), which calls it through a service binding with RPC (its PDF
// binding, entrypoint PdfService). It carries pdf-lib, fontkit, PKIjs and the fonts so that the app
// Worker's upload does not (issue 15: ≤ 1 MiB gzip); the seal certificate and the timestamp
// authority are its secrets. No public route: fetch answers 404 (it is deployed with workers_dev
// off and no routes; only service bindings reach the entrypoint).
//
// Only plain data crosses the binding (structured clone); the work is the same code Node runs in
// process (src/pdf-in-process.ts). A failure here rejects the caller's call: the app's error handler
// answers it with a problem+json 503 (Retry-After) and rolls the request's transaction back (a signature is not
// recorded without its sealed document).
import { WorkerEntrypoint } from 'cloudflare:workers';
import { loadSealConfig } from './config.js';
import { createPdfService, sealerFor } from './pdf-in-process.js';
import type { PdfBytes, PdfService as PdfOperations, SealInspection } from './platform/pdf-service.js';
import { jsonLogger } from './platform/log.js';

export interface PdfEnv {
  /** APP_ENV, and the secrets SEAL_P12_BASE64, SEAL_P12_PASSPHRASE, TSA_URL (config.ts loadSealConfig). */
  [key: string]: unknown;
}

/** Built once per isolate: the seal certificate is opened (or, outside production, made) at the first seal. */
let service: PdfOperations | undefined;

function serviceOf(env: PdfEnv): PdfOperations {
  if (!service) {
    // Production without the seal secrets throws here, at every call: no PDF is sealed with a development certificate.
    const config = loadSealConfig({ APP_ENV: 'production', ...env });
    service = createPdfService(sealerFor(config));
  }
  return service;
}

/** Logs each call (the operation, bytes out, or the error with its stack: the caller only sees the message). */
async function logged<T extends PdfBytes | SealInspection>(operation: string, work: () => Promise<T>): Promise<T> {
  try {
    const result = await work();
    jsonLogger({ level: 'info', msg: 'pdf service', worker: 'vervolg-pdf', operation, ...(result instanceof Uint8Array ? { bytes: result.byteLength } : {}) });
    return result;
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    jsonLogger({ level: 'error', msg: 'pdf service failed', worker: 'vervolg-pdf', operation, error: e.message, stack: e.stack });
    throw e;
  }
}

/** The RPC entrypoint (wrangler.toml [[services]] entrypoint = "PdfService"): one method per operation of platform/pdf-service.ts. */
export class PdfService extends WorkerEntrypoint<PdfEnv> implements PdfOperations {
  agreementSealed(...args: Parameters<PdfOperations['agreementSealed']>): Promise<PdfBytes> {
    return logged('agreementSealed', () => serviceOf(this.env).agreementSealed(...args));
  }

  contractSummary(...args: Parameters<PdfOperations['contractSummary']>): Promise<PdfBytes> {
    return logged('contractSummary', () => serviceOf(this.env).contractSummary(...args));
  }

  inspectSeal(...args: Parameters<PdfOperations['inspectSeal']>): Promise<SealInspection> {
    return logged('inspectSeal', () => serviceOf(this.env).inspectSeal(...args));
  }
}

export default {
  fetch(): Response {
    return new Response('Not found: this Worker answers only its service binding (RPC).', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  },
};
