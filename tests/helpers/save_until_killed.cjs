// Child process of tests/atomic_save.test.ts: saves two different models in turn to one path, as
// fast as it can, until the test kills it (SIGKILL). Prints "ready <ms per save>" after the first
// saves, so the parent knows the target holds a good file and how long a save takes.
// Usage: node save_until_killed.cjs <dist/index.cjs> <target> <save|saveWeights|checkpoint>
const [, , distEntry, target, mode] = process.argv;
const { layers, Sequential, Tensor, callbacks } = require(distEntry);

function build(seed) {
  const m = new Sequential({ seed });
  m.add(layers.dense({ units: 256, activation: 'relu', inputShape: [256] }));
  m.add(layers.dense({ units: 256, activation: 'relu' }));
  m.add(layers.dense({ units: 4 }));
  m.compile({ optimizer: 'adam', loss: 'mse' });
  return m;
}

const models = [build(1), build(2)];
const save = (m) => (mode === 'saveWeights' ? m.saveWeights(target) : m.save(target));

async function main() {
  if (mode === 'checkpoint') {
    const x = new Tensor(new Float32Array(8 * 256).fill(0.5), [8, 256]);
    const y = new Tensor(new Float32Array(8 * 4).fill(1), [8, 4]);
    let reported = false;
    const ready = new callbacks.LambdaCallback({
      onEpochEnd: () => {
        if (!reported) process.stdout.write('ready 0\n');
        reported = true;
      },
    });
    await models[0].fit(x, y, { epochs: 1e6, batchSize: 8, verbose: 0, callbacks: [callbacks.modelCheckpoint({ filepath: target }), ready] });
    return;
  }
  const started = performance.now();
  for (let i = 0; i < 4; i++) save(models[i % 2]);
  process.stdout.write(`ready ${(performance.now() - started) / 4}\n`);
  for (let i = 0; ; i++) save(models[i % 2]);
}
main();
