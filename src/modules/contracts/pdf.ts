// The contract summary as a PDF, in Dutch, for people who read contracts on paper or file them:
// the parties, the period with the notice deadline, products with their tariffs, budgets, targets
// and the version history. Uses the platform's flow layout and fonts (Noto Sans: every name prints).
import { PDFDocument } from 'pdf-lib';
import { type CodeList, codeLabel } from '../../domain/code-list.js';
import { EXECUTION_VARIANTS, FREQUENCIES, JZ020, WJ756_UNITS } from '../../domain/ijw.js';
import { OUTCOME_INDICATORS } from '../../domain/outcomes.js';
import { type PdfBytes, savePdf } from '../../platform/pdf/document.js';
import { embedFonts } from '../../platform/pdf/fonts.js';
import { Layout, colors } from '../../platform/pdf/layout.js';
import { euros } from './money.js';
import type { ContractSummary } from './service.js';
import { formatDate, todayInAmsterdam } from '../../platform/dates.js';

type Summary = ContractSummary;

const STATUS_NL = { draft: 'Concept', active: 'Actief', suspended: 'Opgeschort', ended: 'Beëindigd' } as const;
const FRAMEWORK_NL = { jeugdwet: 'Jeugdwet', wmo: 'Wmo 2015' } as const;

/** 2027-03-01 → 1 maart 2027. */
export const dutchDate = (date: string): string => formatDate(date, 'nl');

/** The Dutch label of a code (the summary is in Dutch). */
const lookup = (list: CodeList, code: string) => codeLabel(list, code, 'nl');

export async function renderContractSummary(s: Summary, now: Date): Promise<PdfBytes> {
  const { contract: c, budgets, versions } = s;
  const t = c.terms;
  const pdf = await PDFDocument.create({ updateMetadata: false });
  const title = `Contractsamenvatting ${c.reference}`;
  pdf.setTitle(title, { showInWindowTitleBar: true });
  pdf.setSubject(`Contract ${c.reference} tussen ${c.municipality.name ?? 'gemeente'} en ${c.provider.name}, versie ${c.version}`);
  pdf.setAuthor('Vervolg');
  pdf.setCreator(`Vervolg · ${c.municipality.name ?? ''}`);
  pdf.setProducer('Vervolg (pdf-lib)');
  pdf.setLanguage('nl-NL');
  pdf.setCreationDate(now);
  pdf.setModificationDate(now);
  const fonts = await embedFonts(pdf);
  const l = new Layout(pdf, fonts);

  l.heading(title, 1);
  l.text(`Opgemaakt op ${dutchDate(todayInAmsterdam(now))}, versie ${c.version} van ${c.currentVersion}.`, { color: colors.muted, after: 10 });
  l.field('Gemeente', c.municipality.name ?? c.municipality.id);
  l.field('Zorgaanbieder', `${c.provider.name} (AGB ${c.provider.agbCode})`);
  l.field('Status', STATUS_NL[c.status]);
  l.field('Wettelijk kader', FRAMEWORK_NL[t.legalFramework]);
  l.field('Looptijd', `${dutchDate(t.startDate)} t/m ${dutchDate(t.endDate)}`);
  l.field('Opzegtermijn', `${t.noticePeriodMonths} maanden`);
  l.field('Uiterste opzegdatum', dutchDate(c.noticeDeadline));
  l.field('Verlenging', t.renewal === 'automatic' ? `Stilzwijgend, telkens met ${t.renewalMonths} maanden` : 'Geen automatische verlenging');
  l.field('Signalering', `${t.noticeAlertDays} dagen voor de uiterste opzegdatum`);

  l.heading('Producten en tarieven', 2);
  for (const p of t.products) {
    const code = p.productCode ? ` / productcode ${p.productCode}` : '';
    l.block(40, () => {
      l.text(p.name, { font: 'bold', after: 2 });
      l.text(`Productcategorie ${p.productCategory} (${lookup(JZ020, p.productCategory)})${code}`, { size: 9 });
      l.text(`${lookup(EXECUTION_VARIANTS, p.executionVariant)} · eenheid ${lookup(WJ756_UNITS, p.unit)} · ${lookup(FREQUENCIES, p.frequency).toLowerCase()}`, { size: 9, after: 3 });
      for (const tariff of p.tariffs) {
        l.paragraph(
          [
            { text: `${euros(tariff.amountCents)}`, font: 'bold' },
            { text: `  van ${dutchDate(tariff.validFrom)} t/m ${dutchDate(tariff.validTo)}` },
          ],
          { size: 9, indent: 12, after: 1 },
        );
      }
    });
    l.space(6);
  }

  l.heading('Budgetplafonds', 2);
  if (budgets.length === 0) l.text('Geen budgetplafonds afgesproken.', { color: colors.muted });
  for (const b of budgets) {
    l.field(
      String(b.year),
      `plafond ${euros(b.ceilingCents)} · verplicht ${euros(b.committedCents)} · uitgegeven ${euros(b.spentCents)} · vrij ${euros(b.remainingCents)} (${b.usedPercent}%, waarschuwing bij ${b.warningPercent}%)${b.warning ? ' — LET OP' : ''}`,
    );
  }

  l.heading('Resultaatafspraken', 2);
  if (t.targets.length === 0) l.text('Geen resultaatafspraken.', { color: colors.muted });
  for (const target of t.targets) {
    const unit = OUTCOME_INDICATORS[target.indicator].unit === 'grade' ? '' : '%';
    const cmp = target.comparator === 'at-most' ? 'hoogstens' : 'minstens';
    l.text(`${lookup(OUTCOME_INDICATORS, target.indicator)}: ${cmp} ${String(target.value).replace('.', ',')}${unit} (${dutchDate(target.periodStart)} t/m ${dutchDate(target.periodEnd)})`, { after: 2 });
  }

  l.heading('Versies', 2);
  for (const v of versions) {
    l.paragraph([{ text: `Versie ${v.version}`, font: 'bold' }, { text: ` — geldig vanaf ${dutchDate(v.effectiveFrom)}: ${v.rationale}` }], { after: 3 });
  }

  l.finish(title, `Vervolg · ${c.municipality.name ?? ''} · contract ${c.reference}`, (n, total) => `pagina ${n} van ${total}`);
  return savePdf(pdf);
}
