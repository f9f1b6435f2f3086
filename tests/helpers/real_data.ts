/**
 * Where the full data sets are, for the suites that need them: `$KERASM_DATA`, else
 * `../shared/data` beside the clone. A fresh clone has neither, so those suites are skipped and
 * tests/helpers/real_data_reporter.cjs prints one line saying how to run them. A `KERASM_DATA`
 * that is set but names no directory is an error, never a skip: it was asked for.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The small fixtures in each real format, always present (see tests/data_fixtures/README.md). */
export const fixtureDir = path.resolve(__dirname, '../data_fixtures');

function locate(): string | undefined {
  const fromEnv = process.env.KERASM_DATA;
  if (fromEnv !== undefined && fromEnv !== '') {
    if (!fs.statSync(fromEnv, { throwIfNoEntry: false })?.isDirectory()) {
      throw new Error(`KERASM_DATA must name the data folder (boston_housing.csv, imdb/, reuters21578/, fashion-mnist/). Received: KERASM_DATA=${fromEnv}`);
    }
    return path.resolve(fromEnv);
  }
  const beside = path.resolve(__dirname, '../../../shared/data');
  return fs.statSync(beside, { throwIfNoEntry: false })?.isDirectory() ? beside : undefined;
}

/** The full data folder, or undefined when there is none. */
export const realDataDir: string | undefined = locate();

/** The full data folder inside a suite that only runs when it exists. */
export function dataDir(): string {
  if (realDataDir === undefined) throw new Error('dataDir() was called outside describeWithData');
  return realDataDir;
}

/**
 * `describe` when the full data folder exists, otherwise jest's skipping form, so the suite is
 * reported as skipped (and counted by the reporter's one-line notice) rather than failing.
 */
export const describeWithData: jest.Describe = realDataDir === undefined ? describe.skip : describe;
