/** A small organization as the fleet reads it, and the stub routes that answer for it. */
import type { HttpOk } from '../../src/http/client.js'
import { ORG_ID, atlasError, json, type Routes } from '../helpers/check-context.js'
import type { FleetRead } from '../../src/fleet/model.js'

export const P_OPEN = 'aaaaaaaaaaaaaaaaaaaaaa01'
export const P_CLEAN = 'aaaaaaaaaaaaaaaaaaaaaa02'
export const K_OWNER = 'bbbbbbbbbbbbbbbbbbbbbb01'
export const K_OTHER = 'bbbbbbbbbbbbbbbbbbbbbb02'
export const SA_OLD = 'mdb_sa_id_cccccccccccccccccccccc01'

export const page = (results: unknown[]): HttpOk =>
  json(200, { results, totalCount: results.length, links: [] })

export function orgRoutes(over: Routes = {}): Routes {
  const base = `/api/atlas/v2/orgs/${ORG_ID}`
  return {
    [`GET ${base}`]: json(200, { id: ORG_ID, name: 'Acme' }),
    [`GET ${base}/settings`]: json(200, { apiAccessListRequired: false }),
    [`GET ${base}/groups`]: page([
      { id: P_OPEN, name: 'open' },
      { id: P_CLEAN, name: 'clean' }
    ]),
    [`GET ${base}/apiKeys`]: page([
      { id: K_OWNER, desc: 'deployer', roles: [{ orgId: ORG_ID, roleName: 'ORG_OWNER' }] },
      { id: K_OTHER, desc: 'reader', roles: [{ orgId: ORG_ID, roleName: 'ORG_READ_ONLY' }] }
    ]),
    [`GET ${base}/serviceAccounts`]: page([
      { clientId: SA_OLD, name: 'old', roles: ['ORG_READ_ONLY'], secrets: [] }
    ]),
    [`GET /api/atlas/v2/groups/${P_OPEN}/accessList`]: page([{ cidrBlock: '0.0.0.0/0', comment: 'x' }]),
    [`GET /api/atlas/v2/groups/${P_CLEAN}/accessList`]: page([
      { cidrBlock: '203.0.113.7/32', comment: 'ci' }
    ]),
    [`GET ${base}/apiKeys/${K_OWNER}/accessList`]: page([
      {
        cidrBlock: '203.0.113.7/32',
        count: 3,
        created: '2025-05-01T00:00:00Z',
        lastUsed: '2025-05-30T00:00:00Z'
      }
    ]),
    [`GET ${base}/apiKeys/${K_OTHER}/accessList`]: atlasError(401, 'API_KEY_ACCESS_LIST_ACCESS_DENIED', {
      detail: 'API key access lists are only accessible by the API key or by a user administrator.'
    }),
    [`GET ${base}/serviceAccounts/${SA_OLD}/accessList`]: page([
      { cidrBlock: '198.51.100.0/24', createdAt: '2024-01-01T00:00:00Z', requestCount: 0 }
    ]),
    ...over
  }
}

/** A read with nothing wrong, for the evaluation tests to plant problems in. */
export function cleanRead(): FleetRead {
  return {
    org: { kind: 'organization', id: ORG_ID, name: 'Acme' },
    settings: { apiAccessListRequired: true },
    projects: [
      {
        target: { kind: 'project', id: P_CLEAN, name: 'clean' },
        entries: [{ entry: '203.0.113.7/32', comment: 'ci' }]
      }
    ],
    apiKeys: [
      {
        target: { kind: 'api-key', id: K_OTHER, name: 'reader' },
        roles: ['ORG_READ_ONLY'],
        entries: [{ entry: '203.0.113.7/32', lastUsedAt: '2025-05-30T00:00:00Z', tracksUse: true }]
      }
    ],
    serviceAccounts: [],
    listsUnread: [],
    missing: []
  }
}
