/**
 * The tracking issue's per-target sections (src/fleet/sections.ts): one per target with a problem, in an order that
 * is the same on every runner. The order once followed the machine's collation (localeCompare), under which `_`
 * sorts before digits; it is now plain code-unit order.
 */
import { describe, expect, it } from '@jest/globals'
import { issueSections } from '../../src/fleet/sections.js'
import type { Report } from '../../src/report/model.js'

const finding = (kind: string, id: string, severity: 'error' | 'warning' | 'notice') => ({
  id: `fleet/${severity}`,
  severity,
  title: `${severity} on ${id}`,
  seen: 'seen',
  fix: 'fix',
  target: { kind, id, name: `name of ${id}` }
})

describe('issueSections', () => {
  it('one section per target with a warning or an error, in code-unit order of kind and id', () => {
    const report = {
      checks: [
        {
          id: 'fleet',
          findings: [
            finding('service-account', 'mdb_sa_id_a', 'warning'),
            finding('service-account', 'mdb_sa_id1', 'error'),
            finding('project', '65a1b2c3d4e5f60718293a4c', 'error'),
            finding('project', '65a1b2c3d4e5f60718293a4c', 'warning'),
            finding('api-key', '65a1b2c3d4e5f60718293a4d', 'notice')
          ]
        }
      ]
    } as unknown as Report
    const sections = issueSections(report)
    expect(sections.map(s => s.key)).toEqual([
      'project:65a1b2c3d4e5f60718293a4c',
      'service-account:mdb_sa_id1',
      'service-account:mdb_sa_id_a'
    ])
    expect(sections[0]!.problems).toHaveLength(2)
  })
})
