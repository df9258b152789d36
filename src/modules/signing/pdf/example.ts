// A typical youth agreement (fictional people): the fixture of the PDF tests and `npm run bench:pdf`,
// and a sample for previews. A 17-year-old leaving residential care, signing alone (16+).
import type { AgreementDocument } from './types.js';

/** A small drawn signature as a canvas would export it (RGBA PNG, transparent background). */
export const EXAMPLE_DRAWN_SIGNATURE = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAPAAAABICAYAAADIzHiKAAAJJElEQVR42u2deWxVRRTGsS1EQJGWR1BBNhcEBeoWNlmMEEEWMbIIBsUSFqmCiqBiqSxVAZWyFcpWpKlA2TeRyL6KilRREOPCohEhAsGFpQp1Jv1echnmtX19d5lbvj9+CQm9M3PPmW/uLOfMKxWo3rkUIcSf0AiEUMCEEAqYEEIBE0IBE0IoYEIIBUwIoYAJoYAJIRQwIYQCJoQCJoRQwIQQCpgQQgETQgETQihgQggFTAihgAmhgAkhFDAhhAImhAImhFDAhDhEZUFrQS/B04J2gpoUcMnjekEnwVDBCEF/wX0UgG+R/tsuyAvBd4IUwa0UsL+5WzBXcCmEo78R9KMgfIP80v5cgHB1pAtuoYD9x5thOHmzoB4FYizlBVkhfHdecACD8ekC/uYlCtgfVBJ8pHHiv4JtgjWYYqn//xem2RSMWTQQ7NP4KwvrX/Xv78H0+bjmGdkvalHA5nKHxtl/CAYLyip/21iwTOPk7hSNMbSE/6z+kWvfJkV4NkaQpFk+nRJ0oYD13ORh4+8U/KQ4a4mgSiHPvaARcUeKx3MeEpxV/DKhmIP6Ko2PR1LAlxP8mi3zoOHVBQcVB70bxvNPKM/+I7iXIvKMRoIzik8iXcMO04g4W1COAs7/8loNk+hio68TfKbUn1yMcrooZewrac71CfLo56jii/42lS3XzEeUsr92cbCuYvIXeK3yBXPrQH214pCUCMoaqJT1IQXlKtdqBmO7PwbyY7NOqSMXgSBOvVcHwV7UNdFUAd+lWX867fDpSp1TbShzglLmIArLNZYotn/DwbomaqbUqTbXUUtz/HXa5E2sV5TGOhkk8apS12Iby96slN3Qh2KIFlQFMT5o71jF5lNciuhSRfy5oHmE5V6DiL//NOVPMv0YaaOlsXIX8TYHGtpdMcpuQRmbd7TPWcrf5BPR3i4YLdij6ThfCt5GdJpp7U5Q2rraxbqbCfaH+BrHFaO8RM06Ow9T6PZ+OAeOVxq+1oEdylxL+cccGiT6Ke/xmsHClZsjM8KIPFsgqG9I2xsrbZOnCbEerL3naOz0t+AdQZ0iDJzJms23YBTYML8FcgxRXiLJpnKras56WztokGwfTKWfEpwMMz44kt16O6moRMVdgqC9ak9PwS8hbCVnNWno2wOQGCPjrHMKsO8M9FlfRmKtUF6mQ4TlxWgyUPo6bBAZBP+npb51hq8bgzOStwQtBDeCFpha6xIBNjo0gwkndiBIbwNsWjaEXcMhy6s4AjsLuxmdyRrSWCeC8lYqRhrtklEGKPUONES88zQdRyZwRBVhjXZSE27a3uX2v6W0Ybxhg6Psv2NCrGd1HMU71C1JsdAdNQv5OBumsjNdNswaJemhmseda7Em//XBMNfMCzWd0K3BqbeHm1bFQdr2dcF8wRZsmsqNzUxMpZuY0lYnClWPlraFsUkhd5aXe3C+XNgZt5cBHqrw1gsCxSxrqEbEo1xIULDW90ME7ScuZSOlKk7LKcIuaDzO5KzPrfHQOMOVtnT1oA2zlTaswpljJGV2RuSctdxpDrVfrrV/VepqSuH5I51whiY/d0iI2OYkzZdhmQEGsob5HdKkKDrJOAcHs/sFPyrlL7JhcLASi7Noax29KDp/5QOnaoR5Cmu6afiiXND8TZohBmrlQOhmUXhRqXerzYErwYyuT5V6tmAzx45zVjW6bTgF58+EfrlRcrGIO3tnbcxEsYv3lTY6vXvbValvv4NZLWWVDbs8fJmbRVDmDUp0nuMB/RSwOyF/8woQ7iV8dasZaKRoJff4ewe+hkGaKFFnJ12KoNJFJRVnIJXHhl8o5cyh0ErOlTpyevYsvmqzsM7rgVHbZEO1D1x586ETlxQcUup5xMV3HBMiQKGokUVPYnlkfT6DIuOdWKaQ6uCGTGnBTqX8Ph684zOajJpzCBgJNY1/IMQZ8yT2GQrYNPYGLr/EwK6radWzby/vb4rXDCbWM+j3kDo3RTNdDjKEfYUCNpGmmrTG6AjLnKsJiDfhXUeEsfloza1twX5CAZuMeqvlwgjKSjfw7FtN7pA3lpwpRLj7DYoZp4BJ2MIrzlczQ5MlFG3o+8qEiU7IlV2EWOYsBOA0Z3+ggP2I+msQH4SRWKA+u0NQgTYlFLB7lNPkK+9AmGJBRy1qbPAmHxyjEQq4RKKLOsrDxlRHBPPL3/rph3DIPE38cRTtSChgb5kbCP8Wh1G0G6GAzSFBMz3WsQU5srQZ8a2AG2LnVv6eUTKyb/ogkL8tgullDHDNQP7Ph5b2iUGjcJyyIZB/w6H1+hV5m0M7djpfIPtbHPpfPQq48FzhoiBD+k4gW+YrbCDJ3dxsJL6nIp53GEQkQx0fF7RBkoAcEOTN+ZUD7v0GUgWXc4iv5g3FyvBvffi7Dfwv+8Fz6Bej0U9m4/xe9h95Y0wO+tXxwJW/kJiH5ylgzRd4PtLZtlqMeCJw+SXrTiGjjOQNlMcsg8IuhAuuRNukoycH8m8tlPHA8kqaREyXe6CDtMWUuBHeS2bk1Ajk3w4ZCwFfbRtVUXjvirBDDdilIezUEnbrDDsmwK5DMSMbC7vPhh9WwC874Sd5Lc9v8N9FF/pKTwo4fMpg+lwTO7nN4PSucPhgBBKMQypiJmKK1yPE8VvBYaTknXfByYWRi2m1zNj5HdNqOXDIC+rkL+btQbu3Ixn+E8HHCJqQHXgpZhsLEESRibPnDKTsyeyumRgYg6Rb/j0TzMLfZ+D5TJS3AOUvhR1Xo/71aM92tG8P2nsA7T+KQfAU3i/XAFtfgN8Pox/sxrJmOd53GvpNEvpRgrJ8a2BZvpXhFNqcASEW4YF1cV7bCqmC3ZDmmIip1kisz9Owwyw79ip0gl2YLRxEBzmOL4EJHdcP5MJe0m5HYMcc2HUDBo5s2D0NfhgFvzwPP3WD31rBj3Xh1zjTBUcBm40MhSyPkVvmPtdG54rH1FGGHT6MzazHMOrL6VnvQP6l9XKtJX8d8WV02OGYUsoOnIJQxvHICEpFyp7MCpqKzj4dpGsI/l8a/n4ynk9FfvZ4lJ+C+pJR/zC0ZxDa1xdphz3Rfvkej+K9muM94/HetZFPXAl2iWEfoYAJIRQwIRQwIYQCJoRQwIRQwIQQCpgQ4jj/A8xh+WQFcPeGAAAAAElFTkSuQmCC';

export function exampleAgreementDocument(overrides: Partial<AgreementDocument> = {}): AgreementDocument {
  return {
    locale: 'nl',
    title: 'Jongerenovereenkomst Noor Bakker',
    municipalityName: 'Gemeente Utrecht',
    agreementId: '0195f3a2-7c41-7d0e-9b6a-3f2d8c1e5a90',
    version: 2,
    youngPerson: { name: 'Noor Bakker', dateOfBirth: '2008-06-03' },
    caseManagerName: 'Jeroen van Dijk',
    departureDate: '2026-04-01',
    aftercareStartDate: '2026-03-16',
    sentAt: '2026-03-10T09:12:44Z',
    completedAt: '2026-03-12T15:41:07Z',
    contentSha256: '5f0c8a3e1b7d9246c0e4a8f1d3b56e79a2c4f6081e3d5b7a9c1e2f4a6b8d0c13',
    verificationUrl: 'https://vervolg.example.nl/v1/verificaties',
    sections: [
      {
        heading: 'Waarom deze overeenkomst',
        paragraphs: [
          'Noor verlaat op 1 april 2026 de woongroep van Stichting Horizonwerk in Utrecht-Oost en gaat zelfstandig wonen in een kamer via het project “Kamers met Kansen”. Deze overeenkomst legt vast wat Noor, de gemeente en de zorgaanbieder de komende anderhalf jaar samen doen, zodat wat Noor in de woongroep heeft bereikt niet verloren gaat.',
          'De afspraken bouwen voort op het perspectiefplan van 2025 en zijn samen met Noor, haar moeder en haar tante Els gemaakt. Noor is 17 jaar en tekent zelf; vanaf 16 jaar is daar geen handtekening van een ouder voor nodig.',
        ],
      },
      {
        heading: 'Doorgaande hulp',
        paragraphs: [
          'De begeleiding houdt niet op bij het vertrek. Noor’s mentor van Horizonwerk, Fatima el Idrissi, blijft tot en met 30 september 2026 haar vaste begeleider – eerst twee keer per week, daarna wekelijks. Daarna neemt het wijkteam Utrecht-Oost de begeleiding over, met een warme overdracht in een gezamenlijk gesprek.',
          'De gemeente betaalt de eerste maand huur (€ 485,–) en de inrichting van de kamer tot € 750. De hulp na 18 jaar loopt door via de Jeugdwet zolang die nodig is, uiterlijk tot Noor 23 wordt; waar nodig wordt tijdig Wmo-ondersteuning aangevraagd.',
        ],
      },
      {
        heading: 'Hoe we samenwerken',
        paragraphs: [
          'We spreken elkaar aan op de afspraken, niet alleen Noor. Als het niet lukt, zoeken we eerst samen naar een oplossing. Ideeën van Noor wegen even zwaar als die van de professionals; zij heeft het laatste woord over haar eigen doelen.',
        ],
      },
    ],
    goals: [
      { lifeDomain: 'housing', term: 'short', description: 'Noor woont op 1 april 2026 op haar kamer, heeft de sleutel en heeft het huurcontract zelf getekend.', targetDate: '2026-04-01', status: 'in-progress' },
      { lifeDomain: 'income-debts', term: 'short', description: 'Noor heeft een weekbudget en houdt samen met tante Els haar uitgaven bij in de app van de bank; er ontstaan geen nieuwe schulden.', targetDate: '2026-05-01', status: 'in-progress' },
      { lifeDomain: 'education', term: 'short', description: 'Noor maakt het eerste jaar van de mbo-opleiding Helpende Zorg & Welzijn (niveau 2) af bij het ROC en heeft minder dan 10% ongeoorloofd verzuim.', targetDate: '2026-07-10', status: 'in-progress' },
      { lifeDomain: 'health', term: 'short', description: 'Noor heeft een eigen huisarts in de wijk en weet hoe zij haar medicatie zelf ophaalt en betaalt.', targetDate: '2026-04-15', status: 'open' },
      { lifeDomain: 'housing', term: 'long', description: 'Noor staat ingeschreven als woningzoekende en woont binnen twee jaar in een zelfstandige woning die zij kan betalen.', targetDate: '2027-09-01', status: 'open' },
      { lifeDomain: 'work-day-activity', term: 'long', description: 'Noor haalt haar diploma op niveau 2 en heeft een bijbaan van ten minste 8 uur per week, zodat zij haar vaste lasten kan betalen.', targetDate: '2027-07-01', status: 'open' },
      { lifeDomain: 'social-network', term: 'long', description: 'Noor heeft naast haar familie ten minste twee mensen bij wie zij terechtkan, en ziet haar broertje één keer per maand.', targetDate: '2027-03-01', status: 'in-progress' },
    ],
    commitments: [
      { party: 'Noor', description: 'Ik ga naar school en meld het bij mijn mentor als ik niet kan komen.' },
      { party: 'Noor', description: 'Ik ben er bij de afspraken met Fatima, en zeg het op tijd af als het niet lukt.' },
      { party: 'Noor', description: 'Ik open mijn post binnen een week, en vraag tante Els om hulp bij brieven die ik niet begrijp.' },
      { party: 'Gemeente Utrecht', description: 'De gemeente regelt vóór 1 april 2026 de bijzondere bijstand voor de inrichting van de kamer (tot € 750).' },
      { party: 'Gemeente Utrecht', description: 'De casemanager is bereikbaar op werkdagen en belt Noor binnen twee werkdagen terug.' },
      { party: 'Stichting Horizonwerk', description: 'Fatima el Idrissi begeleidt Noor tot en met 30 september 2026, eerst twee keer per week, vanaf juni wekelijks.' },
      { party: 'Stichting Horizonwerk', description: 'Horizonwerk zorgt voor een warme overdracht aan het wijkteam, met een gezamenlijk gesprek vóór 15 september 2026.' },
      { party: 'Tante Els (netwerk)', description: 'Els helpt Noor elke twee weken met post en geldzaken, en is haar vaste aanspreekpunt in het weekend.' },
    ],
    conditions: [
      { description: 'Noor komt naar ten minste drie van de vier afspraken per maand met haar begeleider.', consequence: 'We bespreken samen wat er nodig is; de gemeente kan de bijdrage in de huur van de tweede maand opschorten tot er een nieuwe afspraak is.' },
      { description: 'Noor staat ingeschreven bij het ROC en volgt haar opleiding, of werkt aan een ander traject naar werk dat met de casemanager is afgesproken.', consequence: 'Binnen twee weken een gesprek met Noor, school en casemanager over een passend alternatief.' },
      { description: 'Noor laat in haar kamer geen anderen overnachten zonder dat de verhuurder dat weet (huisregel van “Kamers met Kansen”).', consequence: 'De verhuurder geeft eerst een waarschuwing; bij herhaling kan het huurcontract worden opgezegd.' },
    ],
    risks: [
      { risk: 'Schulden door impulsaankopen en abonnementen', signals: ['Noor vraagt geld te leen bij familie', 'Aanmaningen of incassobrieven in de post', 'Negatief saldo op haar rekening'], actions: ['Tante Els en Noor nemen samen de bankzaken door', 'Fatima meldt zich bij de schuldhulpverlening van de gemeente als het om meer dan € 200 gaat'], who: ['Noor', 'tante Els', 'Fatima el Idrissi'] },
      { risk: 'Schooluitval', signals: ['Twee weken achter elkaar verzuim', 'Noor zegt dat de opleiding “toch geen zin heeft”'], actions: ['De studieloopbaanbegeleider belt Noor en de casemanager', 'Binnen een week een gesprek over een andere opleiding of een leerwerktraject'], who: ['ROC Midden Nederland', 'Jeroen van Dijk'] },
      { risk: 'Terugval in somberheid en isolement', signals: ['Noor reageert dagen niet op berichten', 'Afspraken worden vaker afgezegd', 'Slecht slapen, niet meer sporten'], actions: ['Fatima gaat op huisbezoek', 'Met Noor’s toestemming wordt de huisarts ingeschakeld voor een verwijzing naar de ggz'], who: ['Fatima el Idrissi', 'moeder', 'huisarts'] },
    ],
    network: [
      { name: 'Els Bakker', relation: 'tante', role: 'Helpt met post, geld en afspraken; logeeradres in het weekend.', practicalSupport: true, phone: '06 12345678' },
      { name: 'Marieke Bakker', relation: 'moeder', role: 'Wekelijks contact; betrokken bij de evaluaties.' },
      { name: 'Daan Jansen', relation: 'trainer voetbalclub', role: 'Ziet Noor twee keer per week bij de training.' },
      { name: 'Fatima el Idrissi', relation: 'mentor Stichting Horizonwerk', role: 'Vaste begeleider tot en met 30 september 2026.', email: 'f.elidrissi@horizonwerk.example' },
    ],
    turning18: [
      { item: 'DigiD aanvragen', status: 'done', owner: 'Noor', note: 'Geactiveerd op 20 februari 2026.' },
      { item: 'Zorgverzekering op eigen naam afsluiten en eigen risico regelen', status: 'todo', owner: 'Noor met tante Els', note: 'Vóór 3 juni 2026; eigen risico gespreid betalen.' },
      { item: 'Zorgtoeslag aanvragen', status: 'todo', owner: 'Noor met Fatima' },
      { item: 'Huurtoeslag aanvragen', status: 'in-progress', owner: 'Fatima el Idrissi', note: 'Kan vanaf 18 jaar; aanvraag klaargezet.' },
      { item: 'Bankrekening op eigen naam', status: 'done', owner: 'Noor' },
      { item: 'Studiefinanciering (DUO) en studentenreisproduct', status: 'todo', owner: 'Noor', note: 'Vanaf 18 jaar voor mbo niveau 2; aanvragen via Mijn DUO.' },
      { item: 'Inschrijven als woningzoekende (WoningNet)', status: 'done', owner: 'Jeroen van Dijk', note: 'Inschrijfdatum 1 maart 2026.' },
      { item: 'Aansprakelijkheids- en inboedelverzekering', status: 'todo', owner: 'Noor met tante Els' },
      { item: 'Belastingaangifte', status: 'not-applicable', note: 'Pas nodig als Noor een bijbaan heeft; wordt bij de evaluatie in 2027 opnieuw bekeken.' },
      { item: 'Kinderalimentatie en bijdrage van ouders na 18 jaar', status: 'in-progress', owner: 'Jeroen van Dijk', note: 'Gesprek met moeder gepland.' },
    ],
    reviewMoments: [
      { date: '2026-05-15', description: 'Eerste evaluatie: hoe gaat het wonen, school en geld?', participants: ['Noor', 'Fatima el Idrissi', 'Jeroen van Dijk'] },
      { date: '2026-09-10', description: 'Overdrachtsgesprek aan het wijkteam, evaluatie van de doelen op korte termijn.', participants: ['Noor', 'tante Els', 'Fatima el Idrissi', 'wijkteam Utrecht-Oost', 'Jeroen van Dijk'] },
      { date: '2027-03-01', description: 'Evaluatie van de doelen op lange termijn en van deze overeenkomst.', participants: ['Noor', 'Jeroen van Dijk'] },
    ],
    signers: [
      {
        id: 'signer-noor',
        role: 'young-person',
        name: 'Noor Bakker',
        typedName: 'Noor Bakker',
        signedAt: '2026-03-11T18:02:51Z',
        authentication: 'link-sms-code',
        drawnSignature: EXAMPLE_DRAWN_SIGNATURE,
        consentTextSha256: 'a3b1f09c44d2e8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3',
      },
      {
        id: 'signer-jeroen',
        role: 'municipality-officer',
        name: 'Jeroen van Dijk',
        typedName: 'J. van Dijk',
        signedAt: '2026-03-12T15:41:07Z',
        authentication: 'staff-login',
        consentTextSha256: 'a3b1f09c44d2e8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3',
      },
    ],
    events: [
      { type: 'sent', at: '2026-03-10T09:12:44Z', ip: '145.12.8.21', userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/133.0.0.0 Safari/537.36 Edg/133.0.0.0' },
      { type: 'opened', at: '2026-03-11T17:55:02Z', signerId: 'signer-noor', ip: '84.241.192.7', userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_3_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.3 Mobile/15E148 Safari/604.1' },
      { type: 'code-requested', at: '2026-03-11T17:55:40Z', signerId: 'signer-noor', detail: 'sms naar 06 ••• ••• 78' },
      { type: 'code-verified', at: '2026-03-11T17:56:13Z', signerId: 'signer-noor', ip: '84.241.192.7', userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_3_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.3 Mobile/15E148 Safari/604.1' },
      { type: 'viewed', at: '2026-03-11T18:01:37Z', signerId: 'signer-noor', ip: '84.241.192.7', userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_3_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.3 Mobile/15E148 Safari/604.1' },
      { type: 'signed', at: '2026-03-11T18:02:51Z', signerId: 'signer-noor', ip: '84.241.192.7', userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_3_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.3 Mobile/15E148 Safari/604.1' },
      { type: 'opened', at: '2026-03-12T15:39:58Z', signerId: 'signer-jeroen', ip: '145.12.8.21', userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/133.0.0.0 Safari/537.36 Edg/133.0.0.0' },
      { type: 'signed', at: '2026-03-12T15:41:07Z', signerId: 'signer-jeroen', ip: '145.12.8.21', userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/133.0.0.0 Safari/537.36 Edg/133.0.0.0' },
      { type: 'completed', at: '2026-03-12T15:41:07Z' },
    ],
    ...overrides,
  };
}
