/** Tests run against the built package (`dist/`), as a user would import it. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: { module: 'commonjs', moduleResolution: 'node', esModuleInterop: true, isolatedModules: true } }],
  },
  moduleNameMapper: { '^kerasm$': '<rootDir>/dist/index.cjs' },
  testTimeout: 120000,
  // The second reporter says which suites skipped for want of the full data sets, and how to run them.
  reporters: ['default', '<rootDir>/tests/helpers/real_data_reporter.cjs'],
};
