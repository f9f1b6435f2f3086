/**
 * The notes' templates in examples/ load against the built package and take their data path as
 * an argument. (Their full runs take minutes on the real data: see docs/*-curves.png.)
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const root = path.join(__dirname, '..');

function run(script: string, ...args: string[]) {
  return spawnSync(process.execPath, [path.join('examples', script), ...args], { cwd: root, encoding: 'utf8' });
}

describe.each(['imdb.mjs', 'reuters.mjs'])('examples/%s', (script) => {
  test('without a data directory prints its usage and exits with 1', () => {
    const result = run(script);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`usage: node examples/${script} <data dir> [curves.png]`);
  });

  test('with a directory that lacks the data set fails with the loader’s error, naming the path', () => {
    const missing = path.join(root, 'no-such-data-dir');
    const result = run(script, missing);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(missing);
    expect(result.stderr).toMatch(/Received:/);
  });
});
