/** Embedding: integer indices to dense vectors, as `keras.layers.Embedding`. */
import { ValueError } from '../errors';
import { get as getRegularizer, type Regularizer, type RegularizerIdentifier, serialize as serializeRegularizer } from '../regularizers';
import { checkInitializer, type InitializerName } from './initializers';
import { checkSize, Layer, type LayerArgs, type LayerConfig, type WeightSpec } from './layer';
import { registerLayer } from './registry';
import { optionNames } from '../utils/options';

/** Options of {@link embedding}, with Keras's defaults. */
export interface EmbeddingArgs extends LayerArgs {
  /** Vocabulary size: indices go from 0 to inputDim − 1. */
  inputDim: number;
  /** Size of each vector. */
  outputDim: number;
  /** Default `'uniform'` (Keras: uniform in [-0.05, 0.05]). */
  embeddingsInitializer?: InitializerName;
  /** A penalty on the embedding table. */
  embeddingsRegularizer?: RegularizerIdentifier;
  /** Keras's masking of index 0 for the layers after it: only `false` so far. */
  maskZero?: boolean;
}

const EMBEDDING_ARGS = optionNames<Omit<EmbeddingArgs, keyof LayerArgs>>({
  inputDim: true,
  outputDim: true,
  embeddingsInitializer: true,
  embeddingsRegularizer: true,
  maskZero: true,
});

/**
 * The layer behind {@link embedding}: a learned `[inputDim, outputDim]` table indexed by the input.
 *
 * @example
 * ```ts
 * const emb = new layers.Embedding({ inputDim: 10000, outputDim: 16 });
 * ```
 */
export class Embedding extends Layer {
  readonly className = 'Embedding';
  readonly kind = 'embedding';
  readonly inputDim: number;
  readonly outputDim: number;
  readonly embeddingsInitializer: InitializerName;
  readonly embeddingsRegularizer?: Regularizer;

  constructor(args: EmbeddingArgs) {
    super('embedding', args, EMBEDDING_ARGS);
    this.inputDim = checkSize('inputDim', args.inputDim);
    this.outputDim = checkSize('outputDim', args.outputDim);
    this.embeddingsInitializer = checkInitializer('embeddingsInitializer', args.embeddingsInitializer ?? 'uniform');
    this.embeddingsRegularizer = getRegularizer(args.embeddingsRegularizer, 'embeddingsRegularizer');
    if (args.maskZero !== undefined && args.maskZero !== false) {
      throw new ValueError(`Masking (\`maskZero: true\`) is not supported yet. Received: maskZero=${JSON.stringify(args.maskZero)}`, 'UNSUPPORTED');
    }
  }

  getConfig(): LayerConfig {
    return {
      name: this.name,
      inputDim: this.inputDim,
      outputDim: this.outputDim,
      embeddingsInitializer: this.embeddingsInitializer,
      embeddingsRegularizer: serializeRegularizer(this.embeddingsRegularizer),
      maskZero: false,
      ...this.commonConfig(),
    };
  }

  protected outputShapeFor([shape]: number[][]): number[] {
    return [...shape, this.outputDim];
  }

  protected weightSpecsFor(): WeightSpec[] {
    return [{ name: 'embeddings', shape: [this.inputDim, this.outputDim], trainable: true }];
  }
}
registerLayer('Embedding', Embedding);

/**
 * Maps each integer index (sent as float32) to a learned vector, as `keras.layers.Embedding`.
 * An index outside [0, inputDim) is an error, not a silent zero.
 *
 * @example
 * ```ts
 * const model = new Sequential();
 * model.add(layers.embedding({ inputDim: 10000, outputDim: 8, inputShape: [20] }));
 * model.add(layers.flatten());
 * model.add(layers.dense({ units: 1, activation: 'sigmoid' }));
 * ```
 */
export function embedding(args: EmbeddingArgs): Embedding {
  return new Embedding(args);
}
