// The workloads of issue 5, item 1, at the notes' exact shapes (or small ones with --quick),
// each with the engines that run it and how many times.

const VOCABULARY = 10000;

/** The engines; `kerasm-Nt` is kerasm on N threads of its pool. */
export function engineSpecs(cores) {
  const kerasm = (threads) => ({ id: `kerasm-${threads}t`, adapter: 'kerasm', threads });
  return {
    kerasmDefault: kerasm(cores),
    kerasmOneThread: cores > 1 ? kerasm(1) : undefined,
    // The multi-hot input as a SparseTensor (CSR): the first Dense layer runs on the non-zeros.
    kerasmSparse: { id: 'kerasm-sparse', adapter: 'kerasm', threads: cores, sparse: true },
    tfjsWasm: { id: 'tfjs-wasm', adapter: 'tfjs', backend: 'wasm' },
    tfjsCpu: { id: 'tfjs-cpu', adapter: 'tfjs', backend: 'cpu' },
    brain: { id: 'brain.js', adapter: 'brain', praxis: 'adam' },
    brainSgd: { id: 'brain.js-sgd', adapter: 'brain', praxis: 'sgd' },
    // Not a peer: hand-written wasm loops that measure this host's f32x4 ceiling (engines/probe.mjs).
    probe: { id: 'wasm-probe', adapter: 'probe' },
  };
}

/**
 * Every workload, in run order. `plan(engine)` gives `{ rounds, reps }`: each round is a fresh
 * child process that runs one warm-up (not counted) and `reps` timed repetitions; engines take
 * turns round by round. `rate(seconds)` turns a median time into the workload's headline unit.
 */
export function workloads({ quick, cores }) {
  const e = engineSpecs(cores);
  const kerasms = [e.kerasmDefault, e.kerasmOneThread].filter(Boolean);
  const plan = (slowEngines = [], slow = { rounds: 1, reps: 3 }) => (engine) =>
    quick ? { rounds: 1, reps: 1 } : slowEngines.includes(engine.id) ? slow : { rounds: 2, reps: 3 };

  const gemm = (name, title, m, k, n, transposeA = false, transposeB = false) => {
    const flops = 2 * m * k * n;
    // TF.js's cpu backend is plain JS (0.1-1 GFLOP/s): only where one product stays near a second.
    const withCpu = flops <= 3e8;
    return {
      name,
      kind: 'gemm',
      title,
      op: { m, k, n, transposeA, transposeB },
      engines: [...kerasms, e.tfjsWasm, ...(withCpu ? [e.tfjsCpu] : [])],
      plan: plan([e.tfjsCpu.id]),
      rate: (s) => ({ value: flops / s / 1e9, unit: 'GFLOP/s' }),
    };
  };

  // The GEMM microkernel's arithmetic alone, for the share of the host's ceiling GEMM reaches.
  const probeSteps = 1 << 22;
  const flopsPerStep = 64; // the 4×8 tile: 8 mul + 8 add, 4 lanes each
  const probe = (variant, title) => ({
    name: `simd-peak-${variant}`,
    kind: 'probe',
    title,
    op: { variant, steps: probeSteps },
    engines: [e.probe],
    plan: plan(),
    rate: (s) => ({ value: (probeSteps * flopsPerStep) / s / 1e9, unit: 'GFLOP/s' }),
  });
  const probes = [
    probe('arithmetic', 'f32x4 ceiling: the 4×8 tile\'s 8 mul + 8 add per step, A in registers, B loaded'),
    probe('loads', 'f32x4 ceiling with the microkernel\'s loads: 2 B vectors + 4 A splats per step, from L1'),
  ];

  const squares = quick ? [128, 256] : [256, 512, 1024, 2048];
  const transposedSide = quick ? 256 : 1024;
  const batch = quick ? 128 : 512;
  const vocabulary = quick ? 1000 : VOCABULARY;
  const gemms = [
    ...squares.map((s) => gemm(`gemm-${s}`, `A·B, ${s}³`, s, s, s)),
    gemm(`gemm-${transposedSide}-tA`, `Aᵀ·B, ${transposedSide}³`, transposedSide, transposedSide, transposedSide, true, false),
    gemm(`gemm-${transposedSide}-tB`, `A·Bᵀ, ${transposedSide}³`, transposedSide, transposedSide, transposedSide, false, true),
    ...[16, 64].flatMap((units) => [
      gemm(`gemm-XW-${units}`, `X·W: ${batch}×${vocabulary} · ${vocabulary}×${units} (first Dense forward)`, batch, vocabulary, units),
      gemm(`gemm-XtdY-${units}`, `Xᵀ·dY: ${vocabulary}×${batch} · ${batch}×${units} (kernel gradient)`, vocabulary, batch, units, true, false),
      gemm(`gemm-dYWt-${units}`, `dY·Wᵀ: ${batch}×${units} · ${units}×${vocabulary} (input gradient)`, batch, units, vocabulary, false, true),
    ]),
  ];

  const denseStack = (inputDim, units, output) => ({
    inputDim,
    layers: [...units.map((u) => ({ units: u, activation: 'relu' })), output],
  });
  const imdbArch = denseStack(VOCABULARY, [16, 16], { units: 1, activation: 'sigmoid' });
  const imdbRows = quick ? 1024 : 15000;
  const reutersRows = quick ? 1024 : 7982;
  const predictRows = quick ? 2048 : 25000;
  const epochRate = (rows) => (s) => ({ value: rows / s, unit: 'rows/s' });
  const models = [
    {
      name: 'imdb-epoch',
      kind: 'fit',
      title: `IMDB: one epoch, ${imdbRows}×10000 multi-hot, 16-16-1, rmsprop, batch 512`,
      dataset: 'imdb-train',
      rows: imdbRows,
      arch: imdbArch,
      loss: 'binary_crossentropy',
      metric: 'acc',
      batchSize: 512,
      engines: [...kerasms, e.kerasmSparse, e.tfjsWasm],
      plan: plan([e.tfjsWasm.id]),
      rate: epochRate(imdbRows),
    },
    {
      name: 'reuters-epoch',
      kind: 'fit',
      title: `Reuters: one epoch, ${reutersRows}×10000 multi-hot, 64-64-46, rmsprop, batch 512`,
      dataset: 'reuters-train',
      rows: reutersRows,
      arch: denseStack(VOCABULARY, [64, 64], { units: 46, activation: 'softmax' }),
      loss: 'categorical_crossentropy',
      metric: 'acc',
      batchSize: 512,
      engines: [...kerasms, e.kerasmSparse, e.tfjsWasm],
      plan: plan([e.tfjsWasm.id]),
      rate: epochRate(reutersRows),
    },
    {
      name: 'boston-epoch',
      kind: 'fit',
      title: 'Boston: one epoch, 303×13, 64-64-1, rmsprop, mse, batch 1 (per step = epoch / 303)',
      dataset: 'boston-train',
      rows: 303,
      arch: denseStack(13, [64, 64], { units: 1, activation: 'linear' }),
      loss: 'mse',
      metric: 'mae',
      batchSize: 1,
      engines: [...kerasms, e.tfjsWasm, e.tfjsCpu, e.brain, e.brainSgd],
      plan: plan(),
      rate: (s) => ({ value: (s / 303) * 1e6, unit: 'µs/step' }),
    },
    {
      name: 'imdb-predict',
      kind: 'predict',
      title: `IMDB: predict on ${predictRows}×10000 test rows, 16-16-1, batch 512`,
      dataset: 'imdb-test',
      rows: predictRows,
      arch: imdbArch,
      loss: 'binary_crossentropy',
      metric: 'acc',
      batchSize: 512,
      engines: [...kerasms, e.kerasmSparse, e.tfjsWasm],
      // TF.js copies the whole input for every batch here: about a minute per call.
      plan: plan([e.tfjsWasm.id], { rounds: 1, reps: 2 }),
      rate: epochRate(predictRows),
    },
  ];
  return [...probes, ...gemms, ...models];
}
