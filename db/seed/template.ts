// The demo template: the guideline's points in plain Dutch (B1) and English.
export const DEMO_TEMPLATE_NAME = 'Toekomstafspraken na vertrek / Agreements for after leaving care';

export const DEMO_TEMPLATE_CONTENT = {
  sections: {
    introduction: {
      nl: 'Dit zijn de afspraken tussen {{youngPerson.name}}, {{municipality.name}} en de hulpverleners. Je gaat op {{departureDate}} weg uit de instelling. De hulp stopt dan niet: we noemen dit doorgaande hulp. Je tijd in de instelling was een oefenperiode. Vanaf {{aftercareStartDate}} werken we samen verder aan jouw doelen. {{caseManager.name}} is je vaste contactpersoon bij de gemeente.',
      en: 'These are the agreements between {{youngPerson.name}}, {{municipality.name}} and the care workers. You leave the institution on {{departureDate}}. The help does not stop then: we call this continuing help. Your time in the institution was a practice period. From {{aftercareStartDate}} we keep working together on your goals. {{caseManager.name}} is your contact person at the municipality.',
    },
    goals: {
      nl: 'Dit zijn jouw doelen. Sommige doelen zijn voor de tijd dat je nog in de instelling woont (korte termijn). Andere doelen zijn voor de hele periode van de hulp (lange termijn). We hebben ze samen met jou, je familie en je netwerk gemaakt.',
      en: 'These are your goals. Some goals are for the time you still live in the institution (short term). Other goals are for the whole period of help (long term). We made them together with you, your family and your network.',
    },
    commitments: {
      nl: 'Hier staat wat iedereen belooft. Wat jij doet, wat de gemeente doet, wat de hulpverleners doen en wat mensen uit je netwerk doen. Ook staat erbij hoe vaak.',
      en: 'This is what everyone promises. What you do, what the municipality does, what the care workers do and what people from your network do. It also says how often.',
    },
    conditions: {
      nl: 'De hulp gaat door als iedereen zich aan de afspraken houdt. Hier staat welke hulp bij welke afspraken hoort. Ook staat er wat er gebeurt als een afspraak niet lukt, en wanneer we dat samen bespreken. We zoeken dan eerst samen een oplossing.',
      en: 'The help continues when everyone keeps to the agreements. This says which help belongs to which agreements. It also says what happens when an agreement does not work out, and when we talk about it together. We first look for a solution together.',
    },
    risks: {
      nl: 'Soms gaat het minder goed. Hier staat waar we op letten, aan welke signalen we dat merken en wat we dan doen. Ook staat erbij wie dan in actie komt.',
      en: 'Sometimes things go less well. This says what we look out for, which signals tell us, and what we do then. It also says who takes action.',
    },
    network: {
      nl: 'Dit zijn de mensen om je heen: familie, vrienden en hulpverleners. Eén persoon uit je eigen omgeving helpt je met praktische dingen, zoals post en formulieren.',
      en: 'These are the people around you: family, friends and care workers. One person you know helps you with practical things, such as post and forms.',
    },
    turning18: {
      nl: 'Als je 18 wordt, verandert er veel. Je moet dan zelf dingen regelen, zoals DigiD, een zorgverzekering, toeslagen, een bankrekening, studiefinanciering en een huis zoeken. Hier staat wat al geregeld is en wat nog moet.',
      en: 'A lot changes when you turn 18. You then arrange things yourself, such as DigiD, health insurance, allowances, a bank account, student finance and finding a home. This shows what is arranged and what still has to be done.',
    },
    privacy: {
      nl: '{{municipality.name}} bewaart deze afspraken en de gegevens die nodig zijn voor je hulp. Alleen de mensen die je helpen kunnen ze zien. Je mag altijd vragen welke gegevens we hebben, en wie ze heeft bekeken. Je kunt ook al je gegevens downloaden.',
      en: '{{municipality.name}} keeps these agreements and the information needed for your help. Only the people who help you can see them. You can always ask which information we have, and who has looked at it. You can also download all your information.',
    },
  },
};
