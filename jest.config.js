/** Two projects: fast unit tests beside the code, e2e tests against the whole app. */
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.json' }];
const ignored = ['/node_modules/', '<rootDir>/dist/', '<rootDir>/.data/', '<rootDir>/var/'];
module.exports = {
  // Global: jest ignores testTimeout inside a project. E2E files boot a whole app per file.
  testTimeout: 60000,
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      rootDir: '.',
      testPathIgnorePatterns: ignored,
      modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/.data/'],
      testMatch: ['<rootDir>/src/**/*.spec.ts'],
      transform: { '^.+\\.ts$': tsJest },
    },
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      rootDir: '.',
      testPathIgnorePatterns: ignored,
      modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/.data/'],
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      transform: { '^.+\\.ts$': tsJest },
      setupFiles: ['<rootDir>/test/helpers/clock-setup.ts'],
    },
  ],
};
