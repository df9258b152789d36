// Dates as people in the Netherlands live them. Every "today", age and deadline is the calendar
// day in Europe/Amsterdam (at 00:30 on 2 March Dutch time it is still 1 March in UTC: someone
// turning 16 that day is 16), and every date or time shown to a person is written one way:
// '2 maart 2027' / '2 March 2027', times in Dutch time ('2 maart 2027, 14:05'). Intl with an
// explicit time zone works on Node and workerd alike, whatever the machine's own zone.
// Pages, PDFs, e-mails and exports format through formatDate/formatDateTime, never by hand.
//
// Calendar dates as the API carries them are 'YYYY-MM-DD' strings; the arithmetic below has to
// agree with PostgreSQL's date + interval (the scheduled jobs and indicator queries compute the
// same dates in SQL).

export const TIME_ZONE = 'Europe/Amsterdam';
export type DateLocale = 'nl' | 'en';

/** The UTC calendar day of an instant (for UTC-based formats only; a person's "today" is todayInAmsterdam). */
export const isoDay = (instant: Date): string => instant.toISOString().slice(0, 10);

// One formatter per use, built once: constructing Intl formatters is the slow part.
const numericParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

type Parts = Readonly<{ year: string; month: string; day: string; hour: string; minute: string; second: string }>;

/**
 * The parts of recent instants, per millisecond since the epoch: formatToParts is the slow part
 * now (some 10 µs), and a document formats the same few instants again and again (the agreement
 * PDF: 32 times, 8 instants). Bounded; the parts of an instant never change.
 */
const recentParts = new Map<number, Parts>();
const MAX_RECENT_PARTS = 1000;

function amsterdamParts(instant: Date): Parts {
  const time = instant.getTime();
  const known = recentParts.get(time);
  if (known) return known;
  const out: Record<string, string> = {};
  for (const p of numericParts.formatToParts(instant)) out[p.type] = p.value;
  const parts: Parts = Object.freeze({ year: out.year ?? '', month: out.month ?? '', day: out.day ?? '', hour: out.hour ?? '', minute: out.minute ?? '', second: out.second ?? '' });
  // An invalid date (NaN) is formatToParts' error to throw, above; it is never remembered.
  if (recentParts.size >= MAX_RECENT_PARTS) recentParts.clear();
  recentParts.set(time, parts);
  return parts;
}

/** The calendar day ('YYYY-MM-DD') an instant falls on in Amsterdam. */
export function dayInAmsterdam(instant: Date): string {
  const p = amsterdamParts(instant);
  return `${p.year.padStart(4, '0')}-${p.month}-${p.day}`;
}

/** Today in Amsterdam: the day every rule, deadline and default date counts from. */
export const todayInAmsterdam = (now: Date): string => dayInAmsterdam(now);

/** Year and month (1–12) of an instant in Amsterdam. */
export function yearMonthInAmsterdam(instant: Date): { year: number; month: number } {
  const p = amsterdamParts(instant);
  return { year: Number(p.year), month: Number(p.month) };
}

/** Age in whole years on a date (both YYYY-MM-DD); a birthday on 29 February counts from 1 March in other years. */
export function ageOn(birthDate: string, on: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = on.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** Age in whole years at an instant, counted on that day in Amsterdam. */
export const ageAt = (birthDate: string, now: Date): number => ageOn(birthDate, todayInAmsterdam(now));

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

// Month names written out (not from Intl): the same bytes on every runtime and ICU version, so a
// PDF rendered twice from the same input is identical. Intl is used for the time zone only.
const MONTHS: Record<DateLocale, readonly string[]> = {
  nl: ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'],
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
};

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

function toInstant(value: Date | string): Date | null {
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

/**
 * A date as a person reads it: '2 maart 2027' (nl) / '2 March 2027' (en). A calendar date
 * ('YYYY-MM-DD') is written as it is; an instant (a Date or an RFC 3339 string) is written as the
 * day it is in Amsterdam. Anything unreadable is returned as given.
 */
export function formatDate(value: Date | string, locale: DateLocale): string {
  let y: string;
  let m: string;
  let d: string;
  const dateOnly = typeof value === 'string' ? DATE_ONLY.exec(value) : null;
  if (dateOnly) {
    [, y, m, d] = dateOnly as unknown as [string, string, string, string];
  } else {
    const instant = toInstant(value);
    if (!instant) return String(value);
    const p = amsterdamParts(instant);
    [y, m, d] = [p.year, p.month, p.day];
  }
  const month = MONTHS[locale][Number(m) - 1];
  return month ? `${Number(d)} ${month} ${Number(y)}` : String(value);
}

/**
 * An instant in Dutch time as a person reads it: '2 maart 2027, 14:05' / '2 March 2027, 14:05'
 * (with `seconds`, '2 maart 2027, 14:05:09': for evidence such as a signing certificate).
 */
export function formatDateTime(value: Date | string, locale: DateLocale, options: { seconds?: boolean } = {}): string {
  const instant = toInstant(value);
  if (!instant) return String(value);
  const p = amsterdamParts(instant);
  return `${formatDate(instant, locale)}, ${p.hour}:${p.minute}${options.seconds ? `:${p.second}` : ''}`;
}
