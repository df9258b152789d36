// What the template pages draw: their words in Dutch and English, the section editor (Dutch and
// English side by side), a version's texts, and the example values a preview fills in. The
// handlers (templates.tsx) decide what to show; this file only draws it.
import type { Child } from 'hono/jsx';
import { AGREEMENT_SECTIONS, SECTION_KEYS, type SectionKey } from '../../../domain/agreement.js';
import type { Locale } from '../../../platform/http/page.js';
import { type FieldErrors, fieldId } from '../../../platform/ui/form.js';

export const T = {
  nl: {
    list: 'Sjablonen',
    listIntro: 'Een sjabloon geeft de vaste teksten van een toekomstplan, in het Nederlands en het Engels. Een casemanager maakt een plan met een gepubliceerde versie.',
    listCaption: 'Alle sjablonen van de gemeente, met hun nieuwste versie',
    listLabel: 'Tabel met sjablonen',
    empty: 'Er zijn nog geen sjablonen.',
    emptyAdmin: 'Maak het eerste sjabloon met de knop hieronder.',
    emptyOther: 'Een beheerder van uw gemeente kan een sjabloon maken.',
    newTemplate: 'Nieuw sjabloon',
    name: 'Naam',
    latest: 'Nieuwste versie',
    status: 'Status',
    published: 'Gepubliceerd op',
    by: 'Gemaakt door',
    created: 'Gemaakt op',
    unknownPerson: 'onbekend',
    none: '–',
    more: 'Meer sjablonen',
    statusWord: { draft: 'Concept', published: 'Gepubliceerd' },
    versionN: (n: number) => `Versie ${n}`,
    viewVersion: (n: number) => `Versie ${n} bekijken`,
    editVersion: (n: number) => `Versie ${n} bewerken`,
    previewVersion: (n: number) => `Versie ${n} als voorbeeld lezen`,
    // new
    newTitle: 'Nieuw sjabloon',
    newIntro: 'Geef het sjabloon een naam en schrijf de teksten. U kunt beginnen met een basistekst of met een kopie van een gepubliceerd sjabloon. Het sjabloon wordt eerst een concept: u kunt het daarna nog aanpassen.',
    startLegend: 'Beginnen met',
    startLabel: 'Beginnen met',
    startBasic: 'Een basistekst van Vervolg',
    startCopy: (name: string, v: number) => `Een kopie van ${name} (versie ${v})`,
    startUse: 'Deze tekst gebruiken',
    startHint: 'Let op: de teksten hieronder worden dan vervangen.',
    nameHint: 'Bijvoorbeeld: Toekomstplan na verblijf. Casemanagers kiezen het sjabloon op deze naam.',
    create: 'Sjabloon maken',
    created_: 'Het sjabloon is gemaakt. Versie 1 is een concept.',
    // template page
    versions: 'Versies',
    versionsCaption: 'De versies van dit sjabloon, de oudste eerst',
    versionsLabel: 'Tabel met versies',
    version: 'Versie',
    actions: 'Acties',
    draftExists: (n: number) => `Versie ${n} is een concept. Maak die af en publiceer die; daarna kunt u weer een nieuwe versie maken.`,
    newVersion: 'Nieuwe versie maken',
    newVersionHint: (n: number) => `De nieuwe versie begint met de teksten van versie ${n}. Plannen die al gemaakt zijn, houden hun eigen versie.`,
    versionCreated: 'De nieuwe versie is gemaakt. Het is een concept: pas de teksten aan en publiceer de versie als ze klaar zijn.',
    backToTemplate: 'Terug naar het sjabloon',
    backToList: 'Terug naar alle sjablonen',
    // version
    versionTitle: (name: string, n: number) => `${name}, versie ${n}`,
    dutch: 'Nederlands',
    english: 'Engels',
    saved: 'De teksten zijn opgeslagen.',
    publishedDone: 'De versie is gepubliceerd. Casemanagers kunnen er nu een plan mee maken. Deze versie verandert nooit meer.',
    isPublished: (date: string) => `Sinds ${date}. Deze versie verandert nooit meer. Wilt u iets aanpassen? Maak dan een nieuwe versie.`,
    isDraft: 'Dit is een concept. Alleen een gepubliceerde versie kan gebruikt worden voor een plan.',
    edit: 'Teksten bewerken',
    publish: 'Publiceren',
    previewNl: 'Voorbeeld in het Nederlands',
    previewEn: 'Voorbeeld in het Engels',
    // edit
    editTitle: (name: string, n: number) => `Versie ${n} bewerken: ${name}`,
    editIntro: 'Schrijf elke tekst in het Nederlands en in het Engels. Schrijf eenvoudig (taalniveau B1): de jongere leest dit. Opslaan verandert alleen dit concept.',
    save: 'Opslaan',
    cancel: 'Annuleren',
    sectionField: (section: string, language: string) => `${section} (${language})`,
    max: 'Maximaal 5000 tekens.',
    placeholders: 'Invulvelden',
    placeholdersIntro: 'Deze codes worden in het plan vervangen door de echte gegevens. Typ ze precies zo, met de dubbele accolades.',
    placeholderInsert: 'Invoegen',
    placeholderInsertLabel: (code: string) => `${code} invoegen in het laatst gekozen tekstvak`,
    inserted: (code: string, field: string) => `${code} ingevoegd in ${field}.`,
    placeholderMeaning: {
      'youngPerson.name': 'de naam van de jongere',
      'caseManager.name': 'de naam van de casemanager',
      'municipality.name': 'de naam van de gemeente',
      departureDate: 'de datum van vertrek uit de instelling',
      aftercareStartDate: 'de datum waarop de nazorg begint',
    } as Record<string, string>,
    // errors
    nameMissing: 'Geef het sjabloon een naam.',
    nameTooLong: 'De naam mag maximaal 200 tekens hebben.',
    textMissing: (language: 'nl' | 'en') => (language === 'nl' ? 'Vul de Nederlandse tekst in.' : 'Vul de Engelse tekst in.'),
    textTooLong: (n: number) => `Deze tekst is te lang: ${n} tekens. Het maximum is 5000.`,
    // preview
    previewTitle: (name: string, n: number) => `Voorbeeld: ${name}, versie ${n}`,
    previewIntro: 'Zo leest de tekst in een plan. De invulvelden zijn ingevuld met voorbeeldgegevens:',
    previewIn: 'Taal van de tekst',
    readIn: { nl: 'Lees in het Nederlands', en: 'Lees in het Engels' },
    previewHeading: { nl: 'De afspraken (Nederlandse tekst)', en: 'De afspraken (Engelse tekst)' },
    exampleName: 'Sam de Jong',
    exampleCaseManager: 'Noor Bakker',
    // publish
    publishTitle: (name: string, n: number) => `Versie ${n} publiceren: ${name}`,
    publishWarning: 'Publiceren is definitief. Een gepubliceerde versie kan nooit meer veranderen. Casemanagers kunnen er daarna een plan mee maken.',
    publishCheck: 'Lees de teksten en het voorbeeld nog een keer na voordat u publiceert.',
    publishConfirm: (n: number) => `Ja, versie ${n} publiceren`,
    // refusals
    refusedTitle: 'Dat lukte niet',
    publishedNoEdit: (n: number) => `Versie ${n} is gepubliceerd. Een gepubliceerde versie verandert nooit meer. Maak een nieuwe versie als u de tekst wilt aanpassen.`,
    alreadyPublished: (n: number) => `Versie ${n} is al gepubliceerd.`,
    draftExistsRefused: (n: number) => `Er is al een concept: versie ${n}. Maak dat af en publiceer het, of pas dat aan.`,
    toVersion: (n: number) => `Naar versie ${n}`,
  },
  en: {
    list: 'Templates',
    listIntro: 'A template holds the fixed texts of a plan for the future, in Dutch and English. A case manager makes a plan from a published version.',
    listCaption: "All of the municipality's templates, with their newest version",
    listLabel: 'Table of templates',
    empty: 'There are no templates yet.',
    emptyAdmin: 'Make the first template with the button below.',
    emptyOther: 'An administrator of your municipality can make a template.',
    newTemplate: 'New template',
    name: 'Name',
    latest: 'Newest version',
    status: 'Status',
    published: 'Published on',
    by: 'Made by',
    created: 'Made on',
    unknownPerson: 'unknown',
    none: '–',
    more: 'More templates',
    statusWord: { draft: 'Draft', published: 'Published' },
    versionN: (n: number) => `Version ${n}`,
    viewVersion: (n: number) => `View version ${n}`,
    editVersion: (n: number) => `Edit version ${n}`,
    previewVersion: (n: number) => `Read version ${n} as an example`,
    newTitle: 'New template',
    newIntro: 'Give the template a name and write its texts. You can start with a basic text or with a copy of a published template. The template starts as a draft: you can still change it afterwards.',
    startLegend: 'Start with',
    startLabel: 'Start with',
    startBasic: 'A basic text from Vervolg',
    startCopy: (name: string, v: number) => `A copy of ${name} (version ${v})`,
    startUse: 'Use this text',
    startHint: 'Note: this replaces the texts below.',
    nameHint: 'For example: Plan after leaving care. Case managers choose the template by this name.',
    create: 'Create template',
    created_: 'The template has been created. Version 1 is a draft.',
    versions: 'Versions',
    versionsCaption: 'The versions of this template, oldest first',
    versionsLabel: 'Table of versions',
    version: 'Version',
    actions: 'Actions',
    draftExists: (n: number) => `Version ${n} is a draft. Finish and publish it; then you can make a new version again.`,
    newVersion: 'Make a new version',
    newVersionHint: (n: number) => `The new version starts with the texts of version ${n}. Plans already made keep their own version.`,
    versionCreated: 'The new version has been made. It is a draft: change the texts and publish the version when they are ready.',
    backToTemplate: 'Back to the template',
    backToList: 'Back to all templates',
    versionTitle: (name: string, n: number) => `${name}, version ${n}`,
    dutch: 'Dutch',
    english: 'English',
    saved: 'The texts have been saved.',
    publishedDone: 'The version has been published. Case managers can now make a plan with it. This version will never change again.',
    isPublished: (date: string) => `Since ${date}. This version will never change again. Want to change something? Make a new version.`,
    isDraft: 'This is a draft. Only a published version can be used for a plan.',
    edit: 'Edit texts',
    publish: 'Publish',
    previewNl: 'Example in Dutch',
    previewEn: 'Example in English',
    editTitle: (name: string, n: number) => `Edit version ${n}: ${name}`,
    editIntro: 'Write each text in Dutch and in English. Write plainly (language level B1): the young person reads this. Saving changes only this draft.',
    save: 'Save',
    cancel: 'Cancel',
    sectionField: (section: string, language: string) => `${section} (${language})`,
    max: 'At most 5000 characters.',
    placeholders: 'Placeholders',
    placeholdersIntro: 'In a plan these codes are replaced by the real details. Type them exactly like this, with the double braces.',
    placeholderInsert: 'Insert',
    placeholderInsertLabel: (code: string) => `Insert ${code} in the text box you chose last`,
    inserted: (code: string, field: string) => `${code} inserted in ${field}.`,
    placeholderMeaning: {
      'youngPerson.name': "the young person's name",
      'caseManager.name': "the case manager's name",
      'municipality.name': "the municipality's name",
      departureDate: 'the date of leaving the institution',
      aftercareStartDate: 'the date aftercare starts',
    } as Record<string, string>,
    nameMissing: 'Give the template a name.',
    nameTooLong: 'The name can have at most 200 characters.',
    textMissing: (language: 'nl' | 'en') => (language === 'nl' ? 'Fill in the Dutch text.' : 'Fill in the English text.'),
    textTooLong: (n: number) => `This text is too long: ${n} characters. The maximum is 5000.`,
    previewTitle: (name: string, n: number) => `Example: ${name}, version ${n}`,
    previewIntro: 'This is how the text reads in a plan. The placeholders are filled with example details:',
    previewIn: 'Language of the text',
    readIn: { nl: 'Read in Dutch', en: 'Read in English' },
    previewHeading: { nl: 'The agreements (Dutch text)', en: 'The agreements (English text)' },
    exampleName: 'Sam de Jong',
    exampleCaseManager: 'Noor Bakker',
    publishTitle: (name: string, n: number) => `Publish version ${n}: ${name}`,
    publishWarning: 'Publishing is final. A published version can never change again. Case managers can then make a plan with it.',
    publishCheck: 'Read the texts and the example once more before you publish.',
    publishConfirm: (n: number) => `Yes, publish version ${n}`,
    refusedTitle: 'That did not work',
    publishedNoEdit: (n: number) => `Version ${n} has been published. A published version never changes. Make a new version if you want to change the text.`,
    alreadyPublished: (n: number) => `Version ${n} has already been published.`,
    draftExistsRefused: (n: number) => `There already is a draft: version ${n}. Finish and publish it, or change it.`,
    toVersion: (n: number) => `Go to version ${n}`,
  },
} as const;

export type Strings = (typeof T)[Locale];

export const PLACEHOLDERS = ['youngPerson.name', 'caseManager.name', 'municipality.name', 'departureDate', 'aftercareStartDate'] as const;

export type SectionTexts = Record<SectionKey, { nl: string; en: string }>;
export const LANGUAGES = ['nl', 'en'] as const;

/** The form field of one text: `content.sections.goals.nl`, as the API's invalidParams name it. */
export const textField = (key: SectionKey, language: 'nl' | 'en') => `content.sections.${key}.${language}`;

/** A section's heading, in the page's language. */
export const sectionHeading = (key: SectionKey, locale: Locale) => AGREEMENT_SECTIONS[key][locale];

/** The label of one text field: 'Doelen (Nederlands)' / 'Goals (English)'. */
export const textLabel = (key: SectionKey, language: 'nl' | 'en', locale: Locale) => T[locale].sectionField(sectionHeading(key, locale), language === 'nl' ? T[locale].dutch : T[locale].english);

/** Every field's label, for the error summary. */
export function fieldLabels(locale: Locale, withName: boolean): Record<string, string> {
  const labels: Record<string, string> = withName ? { name: T[locale].name } : {};
  for (const key of SECTION_KEYS) for (const language of LANGUAGES) labels[textField(key, language)] = textLabel(key, language, locale);
  return labels;
}

/** The texts a new template starts with: short, plain, in both languages, using the placeholders. */
export const BASIC_SECTIONS: SectionTexts = {
  introduction: {
    nl: 'Dit zijn de afspraken tussen {{youngPerson.name}}, {{municipality.name}} en de hulpverleners. Je gaat op {{departureDate}} weg uit de instelling. De hulp stopt dan niet. Vanaf {{aftercareStartDate}} werken we samen verder aan jouw doelen. {{caseManager.name}} is je vaste contactpersoon.',
    en: 'These are the agreements between {{youngPerson.name}}, {{municipality.name}} and the care workers. You leave the institution on {{departureDate}}. The help does not stop then. From {{aftercareStartDate}} we keep working together on your goals. {{caseManager.name}} is your contact person.',
  },
  goals: {
    nl: 'Dit zijn jouw doelen. We hebben ze samen met jou en je netwerk gemaakt.',
    en: 'These are your goals. We made them together with you and your network.',
  },
  commitments: {
    nl: 'Hier staat wat iedereen belooft, en hoe vaak.',
    en: 'This is what everyone promises, and how often.',
  },
  conditions: {
    nl: 'De hulp gaat door als iedereen zich aan de afspraken houdt. Lukt een afspraak niet? Dan zoeken we eerst samen een oplossing.',
    en: 'The help continues when everyone keeps to the agreements. Does an agreement not work out? Then we first look for a solution together.',
  },
  risks: {
    nl: 'Hier staat waar we op letten als het minder goed gaat, en wat we dan doen.',
    en: 'This says what we look out for when things go less well, and what we do then.',
  },
  network: {
    nl: 'Dit zijn de mensen om je heen. Eén persoon helpt je met praktische dingen.',
    en: 'These are the people around you. One person helps you with practical things.',
  },
  turning18: {
    nl: 'Als je 18 wordt, verandert er veel. Hier staat wat al geregeld is en wat nog moet.',
    en: 'A lot changes when you turn 18. This shows what is arranged and what still has to be done.',
  },
  privacy: {
    nl: '{{municipality.name}} bewaart deze afspraken. Alleen de mensen die je helpen kunnen ze zien. Je mag altijd vragen welke gegevens we hebben.',
    en: '{{municipality.name}} keeps these agreements. Only the people who help you can see them. You can always ask which information we have.',
  },
};

/** A status in words, with a mark that is not colour alone. */
export function StatusBadge(props: { status: 'draft' | 'published'; locale: Locale }) {
  return <span class={`vv-tpl-status vv-tpl-status--${props.status}`}>{T[props.locale].statusWord[props.status]}</span>;
}

/** One text box, labelled with its section and language; the text's own language on the control. */
function TextBox(props: { name: string; label: string; language: 'nl' | 'en'; value: string; error?: string | undefined }) {
  const id = fieldId(props.name);
  return (
    <div class={`utrecht-form-field utrecht-form-field--textarea${props.error ? ' utrecht-form-field--invalid' : ''}`}>
      <div class="utrecht-form-field__label">
        <label class="utrecht-form-label" for={id}>
          {props.label}
        </label>
      </div>
      {props.error ? (
        <div class="utrecht-form-field-error-message" id={`${id}-error`}>
          {props.error}
        </div>
      ) : null}
      <div class="utrecht-form-field__input">
        <textarea
          class={`utrecht-textarea utrecht-textarea--html-textarea${props.error ? ' utrecht-textarea--invalid' : ''}`}
          id={id}
          name={props.name}
          lang={props.language}
          rows={7}
          maxlength={5000}
          required
          aria-invalid={props.error ? 'true' : undefined}
          aria-describedby={props.error ? `${id}-error` : undefined}
          data-tpl-text=""
        >
          {props.value}
        </textarea>
      </div>
    </div>
  );
}

/** The eight sections, each with its Dutch and English text side by side (stacked on a phone). */
export function SectionsEditor(props: { sections: SectionTexts; errors: FieldErrors; locale: Locale }) {
  return (
    <div class="vv-tpl-editor" data-tpl-editor="">
      {SECTION_KEYS.map((key) => (
        <fieldset class="utrecht-form-fieldset vv-tpl-section">
          <legend class="utrecht-form-fieldset__legend vv-tpl-section__legend">{sectionHeading(key, props.locale)}</legend>
          <div class="vv-tpl-pair">
            {LANGUAGES.map((language) => (
              <TextBox name={textField(key, language)} label={textLabel(key, language, props.locale)} language={language} value={props.sections[key]?.[language] ?? ''} error={props.errors[textField(key, language)]} />
            ))}
          </div>
        </fieldset>
      ))}
    </div>
  );
}

/** The placeholders and what each stands for; with JavaScript each gets a button that inserts it. */
export function PlaceholderList(props: { locale: Locale }) {
  const s = T[props.locale];
  return (
    <section class="vv-tpl-placeholders" aria-labelledby="placeholders-title" data-tpl-placeholders="" data-insert-text={s.placeholderInsert} data-inserted-text={s.inserted('{code}', '{field}')}>
      <h2 class="utrecht-heading-2" id="placeholders-title">
        {s.placeholders}
      </h2>
      <p class="utrecht-paragraph">{s.placeholdersIntro}</p>
      <ul class="utrecht-unordered-list vv-tpl-placeholder-list">
        {PLACEHOLDERS.map((code) => (
          <li class="utrecht-unordered-list__item" data-placeholder={`{{${code}}}`} data-insert-label={s.placeholderInsertLabel(`{{${code}}}`)}>
            <code lang="en">{`{{${code}}}`}</code>: {s.placeholderMeaning[code]}
          </li>
        ))}
      </ul>
      <p class="vv-visually-hidden" aria-live="polite" data-tpl-announce="" />
    </section>
  );
}

/** A version's texts, read only: each section with its Dutch and English text side by side. */
export function SectionsRead(props: { sections: SectionTexts; locale: Locale }) {
  const s = T[props.locale];
  return (
    <div class="vv-tpl-read">
      {SECTION_KEYS.map((key) => (
        <section class="vv-tpl-section" aria-labelledby={`section-${key}`}>
          <h2 class="utrecht-heading-2" id={`section-${key}`}>
            {sectionHeading(key, props.locale)}
          </h2>
          <div class="vv-tpl-pair">
            <div>
              <h3 class="utrecht-heading-3">{s.dutch}</h3>
              <p class="utrecht-paragraph vv-tpl-text" lang="nl">
                {props.sections[key].nl}
              </p>
            </div>
            <div>
              <h3 class="utrecht-heading-3">{s.english}</h3>
              <p class="utrecht-paragraph vv-tpl-text" lang="en">
                {props.sections[key].en}
              </p>
            </div>
          </div>
        </section>
      ))}
    </div>
  );
}

/** A link drawn as a button (a GET: a page to go to, not an action). */
export function ButtonLink(props: { href: string; kind?: 'primary' | 'secondary'; children: Child }) {
  return (
    <a class={`utrecht-button-link utrecht-button-link--html-a utrecht-button-link--${props.kind ?? 'secondary'}-action`} href={props.href}>
      {props.children}
    </a>
  );
}
