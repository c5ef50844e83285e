/** `atlas-preflight lease …` as the CLI reads it: the sub-command, its help, and what is missing in CLI words. */
import { describe, expect, it } from '@jest/globals'
import { leaseCommand, leaseCommandProblem } from '../../src/lease/commands.js'

const ENV = { MONGODB_ATLAS_CLIENT_ID: 'x' }
const WITH = { 'atlas-project-id': 'p', 'atlas-client-id': 'i', 'atlas-client-secret': 's' }

describe('lease commands', () => {
  it('release and audit are plans of the one lease check; --remove goes with audit only', () => {
    const audit = leaseCommand(['audit', '--remove', '--json'])
    expect(audit).toMatchObject({ kind: 'run', sub: 'audit', rest: ['--json'], defaults: {} })
    expect(audit.kind === 'run' && audit.registry.map(c => [c.id, c.needs])).toEqual([
      ['atlas-network-lease', []]
    ])
    expect(leaseCommand(['release'])).toMatchObject({ kind: 'run', defaults: { 'fail-on': 'warning' } })
    expect(leaseCommand(['release', '--remove'])).toMatchObject({ kind: 'usage' })
    expect(leaseCommand(['renew'])).toMatchObject({
      kind: 'usage',
      error: expect.stringContaining('lease release')
    })
  })

  it('help for `lease`, `lease --help`, `lease release --help` and `lease audit --help`', () => {
    expect(leaseCommand([])).toMatchObject({ kind: 'help', text: expect.stringContaining('lease audit') })
    expect(leaseCommand(['--help'])).toMatchObject({
      kind: 'help',
      text: expect.stringContaining('MONGODB_ATLAS_PROJECT_ID')
    })
    expect(leaseCommand(['release', '--help'])).toMatchObject({
      kind: 'help',
      text: expect.stringContaining('--lease-id')
    })
    expect(leaseCommand(['audit', '-h'])).toMatchObject({
      kind: 'help',
      text: expect.stringContaining('--remove')
    })
  })

  it("names what is missing with its flag and variables, never the action's words", () => {
    const none = leaseCommandProblem('release', {}, ENV)!
    expect(none).toContain('--atlas-project-id')
    expect(none).toContain('ATLAS_PREFLIGHT_ATLAS_PROJECT_ID')
    expect(leaseCommandProblem('audit', { 'atlas-project-id': 'p' }, ENV)).toContain(
      'MONGODB_ATLAS_CLIENT_SECRET'
    )
    expect(leaseCommandProblem('release', WITH, {})).toContain('ATLAS_PREFLIGHT_LEASE_ID')
    expect(leaseCommandProblem('release', WITH, { ATLAS_PREFLIGHT_LEASE_ID: 'job-1' })).toBeUndefined()
    expect(leaseCommandProblem('audit', WITH, {})).toBeUndefined()
    for (const text of [none, leaseCommandProblem('release', WITH, {})!])
      expect(text).not.toMatch(/post step|inputs/)
  })
})
