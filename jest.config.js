/**
 * Three projects: fast unit tests beside the code; e2e tests against the whole app; and the e2e
 * suites that book and bill once more on another day (a leap day, `test/helpers/another-day.ts`):
 * nothing may depend on the day CI runs.
 */
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
    {
      displayName: 'e2e-another-day',
      testEnvironment: 'node',
      rootDir: '.',
      testPathIgnorePatterns: ignored,
      modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/.data/'],
      testMatch: [
        '<rootDir>/test/reservations/{planning,submit,auto-accept,closures,staff-decisions}.e2e-spec.ts',
        '<rootDir>/test/billing/{runs,credit-notes,money-reader}.e2e-spec.ts',
        '<rootDir>/test/catalog/registrations.e2e-spec.ts',
      ],
      transform: { '^.+\\.ts$': tsJest },
      setupFiles: ['<rootDir>/test/helpers/another-day.ts'],
    },
  ],
};
