// The one class of workerd's 'cloudflare:workers' module the PDF Worker uses (src/pdf-worker.ts),
// declared here rather than through @cloudflare/workers-types, whose globals clash with the DOM
// types the rest of src/ is checked against (tsconfig "lib"). Only what we call is declared.
declare module 'cloudflare:workers' {
  /** A Worker's RPC entrypoint: its public methods are what a service binding's stub may call. */
  export abstract class WorkerEntrypoint<Env = unknown> {
    protected readonly ctx: { waitUntil(promise: Promise<unknown>): void };
    protected readonly env: Env;
    constructor(ctx: unknown, env: Env);
  }
}
