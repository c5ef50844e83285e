import { describe, expect, it } from '@jest/globals'
import {
  diffSnapshots,
  parseSnapshot,
  previousSnapshot,
  snapshotBlock,
  snapshotFromBlock,
  snapshotFromReport,
  takeSnapshot
} from '../../src/fleet/snapshot.js'
import { leaseComment, leaseTag } from '../../src/lease/marker.js'
import { NOW, ORG_ID } from '../helpers/check-context.js'
import { cleanRead, P_CLEAN } from './fixtures.js'

const KEY = `project:${P_CLEAN}`

function changed(before: { e: string; c?: string }[]) {
  const read = cleanRead()
  const current = takeSnapshot(read, NOW)
  const previous = {
    ...current,
    takenAt: '2026-11-30T00:00:00.000Z',
    lists: { ...current.lists, [KEY]: before }
  }
  return diffSnapshots(previous, current, read)
}

describe('change watch', () => {
  it('an entry gone is fleet/entry-removed, one new is fleet/entry-added (a notice)', () => {
    const fs = changed([{ e: '198.51.100.9/32', c: 'old' }])
    expect(fs.map(f => [f.id, f.severity, f.target?.id])).toEqual([
      ['fleet/entry-added', 'notice', P_CLEAN],
      ['fleet/entry-removed', 'notice', P_CLEAN]
    ])
    expect(fs[1]!.seen).toContain('198.51.100.9/32 was removed')
  })

  it('0.0.0.0/0 appearing is a warning', () => {
    const read = cleanRead()
    read.projects[0]!.entries!.push({ entry: '0.0.0.0/0', comment: 'x' })
    const previous = takeSnapshot(cleanRead(), NOW)
    const fs = diffSnapshots(previous, takeSnapshot(read, NOW), read)
    expect(fs.map(f => [f.id, f.severity])).toEqual([['fleet/entry-added', 'warning']])
    expect(fs[0]!.seen).toContain('whole internet')
  })

  it("this tool's lease is attributed by the one definition of ours (one host, marker, deleteAfterDate)", () => {
    const read = cleanRead()
    const c = leaseComment([leaseTag('r')], NOW, 'octo/app 5.1 deploy')
    const previous = takeSnapshot(cleanRead(), NOW)
    read.projects[0]!.entries!.push({
      entry: '192.0.2.5/32',
      comment: c,
      deleteAfterDate: '2025-06-01T13:00:00Z'
    })
    // A person widened a lease and made it permanent, keeping its comment: someone else's entry now.
    read.projects[0]!.entries!.push({ entry: '192.0.2.0/24', comment: c })
    const fs = diffSnapshots(previous, takeSnapshot(read, NOW), read)
    expect(fs.map(f => f.data?.['entry'])).toEqual(['192.0.2.5/32', '192.0.2.0/24'])
    expect(fs[0]!.seen).toContain('an atlas-preflight lease of "octo/app 5.1 deploy"')
    expect(fs[1]!.seen).not.toContain('an atlas-preflight lease')
    expect(fs[1]!.seen).toContain('comment "atlas-preflight lease')
  })

  it('round-trips through the report and the issue block; another org’s snapshot is not used', () => {
    const s = takeSnapshot(cleanRead(), NOW)
    const report = JSON.stringify({ checks: [{ id: 'fleet', data: { snapshot: s } }] })
    expect(snapshotFromReport(report, ORG_ID)).toEqual(s)
    expect(snapshotFromBlock(`x\n${snapshotBlock(s)}\ny`, ORG_ID)).toEqual(s)
    expect(snapshotFromReport(report, '000000000000000000000000')).toBeUndefined()
  })

  it('the previous snapshot comes from previous-report first, else the tracking issue, and says which', () => {
    const s = takeSnapshot(cleanRead(), NOW)
    const older = { ...s, takenAt: '2026-11-01T00:00:00.000Z' }
    const report = JSON.stringify({ checks: [{ id: 'fleet', data: { snapshot: s } }] })
    const issueBody = `x\n${snapshotBlock(older)}\ny`
    expect(previousSnapshot({ report, issueBody }, ORG_ID)).toEqual({
      snapshot: s,
      source: 'previous-report'
    })
    expect(previousSnapshot({ report: '{ damaged', issueBody }, ORG_ID)).toEqual({
      snapshot: older,
      source: 'the tracking issue'
    })
    expect(previousSnapshot({ issueBody: 'no block here' }, ORG_ID)).toBeUndefined()
    expect(previousSnapshot({}, ORG_ID)).toBeUndefined()
  })

  it('a forged or damaged snapshot only changes notices: bad keys and entries are dropped, never a crash', () => {
    const forged = JSON.stringify({
      v: 1,
      org: ORG_ID,
      takenAt: 'not a date',
      lists: {
        [KEY]: [{ e: '203.0.113.7/32', c: 'ci' }, { e: 42 }, 'junk', { e: 'x'.repeat(500) }],
        'evil:--><script>': [{ e: '1.2.3.4/32' }],
        'project:zz': 'not a list'
      }
    })
    const s = parseSnapshot(forged, ORG_ID)!
    expect(Object.keys(s.lists)).toEqual([KEY])
    expect(s.lists[KEY]).toEqual([{ e: '203.0.113.7/32', c: 'ci' }])
    for (const bad of ['{', '[]', 'null', JSON.stringify({ v: 2, org: ORG_ID, lists: {} })])
      expect(parseSnapshot(bad, ORG_ID)).toBeUndefined()
    // The block can never close its HTML comment early, whatever a comment holds.
    const read = cleanRead()
    read.projects[0]!.entries![0]!.comment = '--> <img src=x>'
    expect(snapshotBlock(takeSnapshot(read, NOW))).not.toMatch(/-->.*-->/)
  })
})
