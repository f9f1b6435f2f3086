/**
 * How many training batches one engine call runs. Fewer calls are cheaper (each crosses into
 * WASM, reads the metrics and may wake the pool), but while a call runs nothing else on the
 * thread can: no timer, no signal handler, no `stopTraining` or abort. So each call is sized to
 * take about {@link TARGET_CALL_MS}, from the time the previous calls took per batch: short
 * epochs stay one call each, a long epoch is split into calls the event loop can run between.
 * Where the calls split never changes the numerics (the batches and their order are the same).
 */
/** About how long one training call may block its thread. */
export const TARGET_CALL_MS = 50;

/** Sizes a fit's training calls from the time per batch measured so far. */
export class ChunkPlanner {
  private msPerBatch?: number;

  /** Batches for the next call: at most `limit`, about {@link TARGET_CALL_MS} of work; one until a batch was timed. */
  next(limit: number): number {
    if (this.msPerBatch === undefined) return 1;
    return Math.max(1, Math.min(limit, Math.floor(TARGET_CALL_MS / Math.max(this.msPerBatch, 1e-6))));
  }

  /** Times `run`, a call of `batches` batches, for the next estimate. */
  async time<T>(batches: number, run: () => Promise<T>): Promise<T> {
    const start = performance.now();
    const result = await run();
    this.msPerBatch = (performance.now() - start) / batches;
    return result;
  }
}
