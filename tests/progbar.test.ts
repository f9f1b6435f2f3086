/**
 * The progress bar against Keras 3's own output (tests/progbar_fixtures/progbar_goldens.json,
 * recorded from keras.utils.Progbar and keras.callbacks.ProgbarLogger with a scripted clock), on a
 * fake terminal and a fake file; then fit, evaluate and predict writing to such streams.
 */
import { callbacks, Sequential, layers, utils, type Logs } from 'kerasm';
import goldens from './progbar_fixtures/progbar_goldens.json';

type Values = [string, number][];

/** A stream that records what is written, a terminal or not. */
function fakeStream(isTTY: boolean) {
  const chunks: string[] = [];
  return { isTTY, chunks, write: (text: string) => void chunks.push(text), text: () => chunks.join('') };
}

/**
 * What a terminal shows after `output`: `\r` goes to the start of the line, `\b` one column back,
 * escape codes draw nothing, other characters overwrite. Returns the lines, trailing spaces kept.
 */
function screen(output: string): string[] {
  const lines: string[][] = [[]];
  let column = 0;
  const text = output.replace(/\x1b\[[0-9;]*m/g, '');
  for (const ch of text) {
    const line = lines[lines.length - 1];
    if (ch === '\n') {
      lines.push([]);
      column = 0;
    } else if (ch === '\r') column = 0;
    else if (ch === '\b') column = Math.max(0, column - 1);
    else {
      line[column] = ch;
      column++;
    }
  }
  return lines.map((l) => Array.from(l, (c) => c ?? ' ').join(''));
}

/** Keras's clock in the goldens starts at 1000 s; ours (jest's fake performance.now) is set to match. */
function setClock(seconds: number): void {
  jest.advanceTimersByTime((1000 + seconds) * 1000 - performance.now());
}

/** A fresh fake clock at Keras's 1000 s. */
function startClock(): void {
  jest.useFakeTimers();
  setClock(0);
}

afterEach(() => jest.useRealTimers());

/** The options of a golden case, in kerasm's names. */
function progbarOptions(o: Record<string, unknown>, stream: { write(t: string): void; isTTY: boolean }): [number | null, utils.ProgbarOptions] {
  return [
    o.target as number | null,
    {
      width: o.width as number | undefined,
      verbose: o.verbose as 0 | 1 | 2 | undefined,
      statefulMetrics: o.stateful_metrics as string[] | undefined,
      statelessMetrics: o.stateless_metrics as string[] | undefined,
      unitName: o.unit_name as string | undefined,
      stream,
    },
  ];
}

function runProgbarCase(c: (typeof goldens.cases)[number], isTTY: boolean): string {
  startClock();
  const stream = fakeStream(isTTY);
  const bar = new utils.Progbar(...progbarOptions(c.options as Record<string, unknown>, stream));
  for (const [t, current, values, finalize] of c.steps as [number, number, Values, boolean | null][]) {
    setClock(t);
    bar.update(current, values, finalize ?? undefined);
  }
  return stream.text();
}

/** Drives a ProgbarLogger with the hooks Keras's ProgbarLogger received in the golden. */
function runLoggerCase(c: (typeof goldens.cases)[number], isTTY: boolean, verbose?: number): string {
  startClock();
  const stream = fakeStream(isTTY);
  const logger = new callbacks.ProgbarLogger({ stream });
  const params = c.params as { verbose: number; epochs: number; steps: number };
  logger.setParams({ ...params, verbose: verbose ?? params.verbose });
  for (const [t, hook, argument, logs] of c.events as [number, string, number | null, Logs][]) {
    setClock(t);
    // Keras's per-batch hooks take a batch index; kerasm's logger hears `progress(batchesDone)`.
    if (hook === 'on_train_batch_end' || hook === 'on_test_batch_end') logger.progress((argument as number) + 1, logs);
    else if (hook === 'on_predict_batch_end') logger.progress((argument as number) + 1, {});
    else if (hook === 'on_train_begin') logger.onTrainBegin();
    else if (hook === 'on_train_end') logger.onTrainEnd(logs);
    else if (hook === 'on_epoch_begin') logger.onEpochBegin(argument as number);
    else if (hook === 'on_epoch_end') logger.onEpochEnd(argument as number, logs);
    else if (hook === 'on_test_begin') logger.onTestBegin();
    else if (hook === 'on_test_end') logger.onTestEnd(logs);
    else if (hook === 'on_predict_begin') logger.onPredictBegin();
    else if (hook === 'on_predict_end') logger.onPredictEnd();
    else throw new Error(`unknown hook ${hook}`);
  }
  return stream.text();
}

const progbarCases = goldens.cases.filter((c) => 'steps' in c);
const loggerCases = goldens.cases.filter((c) => 'events' in c);

describe(`utils.Progbar writes what Keras ${goldens.keras}'s Progbar writes`, () => {
  test.each(progbarCases.map((c) => [c.name, c]))('on a terminal: %s', (_name, c) => {
    expect(runProgbarCase(c, true)).toBe(c.output);
  });

  test('a redraw leaves nothing of a longer line before it', () => {
    const c = progbarCases[0];
    startClock();
    const stream = fakeStream(true);
    const bar = new utils.Progbar(...progbarOptions(c.options as Record<string, unknown>, stream));
    let longest = 0;
    const running = (c.steps as [number, number, Values, boolean | null][]).filter(([, , , finalize]) => finalize === false);
    for (const [t, current, values] of running) {
      setClock(t);
      const before = stream.chunks.length;
      bar.update(current, values, false);
      if (stream.chunks.length === before) continue; // throttled
      const shown = screen(stream.text());
      const drawn = screen(stream.chunks[stream.chunks.length - 1].replace(/^[\b\r]+/, ''))[0];
      longest = Math.max(longest, drawn.length);
      // The terminal line is exactly the latest drawing, padded with spaces over the old one.
      expect(shown[shown.length - 1].trimEnd()).toBe(drawn.trimEnd());
      expect(shown[shown.length - 1].length).toBe(longest);
    }
    expect(screen(stream.text()).pop()).toMatch(/^31\/32 ━{20} 0s 63ms\/step - loss: 0\.3123 - mae: 4\.0000e-04 *$/);
  });

  test('off a terminal, verbose 1 writes no escape codes, no \\r and no \\b: the closing line of verbose 2', () => {
    for (const c of progbarCases) {
      const verbose = (c.options as { verbose?: number }).verbose ?? 1;
      const plain = runProgbarCase(c, false);
      expect(plain).not.toMatch(/[\r\b\x1b]/);
      const asVerbose2 = runProgbarCase({ ...c, options: { ...c.options, verbose: 2 } } as typeof c, true);
      expect(plain).toBe(verbose === 0 ? '' : asVerbose2);
    }
    // One case spelled out: the fit epoch's closing line.
    expect(runProgbarCase(progbarCases[0], false)).toBe('32/32 - 2s - 64ms/step - loss: 0.3101 - mae: 3.5000e-04 - val_loss: 0.3500 - val_mae: 0.5000\n');
  });

  test('bad options are clear errors', () => {
    expect(() => new utils.Progbar(-1)).toThrow(/Received: target=-1/);
    expect(() => new utils.Progbar(10, { verbose: 3 as 1 })).toThrow(/Received: verbose=3/);
    expect(() => new utils.Progbar(10, { statefulMetrics: [], statelessMetrics: [] })).toThrow(/not both/);
  });
});

describe(`callbacks.ProgbarLogger prints what Keras ${goldens.keras}'s ProgbarLogger prints`, () => {
  test.each(loggerCases.map((c) => [c.name, c]))('on a terminal: %s', (_name, c) => {
    expect(runLoggerCase(c, true)).toBe(c.output);
  });

  test.each(loggerCases.map((c) => [c.name, c]))('off a terminal, verbose 1 prints the verbose 2 lines: %s', (_name, c) => {
    const plain = runLoggerCase(c, false);
    expect(plain).not.toMatch(/[\r\b\x1b]/);
    expect(plain).toBe(runLoggerCase(c, true, 2));
  });
});

describe('fit, evaluate and predict show the bar', () => {
  function model() {
    const m = new Sequential({ seed: 1 });
    m.add(layers.dense({ units: 4, activation: 'relu', inputShape: [3] }));
    m.add(layers.dense({ units: 1 }));
    m.compile({ optimizer: 'sgd', loss: 'mse', metrics: ['mae'] });
    return m;
  }
  const x = Array.from({ length: 40 }, (_, i) => [i / 40, 1 - i / 40, (i % 7) / 7]);
  const y = x.map((r) => r[0] + 2 * r[2]);
  const closing = /^10\/10 ━{20} \d+s \d+(ms|us)\/step - loss: \d+\.\d{4} - mae: \d+\.\d{4} - val_loss: \d+\.\d{4} - val_mae: \d+\.\d{4} *$/;

  test('fit on a terminal: an epoch line and a bar per epoch, the values sorted, validation at the end', async () => {
    const stream = fakeStream(true);
    await model().fit(x, y, { epochs: 2, batchSize: 4, validationData: [x, y], callbacks: [new callbacks.ProgbarLogger({ stream })] });
    const lines = screen(stream.text());
    expect(lines).toHaveLength(5); // two epochs, then the empty line after the last \n
    expect(lines[0]).toBe('Epoch 1/2');
    expect(lines[1]).toMatch(closing);
    expect(lines[2]).toBe('Epoch 2/2');
    expect(lines[3]).toMatch(closing);
    expect(stream.text()).toContain('\x1b[32m━━━━━━━━━━━━━━━━━━━━\x1b[0m');
  });

  test('fit off a terminal (verbose 1 and 2 alike): one plain line per epoch', async () => {
    for (const verbose of [1, 2, 'auto'] as const) {
      const stream = fakeStream(false);
      await model().fit(x, y, { epochs: 2, batchSize: 4, validationData: [x, y], verbose, callbacks: [new callbacks.ProgbarLogger({ stream })] });
      const lines = stream.text().split('\n');
      expect(stream.text()).not.toMatch(/[\r\b\x1b]/);
      expect(lines).toHaveLength(5);
      expect(lines[1]).toMatch(/^10\/10 - \d+s - \d+(ms|us)\/step - loss: \d+\.\d{4} - mae: \d+\.\d{4} - val_loss: \d+\.\d{4} - val_mae: \d+\.\d{4}$/);
    }
  });

  test('verbose 0 prints nothing even with a logger given; a bad verbose names the argument', async () => {
    const stream = fakeStream(true);
    await model().fit(x, y, { epochs: 2, verbose: 0, callbacks: [new callbacks.ProgbarLogger({ stream })] });
    expect(stream.text()).toBe('');
    await expect(model().fit(x, y, { verbose: 3 as 1 })).rejects.toThrow("Argument `verbose` must be 'auto', 0, 1 or 2. Received: verbose=3");
    await expect(model().evaluate(x, y, { verbose: 'yes' as 'auto' })).rejects.toThrow("Received: verbose='yes'");
  });

  test('evaluate: one bar (terminal) or one line, with the results; none for verbose 0', async () => {
    const m = model();
    const tty = fakeStream(true);
    const [loss, mae] = (await m.evaluate(x, y, { batchSize: 8, callbacks: [new callbacks.ProgbarLogger({ stream: tty })] })) as number[];
    const shown = screen(tty.text());
    expect(shown).toHaveLength(2);
    expect(shown[0]).toMatch(new RegExp(`^5/5 ━{20} \\d+s \\d+(ms|us)/step - loss: ${loss.toFixed(4)} - mae: ${mae.toFixed(4)}$`));
    const file = fakeStream(false);
    await m.evaluate(x, y, { batchSize: 8, verbose: 2, callbacks: [new callbacks.ProgbarLogger({ stream: file })] });
    expect(file.text()).toMatch(new RegExp(`^5/5 - \\d+s - \\d+(ms|us)/step - loss: ${loss.toFixed(4)} - mae: ${mae.toFixed(4)}\\n$`));
    const silent = fakeStream(true);
    await m.evaluate(x, y, { verbose: 0, callbacks: [new callbacks.ProgbarLogger({ stream: silent })] });
    expect(silent.text()).toBe('');
  });

  test('predict: a bar on stdout by default (Keras 3), none with verbose 0', async () => {
    const m = model();
    const written: string[] = [];
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((text: string | Uint8Array) => {
      written.push(String(text));
      return true;
    });
    const wasTTY = process.stdout.isTTY;
    try {
      process.stdout.isTTY = true;
      await m.predict(x, { batchSize: 16 });
      expect(screen(written.join(''))[0]).toMatch(/^3\/3 ━{20} \d+s \d+(ms|us)\/step *$/);
      written.length = 0;
      process.stdout.isTTY = false;
      await m.predict(x, { batchSize: 16, verbose: 'auto' });
      expect(written.join('')).toMatch(/^3\/3 - \d+s - \d+(ms|us)\/step\n$/);
      written.length = 0;
      await m.predict(x, { verbose: 0 });
      expect(written).toEqual([]);
    } finally {
      process.stdout.isTTY = wasTTY;
      write.mockRestore();
    }
  });
});
