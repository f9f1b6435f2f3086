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
import { datasets, layers, plotHistory, preprocessing, Sequential, setRandomSeed, Tensor } from 'kerasm';

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
let started = performance.now();
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
const xVal = rowsOf(xTrain, 0, validationCount);
const yVal = rowsOf(yTrain, 0, validationCount);
const partialXTrain = rowsOf(xTrain, validationCount, xTrain.shape[0]);
const partialYTrain = rowsOf(yTrain, validationCount, yTrain.shape[0]);

started = performance.now();
const model = buildModel();
const history = await model.fit(partialXTrain, partialYTrain, { epochs, batchSize, validationData: [xVal, yVal], verbose: 2 });
console.log(`trained ${epochs} epochs on ${partialYTrain.shape[0]} reviews in ${seconds(started)}`);
const h = history.history;
console.log('epoch  loss    acc     val_loss  val_acc');
h.loss.forEach((_, e) => console.log(`${String(e + 1).padStart(5)}  ${h.loss[e].toFixed(4)}  ${h.acc[e].toFixed(4)}  ${h.val_loss[e].toFixed(4)}    ${h.val_acc[e].toFixed(4)}`));
const [lossAfter20, accAfter20] = await model.evaluate(xTest, yTest, { batchSize, verbose: 0 });
console.log(`after ${epochs} epochs, test loss ${lossAfter20.toFixed(4)}, test accuracy ${(accAfter20 * 100).toFixed(2)} %`);
model.dispose();

plotHistory(history, { file: curvesFile, title: `IMDB, 16-16-1 dense network, ${numWords} words, rmsprop, batch ${batchSize}` });
console.log(`learning curves written to ${curvesFile}`);

// The epoch after which validation loss was lowest: past it the model overfits.
const bestEpochs = h.val_loss.indexOf(Math.min(...h.val_loss)) + 1;
started = performance.now();
const final = buildModel();
await final.fit(xTrain, yTrain, { epochs: bestEpochs, batchSize, verbose: 0 });
const [testLoss, testAcc] = await final.evaluate(xTest, yTest, { batchSize, verbose: 0 });
final.dispose();
console.log(`fresh model, ${bestEpochs} epochs (lowest val_loss) on all ${yTrain.shape[0]} training reviews: test loss ${testLoss.toFixed(4)}, test accuracy ${(testAcc * 100).toFixed(2)} % (${seconds(started)}; the notes: about 88 % after 4 epochs)`);

/** Rows `from … to − 1` of a tensor, sharing its memory (the notes' `x[from:to]`). */
function rowsOf(x, from, to) {
  const width = x.data.length / x.shape[0];
  return new Tensor(x.data.subarray(from * width, to * width), [to - from, ...x.shape.slice(1)]);
}

function seconds(since) {
  return `${((performance.now() - since) / 1000).toFixed(1)} s`;
}
