/**
 * How a long call shares the thread. An engine call blocks its thread (the engine runs on the
 * caller's thread), so `fit`, `evaluate` and `predict` give the event loop a macrotask between
 * engine calls: timers tick, servers answer, a SIGINT handler runs (and may set
 * `model.stopTraining` or save a checkpoint), a page repaints. They also check their `signal`
 * there, which is how an `AbortSignal` cancels them.
 */
import { AbortError, ValueError } from '../errors';
import { currentHost } from '../hosts/host';
import { collectIfGrown } from './engine_memory';

/**
 * What kerasm reads of an `AbortSignal` (the DOM's and Node's both fit): whether it fired, and
 * why. It is read between engine calls, never listened to.
 *
 * @example
 * ```ts
 * const controller = new AbortController();
 * const signal: AbortSignalLike = controller.signal;
 * ```
 */
export interface AbortSignalLike {
  readonly aborted: boolean;
  readonly reason?: unknown;
}

/**
 * The event loop gets a turn at most this often. Each turn costs a few microseconds (more when
 * the pool's threads fell asleep meanwhile), so many short engine calls share one turn.
 */
const YIELD_INTERVAL_MS = 15;

/** The pauses of one long call (`operation`, e.g. `'fit'`), cancelled through `signal`. */
export class Cooperation {
  private lastYield = performance.now();
  private yielded = false;

  constructor(
    private readonly operation: string,
    private readonly signal: AbortSignalLike | undefined,
  ) {
    this.checkAborted('before it started');
  }

  /**
   * Between two engine calls: lets the event loop run when it has waited long enough, then
   * throws an {@link AbortError} if the signal fired; `where` says how far the call got.
   */
  async pause(where: () => string): Promise<void> {
    this.checkAborted(where);
    if (performance.now() - this.lastYield < YIELD_INTERVAL_MS) return;
    await this.yieldNow();
    this.checkAborted(where);
  }

  /**
   * At the end of the call: lets the event loop run once if it has not since the call began. A
   * loop of short fits would otherwise give it no turn, and the collector needs turns to finish
   * marking and run finalizers — what frees forgotten models (engine_memory.ts). About 4 µs.
   */
  async finish(): Promise<void> {
    if (!this.yielded) await this.yieldNow();
  }

  private async yieldNow(): Promise<void> {
    await currentHost().yieldToEventLoop();
    collectIfGrown();
    this.lastYield = performance.now();
    this.yielded = true;
  }

  private checkAborted(where: string | (() => string)): void {
    if (!this.signal?.aborted) return;
    const at = typeof where === 'string' ? where : where();
    const reason = this.signal.reason === undefined ? '' : ` (reason: ${describeReason(this.signal.reason)})`;
    throw new AbortError(
      `${this.operation} was aborted through its \`signal\` ${at}; the model keeps the weights it had then and can be used again. Received: signal.aborted=true${reason}`,
    );
  }
}

/** `signal` of `operation`'s options, checked: absent, or something with a boolean `aborted`. */
export function checkSignal(operation: string, signal: unknown): AbortSignalLike | undefined {
  if (signal === undefined) return undefined;
  if (typeof signal !== 'object' || signal === null || typeof (signal as AbortSignalLike).aborted !== 'boolean') {
    throw new ValueError(`${operation}'s \`signal\` must be an AbortSignal (e.g. new AbortController().signal). Received: signal=${describeReason(signal)}`);
  }
  return signal as AbortSignalLike;
}

function describeReason(value: unknown): string {
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  if (typeof value === 'object' && value !== null) return value.constructor?.name ?? 'an object';
  return String(value);
}
