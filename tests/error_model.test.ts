/**
 * One error model: every user error is a KerasmError subclass with a `code`, worded with the
 * user's argument names, and recognised by `instanceof` whichever copy of kerasm (ESM or CJS)
 * threw it.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { io, KerasmError, layers, preprocessing, Sequential, setRandomSeed, StateError, tensor, validation, ValueError } from 'kerasm';

const root = path.join(__dirname, '..');

/** What `fn` threw (it must throw). */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw');
}

describe('argument errors that were plain Errors are typed, with a code', () => {
  const cases: [string, () => unknown, typeof ValueError | typeof StateError, string, RegExp][] = [
    ['tensor() of ragged arrays', () => tensor([[1, 2], [3]]), ValueError, 'INVALID_ARGUMENT', /rectangular/],
    ['setRandomSeed(-1)', () => setRandomSeed(-1), ValueError, 'INVALID_ARGUMENT', /seed=-1/],
    ['validation.kFold(0, { k: 2 })', () => validation.kFold(0, { k: 2 }), ValueError, 'INVALID_ARGUMENT', /n=0/],
    ['preprocessing.padSequences padding', () => preprocessing.padSequences([[1]], { padding: 'middle' as 'pre' }), ValueError, 'INVALID_ARGUMENT', /padding=middle/],
    ['preprocessing.toCategorical', () => preprocessing.toCategorical([-1]), ValueError, 'INVALID_ARGUMENT', /labels\[0\]=-1/],
    ['an unfitted scaler', () => new preprocessing.StandardScaler().transform([[1]]), StateError, 'NOT_FITTED', /unfitted/],
    ['io.readNpy of junk', () => io.readNpy(new Uint8Array(16)), ValueError, 'CORRUPT_FILE', /not a NumPy \.npy file/],
    ['io.readIdx of junk', () => io.readIdx(Uint8Array.from([1, 2, 3, 4, 5])), ValueError, 'CORRUPT_FILE', /not an IDX file/],
    ['io.gunzip of junk', () => io.gunzip(Uint8Array.from([1, 2, 3])), ValueError, 'CORRUPT_FILE', /gzip/],
    ['io.readCsv of a number', () => io.readCsv(5 as unknown as string), ValueError, 'INVALID_ARGUMENT', /must be a string/],
  ];
  test.each(cases)('%s', (_, fn, cls, code, message) => {
    const err = thrown(fn);
    expect(err).toBeInstanceOf(cls);
    expect(err).toBeInstanceOf(KerasmError);
    expect((err as KerasmError).code).toBe(code);
    expect((err as Error).message).toMatch(message);
  });

  test('fit({ seed: NaN }) rejects with a ValueError naming seed', async () => {
    const m = new Sequential([layers.dense({ units: 1, inputShape: [2] })]);
    m.compile({ optimizer: 'sgd', loss: 'mse' });
    const err = await m.fit([[1, 2]], [[1]], { seed: NaN, verbose: 0 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValueError);
    expect((err as Error).message).toMatch(/seed=NaN/);
  });

  test('no source file throws a plain Error', () => {
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(file);
        else if (file.endsWith('.ts') && /\bnew (Type|Range)?Error\(/.test(fs.readFileSync(file, 'utf8'))) offenders.push(path.relative(root, file));
      }
    };
    walk(path.join(root, 'ts'));
    expect(offenders).toEqual([]);
  });
});

describe("the engine's spelling never reaches the user", () => {
  test('a count too large for the engine names the layer argument, not serde', () => {
    const err = thrown(() => layers.dense({ units: 2 ** 33, inputShape: [2] }));
    expect(err).toBeInstanceOf(ValueError);
    const message = (err as Error).message;
    expect(message).toMatch(/`units`.*integer below 2\^32.*Received: units=8589934592/);
    expect(message).not.toMatch(/usize|invalid value: integer/);
  });
});

describe('instanceof across the ESM and CJS copies of the package', () => {
  // jest runs CommonJS; a child Node process loads both builds side by side, as an app whose
  // dependencies mix `import` and `require` does.
  const script = `
    const { createRequire } = require('node:module');
    const req = createRequire(${JSON.stringify(path.join(root, 'package.json'))});
    const cjs = req('./dist/index.cjs');
    import(${JSON.stringify(path.join(root, 'dist', 'index.mjs'))}).then((esm) => {
      const fromEsm = (() => { try { esm.tensor([[1], []]); } catch (e) { return e; } })();
      const fromCjs = (() => { try { cjs.validation.kFold(0, { k: 2 }); } catch (e) { return e; } })();
      const state = new esm.StateError('x');
      console.log(JSON.stringify({
        distinctClasses: esm.ValueError !== cjs.ValueError,
        esmByCjs: fromEsm instanceof cjs.ValueError && fromEsm instanceof cjs.KerasmError,
        cjsByEsm: fromCjs instanceof esm.ValueError && fromCjs instanceof esm.KerasmError,
        stateIsNotValue: !(state instanceof cjs.ValueError) && state instanceof cjs.StateError,
        plainIsNot: !(new Error('x') instanceof cjs.KerasmError) && !({} instanceof esm.ValueError),
        code: fromEsm.code,
        name: fromCjs.name,
      }));
    });`;
  test('an error from either copy is an instance of the other copy’s classes, and only of those it is', () => {
    const out = JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }));
    expect(out).toEqual({
      distinctClasses: true,
      esmByCjs: true,
      cjsByEsm: true,
      stateIsNotValue: true,
      plainIsNot: true,
      code: 'INVALID_ARGUMENT',
      name: 'ValueError',
    });
  });
});
