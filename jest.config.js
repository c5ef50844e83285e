import { availableParallelism } from 'node:os'

/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    // Type errors are the typecheck's to report (npm run typecheck covers __tests__ too).
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.all.json', diagnostics: false }]
  },
  testMatch: ['<rootDir>/__tests__/**/*.test.ts'],
  // The tests run the action as it ships: one bundle of the current src/, built before any test (see the file).
  globalSetup: '<rootDir>/__tests__/helpers/global-setup.js',
  testTimeout: 60000,
  // Many test files start processes and sandboxes of their own: one worker per core, at most four.
  maxWorkers: Math.max(1, Math.min(4, availableParallelism())),
  collectCoverageFrom: ['src/**/*.ts'],
  coverageReporters: ['text-summary']
}
