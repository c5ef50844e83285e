import { describe, expect, it } from '@jest/globals'
import { chunkTargets, parsePlan } from '../../src/fleet/plan.js'
import { mergeFleet, chunkOf } from '../../src/fleet/merge.js'
import { evaluateFleet } from '../../src/fleet/evaluate.js'
import type { FleetRead } from '../../src/fleet/model.js'
import { NOW } from '../helpers/check-context.js'
import { cleanRead, P_OPEN, K_OWNER } from './fixtures.js'

const OPTS = { ignore: new Set<string>(), secretExpiryDays: 14, now: NOW }
const ids = (fs: { id: string }[]) => fs.map(f => f.id).sort()

function org(): FleetRead {
  const r = cleanRead()
  r.settings = { apiAccessListRequired: false }
  r.projects.push({
    target: { kind: 'project', id: P_OPEN, name: 'open' },
    entries: [{ entry: '0.0.0.0/0', comment: 'x' }]
  })
  r.apiKeys.push({ target: { kind: 'api-key', id: K_OWNER, name: 'd' }, roles: ['ORG_OWNER'], entries: [] })
  return r
}

/** The report a chunk's run writes, as far as the merge reads it. */
function chunkReport(read: FleetRead, keys: string[]): string {
  const pick = (t: { target: { kind: string; id: string } }) =>
    keys.includes(`${t.target.kind}:${t.target.id}`)
  const part = {
    ...read,
    projects: read.projects.filter(pick),
    apiKeys: read.apiKeys.filter(pick),
    serviceAccounts: read.serviceAccounts.filter(pick)
  }
  return JSON.stringify({ checks: [{ id: 'fleet', data: { targets: keys, read: part } }] })
}

describe('fleet plan and merge', () => {
  it('chunks of at most 20 by default, N chunks when asked, never more than 256 entries', () => {
    const t = Array.from({ length: 45 }, (_, i) => `project:${String(i).padStart(24, '0')}`)
    expect(chunkTargets(t).include.map(c => c.targets.split(',').length)).toEqual([15, 15, 15])
    expect(chunkTargets(t, 2).include).toHaveLength(2)
    const many = Array.from({ length: 6000 }, (_, i) => `project:${String(i).padStart(24, '0')}`)
    expect(chunkTargets(many).include.length).toBeLessThanOrEqual(256)
    expect(parsePlan(JSON.stringify(chunkTargets(t)))).toEqual(chunkTargets(t))
    expect(parsePlan('{"include":"x"}')).toBeUndefined()
  })

  it('plan, one run per chunk, merge: the same findings as one organization-scope run', async () => {
    const read = org()
    const keys = [...read.projects, ...read.apiKeys].map(t => `${t.target.kind}:${t.target.id}`)
    const plan = chunkTargets(keys, 2)
    const reports = plan.include.map(c => ({
      name: `r${c.chunk}`,
      text: chunkReport(read, c.targets.split(','))
    }))
    const merged = await mergeFleet(plan, reports, OPTS)
    const single = evaluateFleet(read, { now: NOW, secretExpiryDays: 14 })
    expect(ids(merged.findings)).toEqual(ids(single))
    expect(merged.outputs['fleet-unread']).toBe('0')
  })

  it('a chunk with no report, or a damaged one, leaves its targets unread: never a clean merge', async () => {
    const read = org()
    const keys = [...read.projects, ...read.apiKeys].map(t => `${t.target.kind}:${t.target.id}`)
    const plan = chunkTargets(keys, 2)
    const first = plan.include[0]!
    for (const second of [
      undefined,
      '{"checks": [',
      JSON.stringify({ checks: [{ id: 'fleet', data: { targets: [], read: 5 } }] })
    ]) {
      const reports = [
        { name: 'r1', text: chunkReport(read, first.targets.split(',')) },
        { name: 'r2', text: second }
      ]
      const merged = await mergeFleet(plan, reports, OPTS)
      expect(merged.findings.map(f => f.id)).toContain('fleet/incomplete')
      expect(Number(merged.outputs['fleet-unread'])).toBe(plan.include[1]!.targets.split(',').length)
      expect(merged.status).not.toBe('pass')
    }
    expect(chunkOf('null')).toBeUndefined()
  })

  it("a report that does not hold every target of its chunk leaves the others unread (another run's file, say)", async () => {
    const read = org()
    const keys = [...read.projects, ...read.apiKeys].map(t => `${t.target.kind}:${t.target.id}`)
    const plan = chunkTargets(keys, 1)
    const all = plan.include[0]!.targets.split(',')
    // The report names the chunk's targets, but holds only the first of them.
    const partial = JSON.parse(chunkReport(read, all.slice(0, 1))) as {
      checks: { data: { targets: string[] } }[]
    }
    partial.checks[0]!.data.targets = all
    const merged = await mergeFleet(plan, [{ name: 'r1', text: JSON.stringify(partial) }], OPTS)
    expect(merged.findings.map(f => f.id)).toContain('fleet/incomplete')
    expect(Number(merged.outputs['fleet-unread'])).toBe(all.length - 1)
    expect(merged.status).not.toBe('pass')
  })
})
