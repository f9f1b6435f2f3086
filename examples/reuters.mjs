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
import { datasets, layers, plotHistory, preprocessing, Random, Sequential, setRandomSeed, Tensor } from 'kerasm';

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
let started = performance.now();
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
const xVal = rowsOf(xTrain, 0, validationCount);
const yVal = rowsOf(yTrain, 0, validationCount);
const partialXTrain = rowsOf(xTrain, validationCount, xTrain.shape[0]);
const partialYTrain = rowsOf(yTrain, validationCount, yTrain.shape[0]);

started = performance.now();
const model = buildModel();
const history = await model.fit(partialXTrain, partialYTrain, { epochs, batchSize, validationData: [xVal, yVal], verbose: 2 });
console.log(`trained ${epochs} epochs on ${partialYTrain.shape[0]} newswires in ${seconds(started)}`);
const h = history.history;
console.log('epoch  loss    acc     val_loss  val_acc');
h.loss.forEach((_, e) => console.log(`${String(e + 1).padStart(5)}  ${h.loss[e].toFixed(4)}  ${h.acc[e].toFixed(4)}  ${h.val_loss[e].toFixed(4)}    ${h.val_acc[e].toFixed(4)}`));
const [lossAfter20, accAfter20] = await model.evaluate(xTest, yTest, { batchSize, verbose: 0 });
console.log(`after ${epochs} epochs, test loss ${lossAfter20.toFixed(4)}, test accuracy ${(accAfter20 * 100).toFixed(2)} %`);
model.dispose();

plotHistory(history, { file: curvesFile, title: `Reuters, 64-64-46 dense network, ${numWords} words, rmsprop, batch ${batchSize}` });
console.log(`learning curves written to ${curvesFile}`);

// The epoch after which validation loss was lowest: past it the model overfits.
const bestEpochs = h.val_loss.indexOf(Math.min(...h.val_loss)) + 1;
started = performance.now();
const final = buildModel();
await final.fit(xTrain, yTrain, { epochs: bestEpochs, batchSize, verbose: 0 });
const [testLoss, testAcc] = await final.evaluate(xTest, yTest, { batchSize, verbose: 0 });
final.dispose();
console.log(`fresh model, ${bestEpochs} epochs (lowest val_loss) on all ${yTrain.shape[0]} training newswires: test loss ${testLoss.toFixed(4)}, test accuracy ${(testAcc * 100).toFixed(2)} % (${seconds(started)}; the notes: about 80 % after 9 epochs)`);

// The notes' baseline: a random classifier, i.e. the test labels against a shuffled copy.
const labels = Array.from(testLabels.data);
const shuffled = new Random(0).permutation(labels.length);
const hits = labels.filter((label, i) => label === labels[shuffled[i]]).length;
console.log(`random baseline: ${((hits / labels.length) * 100).toFixed(2)} % (the notes: about 19 %)`);

/** Rows `from … to − 1` of a tensor, sharing its memory (the notes' `x[from:to]`). */
function rowsOf(x, from, to) {
  const width = x.data.length / x.shape[0];
  return new Tensor(x.data.subarray(from * width, to * width), [to - from, ...x.shape.slice(1)]);
}

function seconds(since) {
  return `${((performance.now() - since) / 1000).toFixed(1)} s`;
}
