/** LearningRateScheduler: sets the learning rate at each epoch's start, as `keras.callbacks.LearningRateScheduler`. */
import { ValueError } from '../errors';
import { Callback, type Logs } from './callback';

/** `(epoch, lr) => newLr`: the epoch (0-based) and the current rate give the rate for that epoch. */
export type Schedule = (epoch: number, learningRate: number) => number;

/**
 * The callback behind {@link learningRateScheduler}.
 *
 * @example
 * ```ts
 * const scheduler = new callbacks.LearningRateScheduler((epoch, lr) => lr * 0.9);
 * ```
 */
export class LearningRateScheduler extends Callback {
  readonly schedule: Schedule;
  readonly verbose: number;

  constructor(schedule: Schedule, verbose: 0 | 1 = 0) {
    super();
    if (typeof schedule !== 'function') {
      throw new ValueError(`LearningRateScheduler expects a function (epoch, lr) => lr. Received: schedule=${String(schedule)}`);
    }
    this.schedule = schedule;
    this.verbose = verbose;
  }

  override onEpochBegin(epoch: number): void {
    const model = this.requireModel();
    const learningRate = this.schedule(epoch, model.learningRate);
    if (typeof learningRate !== 'number' || !Number.isFinite(learningRate) || learningRate <= 0) {
      throw new ValueError(`The output of the \`schedule\` function should be a positive, finite number. Received: ${String(learningRate)} for epoch ${epoch}`);
    }
    model.learningRate = learningRate;
    if (this.verbose > 0) console.log(`\nEpoch ${epoch + 1}: LearningRateScheduler setting learning rate to ${learningRate}.`);
  }

  override onEpochEnd(_epoch: number, logs: Logs): void {
    logs.learning_rate = this.requireModel().learningRate;
  }
}

/**
 * Sets the learning rate from `schedule(epoch, lr)` before each epoch, as
 * `keras.callbacks.LearningRateScheduler`. Adds `learning_rate` to each epoch's logs.
 *
 * @example
 * ```ts
 * // Keep the rate for ten epochs, then decay it exponentially.
 * const scheduler = callbacks.learningRateScheduler((epoch, lr) => (epoch < 10 ? lr : lr * Math.exp(-0.1)));
 * await model.fit(x, y, { epochs: 15, callbacks: [scheduler] });
 * ```
 */
export function learningRateScheduler(schedule: Schedule, verbose: 0 | 1 = 0): LearningRateScheduler {
  return new LearningRateScheduler(schedule, verbose);
}
