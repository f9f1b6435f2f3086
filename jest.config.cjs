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
};
