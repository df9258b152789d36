import { z } from '@hono/zod-openapi';
import { JZ020_CODES, JZ588_CODES } from '../../domain/ijw.js';
import { FOLLOW_UP_DOMAINS, INFORMANTS } from '../../domain/outcomes.js';
import { Timestamp } from '../../platform/http/openapi.js';
import { text } from '../../platform/text.js';

export const MAX_BATCH_RECORDS = 10_000;

const IsoDate = z.iso.date('Use a date as YYYY-MM-DD.').openapi({ format: 'date', example: '2027-03-01' });
const Reference = text().trim().min(1).max(100);
const TrajectoryReference = Reference.openapi({
  description: 'The reference of a trajectory in this batch or delivered earlier by you.',
  example: 'TRJ-2027-0042',
});

const answers = <K extends keyof typeof FOLLOW_UP_DOMAINS>(domain: K) => {
  const codes = Object.keys(FOLLOW_UP_DOMAINS[domain].answers) as [string, ...string[]];
  const listed = Object.entries(FOLLOW_UP_DOMAINS[domain].answers as Record<string, { nl: string; favourable: boolean }>)
    .map(([code, a]) => `${code} (${a.nl}${a.favourable ? ', gunstig' : ''})`)
    .join(', ');
  return z.enum(codes).openapi({ description: `${FOLLOW_UP_DOMAINS[domain].en} (${FOLLOW_UP_DOMAINS[domain].nl}): ${listed}.` });
};

export const TrajectoryRecord = z
  .object({
    type: z.literal('trajectory'),
    reference: Reference.openapi({ description: 'Your pseudonymous reference for this trajectory (traject); it names the trajectory from now on.', example: 'TRJ-2027-0042' }),
    clientReference: Reference.openapi({
      description: 'Your pseudonymous reference for the young person (cliënt), the same across your trajectories. Never a BSN.',
      example: 'CL-88213',
    }),
    contractId: z.uuid().openapi({ description: 'The contract (inkoopcontract) the help is given under; it must be yours and active.' }),
    productCategory: z.enum(JZ020_CODES).openapi({ description: 'Product category (productcategorie, iJw JZ020), one of the contract’s products.', example: '45' }),
    productCode: text().trim().max(5).nullable().optional().openapi({ description: 'Product code (productcode) within the category, when the contract names one.', example: '45A47' }),
    agreementId: z.uuid().nullable().optional().openapi({ description: 'The Vervolg youth agreement (toekomstafspraken) of the contract’s municipality this trajectory belongs to.' }),
    startDate: IsoDate.openapi({ description: 'Start of the help (begindatum), within the contract period.' }),
    endDate: IsoDate.nullable().optional().openapi({ description: 'End of the help (einddatum), within the contract period; with endReason.' }),
    endReason: z.enum(JZ588_CODES).nullable().optional().openapi({ description: 'Reason for ending (reden beëindiging, iJw JZ588); with endDate.', example: '31' }),
  })
  .openapi('TrajectoryRecord', {
    description: 'A trajectory (traject): one form of help with a start date for one young person. Delivering a known reference again corrects it; the earlier state is kept.',
  });

export const SatisfactionRecord = z
  .object({
    type: z.literal('satisfaction'),
    trajectoryReference: TrajectoryReference,
    measuredOn: IsoDate,
    score: z.number().int().min(1).max(10).openapi({ description: 'Grade 1–10 (cliënttevredenheid).', example: 8 }),
    informant: z.enum(INFORMANTS).openapi({ description: 'Who gave the grade: young-person (jeugdige), parent (ouder), other (anders).' }),
  })
  .openapi('SatisfactionRecord', { description: 'Client satisfaction (cliënttevredenheid). One current value per informant.' });

export const ContinuationRecord = z
  .object({
    type: z.literal('continuation'),
    trajectoryReference: TrajectoryReference,
    measuredOn: IsoDate,
    canContinueWithoutHelp: z.boolean().openapi({ description: 'Can continue without help (kan verder zonder hulp, indicator 3.1).' }),
  })
  .openapi('ContinuationRecord');

export const GoalResult = z
  .object({
    goalId: text().trim().min(1).max(100).openapi({ description: 'The goal in the agreement’s plan: its id, or its position (1, 2, …) when the plan gives goals no id.', example: '1' }),
    achieved: z.boolean(),
  })
  .openapi('GoalResult');

export const GoalsRecord = z
  .object({
    type: z.literal('goals'),
    trajectoryReference: TrajectoryReference,
    measuredOn: IsoDate,
    goalsAchieved: z.number().int().min(0).max(1000).optional().openapi({ description: 'Goals achieved; required when the trajectory has no agreement.' }),
    goalsTotal: z.number().int().min(0).max(1000).optional().openapi({ description: 'Goals agreed; required when the trajectory has no agreement.' }),
    goals: z.array(GoalResult).max(100).optional().openapi({ description: 'Per agreed goal (doel): required when the trajectory is linked to an agreement.' }),
  })
  .openapi('GoalsRecord', { description: 'Agreed goals achieved (doelrealisatie, indicator 3.4).' });

export const FollowUpRecord = z
  .object({
    type: z.literal('follow-up'),
    trajectoryReference: TrajectoryReference,
    months: z.union([z.literal(3), z.literal(12)]).openapi({ type: 'integer', enum: [3, 12], description: 'Months after departure (uitstroom): 3 or 12.' }),
    measuredOn: IsoDate,
    housing: answers('housing'),
    educationWork: answers('educationWork'),
    incomeDebts: answers('incomeDebts'),
    network: answers('network'),
    newYouthCare: z.boolean().openapi({ description: 'A new start of youth care (nieuwe start jeugdhulp) since departure.' }),
  })
  .openapi('FollowUpRecord', { description: 'Follow-up (nameting) 3 or 12 months after departure, on an ended trajectory.' });

export const OutcomeRecord = z
  .discriminatedUnion('type', [TrajectoryRecord, SatisfactionRecord, ContinuationRecord, GoalsRecord, FollowUpRecord])
  .openapi('OutcomeRecord');
export type OutcomeRecordT = z.infer<typeof OutcomeRecord>;

export const OutcomeBatch = z
  .object({
    records: z
      .array(OutcomeRecord)
      .min(1)
      .max(MAX_BATCH_RECORDS)
      .openapi({ description: `1 to ${MAX_BATCH_RECORDS} records; trajectories may come before the measurements that refer to them.` }),
  })
  .openapi('OutcomeBatch', {
    description: 'A delivery (aanlevering) of outcome records: accepted or refused as a whole.',
    example: {
      records: [
        { type: 'trajectory', reference: 'TRJ-2027-0042', clientReference: 'CL-88213', contractId: '0192f6a4-7c1e-7c39-9d55-3b1a6f0e2b11', productCategory: '45', startDate: '2027-01-10', endDate: '2027-06-30', endReason: '31' },
        { type: 'satisfaction', trajectoryReference: 'TRJ-2027-0042', measuredOn: '2027-06-30', score: 8, informant: 'young-person' },
        { type: 'continuation', trajectoryReference: 'TRJ-2027-0042', measuredOn: '2027-06-30', canContinueWithoutHelp: true },
        { type: 'goals', trajectoryReference: 'TRJ-2027-0042', measuredOn: '2027-06-30', goalsAchieved: 2, goalsTotal: 3 },
        { type: 'follow-up', trajectoryReference: 'TRJ-2027-0042', months: 3, measuredOn: '2027-09-30', housing: 'independent', educationWork: 'education', incomeDebts: 'income-no-debts', network: 'supportive', newYouthCare: false },
      ],
    },
  });

// Hono's validator checks a body with safeParseAsync, and zod compiles its object checks into one
// function (its JIT) only for a synchronous parse: over 10,000 records the synchronous parse of the
// same schema is two to three times faster (about 45 ms against 140 ms a batch). The batch has no
// asynchronous check, so it gives the same answer; should one ever be added, zod refuses the
// synchronous parse ($ZodAsyncError) and the asynchronous one runs as before.
const parseBatchAsync = OutcomeBatch.safeParseAsync.bind(OutcomeBatch);
OutcomeBatch.safeParseAsync = async (data, params) => {
  try {
    return OutcomeBatch.safeParse(data, params);
  } catch (error) {
    if (error instanceof z.core.$ZodAsyncError) return parseBatchAsync(data, params);
    throw error;
  }
};

const Counts = <K extends string>(keys: readonly [K, K, K]) => z.object(Object.fromEntries(keys.map((k) => [k, z.number().int()])) as Record<K, z.ZodNumber>);

export const BatchSummary = z
  .object({
    id: z.uuid().openapi({ description: 'The batch.' }),
    recordCount: z.number().int(),
    trajectories: Counts(['created', 'updated', 'unchanged'] as const).openapi({ description: 'updated: corrected; the earlier state is kept as a revision.' }),
    measurements: Counts(['created', 'superseded', 'unchanged'] as const).openapi({ description: 'superseded: earlier values replaced by a new one (kept as history).' }),
  })
  .openapi('OutcomeBatchSummary');
export type BatchSummaryT = z.infer<typeof BatchSummary>;

export const Trajectory = z
  .object({
    id: z.uuid(),
    reference: text(),
    clientReference: text(),
    contractId: z.uuid(),
    municipalityId: z.uuid().openapi({ description: 'The contract’s municipality (gemeente).' }),
    productCategory: text().openapi({ example: '45' }),
    productCode: text().nullable(),
    agreementId: z.uuid().nullable(),
    startDate: IsoDate,
    endDate: IsoDate.nullable(),
    endReason: text().nullable().openapi({ description: 'JZ588 code.' }),
    revision: z.number().int().openapi({ description: '1 when delivered, +1 with each correction.' }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .openapi('Trajectory', { description: 'A trajectory (traject) as you delivered it, with its latest correction.' });

export const Measurement = z
  .object({
    id: text().openapi({ example: '1207' }),
    type: z.enum(['satisfaction', 'continuation', 'goals', 'follow-up']),
    measuredOn: IsoDate,
    score: z.number().int().optional(),
    informant: z.enum(INFORMANTS).optional(),
    canContinueWithoutHelp: z.boolean().optional(),
    goalsAchieved: z.number().int().optional(),
    goalsTotal: z.number().int().optional(),
    goals: z.array(GoalResult).optional(),
    months: z.number().int().optional(),
    housing: text().optional(),
    educationWork: text().optional(),
    incomeDebts: text().optional(),
    network: text().optional(),
    newYouthCare: z.boolean().optional(),
    batchId: z.uuid().nullable(),
    receivedAt: Timestamp,
    supersededAt: Timestamp.nullable().openapi({ description: 'When a newer value replaced this one; null for the current value.' }),
  })
  .openapi('Measurement', { description: 'A measurement (meting) as delivered; the fields of its type are present.' });

export const TrajectoryRevision = z
  .object({
    revision: z.number().int(),
    state: z.record(text(), z.unknown()).openapi({ description: 'The trajectory as it was in this revision.' }),
    batchId: z.uuid().nullable().openapi({ description: 'The batch that delivered the state that replaced it.' }),
    replacedAt: Timestamp,
  })
  .openapi('TrajectoryRevision');

export const TrajectoryDetail = Trajectory.extend({
  measurements: z.array(Measurement).openapi({ description: 'The current value per measurement slot.' }),
  history: z.array(Measurement).openapi({ description: 'Superseded values, newest first.' }),
  revisions: z.array(TrajectoryRevision).openapi({ description: 'Earlier states, newest first.' }),
}).openapi('TrajectoryDetail');
