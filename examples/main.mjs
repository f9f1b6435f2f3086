// The notes' Boston housing template (Chollet, Deep Learning with Python, 1st ed., 3.6): K-fold
// validation of a small regression network, the smoothed mean validation MAE per epoch to choose
// the number of epochs, then a final model trained on all the training data and scored once on
// the test set. Runs on the copy of the data embedded in kerasm, so it needs no files: `npm start`.
//
// Writes kerasm-out/boston/{kfold-mae.png, kfold-mae.svg, report.json}. KERASM_EPOCHS=<n> runs n
// epochs per fold instead of the notes' 500 (the tests use a short run); KERASM_OUT=<dir> writes
// under <dir>/boston instead. See examples/README.md for what the numbers mean.
import * as path from 'node:path';
import { Callback, datasets, getThreads, io, layers, plotCrossValidation, preprocessing, Sequential, setRandomSeed, smoothCurve, svgToPng, utils, validation } from 'kerasm';

const K = 4;
const SMOOTHING = 0.9; // the notes' exponential moving average
const SKIP_FIRST = 10; // the notes drop the first 10 points, which dwarf the rest
const EPOCHS = epochsPerFold(); // the notes: 500
const BATCH_SIZE = 1; // the notes' K-fold runs
const FINAL_BATCH_SIZE = 16; // the notes' final model
const FINAL_RUNS = 5; // the final model, then 4 more with other seeds: how much one run's test MAE varies
const BOOK = { bestEpoch: 80, testMae: 2.55 }; // read off the notes' figure; their test MAE 2.5532
const outDir = path.join(process.env.KERASM_OUT || 'kerasm-out', 'boston');

const started = performance.now();
setRandomSeed(42);
const [[trainData, trainTargets], [testData, testTargets]] = datasets.bostonHousing.loadData();
// Feature-wise normalisation with statistics from the training data only.
const scaler = new preprocessing.StandardScaler().fit(trainData);
const xTrain = scaler.transform(trainData);
const xTest = scaler.transform(testData);

function buildModel() {
  const model = new Sequential();
  model.add(layers.dense({ units: 64, activation: 'relu', inputShape: [13] }));
  model.add(layers.dense({ units: 64, activation: 'relu' }));
  model.add(layers.dense({ units: 1 }));
  model.compile({ optimizer: 'rmsprop', loss: 'mse', metrics: ['mae'] });
  return model;
}

/** A bar over the epochs of each `fit` (only an epoch hook, so every epoch stays one engine call). */
class EpochProgress extends Callback {
  constructor(title) {
    super();
    this.title = title;
    this.runs = 0;
  }

  onTrainBegin() {
    console.log(this.title(++this.runs));
    this.bar = new utils.Progbar(this.params.epochs, { unitName: 'epoch', statelessMetrics: [] });
  }

  onEpochEnd(epoch, logs) {
    this.bar.update(epoch + 1, Object.entries(logs).filter(([key]) => key.endsWith('mae')));
  }
}

console.log(`Boston housing: ${xTrain.shape[0]} training and ${xTest.shape[0]} test samples; ${K}-fold validation, ${EPOCHS} epochs, batch ${BATCH_SIZE}`);
const result = await validation.crossValidate(buildModel, xTrain, trainTargets, {
  k: K,
  shuffle: false, // the notes' folds are consecutive slices
  epochs: EPOCHS,
  batchSize: BATCH_SIZE,
  fitOptions: { callbacks: [new EpochProgress((run) => `Fold ${run}/${K}`)] },
});

const folds = result.folds.map((fold, i) => {
  const valMae = fold.history.history.val_mae;
  const lowest = Math.min(...valMae);
  return {
    fold: i + 1,
    validationSamples: [fold.validation[0], fold.validation[fold.validation.length - 1]],
    validationMae: fold.scores.mae,
    validationMse: fold.scores.loss,
    lowestValidationMae: lowest,
    lowestAtEpoch: valMae.indexOf(lowest) + 1,
  };
});
const meanValidationMae = result.mean.mae;
console.log(`\nfold  validation samples  MAE after ${EPOCHS} epochs  lowest MAE (epoch)`);
for (const f of folds) {
  console.log(`${String(f.fold).padStart(4)}  ${`${f.validationSamples[0]}–${f.validationSamples[1]}`.padEnd(18)}  ${f.validationMae.toFixed(3).padStart(9)} k$ ${' '.repeat(String(EPOCHS).length + 6)}  ${f.lowestValidationMae.toFixed(3)} (${f.lowestAtEpoch})`);
}
console.log(`mean  ${' '.repeat(18)}  ${meanValidationMae.toFixed(3).padStart(9)} k$ ± ${result.std.mae.toFixed(3)}`);

// The notes' figure: the mean validation MAE over the folds per epoch, smoothed, first points dropped.
const meanCurve = result.meanCurve.val_mae;
const smoothed = smoothCurve(meanCurve.slice(SKIP_FIRST), SMOOTHING);
const lowestSmoothed = Math.min(...smoothed);
const bestEpoch = SKIP_FIRST + smoothed.indexOf(lowestSmoothed) + 1;
const svg = plotCrossValidation(result, {
  metric: 'val_mae',
  smoothing: SMOOTHING,
  skipFirst: SKIP_FIRST,
  markEpoch: bestEpoch,
  file: path.join(outDir, 'kfold-mae.svg'),
});
io.writeFile(path.join(outDir, 'kfold-mae.png'), svgToPng(svg));
console.log(`\nsmoothed mean validation MAE is lowest at epoch ${bestEpoch}: ${lowestSmoothed.toFixed(3)} k$ (the notes read about ${BOOK.bestEpoch} off their curve)`);

const final = buildModel();
await final.fit(xTrain, trainTargets, {
  epochs: bestEpoch,
  batchSize: FINAL_BATCH_SIZE,
  verbose: 0,
  callbacks: [new EpochProgress(() => `Final model: all ${xTrain.shape[0]} training samples, ${bestEpoch} epochs, batch ${FINAL_BATCH_SIZE}`)],
});
console.log('Test set:');
const [testMse, testMae] = await final.evaluate(xTest, testTargets);
final.dispose();
const testMaeRuns = [testMae];
for (let run = 2; run <= FINAL_RUNS; run++) {
  const model = buildModel(); // a new seed from setRandomSeed's sequence
  await model.fit(xTrain, trainTargets, { epochs: bestEpoch, batchSize: FINAL_BATCH_SIZE, verbose: 0 });
  testMaeRuns.push((await model.evaluate(xTest, testTargets, { verbose: 0 }))[1]);
  model.dispose();
}
const spread = {
  values: testMaeRuns,
  mean: testMaeRuns.reduce((a, b) => a + b, 0) / FINAL_RUNS,
  min: Math.min(...testMaeRuns),
  max: Math.max(...testMaeRuns),
};
console.log(`test MAE of ${FINAL_RUNS} final models (other seeds, same recipe): mean ${spread.mean.toFixed(2)}, from ${spread.min.toFixed(2)} to ${spread.max.toFixed(2)} k$`);
const seconds = (performance.now() - started) / 1000;

const report = {
  template: 'boston_housing_kfold',
  settings: { k: K, epochs: EPOCHS, batchSize: BATCH_SIZE, finalBatchSize: FINAL_BATCH_SIZE, smoothing: SMOOTHING, skipFirst: SKIP_FIRST, seed: 42 },
  folds,
  meanValidationMae,
  bestEpoch,
  lowestSmoothedValidationMae: lowestSmoothed,
  testMae,
  testMse,
  testMaeOverSeeds: spread,
  seconds: Math.round(seconds * 10) / 10,
  threads: getThreads(),
  book: BOOK,
  meanValidationMaePerEpoch: meanCurve,
};
const reportFile = path.join(outDir, 'report.json');
io.writeFile(reportFile, `${JSON.stringify(report, null, 1)}\n`); // atomic: never a half-written report

console.log(`
What the numbers mean (prices are in thousands of dollars, 5 to 50, mean 22.5):
  mean validation MAE ${meanValidationMae.toFixed(2)} k$: on average over the ${K} folds, the model trained ${EPOCHS} epochs on the
    other folds is off by $${Math.round(meanValidationMae * 1000)} on a house it never saw.
  best epoch ${bestEpoch}: where the smoothed mean validation curve is lowest; later epochs overfit (the notes: about ${BOOK.bestEpoch}).
  test MAE ${testMae.toFixed(2)} k$: the final model, trained on all ${xTrain.shape[0]} training houses for ${bestEpoch} epochs, is off
    by $${Math.round(testMae * 1000)} on the ${xTest.shape[0]} test houses (the notes: ${BOOK.testMae}, i.e. $${BOOK.testMae * 1000}); over
    ${FINAL_RUNS} seeds the same recipe gives ${spread.min.toFixed(2)} to ${spread.max.toFixed(2)}: one run on 102 test houses is a noisy measure.
Curve: ${path.join(outDir, 'kfold-mae.png')} (and .svg); report: ${reportFile}; ${seconds.toFixed(1)} s on ${getThreads()} threads.`);

function epochsPerFold() {
  const text = process.env.KERASM_EPOCHS;
  if (text === undefined || text === '') return 500;
  const epochs = Number(text);
  if (!Number.isInteger(epochs) || epochs <= SKIP_FIRST) {
    throw new Error(`KERASM_EPOCHS must be an integer above ${SKIP_FIRST} (the curve drops the first ${SKIP_FIRST} epochs). Received: KERASM_EPOCHS=${text}`);
  }
  return epochs;
}
