/**
 * Errors kerasm throws. Each has a stable `code`, so callers can branch without parsing messages.
 * Messages follow Keras: what was wrong, what was expected, then `Received: ...`.
 *
 * One process can hold two copies of kerasm (its ESM and its CJS build, or two versions in
 * `node_modules`), each with its own classes. So that `err instanceof ValueError` holds whichever
 * copy threw, every error carries a brand under the global symbol `Symbol.for('kerasm.error')`
 * (the names of its kerasm classes, most derived first), and each class's `Symbol.hasInstance`
 * checks that brand. The brand names are spelled out here, not read from `constructor.name`, so a
 * minifier that renames classes cannot break the check.
 */

/** The global symbol under which an error lists its kerasm class names (shared by every copy of kerasm). */
const ERROR_BRAND = Symbol.for('kerasm.error');

type Branded = abstract new (...args: never[]) => unknown;

/** Each kerasm error class's brand name; a new class registers its own at the end of this file. */
const brandNames = new WeakMap<Branded, string>();

/** The brand names of `cls` and its kerasm ancestors, most derived first. */
function brandsOf(cls: Branded): string[] {
  const names: string[] = [];
  for (let c: unknown = cls; typeof c === 'function'; c = Object.getPrototypeOf(c)) {
    const name = brandNames.get(c as Branded);
    if (name) names.push(name);
  }
  return names;
}

/**
 * The base of every error kerasm throws on purpose: `instanceof KerasmError` holds across the ESM
 * and CJS copies of the package (see the brand above), and `code` says what went wrong.
 *
 * @example
 * ```ts
 * try {
 *   model.compile({ optimizer: 'adamm' as 'adam', loss: 'mse' });
 * } catch (err) {
 *   if (err instanceof KerasmError) console.log(err.code); // 'UNKNOWN_NAME'
 * }
 * ```
 */
export class KerasmError extends Error {
  /** A stable machine-readable code, e.g. `'INVALID_ARGUMENT'`. */
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = brandNames.get(new.target) ?? new.target.name;
    this.code = code;
    Object.defineProperty(this, ERROR_BRAND, { value: Object.freeze(brandsOf(new.target)) });
  }

  /** True for an error thrown by any copy of kerasm that is this class or a subclass of it. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
    const own = brandNames.get(this as Branded);
    if (own === undefined || typeof value !== 'object' || value === null) return false;
    const brands = (value as Record<symbol, unknown>)[ERROR_BRAND];
    return Array.isArray(brands) && brands.includes(own);
  }
}

/** A bad argument: wrong shape, NaN, unknown name or option, label out of range, empty data, a corrupt file. */
export class ValueError extends KerasmError {
  constructor(message: string, code = 'INVALID_ARGUMENT') {
    super(code, message);
  }
}

/** A call made in the wrong state, e.g. `fit` before `compile`. */
export class StateError extends KerasmError {
  constructor(message: string, code = 'INVALID_STATE') {
    super(code, message);
  }
}

/** A fault inside the engine that validation should have prevented; please report it. */
export class InternalError extends KerasmError {
  constructor(message: string, code = 'INTERNAL') {
    super(code, message);
  }
}

/**
 * A call cancelled through its `signal` (an `AbortSignal`), code `'ABORTED'`; named `AbortError`
 * as the DOM's, so `err.name === 'AbortError'` checks work. The model stays usable.
 */
export class AbortError extends KerasmError {
  constructor(message: string, code = 'ABORTED') {
    super(code, message);
  }
}

brandNames.set(KerasmError, 'KerasmError');
brandNames.set(ValueError, 'ValueError');
brandNames.set(StateError, 'StateError');
brandNames.set(InternalError, 'InternalError');
brandNames.set(AbortError, 'AbortError');
