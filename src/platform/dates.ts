// Calendar dates as the API carries them ('YYYY-MM-DD', UTC), with the arithmetic that has to
// agree with PostgreSQL's date + interval (the scheduled jobs and indicator queries compute the
// same dates in SQL).

/** The UTC calendar day of an instant. */
export const isoDay = (instant: Date): string => instant.toISOString().slice(0, 10);

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return isoDay(d);
}

const daysInMonth = (year: number, month0: number) => new Date(Date.UTC(year, month0 + 1, 0)).getUTCDate();

/**
 * Months added (or subtracted) with the day clamped to the target month, as PostgreSQL's
 * `date + interval 'n months'` does. With `keepMonthEnd`, a last day of a month stays the last day
 * (a renewal of a contract ending 30 June by six months ends 31 December, not 30 December).
 */
export function addMonths(date: string, months: number, keepMonthEnd = false): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month0 = total - year * 12;
  const last = daysInMonth(year, month0);
  const day = keepMonthEnd && d === daysInMonth(y, m - 1) ? last : Math.min(d, last);
  return `${String(year).padStart(4, '0')}-${String(month0 + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
