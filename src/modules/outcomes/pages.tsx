// Outcome delivery without software of its own, for a provider's admins and staff: download the
// template (.xlsx with an explanation sheet, or .csv), fill it in, upload it. The upload is the
// batch endpoint's operation (createOutcomeBatch: the same access, the same processing-log entry)
// and its rows go through the same check and writing (service.deliverRecords): all or nothing, and
// a refusal lists every problem by the file's row and column. Works without JavaScript (a plain
// multipart POST, 303 to the result); with it, the page shows the upload's progress and then that
// the file is being checked (parts/outcomes.ts).
import type { Context } from 'hono';
import { Hono } from 'hono';
import { ApiError, type InvalidParam } from '../../platform/errors.js';
import { allowLargerPageUpload } from '../../platform/http/body-limit.js';
import type { AppEnv } from '../../platform/http/env.js';
import { type Locale, localeOf } from '../../platform/http/page.js';
import { type PageStatus, appFailurePage, asOperation, href, seeOther, staffPage } from '../../platform/http/pages.js';
import { isUuid } from '../../platform/http/params.js';
import { Alert, Button, DataTable, ErrorSummary, fieldId } from '../../platform/ui/form.js';
import { routes } from './routes.js';
import type { BatchSummaryT } from './schemas.js';
import { activeContracts, batchSummary, deliverRecords } from './service.js';
import { type FileProblem, MAX_UPLOAD_BYTES, MAX_UPLOAD_ROWS, type RowProblem, SheetFileError, problemsByRow, readOutcomeFile, templateCsv, templateXlsx } from './sheet.js';

const PATH = '/app/providers/:providerId/outcomes';
export const outcomesPath = (providerId: string) => `/app/providers/${providerId}/outcomes`;
const indicatorsPath = (providerId: string) => `/app/providers/${providerId}/indicators`;

// The multipart body carries the file and a little more; the page says when the file itself is too large.
allowLargerPageUpload(/^\/app\/providers\/[^/]+\/outcomes$/, MAX_UPLOAD_BYTES + 1024 * 1024);

const count = (n: number) => n.toLocaleString('nl-NL');

const T = {
  nl: {
    title: 'Uitkomsten aanleveren',
    intro: 'Heeft uw organisatie geen software die uitkomsten aan Vervolg doorgeeft? Vul dan het sjabloon in en lever het hier aan. Vervolg controleert het bestand zoals het elke aanlevering controleert.',
    step1: '1. Download het sjabloon',
    xlsx: 'Sjabloon als Excel-bestand (.xlsx)',
    xlsxHint: 'Met een tweede blad dat elke kolom, elke code en uw contracten uitlegt.',
    csv: 'Sjabloon als CSV-bestand (.csv)',
    csvHint: 'Kolommen gescheiden door een puntkomma, zoals Excel in het Nederlands opslaat.',
    step2: '2. Lever het ingevulde bestand aan',
    fileLabel: 'Ingevuld bestand',
    fileHint: `Een .xlsx- of .csv-bestand met de kolommen van het sjabloon, hoogstens ${count(MAX_UPLOAD_ROWS)} regels en ${MAX_UPLOAD_BYTES / 1024 / 1024} MB. Het hele bestand wordt aangenomen of geweigerd: bij één fout wordt niets opgeslagen.`,
    submit: 'Bestand aanleveren',
    uploading: 'Bestand wordt verstuurd: {p}%',
    processing: 'Bestand is verstuurd. Vervolg controleert en bewaart nu de regels; bij een groot bestand kan dat tot een minuut duren.',
    failed: 'Het versturen is niet gelukt. Controleer uw verbinding en probeer het opnieuw.',
    progress: 'Voortgang',
    file: {
      missing: 'Kies het ingevulde bestand.',
      empty: 'Dit bestand is leeg: er staan geen regels onder de kolomnamen.',
      'too-large': `Dit bestand is groter dan ${MAX_UPLOAD_BYTES / 1024 / 1024} MB. Verdeel de regels over meer bestanden.`,
      'not-a-sheet': 'Dit is geen .xlsx- of .csv-bestand. Sla het sjabloon op als Excel-werkmap (.xlsx) of als CSV.',
      'old-excel': 'Dit is een oud Excel-bestand (.xls). Sla het op als Excel-werkmap (.xlsx) of als CSV en lever het opnieuw aan.',
      unreadable: 'Dit Excel-bestand kan niet worden gelezen. Sla het opnieuw op als Excel-werkmap (.xlsx) of als CSV.',
      'no-type-column': 'De eerste regel moet de kolomnamen van het sjabloon bevatten, met in elk geval de kolom type.',
      'unknown-headers': (h: string[]) => `Deze kolomnamen kent Vervolg niet: ${h.join(', ')}. Gebruik de kolomnamen van het sjabloon (regel 1).`,
      'duplicate-headers': (h: string[]) => `Deze kolommen staan er meer dan eens in: ${h.join(', ')}.`,
      'too-many-rows': (n: number) => `Dit bestand heeft ${count(n)} regels; hoogstens ${count(MAX_UPLOAD_ROWS)} per keer. Verdeel de regels over meer bestanden.`,
      rows: 'Dit bestand bevat fouten. Er is niets opgeslagen; zie de lijst met fouten hieronder.',
    },
    refusedTitle: (problems: number, rows: number) => `Het bestand is niet aangenomen: ${count(problems)} ${problems === 1 ? 'fout' : 'fouten'} in ${count(rows)} ${rows === 1 ? 'regel' : 'regels'}`,
    refusedText: (records: number) => `Er is niets opgeslagen van de ${count(records)} regels. Verbeter de fouten hieronder in uw bestand en lever het hele bestand opnieuw aan.`,
    listedOnly: (listed: number) => `Hieronder staan de eerste ${count(listed)} fouten.`,
    problems: 'Fouten per regel en kolom',
    row: 'Regel',
    column: 'Kolom',
    problem: 'Fout',
    wholeRow: '(hele regel)',
    wholeFile: '(hele bestand)',
    storedTitle: 'Het bestand is aangenomen',
    stored: (n: number) => `${count(n)} ${n === 1 ? 'regel is' : 'regels zijn'} opgeslagen.`,
    details: (s: BatchSummaryT) =>
      `Trajecten: ${count(s.trajectories.created)} nieuw, ${count(s.trajectories.updated)} gecorrigeerd, ${count(s.trajectories.unchanged)} ongewijzigd. Metingen: ${count(s.measurements.created)} nieuw, ${count(s.measurements.superseded)} vervangen, ${count(s.measurements.unchanged)} ongewijzigd.`,
    indicators: 'Bekijk uw uitkomstindicatoren',
    another: 'Nog een bestand aanleveren',
  },
  en: {
    title: 'Deliver outcomes',
    intro: 'Does your organisation have no software that passes outcomes to Vervolg? Then fill in the template and deliver it here. Vervolg checks the file as it checks every delivery.',
    step1: '1. Download the template',
    xlsx: 'Template as an Excel file (.xlsx)',
    xlsxHint: 'With a second sheet explaining every column, every code and your contracts.',
    csv: 'Template as a CSV file (.csv)',
    csvHint: 'Columns separated by a semicolon, as Excel saves in Dutch.',
    step2: '2. Deliver the filled-in file',
    fileLabel: 'Filled-in file',
    fileHint: `An .xlsx or .csv file with the template’s columns, at most ${MAX_UPLOAD_ROWS.toLocaleString('en-GB')} rows and ${MAX_UPLOAD_BYTES / 1024 / 1024} MB. The whole file is accepted or refused: with one problem, nothing is stored.`,
    submit: 'Deliver file',
    uploading: 'Sending the file: {p}%',
    processing: 'The file has been sent. Vervolg is now checking and storing the rows; a large file can take up to a minute.',
    failed: 'Sending did not work. Check your connection and try again.',
    progress: 'Progress',
    file: {
      missing: 'Choose the filled-in file.',
      empty: 'This file is empty: there are no rows under the column names.',
      'too-large': `This file is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB. Spread the rows over more files.`,
      'not-a-sheet': 'This is not an .xlsx or .csv file. Save the template as an Excel workbook (.xlsx) or as CSV.',
      'old-excel': 'This is an old Excel file (.xls). Save it as an Excel workbook (.xlsx) or as CSV and deliver it again.',
      unreadable: 'This Excel file cannot be read. Save it again as an Excel workbook (.xlsx) or as CSV.',
      'no-type-column': 'The first row must hold the template’s column names, at least the column type.',
      'unknown-headers': (h: string[]) => `Vervolg does not know these column names: ${h.join(', ')}. Use the template’s column names (row 1).`,
      'duplicate-headers': (h: string[]) => `These columns appear more than once: ${h.join(', ')}.`,
      'too-many-rows': (n: number) => `This file has ${n.toLocaleString('en-GB')} rows; at most ${MAX_UPLOAD_ROWS.toLocaleString('en-GB')} at a time. Spread the rows over more files.`,
      rows: 'This file has problems. Nothing was stored; see the list of problems below.',
    },
    refusedTitle: (problems: number, rows: number) => `The file was not accepted: ${problems.toLocaleString('en-GB')} ${problems === 1 ? 'problem' : 'problems'} in ${rows.toLocaleString('en-GB')} ${rows === 1 ? 'row' : 'rows'}`,
    refusedText: (records: number) => `Nothing of the ${records.toLocaleString('en-GB')} rows was stored. Fix the problems below in your file and deliver the whole file again.`,
    listedOnly: (listed: number) => `The first ${listed.toLocaleString('en-GB')} problems are listed below.`,
    problems: 'Problems by row and column',
    row: 'Row',
    column: 'Column',
    problem: 'Problem',
    wholeRow: '(whole row)',
    wholeFile: '(whole file)',
    storedTitle: 'The file was accepted',
    stored: (n: number) => `${n.toLocaleString('en-GB')} ${n === 1 ? 'row was' : 'rows were'} stored.`,
    details: (s: BatchSummaryT) =>
      `Trajectories: ${s.trajectories.created} new, ${s.trajectories.updated} corrected, ${s.trajectories.unchanged} unchanged. Measurements: ${s.measurements.created} new, ${s.measurements.superseded} replaced, ${s.measurements.unchanged} unchanged.`,
    indicators: 'See your outcome indicators',
    another: 'Deliver another file',
  },
} as const;

/**
 * The record schema's messages (zod's, written for integrators) in the page's words: what to put in
 * the cell. The database checks' reasons name dates and references already and are shown as given.
 */
const REASONS: { pattern: RegExp; nl: (m: RegExpExecArray) => string; en: (m: RegExpExecArray) => string }[] = [
  { pattern: /^Invalid option: expected one of (.+)$/, nl: (m) => `Deze code bestaat niet. Gebruik een van: ${codes(m)} (zie de toelichting in het sjabloon).`, en: (m) => `This code does not exist. Use one of: ${codes(m)} (see the template’s explanation).` },
  { pattern: /^Invalid input: expected \w+, received undefined$/, nl: () => 'Vul dit in: het is verplicht voor dit type regel.', en: () => 'Fill this in: it is required for this type of row.' },
  { pattern: /^Invalid input: expected number, received \w+$/, nl: () => 'Vul een heel getal in.', en: () => 'Enter a whole number.' },
  { pattern: /^Invalid input: expected boolean, received \w+$/, nl: () => 'Vul ja of nee in.', en: () => 'Enter yes or no.' },
  { pattern: /^Invalid input: expected array, received \w+$/, nl: () => 'Schrijf per doel doel:ja of doel:nee, gescheiden door | (bijvoorbeeld 1:ja|2:nee).', en: () => 'Write goal:yes or goal:no per goal, separated by | (for example 1:yes|2:no).' },
  { pattern: /^Too big: expected number to be <=(\d+)$/, nl: (m) => `Te groot: hoogstens ${m[1]}.`, en: (m) => `Too big: at most ${m[1]}.` },
  { pattern: /^Too small: expected number to be >=(\d+)$/, nl: (m) => `Te klein: minstens ${m[1]}.`, en: (m) => `Too small: at least ${m[1]}.` },
  { pattern: /^Too big: expected string to have <=(\d+) characters$/, nl: (m) => `Te lang: hoogstens ${m[1]} tekens.`, en: (m) => `Too long: at most ${m[1]} characters.` },
  { pattern: /^Use a date as YYYY-MM-DD\.$/, nl: () => 'Vul een datum in als JJJJ-MM-DD of DD-MM-JJJJ.', en: () => 'Enter a date as YYYY-MM-DD or DD-MM-YYYY.' },
  { pattern: /^Invalid UUID$/, nl: () => 'Dit is geen geldige code: kopieer hem uit de toelichting in het sjabloon.', en: () => 'This is not a valid code: copy it from the template’s explanation.' },
  { pattern: /^Invalid discriminator value\. Expected (.+)$/, nl: (m) => `Onbekend type regel. Gebruik een van: ${types(m)}.`, en: (m) => `Unknown type of row. Use one of: ${types(m)}.` },
];
const types = (m: RegExpExecArray) => (m[1] as string).replace(/'/g, '').split(' | ').join(', ');
const codes = (m: RegExpExecArray) => (m[1] as string).replace(/"/g, '').split('|').join(', ');

export function pageReason(reason: string, locale: Locale): string {
  for (const r of REASONS) {
    const m = r.pattern.exec(reason);
    if (m) return r[locale](m);
  }
  return reason;
}

type Refusal = { problems: RowProblem[]; total: number; records: number };

function fileMessage(problem: FileProblem | { code: 'rows' }, locale: Locale): string {
  const f = T[locale].file;
  switch (problem.code) {
    case 'unknown-headers':
    case 'duplicate-headers':
      return f[problem.code](problem.headers);
    case 'too-many-rows':
      return f['too-many-rows'](problem.rows);
    default:
      return f[problem.code];
  }
}

async function outcomesPage(c: Context<AppEnv>, state: { fileError?: string; refusal?: Refusal; stored?: BatchSummaryT | null }, status: PageStatus = 200) {
  const locale = localeOf(c);
  const s = T[locale];
  const providerId = c.req.param('providerId') as string;
  const base = outcomesPath(providerId);
  const errors: Record<string, string> = state.fileError ? { file: state.fileError } : {};
  const refusal = state.refusal;
  const rowsWithProblems = refusal ? new Set(refusal.problems.map((p) => p.row)).size : 0;
  const body = (
    <div class="vv-outcome-upload">
      <ErrorSummary locale={locale} errors={errors} labels={{ file: s.fileLabel }} />
      {state.stored ? (
        <Alert type="ok" title={s.storedTitle}>
          <p class="utrecht-paragraph">{s.stored(state.stored.recordCount)}</p>
          <p class="utrecht-paragraph">{s.details(state.stored)}</p>
          <p class="utrecht-paragraph">
            <a class="utrecht-link" href={href(c, indicatorsPath(providerId))}>
              {s.indicators}
            </a>
          </p>
        </Alert>
      ) : null}
      {refusal ? (
        <section aria-labelledby="refusal-title">
          <h2 class="utrecht-heading-2" id="refusal-title">
            {s.refusedTitle(refusal.total, rowsWithProblems)}
          </h2>
          <p class="utrecht-paragraph">
            {s.refusedText(refusal.records)} {refusal.total > refusal.problems.length ? s.listedOnly(refusal.problems.length) : ''}
          </p>
          <DataTable label={s.problems} caption={s.problems} columns={[s.row, s.column, s.problem]} class="vv-upload-problems">
            {refusal.problems.map((p) => (
              <tr class="utrecht-table__row">
                <th class="utrecht-table__header-cell" scope="row">
                  {p.row === null ? s.wholeFile : String(p.row)}
                </th>
                <td class="utrecht-table__cell">
                  <code>{p.column ?? s.wholeRow}</code>
                </td>
                <td class="utrecht-table__cell">{pageReason(p.reason, locale)}</td>
              </tr>
            ))}
          </DataTable>
        </section>
      ) : null}
      {state.stored || refusal ? null : <p class="utrecht-paragraph">{s.intro}</p>}
      <h2 class="utrecht-heading-2">{s.step1}</h2>
      <ul class="utrecht-unordered-list">
        <li class="utrecht-unordered-list__item">
          <a class="utrecht-link" href={href(c, `${base}/template.xlsx`)} download="">
            {s.xlsx}
          </a>
          <br />
          {s.xlsxHint}
        </li>
        <li class="utrecht-unordered-list__item">
          <a class="utrecht-link" href={href(c, `${base}/template.csv`)} download="">
            {s.csv}
          </a>
          <br />
          {s.csvHint}
        </li>
      </ul>
      <h2 class="utrecht-heading-2">{state.stored ? s.another : s.step2}</h2>
      <form
        method="post"
        action={href(c, base)}
        enctype="multipart/form-data"
        novalidate
        data-outcome-upload=""
        data-max-bytes={String(MAX_UPLOAD_BYTES)}
        data-too-large={s.file['too-large']}
        data-uploading={s.uploading}
        data-processing={s.processing}
        data-failed={s.failed}
      >
        <div class={`utrecht-form-field utrecht-form-field--text${state.fileError ? ' utrecht-form-field--invalid' : ''}`}>
          <div class="utrecht-form-field__label">
            <label class="utrecht-form-label" for={fieldId('file')}>
              {s.fileLabel}
            </label>
          </div>
          <div class="utrecht-form-field-description" id={`${fieldId('file')}-hint`}>
            {s.fileHint}
          </div>
          <div class="utrecht-form-field-error-message" id={`${fieldId('file')}-error`} data-file-error="" hidden={state.fileError ? undefined : true}>
            {state.fileError ?? ''}
          </div>
          <div class="utrecht-form-field__input">
            <input
              class="vv-file-input"
              type="file"
              id={fieldId('file')}
              name="file"
              accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              aria-describedby={state.fileError ? `${fieldId('file')}-hint ${fieldId('file')}-error` : `${fieldId('file')}-hint`}
              aria-invalid={state.fileError ? 'true' : undefined}
            />
          </div>
        </div>
        <div class="vv-upload-progress" data-upload-progress="" hidden>
          <progress max="100" aria-label={s.progress}></progress>
          <p class="utrecht-paragraph" role="status" data-upload-status=""></p>
        </div>
        <div class="vv-actions">
          <Button>{s.submit}</Button>
        </div>
      </form>
    </div>
  );
  return staffPage(c, { title: s.title, body, width: 'wide', status });
}

/** The refusal of the batch check, by row and column of the file. */
function refusalOf(error: ApiError, rowNumbers: number[], records: number): Refusal {
  const params = (error.extra.invalidParams as InvalidParam[] | undefined) ?? [];
  const total = Number(/(\d+) problems?\./.exec(error.detail)?.[1] ?? params.length);
  return { problems: problemsByRow(params, rowNumbers), total: Math.max(total, params.length), records };
}

const download = (c: Context<AppEnv>, body: string | Uint8Array, type: string, name: string) =>
  c.body(body as never, 200, {
    'Content-Type': type,
    'Content-Disposition': `attachment; filename="${name}"`,
    'Cache-Control': 'no-store',
  });

export function outcomePages(): Hono<AppEnv> {
  const pages = new Hono<AppEnv>();
  pages.onError(appFailurePage);
  const access = asOperation(routes.createOutcomeBatch);

  pages.get(PATH, access, async (c) => {
    const batch = c.req.query('batch');
    const stored = batch && isUuid(batch) ? await batchSummary(c.get('trx'), c.get('providerId') as string, batch) : null;
    return outcomesPage(c, { stored });
  });

  pages.get(`${PATH}/template.csv`, access, async (c) => {
    const locale = localeOf(c);
    const [contract] = await activeContracts(c.get('trx'), c.get('providerId') as string);
    return download(c, templateCsv(contract, locale), 'text/csv; charset=utf-8', locale === 'nl' ? 'vervolg-uitkomsten.csv' : 'vervolg-outcomes.csv');
  });

  pages.get(`${PATH}/template.xlsx`, access, async (c) => {
    const locale = localeOf(c);
    const contracts = await activeContracts(c.get('trx'), c.get('providerId') as string);
    return download(c, await templateXlsx(contracts, locale), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', locale === 'nl' ? 'vervolg-uitkomsten.xlsx' : 'vervolg-outcomes.xlsx');
  });

  pages.post(PATH, access, async (c) => {
    const locale = localeOf(c);
    const providerId = c.get('providerId') as string;
    const form = await c.req.parseBody();
    const file = form.file;
    if (!(file instanceof File) || (file.size === 0 && !file.name)) return outcomesPage(c, { fileError: fileMessage({ code: 'missing' }, locale) }, 400);
    if (file.size > MAX_UPLOAD_BYTES) return outcomesPage(c, { fileError: fileMessage({ code: 'too-large' }, locale) }, 400);
    let read: Awaited<ReturnType<typeof readOutcomeFile>>;
    try {
      read = await readOutcomeFile(new Uint8Array(await file.arrayBuffer()), file.name);
    } catch (error) {
      if (error instanceof SheetFileError) return outcomesPage(c, { fileError: fileMessage(error.problem, locale) }, 400);
      throw error;
    }
    try {
      const outcome = await deliverRecords(c.get('trx'), providerId, read.records, MAX_UPLOAD_ROWS);
      c.set('auditSubject', { type: 'outcome-batch', id: outcome.summary.id });
      return seeOther(c, href(c, outcomesPath(providerId), { batch: outcome.summary.id }));
    } catch (error) {
      if (error instanceof ApiError && error.status === 400) {
        return outcomesPage(c, { fileError: fileMessage({ code: 'rows' }, locale), refusal: refusalOf(error, read.rowNumbers, read.records.length) }, 400);
      }
      throw error;
    }
  });
  return pages;
}
