// Outcome records as a spreadsheet, for providers without software of their own: the template
// (.csv and .xlsx, one column per field of a batch record) and reading a filled-in file back into
// the records the batch endpoint takes. Nothing here decides whether a record is right: the rows
// become the same records a client would post, and the batch's own check (service.ts) judges them.
// The columns, their kinds and their code lists are read from the batch schema and the domain
// code lists, so a field or code added there shows up here without a second list to keep.
//
// Libraries (all plain JavaScript on Uint8Array/ArrayBuffer, no fs, no Node streams, so the same
// code runs on Node and on Workers): read-excel-file/universal and write-excel-file/universal
// (fflate + a SAX parser; 50,000 rows read in under a second) and papaparse for CSV.
import Papa from 'papaparse';
import readXlsxFile from 'read-excel-file/universal';
import writeXlsxFile from 'write-excel-file/universal';
import { JZ020, JZ588 } from '../../domain/ijw.js';
import { FOLLOW_UP_DOMAINS, FOLLOW_UP_MOMENTS, type INFORMANTS } from '../../domain/outcomes.js';
import type { InvalidParam } from '../../platform/errors.js';
import { OutcomeRecord } from './schemas.js';

type Locale = 'nl' | 'en';
interface Label {
  nl: string;
  en: string;
}

/** At most this many data rows in one file (the whole file is one batch: all or nothing). */
export const MAX_UPLOAD_ROWS = 50_000;
/** At most this many bytes in one file: 50,000 rows of the template's columns are about 7 MB as CSV. */
export const MAX_UPLOAD_BYTES = 25 * 1024 * 1024;

// ---------------------------------------------------------------- the columns, from the schema

type ColumnKind = 'text' | 'date' | 'number' | 'boolean' | 'code' | 'goals';

interface ZodLike {
  _zod: { def: { type: string; format?: string; innerType?: ZodLike; in?: ZodLike; entries?: Record<string, string>; options?: ZodLike[]; values?: unknown[] } };
}

const unwrap = (schema: ZodLike): { inner: ZodLike; optional: boolean } => {
  let s = schema;
  let optional = false;
  for (;;) {
    const def = s._zod.def;
    if ((def.type === 'optional' || def.type === 'nullable') && def.innerType) {
      optional = true;
      s = def.innerType;
    } else if (def.type === 'pipe' && def.in) s = def.in;
    else return { inner: s, optional };
  }
};

const kindOf = (schema: ZodLike): ColumnKind => {
  const def = schema._zod.def;
  if (def.type === 'number' || def.type === 'union') return 'number';
  if (def.type === 'boolean') return 'boolean';
  if (def.type === 'array') return 'goals';
  if (def.type === 'enum') return 'code';
  if (def.type === 'string' && def.format === 'date') return 'date';
  return 'text';
};

const recordSchemas = (OutcomeRecord as unknown as { options: { shape: Record<string, ZodLike> }[] }).options;

/** The record types (the `type` column), in the schema's order. */
export const RECORD_TYPES: readonly string[] = recordSchemas.map((s) => String(s.shape.type?._zod.def.values?.[0]));

export interface Column {
  /** The header, exactly the batch record's field name. */
  name: string;
  kind: ColumnKind;
  /** The record types that have this field, and whether it is required there. */
  types: { type: string; required: boolean }[];
  /** The codes the field takes (enums), in the schema's order. */
  codes: string[];
}

/** One column per field of a batch record, `type` first, in the order the schemas name them. */
export const COLUMNS: readonly Column[] = (() => {
  const columns = new Map<string, Column>();
  recordSchemas.forEach((schema, i) => {
    for (const [name, field] of Object.entries(schema.shape)) {
      const { inner, optional } = unwrap(field);
      const column = columns.get(name) ?? { name, kind: kindOf(inner), types: [], codes: [] };
      column.types.push({ type: RECORD_TYPES[i] as string, required: !optional });
      if (inner._zod.def.type === 'enum') for (const code of Object.keys(inner._zod.def.entries ?? {})) if (!column.codes.includes(code)) column.codes.push(code);
      if (name === 'type') column.codes = [...RECORD_TYPES];
      columns.set(name, column);
    }
  });
  return [...columns.values()];
})();

const COLUMN_BY_HEADER = new Map(COLUMNS.map((c) => [c.name.toLowerCase(), c]));

/** What each column holds, for the explanation sheet. A test checks every column has one. */
export const COLUMN_TEXT: Record<string, Label> = {
  type: { nl: 'Soort regel: een traject of een meting van een traject.', en: 'Kind of row: a trajectory, or a measurement of a trajectory.' },
  reference: { nl: 'Uw eigen kenmerk van het traject (geen BSN, geen naam). Met hetzelfde kenmerk corrigeert u een traject later.', en: 'Your own reference for the trajectory (no BSN, no name). The same reference later corrects the trajectory.' },
  clientReference: { nl: 'Uw eigen kenmerk van de jongere (cliënt), hetzelfde in al uw trajecten. Nooit een BSN of naam.', en: 'Your own reference for the young person (client), the same in all your trajectories. Never a BSN or a name.' },
  contractId: { nl: 'Het contract waaronder de hulp loopt: de code uit het overzicht van uw contracten hieronder.', en: 'The contract the help is given under: the code from the list of your contracts below.' },
  productCategory: { nl: 'Productcategorie (iJw JZ020), een product van het contract.', en: 'Product category (iJw JZ020), one of the contract’s products.' },
  productCode: { nl: 'Productcode binnen de categorie, als het contract er een noemt.', en: 'Product code within the category, when the contract names one.' },
  agreementId: { nl: 'De toekomstafspraken in Vervolg waar dit traject bij hoort (mag leeg).', en: 'The youth agreement in Vervolg this trajectory belongs to (may be empty).' },
  startDate: { nl: 'Begindatum van de hulp, binnen de looptijd van het contract (JJJJ-MM-DD of DD-MM-JJJJ).', en: 'Start of the help, within the contract period (YYYY-MM-DD or DD-MM-YYYY).' },
  endDate: { nl: 'Einddatum van de hulp (leeg zolang de hulp loopt); samen met de reden beëindiging.', en: 'End of the help (empty while it continues); together with the reason for ending.' },
  endReason: { nl: 'Reden beëindiging (iJw JZ588); samen met de einddatum.', en: 'Reason for ending (iJw JZ588); together with the end date.' },
  trajectoryReference: { nl: 'Het kenmerk van het traject waar deze meting bij hoort (in dit bestand of eerder aangeleverd).', en: 'The reference of the trajectory this measurement belongs to (in this file or delivered before).' },
  measuredOn: { nl: 'Datum van de meting.', en: 'Date of the measurement.' },
  score: { nl: 'Cliënttevredenheid: een cijfer van 1 tot en met 10.', en: 'Client satisfaction: a grade from 1 to 10.' },
  informant: { nl: 'Wie het cijfer gaf.', en: 'Who gave the grade.' },
  canContinueWithoutHelp: { nl: 'Kan de jongere verder zonder hulp? ja of nee.', en: 'Can the young person continue without help? yes or no.' },
  goalsAchieved: { nl: 'Aantal bereikte doelen (als het traject geen toekomstafspraken heeft).', en: 'Number of goals achieved (when the trajectory has no agreement).' },
  goalsTotal: { nl: 'Aantal afgesproken doelen (als het traject geen toekomstafspraken heeft).', en: 'Number of goals agreed (when the trajectory has no agreement).' },
  goals: { nl: 'Per doel uit de toekomstafspraken: doel:ja of doel:nee, gescheiden door | (bijvoorbeeld 1:ja|2:nee).', en: 'Per goal of the agreement: goal:yes or goal:no, separated by | (for example 1:yes|2:no).' },
  months: { nl: 'Nameting na hoeveel maanden na vertrek.', en: 'Follow-up after how many months after departure.' },
  housing: { nl: FOLLOW_UP_DOMAINS.housing.nl, en: FOLLOW_UP_DOMAINS.housing.en },
  educationWork: { nl: FOLLOW_UP_DOMAINS.educationWork.nl, en: FOLLOW_UP_DOMAINS.educationWork.en },
  incomeDebts: { nl: FOLLOW_UP_DOMAINS.incomeDebts.nl, en: FOLLOW_UP_DOMAINS.incomeDebts.en },
  network: { nl: FOLLOW_UP_DOMAINS.network.nl, en: FOLLOW_UP_DOMAINS.network.en },
  newYouthCare: { nl: 'Is er sinds vertrek nieuwe jeugdhulp gestart? ja of nee.', en: 'Has new youth care started since departure? yes or no.' },
};

/** What each record type means. A test checks every type of the schema has one. */
export const TYPE_TEXT: Record<string, Label> = {
  trajectory: { nl: 'Traject: één vorm van hulp met een begindatum, voor één jongere', en: 'Trajectory: one form of help with a start date, for one young person' },
  satisfaction: { nl: 'Meting cliënttevredenheid', en: 'Measurement of client satisfaction' },
  continuation: { nl: 'Meting kan verder zonder hulp', en: 'Measurement of can continue without help' },
  goals: { nl: 'Meting afgesproken doelen bereikt', en: 'Measurement of agreed goals achieved' },
  'follow-up': { nl: 'Nameting 3 of 12 maanden na vertrek', en: 'Follow-up 3 or 12 months after departure' },
};

const INFORMANT_TEXT: Record<(typeof INFORMANTS)[number], Label> = {
  'young-person': { nl: 'De jongere', en: 'The young person' },
  parent: { nl: 'Ouder', en: 'Parent' },
  other: { nl: 'Iemand anders', en: 'Someone else' },
};

const BOOLEAN_TEXT = { nl: ['ja', 'nee'], en: ['yes', 'no'] } as const;

/** The meaning of each code of a column, from the domain's code lists. */
export function codeMeanings(column: Column, locale: Locale): { code: string; meaning: string }[] {
  const lists: Record<string, Record<string, Label>> = {
    type: TYPE_TEXT,
    productCategory: JZ020,
    endReason: JZ588,
    informant: INFORMANT_TEXT,
    housing: FOLLOW_UP_DOMAINS.housing.answers,
    educationWork: FOLLOW_UP_DOMAINS.educationWork.answers,
    incomeDebts: FOLLOW_UP_DOMAINS.incomeDebts.answers,
    network: FOLLOW_UP_DOMAINS.network.answers,
  };
  const list = lists[column.name];
  if (list) return column.codes.map((code) => ({ code, meaning: list[code]?.[locale] ?? code }));
  if (column.name === 'months') return FOLLOW_UP_MOMENTS.map((m) => ({ code: String(m), meaning: locale === 'nl' ? `${m} maanden na vertrek` : `${m} months after departure` }));
  if (column.kind === 'boolean') {
    const [yes, no] = BOOLEAN_TEXT[locale];
    return [
      { code: yes, meaning: locale === 'nl' ? 'Ja (ook: yes, true, 1)' : 'Yes (also: ja, true, 1)' },
      { code: no, meaning: locale === 'nl' ? 'Nee (ook: no, false, 0)' : 'No (also: nee, false, 0)' },
    ];
  }
  return [];
}

// ---------------------------------------------------------------- the template

export interface TemplateContract {
  id: string;
  reference: string;
  startDate: string;
  endDate: string;
  productCategories: string[];
}

const addDays = (date: string, days: number): string => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** One example row per record type, under the provider's first contract (or made-up values when it has none). */
export function exampleRecords(contract: TemplateContract | undefined, locale: Locale): Record<string, unknown>[] {
  const start = contract?.startDate ?? '2027-01-10';
  const end = contract ? [addDays(start, 90), contract.endDate].sort()[0] as string : '2027-06-30';
  const reference = locale === 'nl' ? 'VOORBEELD-001' : 'EXAMPLE-001';
  return [
    { type: 'trajectory', reference, clientReference: 'CL-0001', contractId: contract?.id ?? '0192f6a4-7c1e-7c39-9d55-3b1a6f0e2b11', productCategory: contract?.productCategories[0] ?? '45', startDate: start, endDate: end, endReason: '31' },
    { type: 'satisfaction', trajectoryReference: reference, measuredOn: end, score: 8, informant: 'young-person' },
    { type: 'continuation', trajectoryReference: reference, measuredOn: end, canContinueWithoutHelp: true },
    { type: 'goals', trajectoryReference: reference, measuredOn: end, goalsAchieved: 2, goalsTotal: 3 },
    { type: 'follow-up', trajectoryReference: reference, months: 3, measuredOn: addDays(end, 92), housing: 'independent', educationWork: 'education', incomeDebts: 'income-no-debts', network: 'supportive', newYouthCare: false },
  ];
}

/** A record's value as a cell: what a person would type. */
function cellText(value: unknown, locale: Locale): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'boolean') return BOOLEAN_TEXT[locale][value ? 0 : 1];
  if (Array.isArray(value)) return value.map((g: { goalId: string; achieved: boolean }) => `${g.goalId}:${BOOLEAN_TEXT[locale][g.achieved ? 0 : 1]}`).join('|');
  return String(value);
}

/** Records as rows of cells (header first), in the template's columns. */
export function recordsAsRows(records: readonly Record<string, unknown>[], locale: Locale): string[][] {
  return [COLUMNS.map((c) => c.name), ...records.map((r) => COLUMNS.map((c) => cellText(r[c.name], locale)))];
}

const csvCell = (value: string, separator: string) => (/["\r\n]/.test(value) || value.includes(separator) ? `"${value.replace(/"/g, '""')}"` : value);

/** Rows as CSV: `;` between cells (what Excel in Dutch opens as columns), CRLF, a BOM so Excel reads UTF-8. */
export function rowsAsCsv(rows: readonly (readonly string[])[], separator = ';'): string {
  return `\uFEFF${rows.map((row) => row.map((v) => csvCell(v, separator)).join(separator)).join('\r\n')}\r\n`;
}

export function templateCsv(contract: TemplateContract | undefined, locale: Locale): string {
  return rowsAsCsv(recordsAsRows(exampleRecords(contract, locale), locale));
}

const SHEET_TEXT = {
  nl: {
    data: 'Uitkomsten',
    explanation: 'Toelichting',
    intro: 'Eén regel per traject of meting. Kolom type zegt wat de regel is; vul alleen de kolommen in die bij dat type horen. Vervang de voorbeeldregels door uw eigen gegevens. Het bestand wordt als geheel aangenomen of geweigerd.',
    column: 'Kolom',
    meaning: 'Betekenis',
    usedBy: 'Bij type',
    required: 'verplicht',
    optional: 'mag leeg',
    code: 'Code',
    codeMeaning: 'Betekent',
    contracts: 'Uw contracten (code voor kolom contractId)',
    noContracts: 'U heeft nog geen actief contract.',
    period: 'Looptijd',
    categories: 'Productcategorieën',
  },
  en: {
    data: 'Outcomes',
    explanation: 'Explanation',
    intro: 'One row per trajectory or measurement. Column type says what the row is; fill in only the columns of that type. Replace the example rows with your own data. The file is accepted or refused as a whole.',
    column: 'Column',
    meaning: 'Meaning',
    usedBy: 'For type',
    required: 'required',
    optional: 'may be empty',
    code: 'Code',
    codeMeaning: 'Means',
    contracts: 'Your contracts (the code for column contractId)',
    noContracts: 'You have no active contract yet.',
    period: 'Period',
    categories: 'Product categories',
  },
} as const;

/** The explanation sheet: per column what it means, which types use it, and its codes; then the provider's contracts. */
export function explanationRows(contracts: readonly TemplateContract[], locale: Locale): string[][] {
  const s = SHEET_TEXT[locale];
  const rows: string[][] = [[s.intro], [], [s.column, s.meaning, s.usedBy, s.code, s.codeMeaning]];
  for (const column of COLUMNS) {
    const usedBy = column.name === 'type' ? '' : column.types.map((t) => `${t.type} (${t.required ? s.required : s.optional})`).join(', ');
    const codes = codeMeanings(column, locale);
    rows.push([column.name, COLUMN_TEXT[column.name]?.[locale] ?? '', usedBy, codes[0]?.code ?? '', codes[0]?.meaning ?? '']);
    for (const c of codes.slice(1)) rows.push(['', '', '', c.code, c.meaning]);
  }
  rows.push([], [s.contracts]);
  if (contracts.length === 0) rows.push([s.noContracts]);
  else {
    rows.push(['contractId', s.column === 'Kolom' ? 'Kenmerk' : 'Reference', s.period, s.categories]);
    for (const c of contracts) rows.push([c.id, c.reference, `${c.startDate} – ${c.endDate}`, c.productCategories.join(', ')]);
  }
  return rows;
}

export async function templateXlsx(contracts: readonly TemplateContract[], locale: Locale): Promise<Uint8Array> {
  const s = SHEET_TEXT[locale];
  const rows = recordsAsRows(exampleRecords(contracts[0], locale), locale);
  // Every cell is text (format @): a code such as 02 stays 02, a date stays as written.
  const data = rows.map((row, i) => row.map((value) => ({ value, type: String, format: '@', ...(i === 0 ? { fontWeight: 'bold' as const } : {}) })));
  const explanation = explanationRows(contracts, locale).map((row, i) => row.map((value) => (value ? { value, type: String, ...(i === 2 ? { fontWeight: 'bold' as const } : {}) } : null)));
  const blob = await writeXlsxFile([
    { sheet: s.data, data, columns: COLUMNS.map((c) => ({ width: Math.max(12, c.name.length + 2) })), stickyRowsCount: 1 },
    { sheet: s.explanation, data: explanation, columns: [{ width: 24 }, { width: 60 }, { width: 40 }, { width: 22 }, { width: 40 }] },
  ] as never).toBlob();
  return new Uint8Array(await blob.arrayBuffer());
}

// ---------------------------------------------------------------- reading a file

/** Why a file could not be read at all (the page says so beside the file field). */
export type FileProblem =
  | { code: 'missing' }
  | { code: 'empty' }
  | { code: 'too-large' }
  | { code: 'not-a-sheet' }
  | { code: 'old-excel' }
  | { code: 'unreadable' }
  | { code: 'no-type-column' }
  | { code: 'unknown-headers'; headers: string[] }
  | { code: 'duplicate-headers'; headers: string[] }
  | { code: 'too-many-rows'; rows: number };

export class SheetFileError extends Error {
  constructor(readonly problem: FileProblem) {
    super(problem.code);
  }
}

type Cell = string | number | boolean | Date | null | undefined;

export interface ReadFile {
  format: 'csv' | 'xlsx';
  /** The record of each data row, as the batch endpoint would receive it (not yet checked). */
  records: Record<string, unknown>[];
  /** The row number in the file (header = row 1) of each record. */
  rowNumbers: number[];
  /** The columns the file has, as headed there. */
  headers: string[];
}

const isZip = (b: Uint8Array) => b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
const isOldExcel = (b: Uint8Array) => b.length >= 4 && b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0;

function csvRows(bytes: Uint8Array): Cell[][] {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Not UTF-8: an older Excel saves CSV as Windows-1252. Readable that way unless it is binary.
    text = new TextDecoder('windows-1252').decode(bytes);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: binary files hold NUL and other control bytes; text does not
  if (/[\u0000-\u0008\u000e-\u001f]/.test(text.slice(0, 4096))) throw new SheetFileError({ code: 'not-a-sheet' });
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const count = (ch: string) => firstLine.split(ch).length - 1;
  const delimiter = count(';') >= count(',') && count(';') >= count('\t') ? ';' : count('\t') > count(',') ? '\t' : ',';
  const parsed = Papa.parse<string[]>(text, { delimiter, skipEmptyLines: false });
  const rows = parsed.data;
  // A file ending in a newline gives a last row of one empty cell.
  if (rows.length > 0 && (rows.at(-1) as string[]).every((v) => v === '')) rows.pop();
  return rows;
}

async function xlsxRows(bytes: Uint8Array): Promise<Cell[][]> {
  try {
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    const sheets = await readXlsxFile(buffer);
    return (sheets[0]?.data ?? []) as Cell[][];
  } catch {
    throw new SheetFileError({ code: 'unreadable' });
  }
}

const blank = (cell: Cell) => cell === null || cell === undefined || (typeof cell === 'string' && cell.trim() === '');

const YES = new Set(['ja', 'yes', 'true', 'waar', 'j', 'y', '1']);
const NO = new Set(['nee', 'no', 'false', 'onwaar', 'n', '0']);

const isoDate = (d: Date) => d.toISOString().slice(0, 10);

/** A cell as the batch record's value would be typed by a client; what cannot be read stays as written (and the check says so). */
function cellValue(column: Column, cell: Cell): unknown {
  if (cell instanceof Date) return isoDate(cell);
  if (typeof cell === 'boolean') return column.kind === 'boolean' ? cell : String(cell);
  if (typeof cell === 'number') {
    if (column.kind === 'number') return cell;
    // A two-digit code Excel turned into a number (02 → 2).
    if (column.kind === 'code' && Number.isInteger(cell) && column.codes.every((c) => /^\d{2}$/.test(c))) return String(cell).padStart(2, '0');
    return String(cell);
  }
  const text = String(cell).trim();
  switch (column.kind) {
    case 'number':
      return /^-?\d+$/.test(text) ? Number(text) : text;
    case 'boolean': {
      const lower = text.toLowerCase();
      return YES.has(lower) ? true : NO.has(lower) ? false : text;
    }
    case 'date': {
      // Excel in Dutch writes dates as 10-1-2027 when it saves CSV.
      const dutch = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(text);
      return dutch ? `${dutch[3]}-${(dutch[2] as string).padStart(2, '0')}-${(dutch[1] as string).padStart(2, '0')}` : text;
    }
    case 'goals': {
      const parts = text.split(/[|;,]/).map((p) => p.trim()).filter(Boolean);
      const goals = parts.map((p) => /^(.+?)\s*[:=]\s*(\S+)$/.exec(p)).map((m) => (m ? { goalId: (m[1] as string).trim(), achieved: YES.has((m[2] as string).toLowerCase()) ? true : NO.has((m[2] as string).toLowerCase()) ? false : m[2] } : null));
      return goals.every(Boolean) ? goals : text;
    }
    default:
      return text;
  }
}

/** Read an uploaded file (CSV with ; , or tab, UTF-8 with or without BOM; or .xlsx, its first sheet) into batch records. */
export async function readOutcomeFile(bytes: Uint8Array, fileName: string): Promise<ReadFile> {
  if (bytes.length === 0) throw new SheetFileError({ code: 'empty' });
  if (bytes.length > MAX_UPLOAD_BYTES) throw new SheetFileError({ code: 'too-large' });
  if (isOldExcel(bytes)) throw new SheetFileError({ code: 'old-excel' });
  const format = isZip(bytes) ? 'xlsx' : 'csv';
  if (format === 'csv' && /\.(xlsx|xls|ods|pdf|docx?)$/i.test(fileName)) throw new SheetFileError({ code: 'not-a-sheet' });
  const rows = format === 'xlsx' ? await xlsxRows(bytes) : csvRows(bytes);
  const headerIndex = rows.findIndex((row) => row.some((cell) => !blank(cell)));
  if (headerIndex === -1) throw new SheetFileError({ code: 'empty' });
  const headers = (rows[headerIndex] as Cell[]).map((cell) => (blank(cell) ? '' : String(cell).trim()));
  while (headers.length > 0 && headers.at(-1) === '') headers.pop();
  const columns = headers.map((h) => COLUMN_BY_HEADER.get(h.toLowerCase()) ?? null);
  // An empty header between named ones is named by its position (#3).
  const unknown = headers.flatMap((h, i) => (columns[i] ? [] : [h || `#${i + 1}`]));
  if (unknown.length > 0) throw new SheetFileError({ code: 'unknown-headers', headers: unknown });
  const seen = new Set<string>();
  const duplicates: string[] = [];
  for (const column of columns as Column[]) {
    if (seen.has(column.name)) duplicates.push(column.name);
    seen.add(column.name);
  }
  if (duplicates.length > 0) throw new SheetFileError({ code: 'duplicate-headers', headers: duplicates });
  if (!seen.has('type')) throw new SheetFileError({ code: 'no-type-column' });

  const records: Record<string, unknown>[] = [];
  const rowNumbers: number[] = [];
  for (let r = headerIndex + 1; r < rows.length; r++) {
    const row = rows[r] as Cell[];
    if (row.every(blank)) continue;
    if (records.length >= MAX_UPLOAD_ROWS) throw new SheetFileError({ code: 'too-many-rows', rows: rows.length - headerIndex - 1 });
    const record: Record<string, unknown> = {};
    columns.forEach((column, i) => {
      const cell = row[i];
      if (column && !blank(cell)) record[column.name] = cellValue(column, cell as Cell);
    });
    records.push(record);
    rowNumbers.push(r + 1);
  }
  if (records.length === 0) throw new SheetFileError({ code: 'empty' });
  return { format, records, rowNumbers, headers };
}

// ---------------------------------------------------------------- problems by row and column

export interface RowProblem {
  /** The row in the file (header = 1); null for a problem with the whole file. */
  row: number | null;
  /** The column (the batch record's field); null when the problem is the row's as a whole. */
  column: string | null;
  reason: string;
}

/** The batch check's problems (`records[17].goals[0].goalId`) as rows and columns of the file. */
export function problemsByRow(params: readonly InvalidParam[], rowNumbers: readonly number[]): RowProblem[] {
  return params.map((p) => {
    const m = /^records\[(\d+)\](?:\.([A-Za-z]+))?/.exec(p.name);
    if (!m) return { row: null, column: null, reason: p.reason };
    return { row: rowNumbers[Number(m[1])] ?? null, column: m[2] ?? null, reason: p.reason };
  });
}
