// The notes' hold-out workflow, shared by the IMDB and Reuters templates: train on all but the
// first `validationCount` (already shuffled) training samples for `epochs`, print the history,
// score the test set, draw the two learning-curve plots, then train a fresh model on all the
// training data for the epoch count with the lowest validation loss and score it once.
import { plotHistory, Tensor } from 'kerasm';

/**
 * @param {object} run
 * @param {string} run.samples what a sample is, for messages ("reviews", "newswires")
 * @param {() => import('kerasm').Sequential} run.buildModel a fresh compiled model
 * @param {string} run.book the notes' figure to compare with
 */
export async function holdOutTemplate({ samples, xTrain, yTrain, xTest, yTest, validationCount, epochs, batchSize, buildModel, curvesFile, title, book }) {
  const xVal = rowsOf(xTrain, 0, validationCount);
  const yVal = rowsOf(yTrain, 0, validationCount);
  const partialXTrain = rowsOf(xTrain, validationCount, xTrain.shape[0]);
  const partialYTrain = rowsOf(yTrain, validationCount, yTrain.shape[0]);

  let started = performance.now();
  const model = buildModel();
  const history = await model.fit(partialXTrain, partialYTrain, { epochs, batchSize, validationData: [xVal, yVal], verbose: 2 });
  console.log(`trained ${epochs} epochs on ${partialYTrain.shape[0]} ${samples} in ${seconds(started)}`);
  const h = history.history;
  console.log('epoch  loss    acc     val_loss  val_acc');
  h.loss.forEach((_, e) => console.log(`${String(e + 1).padStart(5)}  ${h.loss[e].toFixed(4)}  ${h.acc[e].toFixed(4)}  ${h.val_loss[e].toFixed(4)}    ${h.val_acc[e].toFixed(4)}`));
  const [lossAfter, accAfter] = await model.evaluate(xTest, yTest, { batchSize, verbose: 0 });
  console.log(`after ${epochs} epochs, test loss ${lossAfter.toFixed(4)}, test accuracy ${(accAfter * 100).toFixed(2)} %`);
  model.dispose();

  plotHistory(history, { file: curvesFile, title });
  console.log(`learning curves written to ${curvesFile}`);

  // The epoch after which validation loss was lowest: past it the model overfits.
  const bestEpochs = h.val_loss.indexOf(Math.min(...h.val_loss)) + 1;
  started = performance.now();
  const final = buildModel();
  await final.fit(xTrain, yTrain, { epochs: bestEpochs, batchSize, verbose: 0 });
  const [testLoss, testAcc] = await final.evaluate(xTest, yTest, { batchSize, verbose: 0 });
  final.dispose();
  console.log(
    `fresh model, ${bestEpochs} epochs (lowest val_loss) on all ${yTrain.shape[0]} training ${samples}: test loss ${testLoss.toFixed(4)}, test accuracy ${(testAcc * 100).toFixed(2)} % (${seconds(started)}; the notes: ${book})`,
  );
}

/** Rows `from … to − 1` of a tensor, sharing its memory (the notes' `x[from:to]`). */
function rowsOf(x, from, to) {
  const width = x.data.length / x.shape[0];
  return new Tensor(x.data.subarray(from * width, to * width), [to - from, ...x.shape.slice(1)]);
}

export function seconds(since) {
  return `${((performance.now() - since) / 1000).toFixed(1)} s`;
}
