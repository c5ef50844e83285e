/**
 * MongoDB's driver specification suites (../shared/mongo-specs/cases/, data read at run time, never copied here)
 * run through this project's connection-string model, lint and seedlist rules, as `npm run conformance` runs them:
 * no case where the action accepts (or would probe) what the specification refuses, and none where it refuses
 * what the specification accepts. The suites' absence (a clone without ../shared) skips this file's one test with
 * a message, the project's own rule tests (connection-string-rules, seedlist) cover the rules either way.
 */
import { describe, expect, it } from '@jest/globals'
import { existsSync } from 'node:fs'
import { parseConnectionString, probePlanOf } from '../../src/net/connection-string.js'
import { seedlistOf } from '../../src/net/seedlist.js'
import { lintConnectionString } from '../../src/check-support/mongodb-uri.js'
import { DEFAULT_CASES, runConformance } from '../../scripts/conformance-lib.js'

const model = {
  parseConnectionString,
  probePlanOf,
  seedlistOf,
  lint: (uri: string) => lintConnectionString({ mongodbUri: uri, credentials: [] })
}

type Result = {
  suite: string
  total: number
  agree: number
  acceptsRefused: unknown[]
  refusesAccepted: unknown[]
  other: unknown[]
}

const present = existsSync(DEFAULT_CASES)
const describeWithSuites = present ? describe : describe.skip

describeWithSuites('conformance with the MongoDB specification suites', () => {
  it('every suite: nothing accepted that the spec refuses, nothing refused it accepts', () => {
    const results = runConformance(model) as Result[]
    expect(results.map(r => r.suite)).toEqual([
      'connection-string',
      'uri-options',
      'initial-dns-seedlist-discovery'
    ])
    for (const r of results) {
      expect(r.total).toBeGreaterThan(0)
      expect({ suite: r.suite, acceptsRefused: r.acceptsRefused }).toEqual({
        suite: r.suite,
        acceptsRefused: []
      })
      expect({ suite: r.suite, refusesAccepted: r.refusesAccepted }).toEqual({
        suite: r.suite,
        refusesAccepted: []
      })
      expect({ suite: r.suite, other: r.other }).toEqual({ suite: r.suite, other: [] })
      expect(r.agree).toBe(r.total)
    }
  })
})
