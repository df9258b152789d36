// Retrying with exponential backoff for a bounded time, the one loop every retry uses: the short
// database write whose reason to exist happened outside the database (a message the transport
// acknowledged, a webhook the receiver accepted — losing it would make the next run send it
// again), and start-up against a database still coming up (db/retry.ts).

export interface RetryPolicy {
  /** How long to keep trying, from the first attempt (ms). 0: one attempt. */
  windowMs: number;
  /** The first pause; each next one doubles, up to maxDelayMs. */
  firstDelayMs?: number;
  maxDelayMs?: number;
  /** Which errors are worth another try (default: every error); any other is thrown at once. */
  retryIf?: (error: unknown) => boolean;
  /** Called before each pause (e.g. to say why and how long). */
  onRetry?: (error: unknown, delayMs: number) => void;
  /** Tests shorten the pauses and move the clock. */
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Run `fn` until it succeeds or the window is over; then the last error is thrown. */
export async function retryWithBackoff<T>(fn: () => Promise<T>, policy: RetryPolicy): Promise<T> {
  const now = policy.now ?? (() => Date.now());
  const deadline = now() + policy.windowMs;
  const sleep = policy.sleep ?? pause;
  let delay = policy.firstDelayMs ?? 250;
  for (;;) {
    try {
      return await fn();
    } catch (error) {
      if (policy.retryIf && !policy.retryIf(error)) throw error;
      if (now() + delay > deadline) throw error;
      policy.onRetry?.(error, delay);
      await sleep(delay);
      delay = Math.min(delay * 2, policy.maxDelayMs ?? 30_000);
    }
  }
}
