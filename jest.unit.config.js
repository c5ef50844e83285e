// `npm run test:unit`: the unit tests only (no process, no sandbox, no bundle), in seconds.
import base from './jest.config.js'

/** @type {import('jest').Config} */
export default {
  ...base,
  globalSetup: undefined,
  testMatch: [
    '<rootDir>/__tests__/{checks,engine,report,config,adapters,atlascloud,fleet}/**/*.test.ts',
    '<rootDir>/__tests__/atlas/client-versions.test.ts',
    '<rootDir>/__tests__/net/{cidr,connection-string}*.test.ts',
    '<rootDir>/__tests__/repo/layers.test.ts'
  ]
}
