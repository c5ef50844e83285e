/**
 * Not a test of the action: the probe __tests__/engine/finding-ids.test.ts runs with the assertion recorder to show
 * what counts as asserting a finding id (named .probe.ts, so no jest config runs it but that one).
 */
import { describe, expect, it } from '@jest/globals'

// A comment naming 'probe/in-comment' asserts nothing.
const table: [string, string][] = [
  ['probe/asserted-in-table', 'error'],
  ['probe/unused-row', 'error']
]

describe('probe/in-describe-name', () => {
  it('probe/in-test-name', () => {
    const ids = ['probe/asserted', 'probe/asserted-in-table', 'probe/asymmetric', 'probe/only-received']
    expect(ids).toContain('probe/asserted')
    expect(ids).toContain(table[0]![0])
    expect(ids).toEqual(expect.arrayContaining(['probe/asymmetric']))
    expect(ids).toHaveLength(4)
    expect(ids).not.toContain('probe/negated')
  })
})
