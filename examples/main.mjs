// The notes' Boston housing template: K-fold validation of a small regression network, then a
// final model trained on all training data and scored once on the test set. Runs on the copy
// of the data embedded in kerasm, so it needs no files: `npm start`.
import { datasets, layers, preprocessing, Sequential, setRandomSeed, validation } from 'kerasm';

const k = 4;
const epochs = 100;
const batchSize = 1;

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

console.log(`Boston housing: ${xTrain.shape[0]} training and ${xTest.shape[0]} test samples, ${k}-fold validation, ${epochs} epochs, batch ${batchSize}`);
const started = performance.now();
const foldScores = [];
for (const [i, fold] of validation.kFold(xTrain.shape[0], { k, shuffle: false }).entries()) {
  const model = buildModel();
  const x = validation.take(xTrain, fold.train);
  const y = validation.take(trainTargets, fold.train);
  const xVal = validation.take(xTrain, fold.validation);
  const yVal = validation.take(trainTargets, fold.validation);
  const history = await model.fit(x, y, { epochs, batchSize, validationData: [xVal, yVal], verbose: 0 });
  const mae = history.history.val_mae.at(-1);
  foldScores.push(mae);
  console.log(`  fold ${i + 1}: validation MAE ${mae.toFixed(3)} (k$) after ${epochs} epochs`);
  model.dispose();
}
const mean = foldScores.reduce((a, b) => a + b, 0) / k;
console.log(`mean validation MAE: ${mean.toFixed(3)} k$ (${((performance.now() - started) / 1000).toFixed(1)} s for ${k} folds)`);

const final = buildModel();
await final.fit(xTrain, trainTargets, { epochs: 80, batchSize: 16, verbose: 0 });
const [testMse, testMae] = await final.evaluate(xTest, testTargets, { verbose: 0 });
console.log(`final model on the test set: MSE ${testMse.toFixed(2)}, MAE ${testMae.toFixed(3)} k$ (the notes reach about 2.5)`);
