// The PDF service in this process (platform/pdf-service.ts): the renderers of the modules, the seal
// and its inspection. Node's entry (src/server.ts), the tests and the seeds use it directly; on
// Workers only the PDF Worker (src/pdf-worker.ts) does, behind its RPC entrypoint. The app Worker
// (src/worker.ts) must never import this file: it is what keeps pdf-lib, fontkit and PKIjs out of
// its bundle (the metafile of `wrangler deploy --dry-run` shows none of them).
import { renderContractSummary } from './modules/contracts/pdf.js';
import { buildAgreementPdf } from './modules/signing/pdf/agreement-pdf.js';
import type { Config } from './config.js';
import type { PdfService } from './platform/pdf-service.js';
import { type Sealer, createDevelopmentSealer, loadSealer, sealDocument, withTimestamp } from './platform/pdf/seal.js';
import { timestampAuthority } from './platform/pdf/tsa.js';
import { inspectSeal } from './platform/pdf/verify.js';

/** `sealer` is asked for the certificate at the first seal (making a development one takes a moment). */
export function createPdfService(sealer: () => Promise<Sealer>): PdfService {
  return {
    agreementSealed: async (doc, { signingTime }) => sealDocument(await buildAgreementPdf(doc), await sealer(), { signingTime }),
    contractSummary: (summary, now) => renderContractSummary(summary, now),
    inspectSeal: (bytes) => inspectSeal(bytes),
  };
}

/**
 * The sealer for signed PDFs: the configured certificate (production: a secret), else a
 * development certificate made once per process. Node's server passes `development` to keep one
 * on disk in DATA_DIR instead (never committed). TSA_URL adds an RFC 3161 timestamp to each seal.
 */
export function sealerFor(config: Pick<Config, 'seal' | 'tsaUrl'>, development: () => Promise<Sealer> = () => createDevelopmentSealer()): () => Promise<Sealer> {
  let sealer: Promise<Sealer> | undefined;
  return () => {
    sealer ??= (config.seal ? loadSealer(config.seal.p12Base64, config.seal.passphrase) : development()).then((opened) =>
      // With a timestamp authority configured, every seal carries its RFC 3161 token (PAdES B-T).
      config.tsaUrl ? withTimestamp(opened, timestampAuthority(config.tsaUrl)) : opened,
    );
    return sealer;
  };
}
