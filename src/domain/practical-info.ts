// Practical information for living on your own (guideline item 8), per life domain: what a young
// person reads on their own page. These are the defaults, in plain Dutch (B1) and English; each
// municipality may rewrite a topic in either language (table practical_info, migration 0019).
// A text is plain text: paragraphs are separated by a blank line, and a line that starts with
// "- " is an item of a list. Official sites are named in the text, never linked (the page links
// to nothing on another host).
// Source: shared/domain/REFERENCE.md, "Practical information for living on your own".
import { codesOf } from './code-list.js';

/** The topics, in the order the page shows them (the database's CHECK lists the same codes). */
export const PRACTICAL_TOPICS = {
  money: { nl: 'Geld en schulden', en: 'Money and debts' },
  insurance: { nl: 'Verzekeringen', en: 'Insurance' },
  housing: { nl: 'Wonen', en: 'Housing' },
  'study-finance': { nl: 'Studiefinanciering', en: 'Student finance' },
  work: { nl: 'Werk en inkomen', en: 'Work and income' },
  'turning-18': { nl: 'Wat verandert er als je 18 wordt', en: 'What changes when you turn 18' },
} as const;
export const PRACTICAL_TOPIC_CODES = codesOf(PRACTICAL_TOPICS);
export type PracticalTopic = (typeof PRACTICAL_TOPIC_CODES)[number];

/** The most characters of a topic's text (the database's CHECK says the same). */
export const PRACTICAL_INFO_MAX = 8000;

export const PRACTICAL_INFO_DEFAULTS: Record<PracticalTopic, { nl: string; en: string }> = {
  money: {
    nl: `Maak elke maand een overzicht van wat je krijgt en wat je moet betalen. Betaal eerst de vaste lasten: huur, zorgverzekering, energie en je telefoon. Kijk daarna wat je overhoudt voor eten en andere dingen.

- Het Nibud (nibud.nl) heeft gratis rekenhulpen om een budget te maken.
- Koop niet op afbetaling en wees voorzichtig met "achteraf betalen". Zo ontstaan snel schulden.
- Krijg je een brief over een betaling die je niet begrijpt? Gooi hem niet weg. Laat hem zien aan je casemanager.

Heb je schulden, of ben je bang dat je ze krijgt? Wacht niet. De gemeente helpt gratis met schulden (schuldhulpverlening). Hoe eerder je het zegt, hoe makkelijker het is om het op te lossen.`,
    en: `Each month, make an overview of the money you get and what you have to pay. Pay the fixed costs first: rent, health insurance, energy and your phone. Then see what is left for food and other things.

- Nibud (nibud.nl) has free tools to help you make a budget.
- Do not buy on credit, and be careful with "pay later" services. That is how debts start.
- Do you get a letter about a payment you do not understand? Do not throw it away. Show it to your case manager.

Do you have debts, or are you afraid you will? Do not wait. The municipality helps with debts for free (debt counselling). The sooner you tell someone, the easier it is to solve.`,
  },
  insurance: {
    nl: `Vanaf je 18e moet je zelf een zorgverzekering hebben en zelf de premie betalen. Dat is verplicht. Sluit hem op tijd af: je hebt vier maanden na je 18e verjaardag, en de verzekering gaat dan in op je verjaardag.

- Eigen risico: de eerste kosten van zorg betaal je elk jaar zelf (in 2026 is dat € 385). Een bezoek aan de huisarts valt daar niet onder.
- Zorgtoeslag: met een laag inkomen krijg je geld terug voor de premie. Vraag het aan bij de Belastingdienst (toeslagen.nl).
- Een aansprakelijkheidsverzekering betaalt als je per ongeluk iets van een ander kapotmaakt. Die is niet verplicht, maar wel slim en niet duur.
- Woon je op jezelf? Denk dan ook aan een inboedelverzekering voor je spullen.`,
    en: `From the age of 18 you must have your own health insurance and pay the premium yourself. This is required by law. Arrange it in time: you have four months after your 18th birthday, and the insurance then starts on your birthday.

- Deductible (eigen risico): you pay the first costs of care yourself each year (€ 385 in 2026). A visit to your GP does not count towards it.
- Healthcare allowance (zorgtoeslag): with a low income you get money back for the premium. Apply at the Tax Administration (toeslagen.nl).
- Liability insurance pays when you accidentally damage something of someone else. It is not required, but it is wise and not expensive.
- Do you live on your own? Then also think of contents insurance for your belongings.`,
  },
  housing: {
    nl: `Schrijf je zo vroeg mogelijk in als woningzoekende bij de woningcorporaties in jouw regio. Hoe langer je ingeschreven staat, hoe meer kans je hebt op een woning. Vraag je casemanager waar dat in jouw gemeente kan.

- Verhuis je? Geef je nieuwe adres binnen vijf dagen door aan de gemeente.
- Huurtoeslag: met een laag inkomen en een huis met een eigen voordeur kun je huurtoeslag krijgen. Kijk op toeslagen.nl of het voor jou kan. Voor jongeren onder de 23 gelden soms andere regels.
- Teken geen huurcontract dat je niet begrijpt. Laat het eerst lezen door je casemanager of iemand die je vertrouwt.`,
    en: `Register as a house seeker with the housing associations in your region as early as you can. The longer you are registered, the better your chances of getting a home. Ask your case manager where to do this in your municipality.

- Are you moving? Tell the municipality your new address within five days.
- Rent allowance (huurtoeslag): with a low income and a home with its own front door, you may get rent allowance. Check on toeslagen.nl whether it is possible for you. For young people under 23, other rules sometimes apply.
- Do not sign a rental contract you do not understand. Ask your case manager or someone you trust to read it first.`,
  },
  'study-finance': {
    nl: `Ga je naar het mbo, hbo of de universiteit? Dan kun je studiefinanciering krijgen van DUO. Vraag het aan op duo.nl met je DigiD, het liefst drie maanden voordat je begint.

- Op het mbo krijg je studiefinanciering vanaf je 18e. Je krijgt ook een studentenreisproduct: met het openbaar vervoer reizen zonder te betalen of met korting.
- De aanvullende beurs hangt af van het inkomen van je ouders. Heb je geen contact met je ouders, of willen ze hun inkomen niet geven? Vertel dat aan DUO. Soms kan DUO de beurs dan berekenen zonder het inkomen van je ouders.
- Zit je nog op de middelbare school en ben je 18? Dan kun je een tegemoetkoming scholieren krijgen.
- Een deel van de studiefinanciering is een lening. Leen niet meer dan je nodig hebt.`,
    en: `Are you going to secondary vocational education (mbo), a university of applied sciences or a university? Then you can get student finance from DUO. Apply on duo.nl with your DigiD, preferably three months before you start.

- In mbo you get student finance from the age of 18. You also get a student travel product: travel by public transport for free or at a discount.
- The supplementary grant depends on your parents' income. Do you have no contact with your parents, or will they not give their income? Tell DUO. Sometimes DUO can then calculate the grant without your parents' income.
- Are you still in secondary school and 18? Then you can get a school allowance (tegemoetkoming scholieren).
- Part of student finance is a loan. Do not borrow more than you need.`,
  },
  work: {
    nl: `Werk je? Dan heb je recht op minimaal het minimumloon. Tot je 21e is dat een lager minimumjeugdloon; vanaf je 21e krijg je het volledige minimumloon.

- Loonheffingskorting: laat die maar bij één werkgever toepassen. Anders moet je later belasting terugbetalen.
- Bewaar je loonstroken en je contract.
- Heb je geen werk en geen geld om van te leven? Dan kun je een bijstandsuitkering aanvragen bij de gemeente. Ben je jonger dan 27, dan moet je eerst vier weken zelf werk of een opleiding zoeken. Ben je jonger dan 21, dan is de bijstand lager.
- Op werk.nl kun je je inschrijven als werkzoekende bij het UWV.`,
    en: `Do you work? Then you have the right to at least the minimum wage. Until you are 21 this is a lower youth minimum wage; from 21 you get the full minimum wage.

- Payroll tax credit (loonheffingskorting): let only one employer apply it. Otherwise you will have to pay tax back later.
- Keep your payslips and your contract.
- Do you have no work and no money to live on? Then you can apply for social assistance (bijstand) at the municipality. If you are under 27, you must first look for work or a course yourself for four weeks. If you are under 21, the assistance is lower.
- On werk.nl you can register with UWV as a jobseeker.`,
  },
  'turning-18': {
    nl: `Als je 18 wordt, ben je volwassen. Je mag dan zelf beslissen en contracten tekenen, maar je bent er ook zelf verantwoordelijk voor. Dit moet je regelen:

- DigiD: vraag hem aan op digid.nl. Je hebt hem nodig voor de Belastingdienst, DUO, toeslagen en je zorgverzekering.
- Zorgverzekering: sluit zelf een verzekering af en betaal de premie (zie Verzekeringen).
- Bankrekening: je jongerenrekening wordt een gewone rekening. Let op kosten en rood staan.
- Belasting: werk je? Dan kun je vaak belasting terugkrijgen met een aangifte bij de Belastingdienst.
- Toeslagen: vraag zorgtoeslag en misschien huurtoeslag aan op toeslagen.nl.

Jeugdhulp stopt meestal als je 18 wordt. Soms loopt de hulp door tot je 21e of 23e (verlengde jeugdhulp), of krijg je hulp van de gemeente uit de Wmo. Bespreek ruim voor je verjaardag met je casemanager wat er voor jou verandert.`,
    en: `When you turn 18, you are an adult. You may make your own decisions and sign contracts, but you are also responsible for them yourself. This is what you need to arrange:

- DigiD: apply for it on digid.nl. You need it for the Tax Administration, DUO, allowances and your health insurance.
- Health insurance: take out insurance yourself and pay the premium (see Insurance).
- Bank account: your youth account becomes a normal account. Watch out for costs and going overdrawn.
- Tax: do you work? Then you can often get tax back by filing a tax return with the Tax Administration.
- Allowances: apply for healthcare allowance and perhaps rent allowance on toeslagen.nl.

Youth care usually stops when you turn 18. Sometimes the help continues until you are 21 or 23 (extended youth care), or you get help from the municipality under the Wmo. Talk with your case manager well before your birthday about what changes for you.`,
  },
};

/** A text as the page draws it: paragraphs, and lists of the lines that start with "- ". */
export type TextBlock = { kind: 'paragraph'; text: string } | { kind: 'list'; items: string[] };

export function textBlocks(body: string): TextBlock[] {
  const blocks: TextBlock[] = [];
  for (const chunk of body.replace(/\r\n?/g, '\n').split(/\n\s*\n/)) {
    const lines = chunk.split('\n').map((l) => l.trim()).filter(Boolean);
    let paragraph: string[] = [];
    let list: string[] = [];
    const flush = () => {
      if (paragraph.length) blocks.push({ kind: 'paragraph', text: paragraph.join(' ') });
      if (list.length) blocks.push({ kind: 'list', items: list });
      paragraph = [];
      list = [];
    };
    for (const line of lines) {
      if (line.startsWith('- ')) {
        if (paragraph.length) flush();
        list.push(line.slice(2).trim());
      } else {
        if (list.length) flush();
        paragraph.push(line);
      }
    }
    flush();
  }
  return blocks;
}
