// Saving a PDF, the same way for every document Vervolg makes (the agreement, the contract
// summary) and for the sealer, which saves the document again with its signature placeholder.

/** Save options shared with the sealer: no object-per-tick pauses (each costs a timer turn). */
export const SAVE_OPTIONS = { useObjectStreams: true, addDefaultPage: false, objectsPerTick: Number.POSITIVE_INFINITY } as const;

/** PDF bytes on their own ArrayBuffer (usable as a Response body as they are). */
export type PdfBytes = Uint8Array<ArrayBuffer>;
