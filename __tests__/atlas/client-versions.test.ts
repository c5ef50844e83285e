/**
 * The versioned Accept header the action sends to each Atlas endpoint, pinned: each is the version the endpoint was
 * released with in the Atlas Administration API's spec (docs/reference/atlas-admin-api.md, atlas-round2.md). A
 * later date also works against the real API (it serves the latest version not after the asked date), but a change
 * here changes the shapes the action reads, so it must be deliberate.
 */
import { describe, expect, it } from '@jest/globals'
import { AtlasClient } from '../../src/atlas/client.js'
import type { HttpClient, HttpRequest, HttpResult } from '../../src/http/client.js'
import { DigestAuth } from '../../src/atlas/auth/authorizer.js'

function recordingClient() {
  const sent: { method: string; path: string; accept: string }[] = []
  const http = {
    warm() {},
    async request(req: HttpRequest): Promise<HttpResult> {
      const u = new URL(req.url)
      sent.push({ method: req.method, path: u.pathname, accept: req.headers?.['accept'] ?? '' })
      return { ok: false, kind: 'refused', message: 'recorded only', attempts: 1, durationMs: 0 }
    }
  } as unknown as HttpClient
  const atlas = new AtlasClient(
    http,
    'https://cloud.mongodb.com',
    new DigestAuth({ transport: async () => ({ status: 200, headers: {}, body: '{}' }) } as never)
  )
  return { atlas, sent }
}

const G = '65a1b2c3d4e5f60718293a4c'
const O = '65a1b2c3d4e5f60718293a40'
const V = (d: string) => `application/vnd.atlas.${d}+json`

describe('the Accept version of every Atlas endpoint the action calls', () => {
  it.each([
    ['identity', (a: AtlasClient) => a.identity(), 'GET', '/api/atlas/v2', V('2023-01-01')],
    ['org', (a: AtlasClient) => a.org(O), 'GET', `/api/atlas/v2/orgs/${O}`, V('2023-01-01')],
    [
      'org settings',
      (a: AtlasClient) => a.orgSettings(O),
      'GET',
      `/api/atlas/v2/orgs/${O}/settings`,
      V('2023-01-01')
    ],
    ['project', (a: AtlasClient) => a.group(G), 'GET', `/api/atlas/v2/groups/${G}`, V('2023-01-01')],
    [
      'access list status',
      (a: AtlasClient) => a.accessListStatus(G, '203.0.113.7'),
      'GET',
      `/api/atlas/v2/groups/${G}/accessList/203.0.113.7/status`,
      V('2023-01-01')
    ],
    [
      'service account (org)',
      (a: AtlasClient) => a.serviceAccount(O, 'mdb_sa_id_x'),
      'GET',
      `/api/atlas/v2/orgs/${O}/serviceAccounts/mdb_sa_id_x`,
      V('2024-08-05')
    ],
    [
      'service account (project)',
      (a: AtlasClient) => a.groupServiceAccount(G, 'mdb_sa_id_x'),
      'GET',
      `/api/atlas/v2/groups/${G}/serviceAccounts/mdb_sa_id_x`,
      V('2024-08-05')
    ],
    [
      'cluster',
      (a: AtlasClient) => a.cluster(G, 'Cluster0'),
      'GET',
      `/api/atlas/v2/groups/${G}/clusters/Cluster0`,
      V('2024-08-05')
    ],
    [
      'flex cluster',
      (a: AtlasClient) => a.flexCluster(G, 'Flex0'),
      'GET',
      `/api/atlas/v2/groups/${G}/flexClusters/Flex0`,
      V('2024-11-13')
    ],
    [
      'database user',
      (a: AtlasClient) => a.databaseUser(G, 'admin', 'app'),
      'GET',
      `/api/atlas/v2/groups/${G}/databaseUsers/admin/app`,
      V('2023-01-01')
    ],
    [
      'ipinfo (private, plain JSON)',
      (a: AtlasClient) => a.ipinfo(),
      'GET',
      '/api/private/ipinfo',
      'application/json'
    ]
  ])('%s', async (_name, call, method, path, accept) => {
    const { atlas, sent } = recordingClient()
    await call(atlas)
    expect(sent[0]).toEqual({ method, path, accept })
  })
})
