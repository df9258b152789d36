// What every benchmark script reads from its environment.

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/** A positive whole number from the environment, or the fallback when unset; anything else stops the run. */
export function positiveIntFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive whole number, not "${raw}"`);
  return value;
}

/** A comma-separated list of positive whole numbers from the environment (BENCH_SIZES), or the fallback. */
export function sizesFromEnv(name: string, fallback: number[]): number[] {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const sizes = raw.split(',').map((s) => Number(s.trim()));
  if (!sizes.every((n) => Number.isInteger(n) && n > 0)) throw new Error(`${name} must be positive whole numbers separated by commas, not "${raw}"`);
  return sizes;
}
