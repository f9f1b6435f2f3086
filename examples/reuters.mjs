// The notes' Reuters template on the real newswires: single-label classification into 46 topics
// of multi-hot encoded newswires with a 64-64-46 dense network (softmax, categorical
// crossentropy), 1 000 training newswires held out for validation, 20 epochs, and the two
// learning-curve plots. Then, as the notes do once the curves show where overfitting starts, a
// fresh model is trained on all training newswires for the epoch count with the lowest validation
// loss and scored once on the test set, next to the accuracy of random guessing.
//
//   node examples/reuters.mjs <data dir> [curves.png]
//
// <data dir> holds reuters21578/reut2-000.sgm.gz … reut2-021.sgm.gz (e.g. ../shared/data); the
// plot goes to reuters-curves.png unless another path is given. Seeded, so a run repeats exactly.
import { datasets, layers, preprocessing, Random, Sequential, setRandomSeed, Tensor } from 'kerasm';
import { holdOutTemplate, seconds } from './hold_out_template.mjs';

const [dataDir, curvesFile = 'reuters-curves.png'] = process.argv.slice(2);
if (!dataDir) {
  console.error('usage: node examples/reuters.mjs <data dir> [curves.png]');
  process.exit(1);
}

const numWords = 10000;
const numTopics = 46;
const validationCount = 1000;
const epochs = 20;
const batchSize = 512;

setRandomSeed(42);
const started = performance.now();
const [[trainData, trainLabels], [testData, testLabels]] = datasets.reuters.loadData({ path: dataDir, numWords });
const xTrain = preprocessing.vectorizeSequences(trainData, numWords);
const xTest = preprocessing.vectorizeSequences(testData, numWords);
// The notes' one-hot labels, for categorical_crossentropy.
const yTrain = preprocessing.toCategorical(trainLabels, numTopics);
const yTest = preprocessing.toCategorical(testLabels, numTopics);
console.log(`Reuters: ${trainData.length} training and ${testData.length} test newswires, ${numTopics} topics, ${numWords} words (${seconds(started)})`);

function buildModel() {
  const model = new Sequential();
  model.add(layers.dense({ units: 64, activation: 'relu', inputShape: [numWords] }));
  model.add(layers.dense({ units: 64, activation: 'relu' }));
  model.add(layers.dense({ units: numTopics, activation: 'softmax' }));
  model.compile({ optimizer: 'rmsprop', loss: 'categorical_crossentropy', metrics: ['acc'] });
  return model;
}

// The notes' hold-out: the first 1 000 (already shuffled) training newswires validate.
await holdOutTemplate({
  samples: 'newswires',
  xTrain,
  yTrain,
  xTest,
  yTest,
  validationCount,
  epochs,
  batchSize,
  buildModel,
  curvesFile,
  title: `Reuters, 64-64-46 dense network, ${numWords} words, rmsprop, batch ${batchSize}`,
  book: 'about 80 % after 9 epochs',
});

// The notes' baseline: a random classifier, i.e. the test labels against a shuffled copy.
const labels = Array.from(testLabels.data);
const shuffled = new Random(0).permutation(labels.length);
const hits = labels.filter((label, i) => label === labels[shuffled[i]]).length;
console.log(`random baseline: ${((hits / labels.length) * 100).toFixed(2)} % (the notes: about 19 %)`);
