/**
 * Engine models the user forgets are freed. A model's weights, gradients and optimizer state live
 * in WASM memory, which the JS garbage collector does not see: to V8 a forgotten model is a few
 * small objects, so it is collected late or never and its finalizer does not run, and a loop
 * that builds models without `dispose()` (a K-fold, a hyper-parameter search) grows until WASM
 * memory is exhausted. (Weighing each model with an ArrayBuffer of its size, measured, made V8
 * run major collections, but they cleared none of the forgotten models; only full collections
 * did.) So kerasm keeps its own account of what live engine models hold, and
 * - where no engine call runs (building an engine model, starting a fit, evaluate or predict)
 *   it frees every model the collector has found unreachable, without waiting for its finalizer
 *   (which runs only when the event loop turns);
 * - when a long call has just let the event loop run, and the account has grown by more than
 *   {@link COLLECT_GROWTH} (or doubled) since the last time, it asks the host for a full
 *   collection (Node can; browsers cannot, there `dispose()` is the way) and frees what that
 *   found. Only then: a WeakRef that was looked at stays alive until the current job ends, so a
 *   collection in the same job as a sweep frees nothing.
 */
import { currentHost } from '../hosts/host';

/** Growth of the engine memory held by live models that triggers a full collection. */
export const COLLECT_GROWTH = 32 * 2 ** 20;

/** An engine object that must be freed once: a wasm-bindgen handle. */
interface Freeable {
  free(): void;
}

/** One engine object whose JS owner may be forgotten. */
interface Entry {
  owner: WeakRef<object>;
  handle: Freeable;
  bytes: number;
}

const live = new Set<Entry>();
const finalizers = new FinalizationRegistry<Entry>(release);
let liveBytes = 0;
/** {@link liveBytes} after the last full collection. */
let bytesAfterCollection = 0;

function release(entry: Entry): void {
  if (!live.delete(entry)) return;
  finalizers.unregister(entry);
  liveBytes -= entry.bytes;
  entry.handle.free();
}

/** Frees the models the collector found unreachable (call where no engine call runs). */
export function freeForgotten(): void {
  for (const entry of live) if (entry.owner.deref() === undefined) release(entry);
}

/**
 * At the start of a job (just after yielding to the event loop): when live engine memory has
 * grown enough since the last time, has the host collect garbage, then frees what it found.
 */
export function collectIfGrown(): void {
  const host = currentHost();
  if (!host.collectGarbage || liveBytes <= bytesAfterCollection + Math.max(COLLECT_GROWTH, bytesAfterCollection)) return;
  host.collectGarbage();
  freeForgotten();
  bytesAfterCollection = liveBytes;
}

/** Bytes of WASM memory, as estimated, that live (not yet freed) engine models hold. */
export function liveEngineBytes(): number {
  return liveBytes;
}

/** The WASM memory of `handle`, owned by `owner` (what users hold through their model): freed by {@link release}, or once `owner` is collected. */
export class EngineMemory {
  private readonly entry: Entry;

  constructor(owner: object, handle: Freeable, bytes: number) {
    this.entry = { owner: new WeakRef(owner), handle, bytes };
    live.add(this.entry);
    liveBytes += bytes;
    finalizers.register(owner, this.entry, this.entry);
  }

  /** Sets the estimate of what the engine object holds (it grows with the optimizer state). */
  resize(bytes: number): void {
    if (!live.has(this.entry)) return;
    liveBytes += bytes - this.entry.bytes;
    this.entry.bytes = bytes;
  }

  /** Frees the engine object now (once). */
  release(): void {
    release(this.entry);
  }
}
