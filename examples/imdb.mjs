// The notes' IMDB template on the real reviews: binary sentiment classification of multi-hot
// encoded reviews with a 16-16-1 dense network, 10 000 training reviews held out for validation,
// 20 epochs, and the two learning-curve plots (loss, accuracy). Then, as the notes do once the
// curves show where overfitting starts, a fresh model is trained on all 25 000 training reviews
// for the epoch count with the lowest validation loss and scored once on the test set.
//
//   node examples/imdb.mjs <data dir> [curves.png]
//
// <data dir> holds imdb/train.jsonl.gz and imdb/test.jsonl.gz (e.g. ../shared/data); the plot
// goes to imdb-curves.png unless another path is given. Seeded, so a run repeats exactly.
import { datasets, layers, preprocessing, Sequential, setRandomSeed, Tensor } from 'kerasm';
import { holdOutTemplate, seconds } from './hold_out_template.mjs';

const [dataDir, curvesFile = 'imdb-curves.png'] = process.argv.slice(2);
if (!dataDir) {
  console.error('usage: node examples/imdb.mjs <data dir> [curves.png]');
  process.exit(1);
}

const numWords = 10000;
const validationCount = 10000;
const epochs = 20;
const batchSize = 512;

setRandomSeed(42);
const started = performance.now();
const [[trainData, trainLabels], [testData, testLabels]] = datasets.imdb.loadData({ path: dataDir, numWords });
const xTrain = preprocessing.vectorizeSequences(trainData, numWords);
const xTest = preprocessing.vectorizeSequences(testData, numWords);
const yTrain = new Tensor(Float32Array.from(trainLabels.data), trainLabels.shape);
const yTest = new Tensor(Float32Array.from(testLabels.data), testLabels.shape);
console.log(`IMDB: ${trainData.length} training and ${testData.length} test reviews, ${numWords} words, multi-hot [${xTrain.shape}] (${seconds(started)})`);

function buildModel() {
  const model = new Sequential();
  model.add(layers.dense({ units: 16, activation: 'relu', inputShape: [numWords] }));
  model.add(layers.dense({ units: 16, activation: 'relu' }));
  model.add(layers.dense({ units: 1, activation: 'sigmoid' }));
  model.compile({ optimizer: 'rmsprop', loss: 'binary_crossentropy', metrics: ['acc'] });
  return model;
}

// The notes' hold-out: the first 10 000 (already shuffled) training reviews validate.
await holdOutTemplate({
  samples: 'reviews',
  xTrain,
  yTrain,
  xTest,
  yTest,
  validationCount,
  epochs,
  batchSize,
  buildModel,
  curvesFile,
  title: `IMDB, 16-16-1 dense network, ${numWords} words, rmsprop, batch ${batchSize}`,
  book: 'about 88 % after 4 epochs',
});
