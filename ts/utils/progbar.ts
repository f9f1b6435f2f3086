/**
 * Keras's progress bar (`keras.utils.Progbar`, Keras 3), drawn byte for byte as Keras draws it
 * on a terminal: the count, a 20-character bar, the ETA while running, the elapsed time and the
 * time per step at the end, then the values. Where the output is not a terminal (a file, a pipe,
 * CI), verbose 1 prints what verbose 2 prints — one line when the bar completes — instead of
 * redrawing with `\r`, backspaces and escape codes (Keras redraws on any POSIX host, which fills
 * logs with them; its docs recommend verbose 2 there).
 */
import { ValueError } from '../errors';
import { checkOptions, optionNames } from './options';
import { pythonExponential, pythonFixed } from './python_number';

/** Where a progress bar writes: `process.stdout` by default; a terminal when `isTTY` is true. */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

/** Values to show: `[name, value]` pairs, as Keras's `values`, or a record of them. */
export type ProgressValues = ReadonlyArray<readonly [string, number]> | Readonly<Record<string, number>>;

/** Options of {@link Progbar}, as Keras's. */
export interface ProgbarOptions {
  /** Width of the bar in characters. Default 20. */
  width?: number;
  /** 0 silent, 1 a bar redrawn as it goes (a line at the end off a terminal), 2 a line at the end. Default 1. */
  verbose?: 0 | 1 | 2;
  /** Minimum seconds between two redraws. Default 0.05. */
  interval?: number;
  /** Values shown as given; all others are averaged over the steps. Give this or `statelessMetrics`. */
  statefulMetrics?: Iterable<string>;
  /** Values averaged over the steps; all others are shown as given. */
  statelessMetrics?: Iterable<string>;
  /** What a step is called (`2ms/step`). Default `'step'`. */
  unitName?: string;
  /** Where to write. Default `process.stdout` (in a browser, `console.log`, a line at a time). */
  stream?: ProgressStream;
}

const PROGBAR_OPTIONS = optionNames<ProgbarOptions>({ width: true, verbose: true, interval: true, statefulMetrics: true, statelessMetrics: true, unitName: true, stream: true });

/**
 * A progress bar, as `keras.utils.Progbar`: call {@link update} with the steps done so far.
 *
 * On a terminal (verbose 1) each redraw goes back over the previous line and pads with spaces
 * when the new one is shorter, so nothing stale is left; redraws closer than `interval` are
 * skipped, except the last. Values are shown with 4 decimals (`1.2345e-04` from 1e-3 down).
 *
 * @example
 * ```ts
 * const bar = new utils.Progbar(500, { unitName: 'epoch' });
 * for (let epoch = 1; epoch <= 500; epoch++) bar.update(epoch, [['val_mae', mae[epoch - 1]]]);
 * // 500/500 ━━━━━━━━━━━━━━━━━━━━ 7s 14ms/epoch - val_mae: 2.4127
 * ```
 */
export class Progbar {
  /** Total number of steps, or null when unknown. */
  target: number | null;
  /** Width of the bar in characters. */
  readonly width: number;
  /** 0 silent, 1 a bar (a closing line off a terminal), 2 a closing line. */
  readonly verbose: 0 | 1 | 2;
  /** Minimum seconds between two redraws. */
  readonly interval: number;
  /** What a step is called in the time per step. */
  readonly unitName: string;
  private readonly stream: ProgressStream;
  private readonly dynamic: boolean;
  private readonly stateful?: Set<string>;
  private readonly stateless?: Set<string>;
  /** Per value: [sum of value × steps, steps], or [value, 1] when shown as given. */
  private readonly values = new Map<string, [number, number]>();
  private seenSoFar = 0;
  private readonly start = now();
  private lastUpdate = -Infinity;
  private timeAfterFirstStep?: number;
  private previousWidth = 0;

  constructor(target: number | null | undefined, options: ProgbarOptions = {}) {
    options = checkOptions(options, PROGBAR_OPTIONS, 'new utils.Progbar(target, options)');
    if (target != null && !(typeof target === 'number' && Number.isFinite(target) && target >= 0)) {
      throw new ValueError(`Progbar: \`target\` must be a number of steps ≥ 0, or null when unknown. Received: target=${String(target)}`);
    }
    const { width = 20, verbose = 1, interval = 0.05, unitName = 'step' } = options;
    if (!Number.isInteger(width) || width < 1) throw new ValueError(`Progbar: \`width\` must be a positive integer. Received: width=${width}`);
    if (verbose !== 0 && verbose !== 1 && verbose !== 2) throw new ValueError(`Progbar: \`verbose\` must be 0, 1 or 2. Received: verbose=${String(verbose)}`);
    if (!(interval >= 0)) throw new ValueError(`Progbar: \`interval\` must be a number of seconds ≥ 0. Received: interval=${interval}`);
    if (options.statefulMetrics !== undefined && options.statelessMetrics !== undefined) {
      throw new ValueError('Progbar: give `statefulMetrics` or `statelessMetrics`, not both: one lists the exceptions to the other. Received: both');
    }
    this.target = target ?? null;
    this.width = width;
    this.verbose = verbose;
    this.interval = interval;
    this.unitName = unitName;
    this.stream = options.stream ?? defaultProgressStream();
    this.dynamic = this.stream.isTTY === true;
    if (options.statelessMetrics !== undefined) this.stateless = new Set(options.statelessMetrics);
    else this.stateful = new Set(options.statefulMetrics ?? []);
  }

  /**
   * Records that `current` steps are done, with the values of the last step, and redraws.
   * `finalize` (default: `current >= target`) draws the closing line.
   *
   * @example
   * ```ts
   * bar.update(10, { loss: 0.31 });
   * ```
   */
  update(current: number, values: ProgressValues = [], finalize?: boolean): void {
    const done = finalize ?? (this.target !== null && current >= this.target);
    for (const [key, value] of Array.isArray(values) ? values : Object.entries(values)) {
      const averaged = this.stateful ? !this.stateful.has(key) : (this.stateless as Set<string>).has(key);
      const entry = this.values.get(key);
      if (averaged && !done) {
        const base = Math.max(current - this.seenSoFar, 1);
        if (entry) {
          entry[0] += value * base;
          entry[1] += base;
        } else this.values.set(key, [value * base, base]);
      } else this.values.set(key, [value, 1]);
    }
    this.seenSoFar = current;
    const time = now();
    const perStep = this.stepDuration(current, time);
    if (this.verbose === 1 && this.dynamic) {
      if (time - this.lastUpdate < this.interval && !done) return;
      this.redraw(current, time, perStep, done);
    } else if (this.verbose !== 0 && done && this.target !== null && this.target > 0) {
      this.stream.write(`${this.count(current)} - ${pythonFixed(time - this.start, 0)}s -${formatDuration(perStep, this.unitName)}${this.valueText(true)}\n`);
    }
    this.lastUpdate = time;
  }

  /**
   * {@link update} with `n` more steps done.
   *
   * @example
   * ```ts
   * bar.add(1, { loss: 0.31 });
   * ```
   */
  add(n: number, values?: ProgressValues): void {
    this.update(this.seenSoFar + n, values);
  }

  /** Keras's terminal line: back over the previous one, redraw, pad what is left of it. */
  private redraw(current: number, time: number, perStep: number, done: boolean): void {
    let message = `${'\b'.repeat(this.previousWidth)}\r`;
    let bar: string;
    let visible: number;
    if (this.target !== null && this.target > 0) {
      const filled = Math.trunc(this.width * (current / this.target)); // Keras's int(width * prog), same rounding
      const count = this.count(current);
      bar = `\x1b[1m${count}\x1b[0m ${filled > 0 ? `\x1b[32m${'━'.repeat(filled)}\x1b[0m` : ''}\x1b[37m${'━'.repeat(Math.max(0, this.width - filled))}\x1b[0m`;
      visible = count.length + 1 + Math.max(filled, 0) + Math.max(0, this.width - filled);
    } else {
      bar = `${String(current).padStart(7)}/Unknown`;
      visible = bar.length;
    }
    const eta = this.target !== null && this.target > 0 && !done;
    const clock = eta ? formatEta(perStep * ((this.target as number) - current)) : `${pythonFixed(time - this.start, 0)}s`;
    const info = `${formatDuration(perStep, this.unitName)}${this.valueText(false)}`;
    const width = visible + 1 + clock.length + info.length;
    message += `${bar} \x1b[1m${clock}\x1b[0m${info}`;
    if (this.previousWidth > width) message += ' '.repeat(this.previousWidth - width);
    if (done) message += '\n';
    this.stream.write(message);
    this.previousWidth = width;
  }

  /** `current/target`, the current count right-aligned to the target's digits. */
  private count(current: number): string {
    const target = this.target as number;
    return `${String(Math.trunc(current)).padStart(String(Math.trunc(target)).length)}/${Math.trunc(target)}`;
  }

  /** ` - name: value` per value; Keras's closing line (verbose 2) tests `avg > 1e-3` without `abs`. */
  private valueText(closingLine: boolean): string {
    let text = '';
    for (const [key, [sum, count]] of this.values) {
      const average = sum / Math.max(1, count);
      const plain = closingLine ? average > 1e-3 : Math.abs(average) > 1e-3;
      text += ` - ${key}: ${plain ? pythonFixed(average, 4) : pythonExponential(average, 4)}`;
    }
    return text;
  }

  /** Seconds per step; after the first step, the first (often slow) step is left out, as in Keras. */
  private stepDuration(current: number, time: number): number {
    if (!current) return 0;
    const perStep =
      this.timeAfterFirstStep !== undefined && current > 1 ? (time - this.timeAfterFirstStep) / (current - 1) : (time - this.start) / current;
    if (current === 1) this.timeAfterFirstStep = time;
    return perStep;
  }
}

/** Seconds, as Keras's clock reads them. */
function now(): number {
  return performance.now() / 1000;
}

/** ` 2ms/step`: seconds from 1 s (and for 0), else milliseconds from 1 ms, else microseconds. */
function formatDuration(seconds: number, unit: string): string {
  if (seconds >= 1 || seconds === 0) return ` ${pythonFixed(seconds, 0)}s/${unit}`;
  if (seconds >= 1e-3) return ` ${pythonFixed(seconds * 1000, 0)}ms/${unit}`;
  return ` ${pythonFixed(seconds * 1e6, 0)}us/${unit}`;
}

/** The ETA as Keras writes it: `1:02:03` above an hour, `2:03` above a minute, else `42s`. */
function formatEta(seconds: number): string {
  const whole = (x: number) => String(Math.trunc(x));
  const two = (x: number) => whole(x).padStart(2, '0');
  if (seconds > 3600) return `${whole(seconds / 3600)}:${two((seconds % 3600) / 60)}:${two(seconds % 60)}`;
  if (seconds > 60) return `${whole(seconds / 60)}:${two(seconds % 60)}`;
  return `${whole(seconds)}s`;
}

/** `process.stdout` in Node; elsewhere `console.log`, a completed line at a time (not a terminal). */
export function defaultProgressStream(): ProgressStream {
  const stdout = (globalThis as { process?: { stdout?: ProgressStream } }).process?.stdout;
  if (stdout && typeof stdout.write === 'function') return stdout;
  let pending = '';
  return {
    write(text: string) {
      pending += text;
      const lines = pending.split('\n');
      pending = lines.pop() as string;
      for (const line of lines) console.log(line);
    },
  };
}
