// Retrying a short database write whose reason to exist happened outside the database: a message
// the transport acknowledged, a webhook the receiver accepted. Losing that write would make the
// next run send it again, so it is retried with backoff for a bounded time (the database may be
// restarting) before the caller gives up on it.

export interface RetryPolicy {
  /** How long to keep trying, from the first attempt (ms). 0: one attempt. */
  windowMs: number;
  /** The first pause; each next one doubles, up to maxDelayMs. */
  firstDelayMs?: number;
  maxDelayMs?: number;
  /** Tests shorten the pauses. */
  sleep?: (ms: number) => Promise<void>;
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Run `fn` until it succeeds or the window is over; then the last error is thrown. */
export async function retryWithBackoff<T>(fn: () => Promise<T>, policy: RetryPolicy): Promise<T> {
  const deadline = Date.now() + policy.windowMs;
  const sleep = policy.sleep ?? pause;
  let delay = policy.firstDelayMs ?? 250;
  for (;;) {
    try {
      return await fn();
    } catch (error) {
      if (Date.now() + delay > deadline) throw error;
      await sleep(delay);
      delay = Math.min(delay * 2, policy.maxDelayMs ?? 30_000);
    }
  }
}
