import { z } from '@hono/zod-openapi';
import { JZ020_CODES } from '../../domain/ijw.js';
import { INFORMANTS, OUTCOME_INDICATOR_CODES } from '../../domain/outcomes.js';
import { text } from '../../platform/text.js';

const IsoDate = text().openapi({ format: 'date', example: '2026-06-30' });

/**
 * The query of every indicator operation. Only types here: the service checks the values and
 * their combination together, so that a 400 lists every problem at once.
 */
export const IndicatorQuerySchema = z.object({
  period: text().optional().openapi({
    description: 'Half-year as CBS reports (`2026-H1` = January–June, `2026-H2` = July–December) or a year (`2026`). Give this, or `from` and `to`.',
    example: '2026-H1',
    pattern: '^\\d{4}(-H[12])?$',
  }),
  from: text().optional().openapi({ description: 'Start of a custom period (inclusive), with `to`; at most 5 years.', format: 'date', example: '2025-01-01' }),
  to: text().optional().openapi({ description: 'End of a custom period (inclusive), with `from`.', format: 'date', example: '2026-06-30' }),
  asOf: text().optional().openapi({
    description: 'The reference date (peildatum) for "no new start within 6 months": only trajectories whose 6-month window has passed by this date count. Default: today (UTC).',
    format: 'date',
    example: '2027-01-31',
  }),
  informant: text().optional().openapi({ description: `Whose satisfaction grades count (default young-person): one of ${INFORMANTS.join(', ')}.`, example: 'young-person' }),
  providerId: text().optional().openapi({ description: 'Return only this provider’s groups (its total and its product categories). Suppression is still decided on the whole breakdown.', format: 'uuid' }),
  productCategory: text().optional().openapi({ description: 'Return only provider × product category groups of this JZ020 product category (productcategorie).', example: '45' }),
});

export const Assessment = z.enum(['met', 'not-met', 'not-enough-data']).openapi('IndicatorTargetAssessment', {
  description: 'The figure against the contract target (prestatieafspraak): met, not-met, or not-enough-data when the figure is suppressed or has no data.',
});

export const IndicatorTarget = z
  .object({
    contractId: z.uuid().openapi({ description: 'The contract (contract) the target is agreed in.' }),
    contractReference: text().openapi({ description: 'That contract’s reference (kenmerk).', example: 'JW-2026-014' }),
    comparator: z.enum(['at-most', 'at-least']).openapi({ description: 'at-most: the figure must not exceed the value (e.g. dropout); at-least: it must reach it.' }),
    value: z.number().openapi({ example: 15 }),
    periodStart: IsoDate,
    periodEnd: IsoDate,
    assessment: Assessment,
  })
  .openapi('IndicatorTarget', {
    description:
      'The target from the provider’s contract in this municipality whose target period covers the whole requested period (a draft contract’s targets do not count; where several cover it, the narrowest period wins). Only on provider groups.',
  });

export const IndicatorFigure = z
  .object({
    indicator: z.enum(OUTCOME_INDICATOR_CODES).openapi({ description: 'The indicator id (see the operation description for each definition).', example: 'dropout' }),
    unit: z.enum(['percent', 'grade']).openapi({ description: 'percent: 0–100 with one decimal; grade: a mean grade 1–10 with one decimal.' }),
    value: z.number().nullable().openapi({ description: 'numerator / denominator (× 100 for percent), rounded half up to one decimal; null when suppressed or when there is no data.', example: 12.5 }),
    numerator: z.number().int().nullable().openapi({ description: 'What is counted: trajectories meeting the indicator; goals achieved for goals-achieved; the sum of grades for satisfaction. Null when suppressed.', example: 3 }),
    denominator: z.number().int().nullable().openapi({ description: 'What it is counted over: trajectories; goals agreed for goals-achieved; grades given for satisfaction. Null when suppressed.', example: 24 }),
    n: z.number().int().nullable().openapi({ description: 'Distinct young people (jeugdigen) in the denominator: provider + the provider’s pseudonym. Null when suppressed.', example: 22 }),
    suppressed: z.boolean().openapi({ description: 'True when the figure is not published (see suppressionReason).' }),
    suppressionReason: z.enum(['small-number', 'complementary']).nullable().openapi({
      description:
        'small-number: fewer young people than the municipality’s threshold (kleine aantallen). complementary: published alone, it would let a suppressed sibling be derived from the total (secundaire onderdrukking).',
    }),
    distribution: z.record(text(), z.number().int()).nullable().optional().openapi({ description: 'Satisfaction only: the number of grades per grade 1–10. Null when suppressed.', example: { '1': 0, '2': 0, '3': 0, '4': 0, '5': 1, '6': 2, '7': 5, '8': 6, '9': 2, '10': 1 } }),
    target: IndicatorTarget.nullable().optional().openapi({ description: 'Provider groups only: the contract target for this indicator, or null when there is none.' }),
  })
  .openapi('IndicatorFigure');

export const IndicatorGroup = z
  .object({
    level: z.enum(['total', 'provider', 'category']).openapi({ description: 'total: the whole municipality; provider: one provider; category: one provider × product category.' }),
    providerId: z.uuid().nullable(),
    providerName: text().nullable().openapi({ example: 'Zorgaanbieder De Brug' }),
    productCategory: z.enum(JZ020_CODES).nullable().openapi({ description: 'JZ020 product category (productcategorie), on category groups.', example: '45' }),
    figures: z.array(IndicatorFigure),
  })
  .openapi('IndicatorGroup');

export const IndicatorReport = z
  .object({
    period: z.object({ from: IsoDate, to: IsoDate, label: text().openapi({ example: '2026-H1' }) }),
    asOf: IsoDate,
    informant: z.enum(INFORMANTS),
    threshold: z.number().int().openapi({ description: 'The municipality’s small-number threshold: the fewest young people a published figure may rest on.', example: 5 }),
    groups: z.array(IndicatorGroup),
  })
  .openapi('IndicatorReport');
