/**
 * A jest reporter for the suites that need the full data sets (tests/helpers/real_data.ts).
 * Without the data folder it prints one line after the summary: how many tests were skipped,
 * where, and how to run them. With KERASM_DATA set, a skipped test fails the run: the data was
 * asked for, so nothing may quietly not run.
 */
const path = require('node:path');

class RealDataReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
    this.error = undefined;
  }

  onRunComplete(_contexts, results) {
    const skipped = results.testResults
      .map((suite) => ({ file: path.relative(this.rootDir, suite.testFilePath), count: suite.testResults.filter((t) => t.status === 'pending').length }))
      .filter((s) => s.count > 0);
    if (skipped.length === 0) return;
    const total = skipped.reduce((n, s) => n + s.count, 0);
    const where = skipped.map((s) => `${path.basename(s.file, '.test.ts')} (${s.count})`).join(', ');
    if (process.env.KERASM_DATA) {
      this.error = new Error(`KERASM_DATA=${process.env.KERASM_DATA} is set, yet ${total} tests were skipped: ${where}`);
      process.stderr.write(`\n${this.error.message}\n`);
      return;
    }
    process.stderr.write(
      `\nSkipped ${total} tests that need the full data sets (${where}): to run them, set KERASM_DATA=/path/to/data or put the data folder at ../shared/data beside this clone (see README, "Tests").\n`,
    );
  }

  getLastError() {
    return this.error;
  }
}

module.exports = RealDataReporter;
