import { describe, expect, it } from '@jest/globals'
import { evaluateFleet, fleetCounts, isWide } from '../../src/fleet/evaluate.js'
import type { FleetRead } from '../../src/fleet/model.js'
import { leaseComment, leaseTag } from '../../src/lease/marker.js'
import { NOW } from '../helpers/check-context.js'
import { cleanRead, P_OPEN, SA_OLD, K_OWNER } from './fixtures.js'

const DAY = 86_400_000
const OPTS = { now: NOW, secretExpiryDays: 14 }
const ago = (d: number) => new Date(NOW.getTime() - d * DAY).toISOString()
const inDays = (d: number) => new Date(NOW.getTime() + d * DAY).toISOString()

function run(edit: (r: FleetRead) => void) {
  const r = cleanRead()
  edit(r)
  return evaluateFleet(r, OPTS)
}
const ids = (fs: { id: string; target?: { id: string } }[]) => fs.map(f => [f.id, f.target?.id])

describe('fleet evaluation (one finding per problem, each on its target)', () => {
  it('a clean organization raises nothing', () => {
    expect(evaluateFleet(cleanRead(), OPTS)).toEqual([])
  })

  it('network lists: open to the world (IPv4 and IPv6), wide entries, uncommented entries', () => {
    const fs = run(r =>
      r.projects.push({
        target: { kind: 'project', id: P_OPEN, name: 'open' },
        entries: [
          { entry: '0.0.0.0/0', comment: 'temp' },
          { entry: '::/0', comment: 'temp' },
          { entry: '10.0.0.0/16', comment: 'vpn' },
          { entry: '2001:db8::/32' },
          { entry: '198.51.100.0/24' }
        ]
      })
    )
    expect(ids(fs)).toEqual([
      ['fleet/open-to-world', P_OPEN],
      ['fleet/wide-entry', P_OPEN],
      ['fleet/uncommented-entry', P_OPEN]
    ])
    expect(fs[0]!.severity).toBe('error')
    expect(fs[0]!.seen).toContain('0.0.0.0/0, ::/0')
    expect(fs[1]!.seen).toContain('10.0.0.0/16, 2001:db8::/32')
    expect(fs[1]!.seen).not.toContain('198.51.100.0/24')
    expect(fs[2]!.severity).toBe('notice')
  })

  it('a /24 and a /48 are not wide; a /23 and a /47 are', () => {
    expect([
      isWide('10.0.0.0/24'),
      isWide('2001:db8::/48'),
      isWide('10.0.0.0/23'),
      isWide('2001:db8::/47')
    ]).toEqual([false, false, true, true])
  })

  it('the lease audit runs per project: a stale lease of this tool is named on its project', () => {
    const comment = leaseComment(
      [leaseTag('run-1')],
      new Date(NOW.getTime() - 2 * DAY),
      'octo/app 1.1 deploy'
    )
    const fs = run(r =>
      r.projects[0]!.entries!.push({ entry: '192.0.2.9/32', comment, deleteAfterDate: inDays(-1) })
    )
    expect(ids(fs)).toEqual([['atlas-network-lease/stale-lease', r0()]])
    // Written two days ago but live by its own terms (its deleteAfterDate ahead): never stale, whatever its age.
    const live = run(r =>
      r.projects[0]!.entries!.push({ entry: '192.0.2.9/32', comment, deleteAfterDate: inDays(1) })
    )
    expect(ids(live)).toEqual([])
  })

  it('credentials: ORG_OWNER, no access list while the org does not require one', () => {
    const fs = run(r => {
      r.settings = { apiAccessListRequired: false }
      r.apiKeys.push({
        target: { kind: 'api-key', id: K_OWNER, name: 'deployer' },
        roles: ['ORG_OWNER'],
        entries: []
      })
    })
    expect(ids(fs)).toEqual([
      ['fleet/credential-owner', K_OWNER],
      ['fleet/credential-unrestricted', K_OWNER]
    ])
  })

  it('no access list is not flagged when the org requires one, nor when the settings were not read', () => {
    const owner = { target: { kind: 'api-key' as const, id: K_OWNER, name: 'd' }, roles: [], entries: [] }
    expect(run(r => r.apiKeys.push(owner))).toEqual([])
    const fs = run(r => {
      delete r.settings
      r.settingsUnread = { why: 'rate limited' }
      r.apiKeys.push(owner)
    })
    expect(ids(fs)).toEqual([['fleet/incomplete', cleanRead().org.id]])
  })

  it('service-account secrets: an expired one in a slot, the newest expiring within secret-expiry-days', () => {
    const fs = run(r =>
      r.serviceAccounts.push({
        target: { kind: 'service-account', id: SA_OLD, name: 'old' },
        roles: [],
        entries: [{ entry: '203.0.113.7/32', tracksUse: true, lastUsedAt: ago(1) }],
        secrets: [
          { id: 's1', createdAt: ago(400), expiresAt: ago(2) },
          { id: 's2', createdAt: ago(300), expiresAt: inDays(5) }
        ]
      })
    )
    expect(ids(fs)).toEqual([
      ['fleet/secret-expired', SA_OLD],
      ['fleet/secret-expiring', SA_OLD]
    ])
    expect(fs[1]!.seen).toContain('in 5 days')
  })

  it('unused: every entry last used (or, never used, created) over 90 days ago; no use data: not flagged', () => {
    const sa = (entries: FleetRead['serviceAccounts'][number]['entries']) => (r: FleetRead) =>
      r.serviceAccounts.push({
        target: { kind: 'service-account', id: SA_OLD, name: 'old' },
        roles: [],
        entries
      })
    expect(ids(run(sa([{ entry: '192.0.2.1/32', createdAt: ago(200), tracksUse: true }])))).toEqual([
      ['fleet/credential-unused', SA_OLD]
    ])
    expect(
      run(sa([{ entry: '192.0.2.1/32', createdAt: ago(200), lastUsedAt: ago(10), tracksUse: true }]))
    ).toEqual([])
    expect(run(sa([{ entry: '192.0.2.1/32', createdAt: ago(200), tracksUse: false }]))).toEqual([])
  })

  it('incomplete names every unread target with the role it needs, and the counts say so', () => {
    const r = cleanRead()
    r.apiKeys[0]!.unread = { why: 'refused', role: 'Organization Owner' }
    delete r.apiKeys[0]!.entries
    r.listsUnread.push({
      list: 'service-accounts',
      unread: { why: 'refused', role: 'Organization Read Only' }
    })
    const fs = evaluateFleet(r, OPTS)
    expect(ids(fs)).toEqual([['fleet/incomplete', r.org.id]])
    expect(fs[0]!.seen).toContain('API key "reader"')
    expect(fs[0]!.seen).toContain('needs Organization Owner')
    expect(fs[0]!.seen).toContain('service accounts')
    expect(fleetCounts(r)).toEqual({ targets: 2, unread: 2 })
  })
})

function r0() {
  return cleanRead().projects[0]!.target.id
}
