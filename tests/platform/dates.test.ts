// Dates as people in the Netherlands live them: "today" is the day in Amsterdam (not UTC), and
// every date and time shown is written one way, in Dutch time — around midnight and across the
// switches to and from summer time. Module tests prove the rules that use them (the under-16 rule
// in signing.test.ts, the notice deadline in contracts-jobs.test.ts, the PDF in signing-pdf.test.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseIndicatorQuery } from '../../src/modules/indicators/service.js';
import { ageAt, ageOn, dayInAmsterdam, formatDate, formatDateTime, todayInAmsterdam } from '../../src/platform/dates.js';
import { type World, createWorld } from '../support/world.js';

describe('today in Amsterdam', () => {
  it('is already the next day at 23:30 UTC (winter, UTC+1) and at 22:30 UTC (summer, UTC+2)', () => {
    expect(todayInAmsterdam(new Date('2027-03-01T23:30:00Z'))).toBe('2027-03-02');
    expect(todayInAmsterdam(new Date('2027-03-01T22:59:59Z'))).toBe('2027-03-01');
    expect(todayInAmsterdam(new Date('2027-06-30T22:30:00Z'))).toBe('2027-07-01');
    expect(todayInAmsterdam(new Date('2027-06-30T21:59:59Z'))).toBe('2027-06-30');
    expect(todayInAmsterdam(new Date('2027-12-31T23:00:00Z'))).toBe('2028-01-01');
    expect(dayInAmsterdam(new Date('2027-10-30T22:30:00Z'))).toBe('2027-10-31');
  });

  it('makes someone born on 2 March 2011 sixteen at 2027-03-01T23:30Z', () => {
    const now = new Date('2027-03-01T23:30:00Z');
    expect(ageAt('2011-03-02', now)).toBe(16);
    expect(ageOn('2011-03-02', now.toISOString().slice(0, 10))).toBe(15); // what UTC would have said
    expect(ageAt('2011-03-02', new Date('2027-03-01T22:59:00Z'))).toBe(15);
    // Born on 29 February (2028 is a leap year).
    expect(ageAt('2012-02-29', new Date('2028-02-28T12:00:00Z'))).toBe(15);
    expect(ageAt('2012-02-29', new Date('2028-02-29T12:00:00Z'))).toBe(16);
  });

  it('is the default asOf of the indicators', () => {
    expect(parseIndicatorQuery({ period: '2027' }, new Date('2027-12-31T23:30:00Z')).asOf).toBe('2028-01-01');
    expect(parseIndicatorQuery({ period: '2027' }, new Date('2027-07-15T21:30:00Z')).asOf).toBe('2027-07-15');
  });
});

describe('written dates and times', () => {
  it('writes a calendar date the same way in Dutch and English', () => {
    expect(formatDate('2027-03-02', 'nl')).toBe('2 maart 2027');
    expect(formatDate('2027-03-02', 'en')).toBe('2 March 2027');
    expect(formatDate('2027-12-31', 'nl')).toBe('31 december 2027');
    // A calendar date has no time zone: never shifted.
    expect(formatDate('2027-01-01', 'en')).toBe('1 January 2027');
    expect(formatDate('not a date', 'nl')).toBe('not a date');
  });

  it('writes an instant as its day in Amsterdam', () => {
    expect(formatDate(new Date('2027-03-01T23:30:00Z'), 'nl')).toBe('2 maart 2027');
    expect(formatDate('2027-06-30T22:30:00Z', 'en')).toBe('1 July 2027');
  });

  it('writes times in Dutch time, in winter (UTC+1) and in summer (UTC+2)', () => {
    expect(formatDateTime('2027-03-02T13:05:00Z', 'nl')).toBe('2 maart 2027, 14:05');
    expect(formatDateTime(new Date('2027-07-02T12:05:00Z'), 'nl')).toBe('2 juli 2027, 14:05');
    expect(formatDateTime(new Date('2027-07-02T12:05:00Z'), 'en')).toBe('2 July 2027, 14:05');
    expect(formatDateTime('2027-03-01T23:30:09Z', 'en', { seconds: true })).toBe('2 March 2027, 00:30:09');
  });

  it('follows the switches: 28 March 2027 02:00 → 03:00, 31 October 2027 03:00 → 02:00', () => {
    expect(formatDateTime('2027-03-28T00:59:00Z', 'nl')).toBe('28 maart 2027, 01:59');
    expect(formatDateTime('2027-03-28T01:00:00Z', 'nl')).toBe('28 maart 2027, 03:00');
    expect(formatDateTime('2027-10-31T00:30:00Z', 'nl')).toBe('31 oktober 2027, 02:30');
    expect(formatDateTime('2027-10-31T01:30:00Z', 'nl')).toBe('31 oktober 2027, 02:30');
    expect(formatDateTime('2027-10-31T02:00:00Z', 'nl')).toBe('31 oktober 2027, 03:00');
  });
});

describe('the dashboard', () => {
  // 30 June 2027, 22:30 UTC is 1 July 00:30 in Amsterdam: the first half of 2027 has ended, so
  // the default period is 2027-H1 (UTC would still say June and show 2026-H2).
  let w: World;
  beforeAll(async () => {
    // The test sessions were made today: a long idle limit keeps them valid on the clock's day.
    w = await createWorld({ now: () => new Date('2027-06-30T22:30:00Z'), env: { SESSION_IDLE_MINUTES: String(60 * 24 * 3650) } });
  });
  afterAll(async () => w?.close());

  it('defaults to the last half-year that ended in Amsterdam, and writes its dates out', async () => {
    const res = await w.app.request(`/app/municipalities/${w.A.id}/indicators`, { headers: { Cookie: `vervolg_session=${w.A.people.analyst.token}` } });
    const html = await res.text();
    expect(res.status, html.slice(0, 500)).toBe(200);
    expect(html).toContain('<option value="2027-H1" selected="">');
    expect(html).toContain('1 januari 2027');
    expect(html).toContain('30 juni 2027');
  });
});
