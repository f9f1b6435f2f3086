/**
 * The notes' templates in examples/ run against the built package. main.mjs (`npm start`) runs
 * here with 30 epochs per fold instead of 500; imdb.mjs and reuters.mjs take their data path as
 * an argument (their full runs take 15–20 s on the real data: see docs/*-curves.png).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { smoothCurve } from 'kerasm';

const root = path.join(__dirname, '..');

function run(script: string, args: string[] = [], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [path.join('examples', script), ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, ...env } });
}

describe('examples/main.mjs (npm start): the Boston housing K-fold template, 30 epochs per fold', () => {
  let out: string;
  let dir: string;
  let result: ReturnType<typeof run>;
  beforeAll(() => {
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'kerasm-main-'));
    dir = path.join(out, 'boston');
    result = run('main.mjs', [], { KERASM_EPOCHS: '30', KERASM_OUT: out });
  });
  afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

  test('exits 0 and prints the table of fold scores and what the numbers mean', () => {
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('fold  validation samples  MAE after 30 epochs  lowest MAE (epoch)');
    expect(result.stdout).toMatch(/^ {3}1 {2}0–100 +\d+\.\d{3} k\$/m);
    expect(result.stdout).toMatch(/^ {3}4 {2}303–403 +\d+\.\d{3} k\$/m);
    expect(result.stdout).toContain('What the numbers mean');
  });

  test('report.json: folds, their mean, the epoch chosen from the smoothed curve, the test MAE', () => {
    const report = JSON.parse(fs.readFileSync(path.join(dir, 'report.json'), 'utf8'));
    expect(Object.keys(report)).toEqual(expect.arrayContaining(['template', 'folds', 'meanValidationMae', 'bestEpoch', 'testMae', 'seconds', 'threads']));
    expect(report.template).toBe('boston_housing_kfold');
    expect(report.folds).toHaveLength(4);
    const maes: number[] = report.folds.map((f: { validationMae: number }) => f.validationMae);
    for (const mae of maes) expect(mae).toBeGreaterThan(1);
    for (const mae of maes) expect(mae).toBeLessThan(6);
    expect(report.meanValidationMae).toBeCloseTo(maes.reduce((a, b) => a + b, 0) / 4, 10);
    // The notes' choice, recomputed here: the lowest point of the EMA(0.9) of the mean curve, first 10 epochs dropped.
    const curve: number[] = report.meanValidationMaePerEpoch;
    expect(curve).toHaveLength(30);
    const smoothed = smoothCurve(curve.slice(10), 0.9);
    expect(report.bestEpoch).toBe(10 + smoothed.indexOf(Math.min(...smoothed)) + 1);
    expect(report.testMae).toBeGreaterThan(1.5);
    expect(report.testMae).toBeLessThan(8);
    expect(result.stdout).toContain(`mae: ${report.testMae.toFixed(4)}`); // evaluate's progress line
    expect(report.seconds).toBeGreaterThan(0);
    expect(report.threads).toBeGreaterThanOrEqual(1);
  });

  test('the curve as PNG and SVG, with the chosen epoch marked', () => {
    const report = JSON.parse(fs.readFileSync(path.join(dir, 'report.json'), 'utf8'));
    const png = fs.readFileSync(path.join(dir, 'kfold-mae.png'));
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.length).toBeGreaterThan(10000);
    const svg = fs.readFileSync(path.join(dir, 'kfold-mae.svg'), 'utf8');
    expect(svg).toContain('Smoothed (EMA, factor 0.9)');
    expect(svg).toContain(`>Epoch ${report.bestEpoch}</text>`);
  });

  test('a bad KERASM_EPOCHS is a clear error', () => {
    const bad = run('main.mjs', [], { KERASM_EPOCHS: '5', KERASM_OUT: out });
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain('KERASM_EPOCHS must be an integer above 10 (the curve drops the first 10 epochs). Received: KERASM_EPOCHS=5');
  });
});

describe.each(['imdb.mjs', 'reuters.mjs'])('examples/%s', (script) => {
  test('without a data directory prints its usage and exits with 1', () => {
    const result = run(script);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`usage: node examples/${script} <data dir> [curves.png]`);
  });

  test('with a directory that lacks the data set fails with the loader’s error, naming the path', () => {
    const missing = path.join(root, 'no-such-data-dir');
    const result = run(script, [missing]);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(missing);
    expect(result.stderr).toMatch(/Received:/);
  });
});
