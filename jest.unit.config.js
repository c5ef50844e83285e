// `npm run test:unit`: the unit tests only (no process, no sandbox, no bundle), in seconds.
import base from './jest.config.js'

/** @type {import('jest').Config} */
export default {
  ...base,
  globalSetup: undefined,
  testMatch: [
    '<rootDir>/__tests__/{checks,engine,report,trust,config,adapters,atlascloud,lease,fleet}/**/*.test.ts',
    '<rootDir>/__tests__/atlas/{client-versions,paging}.test.ts',
    '<rootDir>/__tests__/http/lookup.test.ts',
    '<rootDir>/__tests__/net/{cidr,connection-string,conformance,seedlist,uri-}*.test.ts',
    '<rootDir>/__tests__/repo/layers.test.ts'
  ]
}
