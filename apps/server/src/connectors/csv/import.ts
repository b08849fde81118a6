import type { MobileRecord } from '@safefleet/protocol';
import { detectColumns, type ColumnSet, COLUMN_SETS } from './columns.js';
import { CsvSyntaxError, parseCsv } from './csv-parse.js';
import { mapRow, type RowError } from './map.js';

/** Largest CSV the console accepts (about 20,000 tablets). */
export const MAX_CSV_BYTES = 10 * 1024 * 1024;
export const MAX_CSV_ROWS = 20_000;

export interface CsvPlan {
  set: ColumnSet | null;
  good: { line: number; record: MobileRecord }[];
  errors: RowError[];
}

/**
 * Validates a whole CSV file before anything is stored: every row is mapped, duplicate serials
 * (after the first) are errors, and each error names its line. Pure; the caller imports `good`
 * in one transaction, so nothing is ever half-imported.
 */
export function planCsvImport(text: string): CsvPlan {
  if (Buffer.byteLength(text, 'utf8') > MAX_CSV_BYTES)
    return { set: null, good: [], errors: [{ line: 0, message: `the file is larger than ${MAX_CSV_BYTES / 1024 / 1024} MB` }] };
  let rows: ReturnType<typeof parseCsv>;
  try {
    rows = parseCsv(text);
  } catch (err) {
    if (err instanceof CsvSyntaxError) return { set: null, good: [], errors: [{ line: err.line, message: err.message.replace(/^line \d+: /, '') }] };
    throw err;
  }
  const [header, ...data] = rows;
  if (!header) return { set: null, good: [], errors: [{ line: 1, message: 'the file is empty' }] };
  const detected = detectColumns(header.cells);
  if (!detected) {
    const sets = COLUMN_SETS.map((s) => `${s.label} (${s.required.map((f) => s.columns[f]![0]).join(', ')})`).join('; ');
    return { set: null, good: [], errors: [{ line: header.line, message: `the header does not match a known column set: ${sets}` }] };
  }
  if (data.length > MAX_CSV_ROWS)
    return { set: detected.set, good: [], errors: [{ line: 0, message: `the file has more than ${MAX_CSV_ROWS} rows` }] };
  const good: CsvPlan['good'] = [];
  const errors: RowError[] = [];
  const seen = new Map<string, number>();
  for (const row of data) {
    try {
      const record = mapRow(detected.set, detected.index, row.cells);
      const key = record.serial!.toLowerCase();
      const first = seen.get(key);
      if (first !== undefined) {
        errors.push({ line: row.line, message: `serial ${record.serial} is already on line ${first}` });
        continue;
      }
      seen.set(key, row.line);
      good.push({ line: row.line, record });
    } catch (err) {
      errors.push({ line: row.line, message: err instanceof Error ? err.message : String(err) });
    }
  }
  return { set: detected.set, good, errors };
}
