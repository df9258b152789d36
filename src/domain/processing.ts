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
  recordPlanProgress: { nl: 'Voortgang van het plan vastgelegd', en: 'Progress of the plan recorded' },
  listPlanProgress: { nl: 'Voortgang van het plan bekeken', en: 'Progress of the plan viewed' },
  getLivingPlan: { nl: 'Plan met de voortgang bekeken', en: 'Plan with its progress viewed' },
  getSignedDocument: { nl: 'Ondertekend document gedownload', en: 'Signed document downloaded' },
  openSigningLink: { nl: 'Ondertekenlink gebruikt terwijl dat niet kon', en: 'Signing link used when it could not be' },
  exportYoungPersonData: { nl: 'Jouw gegevens gedownload', en: 'Your data downloaded' },
} as const;
