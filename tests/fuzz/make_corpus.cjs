// Writes the fuzz corpus's seeds (tests/fuzz/corpus): one small valid file per reader, copied from
// the NumPy-made fixtures or written by kerasm itself. Run after a build: node tests/fuzz/make_corpus.cjs
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');
const { layers, Sequential, model, input } = require('../../dist/index.cjs');

const out = path.join(__dirname, 'corpus');
const fixtures = path.join(__dirname, '..', 'io_fixtures');
fs.mkdirSync(out, { recursive: true });
for (const name of ['f4_2x3.npy', 'i4_v2.npy', 'f4_v3.npy']) fs.copyFileSync(path.join(fixtures, name), path.join(out, name));
for (const name of ['pair.npz', 'pair_compressed.npz']) fs.copyFileSync(path.join(fixtures, name), path.join(out, name));

// IDX: 3 images of 2×2 unsigned bytes, raw and gzip-compressed.
const idx = Buffer.from([0, 0, 8, 3, 0, 0, 0, 3, 0, 0, 0, 2, 0, 0, 0, 2, ...Array.from({ length: 12 }, (_, i) => i * 20)]);
fs.writeFileSync(path.join(out, 'images.idx'), idx);
fs.writeFileSync(path.join(out, 'images.idx.gz'), zlib.gzipSync(idx));
fs.writeFileSync(path.join(out, 'table.csv'), 'crim,zn,"name, quoted"\r\n0.1,18,"a ""b"""\r\n0.2,,NA\r\n');

// A small trained-shape Sequential and a Functional model with two inputs, as .kerasm bytes and JSON configs.
const seq = new Sequential({ seed: 1 });
seq.add(layers.dense({ units: 3, activation: 'relu', inputShape: [4] }));
seq.add(layers.dropout({ rate: 0.2 }));
seq.add(layers.dense({ units: 2, activation: 'softmax' }));
seq.compile({ optimizer: 'adam', loss: 'categorical_crossentropy', metrics: ['acc'] });
const a = input({ shape: [3] });
const b = input({ shape: [2] });
const joined = layers.concatenate().apply([layers.dense({ units: 2 }).apply(a), b]);
const fn = model({ inputs: [a, b], outputs: layers.dense({ units: 1 }).apply(joined) });
fs.writeFileSync(path.join(out, 'sequential.json'), seq.toJSON());
fs.writeFileSync(path.join(out, 'functional.json'), fn.toJSON());
seq.save(path.join(out, 'sequential.kerasm'));
fn.save(path.join(out, 'functional.kerasm'));
