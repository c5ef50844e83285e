import { describe, expect, it } from '@jest/globals'
import { readFleet } from '../../src/fleet/read.js'
import { evaluateFleet } from '../../src/fleet/evaluate.js'
import type { HttpResult } from '../../src/http/client.js'
import {
  API_KEY_INPUTS,
  NOW,
  ORG_ID,
  StubHttp,
  atlasError,
  parseInputs,
  stubServices,
  testDeadline,
  type Routes
} from '../helpers/check-context.js'
import { K_OTHER, K_OWNER, P_CLEAN, P_OPEN, orgRoutes, page } from './fixtures.js'

function client(routes: Routes) {
  const td = testDeadline()
  const http = new StubHttp(routes, td.deadline)
  const services = stubServices(parseInputs(API_KEY_INPUTS), http, NOW)
  return { atlas: services.atlas!, http, td }
}

describe('fleet reads', () => {
  it('reads every list of the organization with GETs only, and names what a role keeps it from', async () => {
    const { atlas, http, td } = client(orgRoutes())
    const read = await readFleet(atlas, { orgId: ORG_ID, targets: [], signal: td.deadline.signal })
    expect(http.calls.every(c => c.method === 'GET')).toBe(true)
    expect(read.org.name).toBe('Acme')
    expect(read.projects.map(p => [p.target.id, p.entries?.map(e => e.entry)])).toEqual([
      [P_OPEN, ['0.0.0.0/0']],
      [P_CLEAN, ['203.0.113.7/32']]
    ])
    expect(read.apiKeys.find(k => k.target.id === K_OWNER)?.roles).toEqual(['ORG_OWNER'])
    const other = read.apiKeys.find(k => k.target.id === K_OTHER)!
    expect(other.entries).toBeUndefined()
    expect(other.unread?.role).toMatch(/Organization Owner/)
    expect(read.serviceAccounts[0]?.entries?.[0]).toMatchObject({ entry: '198.51.100.0/24', tracksUse: true })
    expect(read.settings).toEqual({ apiAccessListRequired: false })
  })

  it('never has more than 4 reads in flight', async () => {
    let inFlight = 0
    let most = 0
    const slow = (r: HttpResult) => async () => {
      inFlight++
      most = Math.max(most, inFlight)
      await new Promise(res => setImmediate(res))
      inFlight--
      return r
    }
    const many = Array.from({ length: 12 }, (_, i) => ({
      id: `dddddddddddddddddddddd${String(i).padStart(2, '0')}`,
      name: `p${i}`
    }))
    const routes: Routes = orgRoutes({ [`GET /api/atlas/v2/orgs/${ORG_ID}/groups`]: page(many) })
    for (const g of many) routes[`GET /api/atlas/v2/groups/${g.id}/accessList`] = page([])
    const wrapped: Routes = Object.fromEntries(
      Object.entries(routes).map(([k, v]) => [k, typeof v === 'function' ? v : slow(v)])
    )
    const { atlas, td } = client(wrapped)
    const read = await readFleet(atlas, { orgId: ORG_ID, targets: [], signal: td.deadline.signal })
    expect(read.projects).toHaveLength(12)
    expect(read.projects.every(p => p.entries !== undefined)).toBe(true)
    expect(most).toBe(4)
  })

  it('targets narrows the reads to the chunk, and a target no list holds is named', async () => {
    const { atlas, http, td } = client(orgRoutes())
    const read = await readFleet(atlas, {
      orgId: ORG_ID,
      targets: [`project:${P_CLEAN}`, 'project:eeeeeeeeeeeeeeeeeeeeeeee'],
      signal: td.deadline.signal
    })
    expect(read.projects.map(p => p.target.id)).toEqual([P_CLEAN])
    expect(read.apiKeys).toEqual([])
    expect(http.paths()).not.toContain(`GET /api/atlas/v2/groups/${P_OPEN}/accessList`)
    expect(http.paths()).not.toContain(`GET /api/atlas/v2/orgs/${ORG_ID}/settings`)
    expect(read.missing).toEqual(['project:eeeeeeeeeeeeeeeeeeeeeeee'])
  })

  it('a chunk pages only the lists its targets are in: API keys alone read no projects or service accounts', async () => {
    const { atlas, http, td } = client(orgRoutes())
    const read = await readFleet(atlas, {
      orgId: ORG_ID,
      targets: [`api-key:${K_OWNER}`],
      signal: td.deadline.signal
    })
    expect(read.apiKeys.map(k => k.target.id)).toEqual([K_OWNER])
    expect(http.paths()).toContain(`GET /api/atlas/v2/orgs/${ORG_ID}/settings`)
    expect(http.paths()).not.toContain(`GET /api/atlas/v2/orgs/${ORG_ID}/groups`)
    expect(http.paths()).not.toContain(`GET /api/atlas/v2/orgs/${ORG_ID}/serviceAccounts`)
    expect(read.missing).toEqual([])
    expect(read.listsUnread).toEqual([])
  })

  it('at the deadline, whatever is still unread is named so', async () => {
    let release: () => void = () => undefined
    const hang = new Promise<void>(r => (release = r))
    const { atlas, td } = client(
      orgRoutes({
        [`GET /api/atlas/v2/groups/${P_OPEN}/accessList`]: async () => {
          await hang
          return page([])
        }
      })
    )
    const pending = readFleet(atlas, { orgId: ORG_ID, targets: [], signal: td.deadline.signal })
    await new Promise(res => setTimeout(res, 0))
    td.expire()
    const read = await pending
    release()
    expect(read.projects.find(p => p.target.id === P_OPEN)?.unread?.why).toMatch(/deadline/)
    expect(read.projects.find(p => p.target.id === P_CLEAN)?.unread).toBeUndefined()
  })

  it('a list still being read at the deadline is named unread, so its targets never vanish from the run', async () => {
    let release: () => void = () => undefined
    const hang = new Promise<void>(r => (release = r))
    const { atlas, td } = client(
      orgRoutes({
        [`GET /api/atlas/v2/orgs/${ORG_ID}/groups`]: async () => {
          await hang
          return page([{ id: P_OPEN, name: 'open' }])
        }
      })
    )
    const pending = readFleet(atlas, {
      orgId: ORG_ID,
      targets: [`project:${P_OPEN}`],
      signal: td.deadline.signal
    })
    await new Promise(res => setTimeout(res, 0))
    td.expire()
    const read = await pending
    release()
    await new Promise(res => setTimeout(res, 0))
    expect(read.listsUnread).toEqual([
      { list: 'projects', unread: { why: expect.stringMatching(/deadline/) } }
    ])
    // The answer that came after the deadline changed nothing in the read already returned.
    expect(read.projects).toEqual([])
    expect(evaluateFleet(read, { now: NOW, secretExpiryDays: 14 }).map(f => f.id)).toContain(
      'fleet/incomplete'
    )
  })

  it('a list the credential may not read is named with its role, not a crash', async () => {
    const { atlas, td } = client(
      orgRoutes({
        [`GET /api/atlas/v2/orgs/${ORG_ID}/serviceAccounts`]: atlasError(401, 'USER_UNAUTHORIZED')
      })
    )
    const read = await readFleet(atlas, { orgId: ORG_ID, targets: [], signal: td.deadline.signal })
    expect(read.listsUnread).toEqual([
      { list: 'service-accounts', unread: expect.objectContaining({ role: 'Organization Read Only' }) }
    ])
    expect(read.serviceAccounts).toEqual([])
  })
})
