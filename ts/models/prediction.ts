/**
 * What `predict` returns: a Promise of the outputs that also answers TF.js's habit of reading a
 * prediction straight off the call. `await model.predict(x).data()` and `.array()` work (they
 * wait for the prediction); `.dataSync()` and `.arraySync()` cannot — the prediction is computed
 * asynchronously in every host — so they throw a StateError saying to await first.
 */
import { StateError } from '../errors';
import type { NestedArray, Tensor } from '../tensor';

/** A model's outputs: one tensor, or one per output. */
type Outputs = Tensor<'float32'> | Tensor<'float32'>[];

/**
 * A Promise of `predict`'s outputs, with TF.js's readers.
 *
 * @example
 * ```ts
 * const m = new Sequential([layers.dense({ units: 1, inputShape: [2] })]);
 * const values = await m.predict([[1, 2]], { verbose: 0 }).data(); // Float32Array of 1
 * values.length; // 1
 * ```
 */
export class Prediction<T extends Outputs> extends Promise<T> {
  // `then` and `await` give plain Promises: only the call's own result carries the readers.
  static override get [Symbol.species](): PromiseConstructor {
    return Promise;
  }

  /** `outputs` as a Prediction. */
  static of<T extends Outputs>(outputs: Promise<T>): Prediction<T> {
    return new Prediction<T>((resolve, reject) => outputs.then(resolve, reject));
  }

  /** The flat values of the (single) output, once predicted: TF.js's `await model.predict(x).data()`. */
  async data(): Promise<Float32Array> {
    return single(await this, 'data').dataSync();
  }

  /** The (single) output as nested arrays, once predicted: TF.js's `await model.predict(x).array()`. */
  async array(): Promise<NestedArray> {
    return single(await this, 'array').arraySync();
  }

  /**
   * Always throws: the prediction is not computed yet. Await it first:
   * `(await model.predict(x)).dataSync()`, or `await model.predict(x).data()`.
   *
   * @deprecated Not available on a pending prediction; see above.
   */
  dataSync(): never {
    throw notYet('dataSync');
  }

  /**
   * Always throws: the prediction is not computed yet. Await it first:
   * `(await model.predict(x)).arraySync()`, or `await model.predict(x).array()`.
   *
   * @deprecated Not available on a pending prediction; see above.
   */
  arraySync(): never {
    throw notYet('arraySync');
  }
}

function notYet(reader: string): StateError {
  return new StateError(
    `predict() returns a Promise in kerasm (in every host): await it before reading it. Use (await model.predict(x)).${reader}(), or await model.predict(x).${reader.replace('Sync', '')}(). Received: ${reader}() on a pending prediction`,
    'PREDICTION_PENDING',
  );
}

function single(outputs: Outputs, reader: string): Tensor<'float32'> {
  if (Array.isArray(outputs)) {
    throw new StateError(
      `This model has ${outputs.length} outputs, so predict gives a list of tensors: read one, e.g. (await model.predict(x))[0].${reader}Sync(). Received: ${reader}() on ${outputs.length} outputs`,
      'MULTIPLE_OUTPUTS',
    );
  }
  return outputs;
}
