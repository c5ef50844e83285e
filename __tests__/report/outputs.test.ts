/**
 * One owner per output (config/outputs.ts, OUTPUT_OWNERS; report/outputs.ts): an output is taken only from the check
 * that owns it, whatever order the checks ran or are listed in; the one value derived from two checks (the network
 * list after a lease) is derived in one named rule.
 */
import { describe, expect, it } from '@jest/globals'
import type { CheckResult } from '../../src/check-support/check.js'
import type { CheckId } from '../../src/core/check-ids.js'
import { OUTPUT_OWNERS, OUTPUT_NAMES } from '../../src/config/outputs.js'
import { computeOutputs } from '../../src/report/outputs.js'

const result = (id: CheckId, outputs: CheckResult['outputs']): CheckResult =>
  ({ id, title: id, status: 'pass', findings: [], durationMs: 0, outputs }) as unknown as CheckResult

describe('step outputs: one owner each', () => {
  it('every output has exactly one owner', () => {
    expect(Object.keys(OUTPUT_OWNERS).sort()).toEqual([...OUTPUT_NAMES].sort())
  })

  it('an output set by a check that does not own it is ignored, in either order', () => {
    const owner = result('atlas-network-access-list', { 'network-access-list': 'denied' })
    const intruder = result('atlas-cluster', { 'network-access-list': 'allowed' })
    expect(computeOutputs([owner, intruder], 'fail')['network-access-list']).toBe('denied')
    expect(computeOutputs([intruder, owner], 'fail')['network-access-list']).toBe('denied')
  })

  it('a lease that wrote or joined the entry makes the list allowed; one that found an entry leaves the diagnosis', () => {
    const denied = result('atlas-network-access-list', { 'network-access-list': 'denied' })
    for (const lease of ['created', 'shared'])
      expect(
        computeOutputs([result('atlas-network-lease', { 'network-lease': lease }), denied], 'pass')[
          'network-access-list'
        ]
      ).toBe('allowed')
    const open = result('atlas-network-access-list', { 'network-access-list': 'open-to-world' })
    expect(
      computeOutputs([open, result('atlas-network-lease', { 'network-lease': 'existing' })], 'warn')[
        'network-access-list'
      ]
    ).toBe('open-to-world')
    expect(
      computeOutputs([denied, result('atlas-network-lease', { 'network-lease': 'failed' })], 'fail')[
        'network-access-list'
      ]
    ).toBe('denied')
  })
})
