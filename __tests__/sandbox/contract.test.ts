/**
 * Fidelity: every response the sandbox serves is validated against JSON Schemas written from the reference sheets
 * (schemas/*.schema.json), success and error alike, so the sandbox cannot drift from what the client expects of
 * the real APIs. Content types and X-Request-ID are checked as the sheets describe them.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { startSandbox } from '../../sandbox/index.js'
import { DigestSession } from '../../src/atlas/auth/digest.js'
import { ROOT } from '../../scripts/runner-harness.js'
import { testHttp } from '../helpers/http.js'
import { requestToken, mintToken } from '../helpers/token.js'

const ajv = new Ajv2020({ allErrors: true, strict: false })
;(addFormats as unknown as (a: Ajv2020) => void)(ajv)
for (const f of ['atlas-admin-api.schema.json', 'atlascloud-ai-api.schema.json'])
  ajv.addSchema(JSON.parse(readFileSync(join(ROOT, 'schemas', f), 'utf8')))
const valid = (ref: string, body: unknown) => {
  const v = ajv.getSchema(ref)!
  return v(body) ? 'valid' : ajv.errorsText(v.errors)
}

const ORG = '65a1b2c3d4e5f60718293a4b'
const GROUP = '65a1b2c3d4e5f60718293a4c'
const KEY_ID = '65a1b2c3d4e5f60718293a50'
const CID = 'mdb_sa_id_65a1b2c3d4e5f60718293a51'
const SECRET = 'mdb_sa_sk_SandboxSecret0123456789abcdefABCDEF012345'
const V1 = 'application/vnd.atlas.2023-01-01+json'
const VAI = 'application/vnd.atlas.2025-03-12+json'
const MODEL_KEY = 'al-Sbx7Lm2Np4Rt6Vx8Bd1Fh3Jk5Mn7Pq9Rs0Tu2Wy4k3y9'
const VSA = 'application/vnd.atlas.2024-08-05+json'
const A = 'atlas-admin-api.schema.json#/$defs/'
const C = 'atlascloud-ai-api.schema.json#/$defs/'

let sandbox: Awaited<ReturnType<typeof startSandbox>>
let token = ''
beforeAll(async () => {
  // A service account with Organization Read Only, so the org-level service account reads answer too.
  sandbox = await startSandbox({
    scenario: {
      extends: 'model-key-healthy',
      atlas: {
        serviceAccounts: [
          {
            clientId: CID,
            name: 'ci',
            roles: ['ORG_READ_ONLY'],
            projectRoles: { [GROUP]: ['GROUP_READ_ONLY'] },
            secrets: [{ id: '65a1b2c3d4e5f60718293a52', secret: SECRET, expiresInDays: 30 }],
            accessList: ['203.0.113.10/32']
          }
        ]
      }
    }
  })
  token = await mintToken(sandbox.atlasUrl, CID, SECRET)
})
afterAll(() => sandbox.stop())

async function bearer(path: string, accept = V1) {
  const res = await fetch(`${sandbox.atlasUrl}${path}`, {
    headers: { authorization: `Bearer ${token}`, accept }
  })
  return {
    status: res.status,
    type: res.headers.get('content-type') ?? '',
    body: (await res.json()) as Record<string, unknown>
  }
}

describe('Atlas Administration API responses', () => {
  it.each([
    ['/api/atlas/v2', V1, 'SystemStatus'],
    ['/api/atlas/v2/orgs', V1, 'PaginatedOrg'],
    [`/api/atlas/v2/orgs/${ORG}`, V1, 'Org'],
    [`/api/atlas/v2/orgs/${ORG}/settings`, V1, 'OrganizationSettings'],
    ['/api/atlas/v2/groups', V1, 'PaginatedGroup'],
    [`/api/atlas/v2/groups/${GROUP}`, V1, 'Group'],
    [`/api/atlas/v2/groups/${GROUP}/accessList`, V1, 'PaginatedNetworkAccess'],
    [
      `/api/atlas/v2/groups/${GROUP}/accessList/${encodeURIComponent('203.0.113.0/24')}/status`,
      V1,
      'AccessListStatus'
    ],
    [`/api/atlas/v2/orgs/${ORG}/serviceAccounts/${CID}`, VSA, 'ServiceAccount'],
    [
      `/api/atlas/v2/orgs/${ORG}/serviceAccounts/${CID}/accessList`,
      VSA,
      'PaginatedServiceAccountIPAccessList'
    ],
    [`/api/atlas/v2/groups/${GROUP}/serviceAccounts/${CID}`, VSA, 'ServiceAccount'],
    [
      `/api/atlas/v2/groups/${GROUP}/aiModelApiKeys?itemsPerPage=500&pageNum=1`,
      VAI,
      'PaginatedAiModelApiKey'
    ],
    [
      `/api/atlas/v2/groups/${GROUP}/aiModelApiRateLimits?itemsPerPage=500&pageNum=1`,
      VAI,
      'PaginatedAiModelRateLimit'
    ]
  ])('GET %s', async (path, accept, def) => {
    const r = await bearer(path, accept)
    expect(r.status).toBe(200)
    expect(r.type).toBe(`${accept};charset=utf-8`)
    expect(valid(A + def, r.body)).toBe('valid')
  })

  it('the model API key list shows the key masked, never its secret, and a key is readable by its id', async () => {
    const list = await bearer(`/api/atlas/v2/groups/${GROUP}/aiModelApiKeys`, VAI)
    expect(JSON.stringify(list.body)).not.toContain(MODEL_KEY)
    const first = (list.body['results'] as { apiKeyId: string; maskedSecret: string }[])[0]!
    expect(first.maskedSecret).toBe(`al-****${MODEL_KEY.slice(-4)}`)
    const one = await bearer(`/api/atlas/v2/groups/${GROUP}/aiModelApiKeys/${first.apiKeyId}`, VAI)
    expect(valid(A + 'AiModelApiKeyResponse', one.body)).toBe('valid')
    // An older Accept than the endpoint's first version is refused, as for every versioned endpoint.
    expect((await bearer(`/api/atlas/v2/groups/${GROUP}/aiModelApiKeys`, V1)).status).toBe(406)
  })

  it('GET /api/private/ipinfo', async () => {
    const r = await bearer('/api/private/ipinfo', 'application/json')
    expect(valid(A + 'IpInfo', r.body)).toBe('valid')
  })

  it('the Digest identity call and the API key access list', async () => {
    const t = testHttp([sandbox.atlasUrl])
    const transport = new DigestSession('sbxpubky', '3f6c1b2a-8d4e-4f7a-9b1c-2d3e4f5a6b7c').transport
    const me = await t.http.request({
      method: 'GET',
      url: `${sandbox.atlasUrl}/api/atlas/v2`,
      headers: { accept: V1 },
      credentialed: true,
      idempotent: true,
      transport
    })
    expect(me.ok && valid(A + 'SystemStatusWithApiKey', me.json)).toBe('valid')
    const list = await t.http.request({
      method: 'GET',
      url: `${sandbox.atlasUrl}/api/atlas/v2/orgs/${ORG}/apiKeys/${KEY_ID}/accessList`,
      headers: { accept: V1 },
      credentialed: true,
      idempotent: true,
      transport
    })
    expect(list.ok && valid(A + 'PaginatedApiUserAccessList', list.json)).toBe('valid')
    await t.close()
  })

  it('the token endpoint, success and invalid_client', async () => {
    const ok = await requestToken(sandbox.atlasUrl, CID, SECRET)
    expect(valid(A + 'OAuthToken', await ok.json())).toBe('valid')
    const bad = await requestToken(sandbox.atlasUrl, CID, 'nope')
    expect(bad.status).toBe(401)
    expect(await bad.json()).toEqual({
      error_description: 'Invalid credentials provided.',
      error: 'invalid_client'
    })
  })

  it.each([
    [`/api/atlas/v2/groups/111111111111111111111111`, V1, 404, 'GROUP_NOT_FOUND'],
    ['/api/atlas/v2/groups', 'application/json', 406, 'INVALID_VERSION_DATE'],
    ['/api/atlas/v2/groups', 'application/vnd.atlas.2022-01-01+json', 406, 'INVALID_VERSION_DATE'],
    ['/api/atlas/v2/nothing-here', V1, 404, 'RESOURCE_NOT_FOUND']
  ])('errors: GET %s (%s) → %i %s', async (path, accept, status, code) => {
    const r = await bearer(path, accept)
    expect([r.status, r.body.errorCode]).toEqual([status, code])
    expect(r.type).toBe('application/json')
    expect(valid(A + 'ApiError', r.body)).toBe('valid')
  })

  it('a missing role is 401 USER_UNAUTHORIZED, not 403', async () => {
    const s = await startSandbox({ scenario: 'healthy-api-key' })
    const t = testHttp([s.atlasUrl])
    const transport = new DigestSession('sbxpubky', '3f6c1b2a-8d4e-4f7a-9b1c-2d3e4f5a6b7c').transport
    const r = await t.http.request({
      method: 'GET',
      url: `${s.atlasUrl}/api/atlas/v2/groups/65a1b2c3d4e5f60718293a4d`,
      headers: { accept: V1 },
      credentialed: true,
      idempotent: true,
      transport
    })
    expect(r.ok && [r.status, (r.json as { errorCode: string }).errorCode]).toEqual([
      401,
      'USER_UNAUTHORIZED'
    ])
    expect(r.ok && valid(A + 'ApiError', r.json)).toBe('valid')
    await t.close()
    await s.stop()
  })

  it('the Digest challenge is the one Atlas sends', async () => {
    const res = await fetch(`${sandbox.atlasUrl}/api/atlas/v2`, { headers: { accept: V1 } })
    expect(res.status).toBe(401)
    expect(res.headers.get('www-authenticate')).toMatch(
      /^Digest realm="MMS Public API", domain="", nonce="\w{32}", algorithm=MD5, qop="auth", stale=false$/
    )
    expect(valid(A + 'ChallengeBody', await res.json())).toBe('valid')
  })

  it('403 IP_ADDRESS_NOT_ON_ACCESS_LIST names the caller address in detail and parameters', async () => {
    const s = await startSandbox({ scenario: 'ip-not-on-api-access-list' })
    const tok = await requestToken(s.atlasUrl, CID, SECRET)
    expect(tok.status).toBe(200) // tokens are minted from any address
    const { access_token } = (await tok.json()) as { access_token: string }
    const res = await fetch(`${s.atlasUrl}/api/atlas/v2/orgs`, {
      headers: { authorization: `Bearer ${access_token}`, accept: V1 }
    })
    const body = (await res.json()) as { errorCode: string; parameters: string[]; detail: string }
    expect([res.status, body.errorCode, body.parameters]).toEqual([
      403,
      'IP_ADDRESS_NOT_ON_ACCESS_LIST',
      ['203.0.113.10']
    ])
    expect(body.detail).toContain('203.0.113.10')
    expect(valid(A + 'ApiError', body)).toBe('valid')
    await s.stop()
  })

  it('429 RATE_LIMITED_TOKEN_BUCKET with RateLimit-* and Retry-After once the settings bucket of 10 is empty', async () => {
    let last
    for (let i = 0; i < 11; i++)
      last = await fetch(`${sandbox.atlasUrl}/api/atlas/v2/orgs/${ORG}/settings`, {
        headers: { authorization: `Bearer ${token}`, accept: V1 }
      })
    expect(last!.status).toBe(429)
    expect(last!.headers.get('ratelimit-limit')).toBe('10')
    expect(last!.headers.get('ratelimit-remaining')).toBe('0')
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0)
    const body = (await last!.json()) as { errorCode: string }
    expect(body.errorCode).toBe('RATE_LIMITED_TOKEN_BUCKET')
    expect(valid(A + 'ApiError', body)).toBe('valid')
  })
})

describe('Atlas project access-list writes', () => {
  // A service account with Project Network Access Manager, the role the writes need.
  let w: Awaited<ReturnType<typeof startSandbox>>
  let tok = ''
  beforeAll(async () => {
    w = await startSandbox({
      scenario: {
        extends: 'healthy',
        atlas: {
          accessListDuplicate: 'conflict',
          serviceAccounts: [
            {
              clientId: CID,
              name: 'ci',
              roles: ['ORG_MEMBER'],
              projectRoles: { [GROUP]: ['GROUP_NETWORK_ACCESS_MANAGER'] },
              secrets: [{ id: '65a1b2c3d4e5f60718293a52', secret: SECRET, expiresInDays: 30 }],
              accessList: ['203.0.113.10/32']
            }
          ]
        }
      }
    })
    tok = await mintToken(w.atlasUrl, CID, SECRET)
  })
  afterAll(() => w.stop())

  async function call(method: string, path: string, body?: unknown) {
    const res = await fetch(`${w.atlasUrl}/api/atlas/v2/groups/${GROUP}/accessList${path}`, {
      method,
      headers: {
        authorization: `Bearer ${tok}`,
        accept: V1,
        ...(body !== undefined ? { 'content-type': V1 } : {})
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {})
    })
    const text = await res.text()
    return {
      status: res.status,
      type: res.headers.get('content-type') ?? '',
      body: (text ? JSON.parse(text) : undefined) as Record<string, unknown>
    }
  }

  it('POST, GET one, status and DELETE answer as the schemas say', async () => {
    const entries = [
      {
        ipAddress: '192.0.2.44',
        comment: 'atlas-preflight lease',
        deleteAfterDate: new Date(Date.now() + 3_600_000).toISOString()
      },
      { cidrBlock: '192.0.2.64/28' }
    ]
    expect(valid(A + 'CreateNetworkAccessRequest', entries)).toBe('valid')
    const post = await call('POST', '', entries)
    expect([post.status, post.type]).toEqual([201, `${V1};charset=utf-8`])
    expect(valid(A + 'PaginatedNetworkAccess', post.body)).toBe('valid')
    const one = await call('GET', '/192.0.2.44')
    expect([one.status, one.type]).toEqual([200, `${V1};charset=utf-8`])
    expect(valid(A + 'NetworkPermissionEntry', one.body)).toBe('valid')
    expect(one.body).toMatchObject({ ipAddress: '192.0.2.44', cidrBlock: '192.0.2.44/32' })
    const status = await call('GET', '/192.0.2.64%2F28/status')
    expect(valid(A + 'AccessListStatus', status.body)).toBe('valid')
    expect(status.body.STATUS).toBe('PENDING')
    const del = await call('DELETE', '/192.0.2.64%2F28')
    expect([del.status, del.body]).toEqual([204, undefined])
  })

  it.each([
    ['POST', '', [{ ipAddress: '192.0.2.50', comment: 'x'.repeat(81) }], 400, 'INVALID_ATTRIBUTE'],
    ['POST', '', { ipAddress: '192.0.2.50' }, 400, 'VALIDATION_ERROR'],
    ['POST', '', [{ ipAddress: '192.0.2.44' }], 409, 'DUPLICATE_NETWORK_PERMISSION_ENTRY'],
    ['GET', '/192.0.2.99', undefined, 404, 'ATLAS_NETWORK_PERMISSION_ENTRY_NOT_FOUND'],
    ['DELETE', '/192.0.2.99%2F32', undefined, 404, 'ATLAS_NETWORK_PERMISSION_ENTRY_NOT_FOUND']
  ])('errors: %s accessList%s → %i %s', async (method, path, body, status, code) => {
    const r = await call(method, path, body)
    expect([r.status, r.body.errorCode, r.type]).toEqual([status, code, 'application/json'])
    expect(valid(A + 'ApiError', r.body)).toBe('valid')
  })

  it('a write without the role is 401 USER_UNAUTHORIZED', async () => {
    const r = await bearer(`/api/atlas/v2/groups/${GROUP}/accessList`)
    expect(r.status).toBe(200) // the read-only credential of the suite above reads…
    const post = await fetch(`${sandbox.atlasUrl}/api/atlas/v2/groups/${GROUP}/accessList`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, accept: V1, 'content-type': V1 },
      body: JSON.stringify([{ ipAddress: '192.0.2.44' }])
    })
    const body = (await post.json()) as { errorCode: string }
    expect([post.status, body.errorCode]).toEqual([401, 'USER_UNAUTHORIZED']) // …but may not write
    expect(valid(A + 'ApiError', body)).toBe('valid')
  })
})

describe('Atlas clusters and database users (issue 14)', () => {
  const VF = 'application/vnd.atlas.2024-11-13+json'
  let f: Awaited<ReturnType<typeof startSandbox>>
  let ftok = ''
  beforeAll(async () => {
    f = await startSandbox({ scenario: 'cluster-flex' })
    ftok = await mintToken(f.atlasUrl, CID, SECRET)
  })
  afterAll(() => f.stop())
  async function flex(path: string, accept: string) {
    const res = await fetch(`${f.atlasUrl}/api/atlas/v2/groups/${GROUP}${path}`, {
      headers: { authorization: `Bearer ${ftok}`, accept }
    })
    return {
      status: res.status,
      type: res.headers.get('content-type') ?? '',
      body: (await res.json()) as Record<string, unknown>
    }
  }

  it.each([
    ['/clusters/Cluster0', 'application/vnd.atlas.2023-01-01+json', 'ClusterDescription'],
    ['/clusters/Cluster0', 'application/vnd.atlas.2023-02-01+json', 'ClusterDescription'],
    ['/clusters/Cluster0', 'application/vnd.atlas.2024-08-05+json', 'ClusterDescription'],
    ['/clusters', 'application/vnd.atlas.2024-08-05+json', 'PaginatedCluster'],
    ['/databaseUsers/admin/app-deploy', V1, 'CloudDatabaseUser'],
    ['/databaseUsers', V1, 'PaginatedDatabaseUser']
  ])('GET …%s (%s)', async (path, accept, def) => {
    const r = await bearer(`/api/atlas/v2/groups/${GROUP}${path}`, accept)
    expect([r.status, r.type]).toEqual([200, `${accept};charset=utf-8`])
    expect(valid(A + def, r.body)).toBe('valid')
  })

  it.each([
    ['/flexClusters/Flex0', 'FlexClusterDescription'],
    ['/flexClusters', 'PaginatedFlexCluster']
  ])('GET …%s (2024-11-13)', async (path, def) => {
    const r = await flex(path, VF)
    expect([r.status, r.type]).toEqual([200, `${VF};charset=utf-8`])
    expect(valid(A + def, r.body)).toBe('valid')
  })

  it.each([
    ['/clusters/Cluster9', V1, 404, 'CLUSTER_NOT_FOUND'],
    ['/clusters/Flex0', V1, 400, 'CANNOT_USE_FLEX_CLUSTER_IN_CLUSTER_API'],
    ['/flexClusters/Cluster0', VF, 400, 'CANNOT_USE_NON_FLEX_CLUSTER_IN_FLEX_API'],
    ['/flexClusters/Flex0', V1, 406, 'INVALID_VERSION_DATE'],
    ['/databaseUsers/admin/nobody', V1, 404, 'USERNAME_NOT_FOUND']
  ])('errors: GET …%s (%s) → %i %s', async (path, accept, status, code) => {
    const r = await flex(path, accept)
    expect([r.status, r.body.errorCode, r.type]).toEqual([status, code, 'application/json'])
    expect(valid(A + 'ApiError', r.body)).toBe('valid')
  })

  it.each([
    [
      A + 'ClusterDescription',
      { id: GROUP, name: 'c', groupId: GROUP, stateName: 'PAUSED', paused: true, connectionStrings: {} }
    ],
    [
      A + 'ClusterConnectionStrings',
      { standard: 'mongodb://h:27017/?ssl=false', standardSrv: 'mongodb+srv://h.x.y' }
    ],
    [
      A + 'ClusterConnectionStrings',
      { standard: 'mongodb://h:27017/?ssl=true', standardSrv: 'mongodb+srv://h.x.y:27017' }
    ],
    [
      A + 'FlexClusterDescription',
      { id: GROUP, name: 'f', groupId: GROUP, stateName: 'IDLE', paused: false, connectionStrings: {} }
    ],
    [
      A + 'CloudDatabaseUser',
      { databaseName: 'admin', groupId: GROUP, username: 'u', roles: [], password: 'x' }
    ],
    [A + 'DatabaseUserScope', { name: 'Cluster0', type: 'SERVERLESS' }]
  ])('%s rejects %j', (ref, body) => {
    expect(valid(ref, body)).not.toBe('valid')
  })
})

describe('Atlas Cloud AI API responses', () => {
  const key = { authorization: 'Bearer apikey-sandbox7f3e9a1c5b2d4e6f8a0b' }
  async function ai(path: string, headers: Record<string, string> = key, url = sandbox.aiUrl) {
    const res = await fetch(`${url}${path}`, { headers })
    expect(res.headers.get('x-request-id')).toMatch(/^req_/)
    return { status: res.status, body: await res.json() }
  }

  it.each([
    ['/public/v1/balance', key, 200, 'Balance'],
    ['/public/v1/balance', { authorization: 'Bearer apikey-wrong' }, 401, 'BillingError'],
    ['/public/v1/balance', {}, 401, 'BillingError'],
    ['/public/v1/model-usage?start_date=2026-11-28&end_date=2026-11-29', key, 200, 'UsageList'],
    ['/public/v1/model-usage', key, 400, 'BillingError'],
    ['/api/v1/models', {}, 200, 'ModelsCatalog'],
    ['/v1/models', {}, 200, 'OpenAiModels'],
    ['/api/v1/no-such-path', key, 401, 'ModelError']
  ])('GET %s', async (path, headers, status, def) => {
    const r = await ai(path, headers as Record<string, string>)
    expect(r.status).toBe(status)
    expect(valid(C + def, r.body)).toBe('valid')
  })

  it('403 for a key without balance permission, 451 for a blocked region', async () => {
    const s1 = await startSandbox({ scenario: 'ai-no-balance-permission' })
    const r1 = await ai('/public/v1/balance', key, s1.aiUrl)
    expect([r1.status, valid(C + 'BillingError', r1.body)]).toEqual([403, 'valid'])
    await s1.stop()
    const s2 = await startSandbox({ scenario: 'ai-region-blocked' })
    const r2 = await ai('/public/v1/balance', key, s2.aiUrl)
    expect([r2.status, valid(C + 'ModelError', r2.body)]).toEqual([451, 'valid'])
    await s2.stop()
  })
})

describe('issue 15 routes', () => {
  it('the project-level service account access list (Project Read Only, 2024-08-05)', async () => {
    const r = await bearer(`/api/atlas/v2/groups/${GROUP}/serviceAccounts/${CID}/accessList`, VSA)
    expect([r.status, r.type]).toEqual([200, `${VSA};charset=utf-8`])
    expect(valid(A + 'PaginatedServiceAccountIPAccessList', r.body)).toBe('valid')
  })

  it('the org settings carry maxServiceAccountSecretValidityInHours', async () => {
    const r = await bearer(`/api/atlas/v2/orgs/${ORG}`)
    expect(valid(A + 'Org', r.body)).toBe('valid')
    const s = await startSandbox({ scenario: 'healthy' })
    const tok = await requestToken(s.atlasUrl, CID, SECRET)
    const { access_token } = (await tok.json()) as { access_token: string }
    const res = await fetch(`${s.atlasUrl}/api/atlas/v2/orgs/${ORG}/settings`, {
      headers: { authorization: `Bearer ${access_token}`, accept: V1 }
    })
    const body = (await res.json()) as Record<string, unknown>
    expect(body.maxServiceAccountSecretValidityInHours).toBe(8760)
    expect(valid(A + 'OrganizationSettings', body)).toBe('valid')
    await s.stop()
  })

  it('an unknown Bearer token, an unimplemented endpoint, a token rate limit and a token limit', async () => {
    const bad = await fetch(`${sandbox.atlasUrl}/api/atlas/v2/groups`, {
      headers: { authorization: 'Bearer eyJ-nothing', accept: V1 }
    })
    const badBody = await bad.json()
    expect(bad.status).toBe(401)
    expect(valid(A + 'ApiError', badBody)).toBe('valid')
    const gap = await bearer(`/api/atlas/v2/groups/${GROUP}/alertConfigs`)
    expect([gap.status, valid(A + 'NotImplemented', gap.body)]).toEqual([501, 'valid'])
    const s = await startSandbox({ scenario: 'token-rate-limited' })
    const limited = await requestToken(s.atlasUrl, CID, SECRET)
    expect([limited.status, valid(A + 'TokenRateLimited', await limited.json())]).toEqual([429, 'valid'])
    await s.stop()
    const f = await startSandbox({ scenario: 'token-limit-reached' })
    const full = await requestToken(f.atlasUrl, CID, SECRET)
    expect([full.status, valid(A + 'OAuthError', await full.json())]).toEqual([403, 'valid'])
    await f.stop()
  })

  it('GET /public/v1/model-costs', async () => {
    const end = new Date().toISOString().slice(0, 10)
    const start = new Date(Date.now() - 14 * 86_400_000).toISOString().slice(0, 10)
    const res = await fetch(`${sandbox.aiUrl}/public/v1/model-costs?start_date=${start}&end_date=${end}`, {
      headers: { authorization: 'Bearer apikey-sandbox7f3e9a1c5b2d4e6f8a0b' }
    })
    expect(res.headers.get('x-request-id')).toMatch(/^req_/)
    expect([res.status, valid(C + 'CostList', await res.json())]).toEqual([200, 'valid'])
    const err = await fetch(`${sandbox.aiUrl}/public/v1/model-costs?start_date=${end}&end_date=${start}`, {
      headers: { authorization: 'Bearer apikey-sandbox7f3e9a1c5b2d4e6f8a0b' }
    })
    expect([err.status, valid(C + 'BillingError', await err.json())]).toEqual([400, 'valid'])
  })
})

describe('the schemas can fail', () => {
  it.each([
    [A + 'ApiError', { error: 401 }],
    [A + 'SystemStatusWithApiKey', { appName: 'MongoDB Atlas', build: 'x', throttling: false }],
    [A + 'RoleAssignment', { orgId: ORG, groupId: GROUP, roleName: 'ORG_OWNER' }],
    [A + 'RoleAssignment', { groupId: GROUP, roleName: 'PROJECT_READ_ONLY' }],
    [
      A + 'ServiceAccountIPAccessListEntry',
      { cidrBlock: '203.0.113.10/32', created: '2026-01-01T00:00:00Z', count: 1 }
    ],
    [A + 'OAuthToken', { access_token: 'x', expires_in: '3600', token_type: 'Bearer' }],
    [A + 'AccessListStatus', { STATUS: 'DONE' }],
    [A + 'NetworkPermissionEntryRequest', { ipAddress: '192.0.2.44', cidrBlock: '192.0.2.44/32' }],
    [A + 'NetworkPermissionEntryRequest', { comment: 'no address' }],
    [A + 'NetworkPermissionEntryRequest', { ipAddress: '192.0.2.44', comment: 'x'.repeat(81) }],
    [
      A + 'NetworkPermissionEntryRequest',
      { awsSecurityGroup: 'sg-0a1b2c3d', deleteAfterDate: '2026-09-01T12:00:00Z' }
    ],
    [A + 'CreateNetworkAccessRequest', { ipAddress: '192.0.2.44' }],
    [C + 'Money', { value: 125.5, currency: 'usd' }],
    [C + 'Money', { value: '125.5', currency: 'usd' }],
    [C + 'BillingError', { code: 401, msg: 'unauthorized' }],
    // Issue 15: org names follow the spec pattern; the new answers' schemas can fail too.
    [A + 'Org', { id: ORG, name: 'Sandbox Org' }],
    [A + 'Group', { id: GROUP, name: 'has space', orgId: ORG }],
    [A + 'OAuthError', { error: 'token_limit', error_description: 'x' }],
    [A + 'TokenRateLimited', { error: 429, errorCode: 'RATE_LIMITED_TOKEN_BUCKET', detail: 'x' }],
    [A + 'NotImplemented', { error: 404, errorCode: 'RESOURCE_NOT_FOUND', detail: 'x', reason: 'Not Found' }],
    [
      A + 'ServiceAccountSecret',
      {
        id: KEY_ID,
        createdAt: '2026-01-01T00:00:00Z',
        expiresAt: '2026-02-01T00:00:00Z',
        secret: 'mdb_sa_sk_x'
      }
    ],
    [
      A + 'ServiceAccountSecretCreated',
      { id: KEY_ID, createdAt: '2026-01-01T00:00:00Z', expiresAt: '2026-02-01T00:00:00Z' }
    ],
    [C + 'CostList', { object: 'list', scope: 'self', data: [], has_more: true, next_page: null }],
    [C + 'CostList', { object: 'list', scope: 'team', data: [], has_more: false, next_page: null }],
    [
      C + 'CostBucket',
      {
        object: 'model_cost.bucket',
        date: '2026-05-01',
        start_at: '2026-05-01T00:00:00Z',
        end_at: '2026-05-02T00:00:00Z',
        covered_until: '2026-05-02T00:00:00Z',
        partial: false,
        results: [{ object: 'model_cost.result', amount: { value: 0.24, currency: 'usd' } }]
      }
    ],
    [C + 'CostBucket', { object: 'bucket', date: '2026-05-01', results: [] }]
  ])('%s rejects %j', (ref, body) => {
    expect(valid(ref, body)).not.toBe('valid')
  })
})
