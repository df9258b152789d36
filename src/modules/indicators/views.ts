// What the indicators lend to other modules' pages (the provider portal's own figures, a provider's
// page in the municipality's app): the dashboard's figure sections and its period choice, so every
// page shows the same figures the same way, with the same suppression.
export { type ContractHref, INDICATOR_TEXT, IndicatorSection, ProviderFigureTable, defaultPeriod, indicatorsPath, periodOptions } from './pages.js';
