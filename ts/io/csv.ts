import { checkOptions, optionNames } from '../utils/options';
import Papa from 'papaparse';
import { Tensor } from '../tensor';
import { ValueError } from '../errors';

/** Options of {@link readCsv}. */
export interface ReadCsvOptions {
  /** The first row holds column names (default true). */
  header?: boolean;
  /** Field separator (default `','`). */
  delimiter?: string;
}

const CSV_TO_TENSOR_OPTIONS = optionNames<CsvToTensorOptions>({ columns: true });

const READ_CSV_OPTIONS = optionNames<ReadCsvOptions>({ header: true, delimiter: true });

/** Options of {@link CsvTable.toTensor}. */
export interface CsvToTensorOptions {
  /** Columns to take, by name or index, in this order (default: all). */
  columns?: ReadonlyArray<string | number>;
}

/** Cell texts read as missing values (NaN) by {@link CsvTable.toTensor}. */
const MISSING = new Set(['', 'na', 'nan', 'null', 'n/a', '?']);

/**
 * A parsed CSV file: column names and rows of cell texts, made by {@link readCsv}.
 *
 * @example
 * ```ts
 * const table = io.readCsv('x,y\n1,2\n3,\n');
 * table.column('x');          // ['1', '3']
 * table.toTensor().toArray(); // [[1, 2], [3, NaN]]
 * ```
 */
export class CsvTable {
  /** Column names: the header row, or `'0'`, `'1'`, ... without one. */
  readonly columns: string[];
  /** Data rows (header excluded), each with one text per column. */
  readonly rows: string[][];

  constructor(columns: string[], rows: string[][]) {
    this.columns = columns;
    this.rows = rows;
  }

  /** The texts of one column, by name or index. */
  column(column: string | number): string[] {
    const c = this.columnIndex(column);
    return this.rows.map((r) => r[c]);
  }

  /**
   * The numeric cells as a float32 `[rows, columns]` Tensor. Empty cells and `NA`, `NaN`,
   * `null`, `N/A`, `?` (any case) become NaN — missing values for
   * {@link preprocessing.fillMissing}; any other non-numeric cell is an error naming it.
   */
  toTensor(options: CsvToTensorOptions = {}): Tensor<'float32'> {
    options = checkOptions(options, CSV_TO_TENSOR_OPTIONS, 'CsvTable.toTensor(options)');
    const picked = (options.columns ?? this.columns.map((_, i) => i)).map((c) => this.columnIndex(c));
    const out = new Float32Array(this.rows.length * picked.length);
    this.rows.forEach((row, r) => {
      picked.forEach((c, j) => {
        const text = row[c].trim();
        let v: number;
        if (MISSING.has(text.toLowerCase())) v = NaN;
        else {
          v = Number(text);
          if (Number.isNaN(v)) {
            throw new ValueError(
              `readCsv: cell in data row ${r + 1}, column '${this.columns[c]}' is not a number; expected a decimal number or an empty/NA cell. Received: ${JSON.stringify(row[c])}`, 'CORRUPT_FILE',
            );
          }
        }
        out[r * picked.length + j] = v;
      });
    });
    return new Tensor(out, [this.rows.length, picked.length]);
  }

  private columnIndex(column: string | number): number {
    const c = typeof column === 'number' ? column : this.columns.indexOf(column);
    if (!Number.isInteger(c) || c < 0 || c >= this.columns.length) {
      throw new ValueError(`readCsv: no such column; expected a name among [${this.columns.join(', ')}] or an index below ${this.columns.length}. Received: column=${JSON.stringify(column)}`, 'UNKNOWN_NAME');
    }
    return c;
  }
}

/**
 * Parses CSV text (RFC 4180: quoted fields, embedded separators and newlines, CRLF) with
 * papaparse, skipping empty lines. Every row must have as many fields as the first.
 *
 * @example
 * ```ts
 * const table = io.readCsv('a,b\n1,2\n3,4\n');
 * table.columns;            // ['a', 'b']
 * table.toTensor().shape;   // [2, 2]
 * ```
 */
export function readCsv(text: string, options: ReadCsvOptions = {}): CsvTable {
  options = checkOptions(options, READ_CSV_OPTIONS, 'io.readCsv(text, options)');
  const { header = true, delimiter = ',' } = options;
  if (typeof text !== 'string') {
    throw new ValueError(`readCsv: \`text\` must be a string (decode file bytes first, or use readCsvFile). Received: ${typeof text}`);
  }
  const parsed = Papa.parse<string[]>(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, {
    delimiter,
    skipEmptyLines: true,
  });
  const firstError = parsed.errors.find((e) => e.type !== 'Delimiter');
  if (firstError) {
    throw new ValueError(`readCsv: malformed CSV at data row ${(firstError.row ?? 0) + 1}: ${firstError.message}. Received: code=${firstError.code}`, 'CORRUPT_FILE');
  }
  const all = parsed.data;
  if (all.length === 0) return new CsvTable([], []);
  const width = all[0].length;
  all.forEach((row, i) => {
    if (row.length !== width) {
      throw new ValueError(`readCsv: every row must have ${width} fields like the first. Received: ${row.length} fields in line ${i + 1}`, 'CORRUPT_FILE');
    }
  });
  const columns = header ? all[0] : all[0].map((_, i) => String(i));
  return new CsvTable(columns, header ? all.slice(1) : all);
}
