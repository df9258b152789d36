// The labels of the processing log (verwerkingenregister) as the young person reads it in their
// data export: what was done, by whom, and which operation on their agreement it was.

/** What was done with the data, in the processing log (processing_log.action). */
export const PROCESSING_ACTIONS = {
  create: { nl: 'Vastgelegd', en: 'Recorded' },
  read: { nl: 'Bekeken', en: 'Viewed' },
  update: { nl: 'Gewijzigd', en: 'Changed' },
  delete: { nl: 'Verwijderd', en: 'Deleted' },
} as const;

/** Who did it, in the processing log (processing_log.actor_type). */
export const PROCESSING_ACTORS = {
  user: { nl: 'Een medewerker', en: 'A staff member' },
  'api-key': { nl: 'Een gekoppeld systeem', en: 'A connected system' },
  system: { nl: 'Vervolg zelf (automatisch)', en: 'Vervolg itself (automatically)' },
  anonymous: { nl: 'Iemand zonder account', en: 'Someone without an account' },
  signer: { nl: 'Een ondertekenaar, via de eigen link', en: 'A signer, through their own link' },
} as const;

/**
 * The operations that touch an agreement, as the young person reads them in their export
 * (processing_log.operation). One that is not listed is described by its action instead.
 */
export const PROCESSING_OPERATIONS = {
  createAgreement: { nl: 'Afspraken aangemaakt', en: 'Agreement created' },
  listAgreements: { nl: 'Lijst van afspraken bekeken', en: 'List of agreements viewed' },
  getAgreement: { nl: 'Afspraken bekeken', en: 'Agreement viewed' },
  updateAgreement: { nl: 'Afspraken gewijzigd', en: 'Agreement changed' },
  sendAgreement: { nl: 'Afspraken verstuurd ter ondertekening', en: 'Agreement sent for signature' },
  cancelAgreement: { nl: 'Ondertekening gestopt', en: 'Signing cancelled' },
  endAgreement: { nl: 'Afspraken beëindigd', en: 'Agreement ended' },
  completeAgreement: { nl: 'Afspraken afgerond', en: 'Agreement completed' },
  amendAgreement: { nl: 'Aanpassing van de afspraken gemaakt', en: 'Amendment of the agreement made' },
  listAgreementVersions: { nl: 'Versies van de afspraken bekeken', en: 'Versions of the agreement viewed' },
  getAgreementVersion: { nl: 'Een versie van de afspraken bekeken', en: 'A version of the agreement viewed' },
  listSigners: { nl: 'Ondertekenaars bekeken', en: 'Signers viewed' },
  listSigningEvents: { nl: 'Verloop van de ondertekening bekeken', en: 'Signing history viewed' },
  remindSigner: { nl: 'Herinnering verstuurd', en: 'Reminder sent' },
  recordContactMoment: { nl: 'Contactmoment vastgelegd', en: 'Contact moment recorded' },
  listContactMoments: { nl: 'Contactmomenten bekeken', en: 'Contact moments viewed' },
  recordReviewMeeting: { nl: 'Evaluatie vastgelegd', en: 'Review meeting recorded' },
  listReviewMeetings: { nl: 'Evaluaties bekeken', en: 'Review meetings viewed' },
  getProviderGoalProgress: { nl: 'Stand van de doelen bekeken door de zorgaanbieder', en: 'Where the goals stand viewed by the care provider' },
  listAftercareSignals: { nl: 'Signalen van jongeren bekeken', en: 'Signals of young people viewed' },
  recordBarrier: { nl: 'Belemmering in de hulp vastgelegd', en: 'Barrier to the help recorded' },
  listBarriers: { nl: 'Belemmeringen in de hulp bekeken', en: 'Barriers to the help viewed' },
  // Aggregates only (no personal data): never logged as a read of someone's data, as the indicators; listed for completeness.
  getBarrierReport: { nl: 'Overzicht van belemmeringen (zonder persoonsgegevens) bekeken', en: 'Overview of barriers (no personal data) viewed' },
  recordPlanProgress: { nl: 'Voortgang van het plan vastgelegd', en: 'Progress of the plan recorded' },
  listPlanProgress: { nl: 'Voortgang van het plan bekeken', en: 'Progress of the plan viewed' },
  getLivingPlan: { nl: 'Plan met de voortgang bekeken', en: 'Plan with its progress viewed' },
  getSignedDocument: { nl: 'Ondertekend document gedownload', en: 'Signed document downloaded' },
  openSigningLink: { nl: 'Ondertekenlink gebruikt terwijl dat niet kon', en: 'Signing link used when it could not be' },
  exportYoungPersonData: { nl: 'Jouw gegevens gedownload', en: 'Your data downloaded' },
  downloadSignedDocument: { nl: 'Ondertekende afspraken gedownload met een code', en: 'Signed agreement downloaded with a code' },
  sendOwnPageLink: { nl: 'Link naar je eigen pagina verstuurd', en: 'Link to your own page sent' },
  listYoungPersonNotes: { nl: 'Jouw opmerkingen en hulpvragen bekeken', en: 'Your notes and requests for help viewed' },
  viewOwnPage: { nl: 'Je eigen pagina bekeken', en: 'Your own page viewed' },
  viewOwnPlan: { nl: 'Je afspraken bekeken op je eigen pagina', en: 'Your agreement viewed on your own page' },
  viewOwnProcessingLog: { nl: 'Bekeken wie jouw gegevens gebruikte', en: 'Viewed who used your data' },
  viewPracticalInfo: { nl: 'Praktische informatie bekeken op je eigen pagina', en: 'Practical information viewed on your own page' },
  addYoungPersonNote: { nl: 'Je opmerking opgeslagen', en: 'Your note saved' },
  askForHelp: { nl: 'Je vroeg om hulp', en: 'You asked for help' },
  listPracticalInfo: { nl: 'Praktische informatie van de gemeente bekeken', en: 'Practical information of the municipality viewed' },
  getPracticalInfo: { nl: 'Praktische informatie van de gemeente bekeken', en: 'Practical information of the municipality viewed' },
  updatePracticalInfo: { nl: 'Praktische informatie van de gemeente gewijzigd', en: 'Practical information of the municipality changed' },
  resetPracticalInfo: { nl: 'Praktische informatie van de gemeente teruggezet', en: 'Practical information of the municipality restored' },
} as const;
