/** The GitHub runner adapter's own decisions (what it writes is held by actions-core.test.ts and the dist tests). */
import { describe, expect, it } from '@jest/globals'
import * as core from '@actions/core'
import { githubAdapter } from '../../src/adapters/github.js'

describe('the GitHub adapter', () => {
  it.each([
    ['1', true],
    ['0', false],
    [undefined, false]
  ])('shows debug lines only as core.isDebug() does (RUNNER_DEBUG=%s)', (value, shown) => {
    const saved = process.env['RUNNER_DEBUG']
    try {
      if (value === undefined) delete process.env['RUNNER_DEBUG']
      else process.env['RUNNER_DEBUG'] = value
      expect([githubAdapter(process.env).debugging, core.isDebug()]).toEqual([shown, shown])
    } finally {
      if (saved === undefined) delete process.env['RUNNER_DEBUG']
      else process.env['RUNNER_DEBUG'] = saved
    }
  })
})
