/** CSVLogger: streams each epoch's logs to a CSV file, as `keras.callbacks.CSVLogger` (Node). */
import { ValueError } from '../errors';
import { hostFiles, type HostFiles } from '../hosts/host';
import { checkOptions, optionNames } from '../utils/options';
import { Callback, type Logs } from './callback';
import { pythonFloat } from './python_format';

/** Options of {@link csvLogger}. */
export interface CSVLoggerArgs {
  /** The CSV file, e.g. `'run/log.csv'`. */
  filename: string;
  /** Default `','`. */
  separator?: string;
  /** Append to an existing file (to continue a training) instead of replacing it. Default false. */
  append?: boolean;
}

const CSV_LOGGER_OPTIONS = optionNames<CSVLoggerArgs>({ filename: true, separator: true, append: true });

/** Python's csv module ends rows with the excel dialect's CRLF; Keras's files do too. */
const LINE_END = '\r\n';

/**
 * The callback behind {@link csvLogger}.
 *
 * @example
 * ```ts
 * const logger = new callbacks.CSVLogger({ filename: 'log.csv', append: true });
 * ```
 */
export class CSVLogger extends Callback {
  readonly filename: string;
  readonly separator: string;
  readonly append: boolean;
  private keys?: string[];
  private writeHeader = true;
  private readonly files: HostFiles;

  constructor(args: CSVLoggerArgs) {
    super();
    args = checkOptions(args, CSV_LOGGER_OPTIONS, 'callbacks.csvLogger(options)');
    if (!args || typeof args.filename !== 'string' || args.filename === '') {
      throw new ValueError(`CSVLogger needs a filename. Received: filename=${JSON.stringify(args?.filename)}`);
    }
    const separator = args.separator ?? ',';
    if (typeof separator !== 'string' || separator.length !== 1 || separator === '"' || separator === '\n' || separator === '\r') {
      throw new ValueError(`CSVLogger separator must be one character other than a quote or a line break. Received: separator=${JSON.stringify(separator)}`);
    }
    this.filename = args.filename;
    this.separator = separator;
    this.append = args.append ?? false;
    this.files = hostFiles('callbacks.csvLogger', 'record the logs from a callback of your own (e.g. a LambdaCallback with onEpochEnd)');
  }

  override onTrainBegin(_logs: Logs = {}): void {
    if (this.append) {
      const existing = this.files.isFile(this.filename) ? new TextDecoder().decode(this.files.readBytes(this.filename, 'the CSV log')) : '';
      this.writeHeader = !existing.split('\n', 1)[0];
    } else {
      this.files.writeBytes(this.filename, '', 'the CSV log');
      this.writeHeader = true;
    }
    this.keys = undefined;
  }

  override onEpochEnd(epoch: number, logs: Logs): void {
    this.keys ??= Object.keys(logs).sort();
    let text = '';
    if (this.writeHeader) {
      text += this.row(['epoch', ...this.keys]);
      this.writeHeader = false;
    }
    text += this.row([String(epoch), ...this.keys.map((k) => (k in logs ? pythonFloat(logs[k]) : 'NA'))]);
    this.files.appendText(this.filename, text, 'the CSV log');
  }

  /** One row with the csv module's minimal quoting. */
  private row(fields: string[]): string {
    const quote = (f: string) => (f.includes(this.separator) || /["\r\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f);
    return fields.map(quote).join(this.separator) + LINE_END;
  }
}

/**
 * Writes `epoch` and every log value (sorted by key) as one CSV row per epoch, as
 * `keras.callbacks.CSVLogger`.
 *
 * @example
 * ```ts
 * await model.fit(x, y, { epochs: 10, callbacks: [callbacks.csvLogger({ filename: 'training.log' })] });
 * ```
 */
export function csvLogger(args: CSVLoggerArgs): CSVLogger {
  return new CSVLogger(args);
}
