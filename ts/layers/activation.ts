/** Activation: applies an activation function on its own, as `keras.layers.Activation`. */
import { type ActivationName, checkActivation } from './activations';
import { Layer, type LayerArgs, type LayerSpec } from './layer';

export interface ActivationArgs extends LayerArgs {
  activation: ActivationName;
}

export class Activation extends Layer {
  readonly className = 'Activation';
  readonly activation: ActivationName;

  constructor(args: ActivationArgs) {
    super('activation', args);
    this.activation = checkActivation('activation', args.activation);
  }

  getConfig(): Record<string, unknown> {
    return { name: this.name, activation: this.activation, ...(this.inputShape ? { inputShape: [...this.inputShape] } : {}) };
  }

  computeOutputShape(inputShape: readonly number[]): number[] {
    return [...inputShape];
  }

  weightShapes(): number[][] {
    return [];
  }

  toSpec(inputs: string[]): LayerSpec {
    return { name: this.name, kind: 'activation', inputs, config: { activation: this.activation } };
  }
}

/**
 * Applies an activation to its input.
 *
 * @example
 * ```ts
 * model.add(layers.dense({ units: 46 }));
 * model.add(layers.activation({ activation: 'softmax' }));
 * ```
 */
export function activation(args: ActivationArgs): Activation {
  return new Activation(args);
}
