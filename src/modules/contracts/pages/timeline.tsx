// A product's tariff periods drawn over the contract period, server-side (no script): a bar per
// period on its own lane, and a lane above them that marks the GAPS (days of the contract period no
// tariff covers) and OVERLAPS (days two tariffs cover). The drawing is decoration (aria-hidden); the
// list under it says the same in words, so a screen reader and a phone read it too. Which tariffs
// the contract accepts is the service's rule (termsProblems); this only shows what was typed.
import { addDays } from '../../../platform/dates.js';
import type { Locale } from '../../../platform/http/page.js';
import { euros } from '../service.js';
import { date } from './shared.js';

export interface TimelineTariff {
  /** The row as the form numbers it (1-based), or the period's place in the contract. */
  row: number;
  validFrom: string;
  validTo: string;
  amountCents?: number | undefined;
  /** This row is refused (overlap, gap, dates) and marked so. */
  refused?: boolean;
}

const DAY = 86_400_000;
const dayNo = (d: string) => Math.round(Date.parse(`${d}T00:00:00Z`) / DAY);
const ISO = /^\d{4}-\d{2}-\d{2}$/;
const valid = (d: string | undefined): d is string => !!d && ISO.test(d) && !Number.isNaN(Date.parse(`${d}T00:00:00Z`));

export interface Span {
  from: string;
  to: string;
}

/** The days of [start, end] no tariff covers, and the days two or more cover. */
export function coverage(start: string, end: string, tariffs: readonly Span[]): { gaps: Span[]; overlaps: Span[] } {
  const spans = tariffs.filter((t) => t.to >= t.from).sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  const gaps: Span[] = [];
  const overlaps: Span[] = [];
  // Overlaps: every pair's common days, merged.
  for (let i = 0; i < spans.length; i++) {
    for (let j = i + 1; j < spans.length; j++) {
      const a = spans[i] as Span;
      const b = spans[j] as Span;
      const from = a.from > b.from ? a.from : b.from;
      const to = a.to < b.to ? a.to : b.to;
      if (from <= to) overlaps.push({ from, to });
    }
  }
  overlaps.sort((a, b) => (a.from < b.from ? -1 : 1));
  const merged: Span[] = [];
  for (const o of overlaps) {
    const last = merged.at(-1);
    if (last && o.from <= addDays(last.to, 1)) last.to = o.to > last.to ? o.to : last.to;
    else merged.push({ ...o });
  }
  // Gaps: walk the contract period.
  let cursor = start;
  for (const s of spans) {
    if (s.to < cursor) continue;
    if (s.from > cursor && cursor <= end) gaps.push({ from: cursor, to: (addDays(s.from, -1) < end ? addDays(s.from, -1) : end) as string });
    if (s.to >= cursor) cursor = addDays(s.to, 1);
  }
  if (cursor <= end) gaps.push({ from: cursor, to: end });
  return { gaps: gaps.filter((g) => g.from <= g.to && g.from <= end && g.to >= start), overlaps: merged };
}

const W = {
  nl: {
    caption: (name: string) => `Tijdlijn van de tarieven: ${name}`,
    period: (n: number) => `Periode ${n}`,
    gap: 'Gat: geen tarief',
    overlap: 'Overlap: twee tarieven',
    none: 'Nog geen tariefperiode met geldige datums.',
    ok: 'De tarieven sluiten op elkaar aan en dekken de hele contractperiode.',
    legendBar: 'tariefperiode',
    contract: 'Contractperiode',
  },
  en: {
    caption: (name: string) => `Timeline of the tariffs: ${name}`,
    period: (n: number) => `Period ${n}`,
    gap: 'Gap: no tariff',
    overlap: 'Overlap: two tariffs',
    none: 'No tariff period with valid dates yet.',
    ok: 'The tariffs follow each other and cover the whole contract period.',
    legendBar: 'tariff period',
    contract: 'Contract period',
  },
} as const;

/** One lane: bars at their place on the axis [lo, hi] (days), as an SVG of fixed height stretched to the width. */
function Lane(props: { lo: number; hi: number; bars: { from: string; to: string; kind: 'bar' | 'refused' | 'gap' | 'overlap' | 'period' }[] }) {
  const width = Math.max(1, props.hi - props.lo + 1);
  const x = (d: string) => ((dayNo(d) - props.lo) / width) * 1000;
  return (
    <svg class="vv-lane" viewBox="0 0 1000 10" preserveAspectRatio="none" aria-hidden="true" focusable="false">
      {props.bars.map((b) => {
        const left = Math.max(0, x(b.from));
        const right = Math.min(1000, ((dayNo(b.to) + 1 - props.lo) / width) * 1000);
        return <rect class={`vv-lane__${b.kind}`} x={left.toFixed(2)} y="0" width={Math.max(2, right - left).toFixed(2)} height="10" />;
      })}
    </svg>
  );
}

export function Timeline(props: { name: string; start: string; end: string; tariffs: readonly TimelineTariff[]; locale: Locale; id?: string }) {
  const s = W[props.locale];
  if (!valid(props.start) || !valid(props.end) || props.end < props.start) return null;
  const tariffs = props.tariffs.filter((t) => valid(t.validFrom) && valid(t.validTo) && t.validTo >= t.validFrom);
  const { gaps, overlaps } = coverage(
    props.start,
    props.end,
    tariffs.map((t) => ({ from: t.validFrom, to: t.validTo })),
  );
  const lo = Math.min(dayNo(props.start), ...tariffs.map((t) => dayNo(t.validFrom)));
  const hi = Math.max(dayNo(props.end), ...tariffs.map((t) => dayNo(t.validTo)));
  const loDate = new Date(lo * DAY).toISOString().slice(0, 10);
  const hiDate = new Date(hi * DAY).toISOString().slice(0, 10);
  return (
    <figure class="vv-timeline" id={props.id}>
      <figcaption class="vv-timeline__caption">{s.caption(props.name)}</figcaption>
      <div class="vv-timeline__chart">
        <div class="vv-timeline__lane">
          <span class="vv-timeline__label">{s.contract}</span>
          <Lane lo={lo} hi={hi} bars={[{ from: props.start, to: props.end, kind: 'period' }, ...gaps.map((g) => ({ ...g, kind: 'gap' as const })), ...overlaps.map((o) => ({ ...o, kind: 'overlap' as const }))]} />
        </div>
        {tariffs.map((t) => (
          <div class="vv-timeline__lane">
            <span class="vv-timeline__label">{s.period(t.row)}</span>
            <Lane lo={lo} hi={hi} bars={[{ from: t.validFrom, to: t.validTo, kind: t.refused ? 'refused' : 'bar' }]} />
          </div>
        ))}
        <div class="vv-timeline__axis" aria-hidden="true">
          <span>{date(loDate, props.locale)}</span>
          <span>{date(hiDate, props.locale)}</span>
        </div>
      </div>
      <ul class="utrecht-unordered-list vv-timeline__list">
        {tariffs.length === 0 ? <li class="utrecht-unordered-list__item">{s.none}</li> : null}
        {tariffs.map((t) => (
          <li class={`utrecht-unordered-list__item${t.refused ? ' vv-timeline__refused' : ''}`}>
            {s.period(t.row)}: {date(t.validFrom, props.locale)} – {date(t.validTo, props.locale)}
            {t.amountCents !== undefined ? `, ${euros(t.amountCents)}` : ''}
          </li>
        ))}
        {gaps.map((g) => (
          <li class="utrecht-unordered-list__item vv-timeline__gap">
            <span class="vv-mark vv-mark--gap" aria-hidden="true" />
            {s.gap}: {date(g.from, props.locale)} – {date(g.to, props.locale)}
          </li>
        ))}
        {overlaps.map((o) => (
          <li class="utrecht-unordered-list__item vv-timeline__overlap">
            <span class="vv-mark vv-mark--overlap" aria-hidden="true" />
            {s.overlap}: {date(o.from, props.locale)} – {date(o.to, props.locale)}
          </li>
        ))}
        {tariffs.length > 0 && gaps.length === 0 && overlaps.length === 0 ? <li class="utrecht-unordered-list__item vv-timeline__ok">{s.ok}</li> : null}
      </ul>
    </figure>
  );
}
