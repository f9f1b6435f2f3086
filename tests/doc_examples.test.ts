/**
 * The TSDoc `@example` blocks are the docs users copy: each one type-checks against the sources
 * and runs against the built package, with the fixtures of helpers/doc_fixtures.ts in scope;
 * a line `expr; // <literal>` must hold (numbers to the digits shown).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as kerasm from 'kerasm';
import { collectExamples, exampleModule, kerasmExportNames, loadExample, typeCheck } from './helpers/doc_examples';
import { makeDocFixtures, type DocFixtures } from './helpers/doc_fixtures';
import { realDataDir } from './helpers/real_data';

const FIXTURE_NAMES: (keyof DocFixtures)[] = [
  'model', 'other', 'm', 'x', 'y', 'xTrain', 'yTrain', 'xVal', 'yVal', 'xTest', 'yTest', 'history', 'xSparse', 'sequences', 'twin', 'buildModel',
  'a', 'b', 'inputs', 'titleFeatures', 'bodyFeatures', 'yTrue', 'yPred', 'npyBytes', 'npzBytes', 'idxBytes', 'gzBytes', 'bar', 'mae', 'trainTexts',
];

const examples = collectExamples();
const exportNames = kerasmExportNames();
const modules = examples.map((e) => exampleModule(e, exportNames, FIXTURE_NAMES));

type Nested = number | string | boolean | null | undefined | Nested[] | { [key: string]: Nested };

/** A value as the literal in its comment would show it: tensors as nested arrays. */
function plain(value: unknown): unknown {
  if (value instanceof kerasm.Tensor) return value.toArray();
  if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<number>);
  return value;
}

function decimals(text: string): number {
  const m = /\.(\d+)(?:e|$)/i.exec(text);
  return m ? m[1].length : 0;
}

/** Deep equality, numbers to the digits the claim shows. */
function matches(actual: unknown, expected: Nested, text: string): boolean {
  actual = plain(actual);
  if (typeof expected === 'number' && typeof actual === 'number') {
    if (Number.isNaN(expected)) return Number.isNaN(actual);
    const shown = /e/i.test(text) ? Math.abs(expected) * 10 ** -decimals(text) : 10 ** -decimals(text);
    return Math.abs(actual - expected) <= shown / 2 + 1e-9 * Math.abs(expected) || actual === expected;
  }
  if (Array.isArray(expected)) {
    const items = expected;
    return Array.isArray(actual) && actual.length === items.length && items.every((e, i) => matches((actual as unknown[])[i], e, text));
  }
  if (expected && typeof expected === 'object') {
    return !!actual && typeof actual === 'object' && Object.entries(expected).every(([k, e]) => matches((actual as Record<string, unknown>)[k], e, text));
  }
  return Object.is(actual, expected);
}

describe('TSDoc examples type-check against the sources', () => {
  const errors = typeCheck(modules);
  test.each(examples.map((e, i) => [e.where, i] as const))('%s', (_where, i) => {
    expect(errors[i]).toEqual([]);
  });
});

describe('TSDoc examples run and their claims hold', () => {
  const runnable = examples.map((e, i) => [e.where, i] as const).filter(([, i]) => !examples[i].browserOnly);
  let cwd: string;
  beforeAll(() => {
    cwd = process.cwd();
    // The files the io examples name, in the directory they run in.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kerasm-doc-'));
    fs.copyFileSync(path.join(__dirname, 'io_fixtures/f4_2x3.npy'), path.join(dir, 'x_train.npy'));
    fs.copyFileSync(path.join(__dirname, 'io_fixtures/pair.npz'), path.join(dir, 'data.npz'));
    fs.copyFileSync(path.join(__dirname, 'data_fixtures/fashion-mnist/train-images-idx3-ubyte.gz'), path.join(dir, 'train-images-idx3-ubyte.gz'));
    fs.writeFileSync(path.join(dir, 'boston_housing.csv'), 'crim,zn,medv\n0.00632,18,24\n0.02731,0,21.6\n');
    process.chdir(dir);
  });
  afterAll(() => process.chdir(cwd));

  // The data set examples read the full data ('../shared/data'): they run where it is.
  const needsData = (i: number): boolean => examples[i].code.includes("'../shared/data'");
  const withData = runnable.filter(([, i]) => needsData(i));
  (realDataDir === undefined ? test.skip : test).each(withData.length ? withData : [['(none)', -1] as const])('%s', async (where, i) => {
    if (i < 0) return;
    await runExample(where, i, modules[i].source.split("'../shared/data'").join(JSON.stringify(realDataDir)));
  });

  test.each(runnable.filter(([, i]) => !needsData(i)))('%s', async (where, i) => {
    await runExample(where, i, modules[i].source);
  });

  async function runExample(where: string, i: number, source: string): Promise<void> {
    const failed: string[] = [];
    const check = (actual: unknown, expected: string, line: number): void => {
      const value = new Function(`return (${expected});`)() as Nested;
      if (!matches(actual, value, expected)) failed.push(`${where} line ${line}: expected ${expected}, got ${JSON.stringify(plain(actual))}`);
    };
    const used = FIXTURE_NAMES.filter((n) => new RegExp(`\\b${n}\\b`).test(examples[i].code));
    await loadExample(source, kerasm)(await makeDocFixtures(used), check);
    expect(failed).toEqual([]);
  }
});
