/** Keras's terminal progress: verbose 1 draws a bar per epoch, verbose 2 prints one line per epoch. */
import { Callback, type Logs } from './callback';

const BAR = 20;

/**
 * The progress output `fit` adds for `verbose` 1 and 2 (Keras's `ProgbarLogger`).
 *
 * @example
 * ```ts
 * const progbar = new ProgbarLogger((text) => process.stdout.write(text));
 * ```
 */
export class ProgbarLogger extends Callback {
  private started = 0;
  private readonly write: (text: string) => void;
  private readonly tty: boolean;

  constructor(write?: (text: string) => void) {
    super();
    const stdout = typeof process !== 'undefined' ? process.stdout : undefined;
    this.tty = Boolean(stdout?.isTTY) && !write;
    this.write = write ?? (stdout ? (t) => stdout.write(t) : (t) => console.log(t.replace(/\n$/, '')));
  }

  override onEpochBegin(epoch: number): void {
    this.started = performance.now();
    this.write(`Epoch ${epoch + 1}/${this.params?.epochs ?? '?'}\n`);
  }

  /** Redraws the bar after `done` of `steps` batches (verbose 1 on a terminal only). */
  progress(done: number, logs: Logs): void {
    if (this.params?.verbose === 1 && this.tty) this.write(`\r${this.line(done, logs)}`);
  }

  override onEpochEnd(_epoch: number, logs: Logs): void {
    const steps = this.params?.steps ?? 0;
    this.write(`${this.tty && this.params?.verbose === 1 ? '\r' : ''}${this.line(steps, logs)}\n`);
  }

  private line(done: number, logs: Logs): string {
    const steps = this.params?.steps ?? done;
    const elapsed = (performance.now() - this.started) / 1000;
    const perStep = done > 0 ? (elapsed * 1000) / done : 0;
    const filled = steps > 0 ? Math.round((BAR * done) / steps) : BAR;
    const bar = this.params?.verbose === 1 ? ` ${'━'.repeat(filled)}${' '.repeat(BAR - filled)}` : '';
    const time = `${elapsed < 1 ? `${Math.round(elapsed * 1000)}ms` : `${Math.round(elapsed)}s`} ${perStep < 1 ? `${Math.round(perStep * 1000)}us` : `${Math.round(perStep)}ms`}/step`;
    const values = Object.entries(logs)
      .map(([k, v]) => ` - ${k}: ${formatValue(v)}`)
      .join('');
    return `${done}/${steps}${bar} ${time}${values}`;
  }
}

function formatValue(v: number): string {
  return Math.abs(v) >= 1e-3 || v === 0 ? v.toFixed(4) : v.toExponential(4);
}
