import { gunzip } from '../io/gzip';
import { magicOf, readIdx } from '../io/idx';
import type { Tensor } from '../tensor';
import { checkOptions, optionNames } from '../utils/options';
import { dataFiles, readDataFile } from './data_files';
import { KERAS_FILES, kerasDatasetFile } from './keras_files';
import type { DatasetSplit } from './dataset_split';
import { ValueError } from '../errors';

/** Options of {@link loadData}. */
export interface FashionMnistOptions {
  /**
   * Directory holding `fashion-mnist/{train,t10k}-{images-idx3,labels-idx1}-ubyte.gz` (or the files
   * directly). Omitted: the four files from Keras's origin, downloaded once into the data set cache
   * (Node: `~/.kerasm/datasets/fashion-mnist`, see README).
   */
  path?: string;
  /** No download progress on stderr (default false). */
  quiet?: boolean;
}

const FASHION_MNIST_OPTIONS = optionNames<FashionMnistOptions>({ path: true, quiet: true });

/** The 10 class names, indexed by label. */
export const CLASS_NAMES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'] as const;

const IMAGES_MAGIC = 0x00000803;
const LABELS_MAGIC = 0x00000801;

/**
 * Fashion-MNIST (Xiao, Rasul & Vollgraf 2017): 28×28 grayscale images of 10 kinds of clothing,
 * 60 000 for training and 10 000 for testing, 6 000 / 1 000 per class, as Keras's
 * `fashion_mnist.load_data` returns them: `x` uint8 Tensors `[n, 28, 28]` (0 = background),
 * `y` uint8 Tensors `[n]` of labels 0–9 ({@link CLASS_NAMES}), in the files' order.
 *
 * The gzip IDX files are checked: magic numbers `0x00000803` (images) and `0x00000801` (labels),
 * 28×28 images, payload lengths, and as many labels as images; a truncated or corrupt file is an
 * error naming it.
 *
 * @example
 * ```ts
 * const [[trainImages, trainLabels], [testImages, testLabels]] = datasets.fashionMnist.loadData({ path: '../shared/data' });
 * trainImages.shape; // [60000, 28, 28]
 * ```
 */
export function loadData(options: FashionMnistOptions = {}): DatasetSplit<Tensor<'uint8'>, Tensor<'uint8'>> {
  options = checkOptions(options, FASHION_MNIST_OPTIONS, 'datasets.fashionMnist.loadData(options)');
  const path = options?.path;
  // Keras pins no hash for these files: the IDX checks below are what vouches for a download.
  const fileFor = (name: string) =>
    path === undefined ? kerasDatasetFile(KERAS_FILES.fashionMnist(name), 'datasets.fashionMnist.loadData()', options.quiet) : undefined;
  const read = (prefix: 'train' | 't10k'): [Tensor<'uint8'>, Tensor<'uint8'>] => {
    const images = readChecked(path, `${prefix}-images-idx3-ubyte.gz`, IMAGES_MAGIC, fileFor);
    const labels = readChecked(path, `${prefix}-labels-idx1-ubyte.gz`, LABELS_MAGIC, fileFor);
    if (images.shape[1] !== 28 || images.shape[2] !== 28) {
      throw new ValueError(`fashionMnist.loadData: ${prefix} images must be 28×28. Received: shape=[${images.shape.join(', ')}]`, 'CORRUPT_FILE');
    }
    if (labels.shape[0] !== images.shape[0]) {
      throw new ValueError(`fashionMnist.loadData: the ${prefix} files disagree: ${images.shape[0]} images but ${labels.shape[0]} labels. Received: labels.shape=[${labels.shape.join(', ')}]`, 'CORRUPT_FILE');
    }
    return [images, labels];
  };
  return [read('train'), read('t10k')];
}

function readChecked(path: string | undefined, name: string, magic: number, downloaded: (name: string) => string | undefined): Tensor<'uint8'> {
  const cached = downloaded(name);
  const purpose = `the Fashion-MNIST file ${name}`;
  const { file, bytes } =
    cached === undefined ? readDataFile(path, 'fashion-mnist', name, 'fashionMnist.loadData', purpose) : { file: cached, bytes: dataFiles('fashionMnist.loadData').readBytes(cached, purpose) };
  const raw = gunzip(bytes, file);
  const found = raw.length >= 4 ? ((raw[0] << 24) | (raw[1] << 16) | (raw[2] << 8) | raw[3]) >>> 0 : -1;
  if (found !== magic) {
    throw new ValueError(
      `fashionMnist.loadData: ${file} has the wrong magic number; expected 0x${magic.toString(16).padStart(8, '0')} (${magic === IMAGES_MAGIC ? 'uint8 images, 3 dimensions' : 'uint8 labels, 1 dimension'}). Received: magic=${magicOf(raw)}`, 'CORRUPT_FILE',
    );
  }
  return readIdx(raw, file) as Tensor<'uint8'>;
}
