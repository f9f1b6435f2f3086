// Child process of run.mjs: loads the notes' data sets with kerasm's loaders (the slow part:
// tokenising 50 000 reviews) and caches exactly the rows each workload uses.
// Usage: node bench/prepare_datasets.mjs <cacheDir> <dataDir> <name>...
import { mkdirSync } from 'node:fs';
import { datasets, preprocessing, validation } from 'kerasm';
import { isCached, writeDense, writeMultiHot } from './dataset_cache.mjs';

const VOCABULARY = 10000;
const [cacheDir, dataDir, ...names] = process.argv.slice(2);
mkdirSync(cacheDir, { recursive: true });
const wanted = new Set(names.filter((n) => !isCached(cacheDir, n)));

if (wanted.has('imdb-train') || wanted.has('imdb-test')) {
  const [[trainSeqs, trainLabels], [testSeqs, testLabels]] = datasets.imdb.loadData({ path: dataDir, numWords: VOCABULARY });
  // The notes hold out the first 10 000 training reviews for validation and fit on the other 15 000.
  writeMultiHot(cacheDir, 'imdb-train', trainSeqs.slice(10000), VOCABULARY, Float32Array.from(trainLabels.data.slice(10000)), 1);
  writeMultiHot(cacheDir, 'imdb-test', testSeqs, VOCABULARY, Float32Array.from(testLabels.data), 1);
}

if (wanted.has('reuters-train')) {
  const [[seqs, labels]] = datasets.reuters.loadData({ path: dataDir, numWords: VOCABULARY });
  // The notes hold out the first 1 000 newswires; the rest (7 982 with Keras's split) are fitted.
  const oneHot = preprocessing.toCategorical(Array.from(labels.data.slice(1000)), 46);
  writeMultiHot(cacheDir, 'reuters-train', seqs.slice(1000), VOCABULARY, oneHot.data, 46);
}

if (wanted.has('boston-train')) {
  const [[x, y]] = datasets.bostonHousing.loadData();
  // The notes normalise with the training statistics, then fit fold 1 of a 4-fold split: 303 rows.
  const scaled = new preprocessing.StandardScaler().fit(x).transform(x);
  const [fold] = validation.kFold(x.shape[0], { k: 4, shuffle: false });
  const xs = validation.take(scaled, fold.train);
  const ys = validation.take(y, fold.train);
  writeDense(cacheDir, 'boston-train', xs.data, xs.shape[0], 13, ys.data, 1);
}
