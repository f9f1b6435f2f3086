/**
 * Errors kerasm throws. Each has a stable `code`, so callers can branch without parsing messages.
 * Messages follow Keras: what was wrong, what was expected, then `Received: ...`.
 */
export class KerasmError extends Error {
  /** A stable machine-readable code, e.g. `'INVALID_ARGUMENT'`. */
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }
}

/** A bad argument: wrong shape, NaN, unknown name, label out of range, empty data. */
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
