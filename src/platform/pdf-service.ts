// The PDF service: what the app asks of whoever renders, seals and inspects its PDFs. On Node that
// is this process (src/pdf-in-process.ts); on Workers a second Worker, "vervolg-pdf" (src/pdf-worker.ts),
// reached through a service binding with RPC, so the app Worker's upload carries none of pdf-lib,
// fontkit, the standard fonts or PKIjs (issue 15: ≤ 1 MiB gzip).
//
// Only plain data crosses (structured clone: objects, strings, Dates, Uint8Array). The interface is
// open: the platform knows no domain, so each module adds its own documents to it by declaration
// merging, next to the data they print (signing: modules/signing/pdf/types.ts; contracts:
// modules/contracts/service.ts). The PDF Worker's class implements the merged whole.
import type { PdfBytes } from './pdf/document.js';
import type { SealInspection } from './pdf/verify.js';

// PdfBytes: a PDF file's bytes, on an ArrayBuffer of their own (what Response bodies take).
export type { PdfBytes, SealInspection };

export interface PdfService {
  /** What a PDF's seal says (platform/pdf/verify.ts): sealed and unchanged, by which certificate. */
  inspectSeal(bytes: Uint8Array): Promise<SealInspection>;
}

/**
 * The PDF service failed or could not be reached (the PDF Worker not deployed, overloaded, a
 * failure inside it): nothing is wrong with the request, and the app answers 503 with Retry-After
 * (errors-handler.ts), logging the cause; the request's transaction is rolled back, so a signature
 * is not recorded without its sealed document and can simply be given again.
 */
export class PdfServiceUnavailable extends Error {
  constructor(
    readonly operation: string,
    readonly reason: unknown,
  ) {
    super(`the PDF service failed (${operation}): ${reason instanceof Error ? reason.message : String(reason)}`);
  }
}

const guarded = new WeakMap<PdfService, PdfService>();

/**
 * The deps' PDF service, each call's failure turned into PdfServiceUnavailable. An entry that set
 * none is a configuration error (a 500, logged) rather than something to retry.
 */
export function pdfServiceOf(deps: { pdf?: PdfService | undefined }): PdfService {
  const pdf = deps.pdf;
  if (!pdf) throw new Error('This app has no PDF service: the entry sets deps.pdf (src/server.ts in process, src/worker.ts the PDF binding).');
  let wrapped = guarded.get(pdf);
  if (!wrapped) {
    // A Proxy rather than a copy of the methods: an RPC stub answers any property name, so its
    // methods cannot be listed; each call goes to the service as it is.
    wrapped = new Proxy(pdf, {
      get(target, name) {
        // Nobody awaits the service itself; an RPC stub would answer `then` like any other name.
        if (name === 'then') return undefined;
        const method = Reflect.get(target, name) as unknown;
        if (typeof method !== 'function' || typeof name !== 'string') return method;
        return async (...args: unknown[]) => {
          try {
            // Called as a method of the service, not through method.apply: on an RPC stub every
            // property is a remote name, `apply` included.
            return await (target as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[name]?.(...args);
          } catch (error) {
            throw new PdfServiceUnavailable(name, error);
          }
        };
      },
    });
    guarded.set(pdf, wrapped);
  }
  return wrapped;
}
