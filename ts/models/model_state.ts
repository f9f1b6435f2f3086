/**
 * What a model may do now. A disposed model refuses every call, rather than silently rebuilding
 * itself with fresh weights. A long call (`fit`, `evaluate`, `predict`) runs alone: the long calls
 * yield to the event loop between engine calls, so without this a second one could start in
 * between and interleave with the first (metrics reset under it, weights changing mid-predict).
 * Short synchronous calls (`getWeights`, `save`, `stopTraining`) stay allowed during a long call:
 * they only run between engine calls, where the model is consistent — that is how a Ctrl-C
 * handler saves a checkpoint mid-`fit`. The long call's own callbacks may make nested long calls
 * (a callback that predicts at each epoch's end), as in Keras.
 */
import { StateError } from '../errors';
import type { EngineModel } from './engine_model';

/** What the implementation of a long call gets from its model. */
export interface LongCall {
  /** The model's engine model (built on first use). */
  engine(): EngineModel;
  /** Runs a callback hook; long calls the hook makes on the model are nested in this one. */
  hook<T>(fn: () => T | Promise<T>): Promise<T>;
}

/** The idle/busy/disposed state of one model, named `modelName` in errors. */
export class ModelState {
  private disposed = false;
  /** The long call running now (e.g. `'fit'`), if any. */
  private running?: string;
  /** Whether the running call is inside one of its callbacks' hooks, so nested calls are its own. */
  private lent = false;

  constructor(private readonly modelName: () => string) {}

  /** Whether {@link markDisposed} ran. */
  get isDisposed(): boolean {
    return this.disposed;
  }

  /** Whether a long call is running. */
  get isBusy(): boolean {
    return this.running !== undefined;
  }

  /** Throws `DISPOSED` once the model was disposed; `operation` names the refused call. */
  checkUsable(operation: string): void {
    if (this.disposed) {
      throw new StateError(
        `Model '${this.modelName()}' was disposed, so \`${operation}\` cannot run: its weights and optimizer state were freed. Build a new model (or dispose this one only when done with it). Received: ${operation} after dispose()`,
        'DISPOSED',
      );
    }
  }

  /**
   * Throws `DISPOSED`, or `MODEL_BUSY` while a long call runs — for calls that would pull the
   * engine model from under it (`dispose`, `compile`, changing the layers).
   */
  checkIdle(operation: string): void {
    this.checkUsable(operation);
    if (this.running !== undefined) throw this.busyError(operation);
  }

  /**
   * Runs the long call `operation` (`fn`); refused with `MODEL_BUSY` while another runs, except
   * from inside that call's callbacks ({@link lend}). The model is idle again however `fn` ends.
   */
  async runLong<T>(operation: string, fn: () => Promise<T>): Promise<T> {
    this.checkUsable(operation);
    if (this.running !== undefined && !this.lent) throw this.busyError(operation);
    const outer = { running: this.running, lent: this.lent };
    this.running = operation;
    this.lent = false;
    try {
      return await fn();
    } finally {
      this.running = outer.running;
      this.lent = outer.lent;
    }
  }

  /** Runs a callback hook of the running long call; long calls made meanwhile are nested in it. */
  async lend<T>(hook: () => T | Promise<T>): Promise<T> {
    const outer = this.lent;
    this.lent = true;
    try {
      return await hook();
    } finally {
      this.lent = outer;
    }
  }

  /** From now on every call is refused with `DISPOSED`. */
  markDisposed(): void {
    this.disposed = true;
  }

  private busyError(operation: string): StateError {
    return new StateError(
      `Model '${this.modelName()}' is busy with \`${this.running}\`; \`${operation}\` must wait until it ends (await it), or stop it first (model.stopTraining = true, or an AbortSignal in its \`signal\` option). Received: ${operation} during ${this.running}`,
      'MODEL_BUSY',
    );
  }
}
