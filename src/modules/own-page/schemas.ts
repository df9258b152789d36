import { z } from '@hono/zod-openapi';
import { LIFE_DOMAIN_CODES } from '../../domain/agreement.js';
import { PRACTICAL_INFO_MAX, PRACTICAL_TOPIC_CODES, PRACTICAL_TOPICS } from '../../domain/practical-info.js';
import { NOTE_KIND_CODES, NOTE_KINDS, NOTE_MAX } from '../../domain/young-person.js';
import { Timestamp } from '../../platform/http/openapi.js';
import { MunicipalityParams } from '../../platform/http/params.js';
import { text } from '../../platform/text.js';

export const NoteKind = z.enum(NOTE_KIND_CODES).openapi('YoungPersonNoteKind', {
  description: `What the young person wrote on their own page: ${NOTE_KIND_CODES.map((k) => `${k} (${NOTE_KINDS[k].en})`).join(', ')}.`,
  example: 'help',
});

export const YoungPersonNote = z
  .object({
    id: z.uuid(),
    agreementId: z.uuid(),
    kind: NoteKind,
    goalRef: text().nullable().openapi({ description: 'For a goal-note: the goal (plan.goals[].id, or its position for a legacy version).', example: '0192f6a4-7c1e-7c39-9d55-3b1a6f0e2b11' }),
    goalDescription: text().nullable().openapi({ description: 'For a goal-note: the goal as the plan in force describes it (null when the goal is no longer in it).', example: 'Zelfstandig wonen' }),
    domain: z.enum(LIFE_DOMAIN_CODES).nullable().openapi({ description: 'For a request for help: the life domain (leefgebied) the young person chose, if any.', example: 'income-debts' }),
    body: text().openapi({ description: 'What the young person wrote.', example: 'Ik snap de brief van de Belastingdienst niet.' }),
    createdAt: Timestamp,
  })
  .openapi('YoungPersonNote', {
    description:
      'A note the young person wrote on their own page (jongere aan het woord): a note on a goal, what they want to discuss at the next review, or a request for help. Append-only.',
  });

export const OwnPageLinkSent = z
  .object({
    channel: z.enum(['email', 'sms']).openapi({ description: 'Where the link went: the young person’s e-mail address or mobile number on file (as they signed).', example: 'sms' }),
    sentAt: Timestamp,
  })
  .openapi('OwnPageLinkSent', { description: 'A fresh personal link to the young person’s own page is in the outbox. The link sent before stops working.' });

export const PracticalTopic = z.enum(PRACTICAL_TOPIC_CODES).openapi('PracticalTopic', {
  description: `A life domain of the practical information for living on your own: ${PRACTICAL_TOPIC_CODES.map((k) => `${k} (${PRACTICAL_TOPICS[k].en})`).join(', ')}.`,
  example: 'money',
});

const LanguageText = z
  .object({
    body: text().openapi({ description: 'The text: paragraphs separated by a blank line; a line that starts with "- " is an item of a list.', example: 'Maak elke maand een overzicht van wat je krijgt en wat je moet betalen.' }),
    custom: z.boolean().openapi({ description: 'true: the municipality’s own text; false: Vervolg’s default text.', example: false }),
    updatedAt: Timestamp.nullable().openapi({ description: 'When the municipality last changed it (null for the default).' }),
  })
  .openapi('PracticalInfoText');

export const PracticalInfo = z
  .object({
    topic: PracticalTopic,
    title: z.object({ nl: text(), en: text() }).openapi({ description: 'The topic’s title in Dutch and English.', example: { nl: 'Geld en schulden', en: 'Money and debts' } }),
    nl: LanguageText,
    en: LanguageText,
  })
  .openapi('PracticalInfo', { description: 'Practical information for living on your own on one topic, as the young person reads it on their own page, in Dutch and English.' });

export const PracticalInfoList = z.object({ items: z.array(PracticalInfo) }).openapi('PracticalInfoList');

const topicBody = (lang: string) =>
  text()
    .trim()
    .min(1)
    .max(PRACTICAL_INFO_MAX)
    .nullable()
    .optional()
    .openapi({ description: `The ${lang} text (at most ${PRACTICAL_INFO_MAX} characters). null or left out: Vervolg’s default text.`, example: lang === 'Dutch' ? 'Maak elke maand een overzicht van je geld.' : 'Make an overview of your money each month.' });

export const PutPracticalInfo = z
  .object({ nl: topicBody('Dutch'), en: topicBody('English') })
  .strict()
  .openapi('PutPracticalInfo', { description: 'The municipality’s own texts for a topic. A language left out or null uses Vervolg’s default text.' });

export const PracticalInfoParams = MunicipalityParams.extend({
  topic: PracticalTopic.openapi({ param: { name: 'topic', in: 'path' } }),
});

// The young person's request for help, as their own page takes it (no API of their own: the page is their door).
export const HelpForm = z.object({ domain: z.enum(LIFE_DOMAIN_CODES).optional(), body: text().trim().min(1).max(NOTE_MAX) });
