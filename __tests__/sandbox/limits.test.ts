/**
 * The sandbox side of issue 15, over real HTTP (and HTTPS): the Atlas Cloud AI costs endpoint (daily buckets,
 * partial current day, paging, errors), the service-account limits of the token endpoint (10 requests a minute per
 * address and account, 100 live tokens, revocation that checks the client), the secret slots, the project-level
 * service-account access list, 501 for what the sandbox does not implement, Accept-date resolution, and the HTTPS
 * mode trusted through NODE_EXTRA_CA_CERTS in a child process. Time is the sandbox's injected clock: nothing sleeps.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { Agent, fetch as undiciFetch } from 'undici'
import { startSandbox, loadScenario } from '../../sandbox/index.js'
import { ROOT, runAction } from '../../scripts/runner-harness.js'
import { requestToken } from '../helpers/token.js'

const ajv = new Ajv2020({ allErrors: true, strict: false })
;(addFormats as unknown as (a: Ajv2020) => void)(ajv)
for (const f of ['atlas-admin-api.schema.json', 'atlascloud-ai-api.schema.json'])
  ajv.addSchema(JSON.parse(readFileSync(join(ROOT, 'schemas', f), 'utf8')))
const valid = (ref: string, body: unknown) => {
  const v = ajv.getSchema(ref)!
  return v(body) ? 'valid' : ajv.errorsText(v.errors)
}
const A = 'atlas-admin-api.schema.json#/$defs/'
const C = 'atlascloud-ai-api.schema.json#/$defs/'

const ORG = '65a1b2c3d4e5f60718293a4b'
const GROUP = '65a1b2c3d4e5f60718293a4c'
const CID = 'mdb_sa_id_65a1b2c3d4e5f60718293a51'
const SECRET = 'mdb_sa_sk_SandboxSecret0123456789abcdefABCDEF012345'
const CID2 = 'mdb_sa_id_65a1b2c3d4e5f60718293a61'
const SECRET2 = 'mdb_sa_sk_OtherSandboxSecret0123456789abcdefABCDEF01'
const KEY = 'apikey-sandbox7f3e9a1c5b2d4e6f8a0b'
const V1 = 'application/vnd.atlas.2023-01-01+json'
const VSA = 'application/vnd.atlas.2024-08-05+json'
const NOW = Date.parse('2026-05-20T15:30:00Z')
const DAY = 86_400_000

type Sandbox = Awaited<ReturnType<typeof startSandbox>>
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any

/** A sandbox on a clock the test moves. */
async function clocked(scenario: string | object, extra: Record<string, unknown> = {}) {
  const clock = { t: NOW }
  const s = await startSandbox({ scenario, now: () => clock.t, ...extra })
  return { s, clock }
}

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`

async function token(s: Sandbox, id = CID, secret = SECRET) {
  const res = await requestToken(s.atlasUrl, id, secret)
  return { status: res.status, headers: res.headers, body: (await res.json()) as Json }
}

async function revoke(s: Sandbox, tok: string, id = CID, secret = SECRET) {
  const res = await fetch(`${s.atlasUrl}/api/oauth/revoke`, {
    method: 'POST',
    headers: { authorization: basic(id, secret), 'content-type': 'application/x-www-form-urlencoded' },
    body: `token=${tok}&token_type_hint=access_token`
  })
  const text = await res.text()
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as Json }
}

async function get(s: Sandbox, path: string, tok: string, accept = V1, method = 'GET') {
  const res = await fetch(`${s.atlasUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${tok}`, accept }
  })
  const text = await res.text()
  return {
    status: res.status,
    type: res.headers.get('content-type') ?? '',
    body: (text ? JSON.parse(text) : undefined) as Json
  }
}

async function costs(s: Sandbox, query: string, key = KEY) {
  const res = await fetch(`${s.aiUrl}/public/v1/model-costs${query}`, {
    headers: { authorization: `Bearer ${key}` }
  })
  return { status: res.status, body: (await res.json()) as Json }
}

const day = (offset: number) => new Date(NOW + offset * DAY).toISOString().slice(0, 10)

describe('Atlas Cloud AI GET /public/v1/model-costs', () => {
  let s: Sandbox
  beforeAll(async () => {
    ;({ s } = await clocked({
      extends: 'healthy',
      ai: {
        costs: [
          { daysAgo: 3, usd: 2.5 },
          { daysAgo: 2, usd: 4 },
          { daysAgo: 1, usd: 6 },
          { daysAgo: 0, usd: 8 }
        ],
        costsLagMinutes: 30
      }
    }))
  })
  afterAll(() => s.stop())

  it('answers daily UTC buckets, start inclusive and end exclusive, one total each, in the documented shape', async () => {
    const r = await costs(s, `?start_date=${day(-3)}&end_date=${day(-1)}`)
    expect(r.status).toBe(200)
    expect(valid(C + 'CostList', r.body)).toBe('valid')
    expect(r.body).toMatchObject({ object: 'list', scope: 'self', has_more: false, next_page: null })
    expect(r.body.data.map((b: Json) => b.date)).toEqual([day(-3), day(-2)])
    expect(r.body.data[0]).toEqual({
      object: 'model_cost.bucket',
      date: day(-3),
      start_at: `${day(-3)}T00:00:00Z`,
      end_at: `${day(-2)}T00:00:00Z`,
      covered_until: `${day(-2)}T00:00:00Z`,
      partial: false,
      results: [{ object: 'model_cost.result', amount: { value: '2.500000', currency: 'usd' } }]
    })
  })

  it('marks the current day partial, covered until the lag behind the clock, with the share spent so far', async () => {
    const r = await costs(s, `?start_date=${day(-1)}&end_date=${day(5)}&scope=self`)
    expect(r.body.data.map((b: Json) => b.date)).toEqual([day(-1), day(0)]) // no buckets after the clock
    const today = r.body.data[1]
    expect(today).toMatchObject({
      partial: true,
      covered_until: `${day(0)}T15:00:00Z`,
      end_at: `${day(1)}T00:00:00Z`
    })
    expect(today.covered_until < today.end_at).toBe(true)
    expect(today.results[0].amount.value).toBe((8 * (15 / 24)).toFixed(6))
    expect(r.body.data[0].partial).toBe(false)
  })

  it('a day without spend has no result', async () => {
    const r = await costs(s, `?start_date=${day(-6)}&end_date=${day(-5)}`)
    expect(r.body.data).toEqual([expect.objectContaining({ date: day(-6), results: [] })])
  })

  it('pages with has_more and an opaque next_page cursor', async () => {
    const first = await costs(s, `?start_date=${day(-3)}&end_date=${day(1)}&limit=3`)
    expect([first.body.data.length, first.body.has_more, typeof first.body.next_page]).toEqual([
      3,
      true,
      'string'
    ])
    expect(valid(C + 'CostList', first.body)).toBe('valid')
    const next = await costs(
      s,
      `?start_date=${day(-3)}&end_date=${day(1)}&limit=3&page=${first.body.next_page}`
    )
    expect(next.body.data.map((b: Json) => b.date)).toEqual([day(0)])
    expect([next.body.has_more, next.body.next_page]).toEqual([false, null])
    const wrong = await costs(
      s,
      `?start_date=${day(-2)}&end_date=${day(1)}&limit=3&page=${first.body.next_page}`
    )
    expect([wrong.status, wrong.body.error.code]).toEqual([400, 'invalid_page'])
  })

  it.each([
    ['', 400, 'missing_parameter', 'start_date'],
    [`?start_date=${day(-1)}`, 400, 'missing_parameter', 'end_date'],
    [`?start_date=2026/05/01&end_date=${day(0)}`, 400, 'invalid_date', 'start_date'],
    [`?start_date=${day(0)}&end_date=${day(0)}`, 400, 'invalid_date_range', 'end_date'],
    [`?start_date=${day(-181)}&end_date=${day(0)}`, 400, 'invalid_date_range', 'end_date'],
    [`?start_date=${day(-1)}&end_date=${day(0)}&scope=team`, 400, 'invalid_parameter', 'scope'],
    [`?start_date=${day(-1)}&end_date=${day(0)}&limit=0`, 400, 'invalid_parameter', 'limit'],
    [
      `?start_date=${day(-1)}&end_date=${day(0)}&group_by[]=model`,
      501,
      'sandbox_not_implemented',
      'group_by[]'
    ]
  ])('errors: %s → %i %s', async (query, status, code, param) => {
    const r = await costs(s, query)
    expect([r.status, r.body.error.code, r.body.error.param]).toEqual([status, code, param])
    expect(valid(C + 'BillingError', r.body)).toBe('valid')
  })

  it('180 days is the most one request covers', async () => {
    const r = await costs(s, `?start_date=${day(-179)}&end_date=${day(1)}&limit=1000`)
    expect([r.status, r.body.data.length]).toEqual([200, 180])
  })

  it('401 for a bad key, in the billing envelope', async () => {
    const r = await costs(s, `?start_date=${day(-1)}&end_date=${day(0)}`, 'apikey-wrong')
    expect([r.status, r.body.error.code]).toEqual([401, 'invalid_api_key'])
    expect(valid(C + 'BillingError', r.body)).toBe('valid')
  })

  it('scope=account needs billing permission (403); scope=self still works', async () => {
    const { s: t } = await clocked({
      extends: 'healthy',
      ai: { keys: [{ key: KEY, canReadBalance: false, revoked: false }] }
    })
    const acc = await costs(t, `?start_date=${day(-1)}&end_date=${day(0)}&scope=account`)
    expect([acc.status, acc.body.error.type, acc.body.error.param]).toEqual([
      403,
      'permission_error',
      'scope'
    ])
    const self = await costs(t, `?start_date=${day(-1)}&end_date=${day(0)}`)
    expect(self.status).toBe(200)
    const ok = await costs(s, `?start_date=${day(-1)}&end_date=${day(0)}&scope=account`)
    expect([ok.status, ok.body.scope]).toEqual([200, 'account'])
    await t.stop()
  })

  it('ai-costs-forbidden answers 403 on every costs read; the balance still reads', async () => {
    const { s: t } = await clocked('ai-costs-forbidden')
    const r = await costs(t, `?start_date=${day(-14)}&end_date=${day(0)}`)
    expect([r.status, r.body.error.type]).toEqual([403, 'permission_error'])
    const bal = await fetch(`${t.aiUrl}/public/v1/balance`, { headers: { authorization: `Bearer ${KEY}` } })
    expect(bal.status).toBe(200)
    await t.stop()
  })

  it('ai-credit-runway-short: about $10 a day for 14 full days against $31.50, about 3 days', async () => {
    const { s: t } = await clocked('ai-credit-runway-short')
    const r = await costs(t, `?start_date=${day(-14)}&end_date=${day(0)}`)
    const daily = r.body.data.map((b: Json) => Number(b.results[0].amount.value))
    expect(daily).toHaveLength(14)
    for (const d of daily) expect(Math.abs(d - 10)).toBeLessThanOrEqual(1)
    const mean = daily.reduce((a: number, b: number) => a + b, 0) / daily.length
    expect(31.5 / mean).toBeGreaterThan(2.5)
    expect(31.5 / mean).toBeLessThan(3.6)
    // Deterministic: the same dates cost the same in another sandbox.
    const { s: u } = await clocked('ai-credit-runway-short')
    expect((await costs(u, `?start_date=${day(-14)}&end_date=${day(0)}`)).body.data).toEqual(r.body.data)
    await Promise.all([t.stop(), u.stop()])
  })

  it('ai-costs-short-history: spend on one full day and a partial today only', async () => {
    const { s: t } = await clocked('ai-costs-short-history')
    const r = await costs(t, `?start_date=${day(-14)}&end_date=${day(1)}`)
    const spent = r.body.data.filter((b: Json) => b.results.length > 0)
    expect(spent.map((b: Json) => [b.date, b.partial])).toEqual([
      [day(-1), false],
      [day(0), true]
    ])
    await t.stop()
  })

  it('unimplemented /public/v1 routes answer 501; unknown paths keep the real 401', async () => {
    const a = await fetch(`${s.aiUrl}/public/v1/invoices`, { headers: { authorization: `Bearer ${KEY}` } })
    const ab = (await a.json()) as Json
    expect([a.status, ab.error.code]).toEqual([501, 'sandbox_not_implemented'])
    expect(valid(C + 'BillingError', ab)).toBe('valid')
    const b = await fetch(`${s.aiUrl}/api/v1/model/prediction/pred_1`, {
      headers: { authorization: `Bearer ${KEY}` }
    })
    expect(b.status).toBe(501)
    expect(valid(C + 'ModelError', await b.json())).toBe('valid')
    const c = await fetch(`${s.aiUrl}/api/v1/no-such-path`, { headers: { authorization: `Bearer ${KEY}` } })
    expect(c.status).toBe(401)
  })
})

describe('service-account limits on the token endpoint', () => {
  it('10 token requests a minute per address and account, then 429 RATE_LIMITED; the window slides', async () => {
    const { s, clock } = await clocked('healthy')
    for (let i = 0; i < 10; i++) expect((await token(s)).status).toBe(200)
    const limited = await token(s)
    expect(limited.status).toBe(429)
    expect(limited.body).toEqual({
      detail: 'Resource /api/oauth/token is limited to 10 requests every 1 minutes.',
      error: 429,
      errorCode: 'RATE_LIMITED',
      parameters: ['/api/oauth/token', 10, 1],
      reason: 'Too Many Requests'
    })
    expect(limited.headers.get('content-type')).toBe('application/json')
    expect(limited.headers.get('retry-after')).toBe('60')
    expect(valid(A + 'ApiError', limited.body)).toBe('valid')
    // Wrong secrets count too (the limit comes before the credential check)…
    expect((await token(s, CID, 'mdb_sa_sk_wrong')).status).toBe(429)
    // …another account from the same address has its own budget…
    expect((await token(s, CID2, 'nope')).status).toBe(401)
    clock.t += 60_001
    // …and a minute later the window has room again.
    expect((await token(s)).status).toBe(200)
    await s.stop()
  })

  it('token-rate-limited: other jobs spent the minute already', async () => {
    const { s, clock } = await clocked('token-rate-limited')
    const r = await token(s)
    expect([r.status, r.body.errorCode]).toEqual([429, 'RATE_LIMITED'])
    clock.t += 60_001
    expect((await token(s)).status).toBe(200)
    await s.stop()
  })

  it('100 live tokens per account, then 403 access_denied; expiry and revocation free slots', async () => {
    const { s, clock } = await clocked({
      extends: 'healthy',
      atlas: { maxLiveTokens: 3, tokenRateLimit: { requests: 1000, perSeconds: 60 } }
    })
    const minted = []
    for (let i = 0; i < 3; i++) minted.push((await token(s)).body.access_token as string)
    const full = await token(s)
    expect(full.status).toBe(403)
    expect(full.body).toEqual({
      error: 'access_denied',
      error_description:
        'Access Token limit reached. Please use the existing Access Tokens or create a new Service Account.'
    })
    expect(valid(A + 'OAuthError', full.body)).toBe('valid')
    expect((await revoke(s, minted[0]!)).status).toBe(200)
    expect((await get(s, '/api/atlas/v2/orgs', minted[0]!)).status).toBe(401)
    expect((await token(s)).status).toBe(200) // the revoked token's slot is free again
    expect((await token(s)).status).toBe(403)
    clock.t += 3_600_000
    expect((await token(s)).status).toBe(200) // all expired
    await s.stop()
  })

  it('revokeFreesSlot: false keeps a revoked token counting until it expires', async () => {
    const { s } = await clocked({ extends: 'healthy', atlas: { maxLiveTokens: 1, revokeFreesSlot: false } })
    const t = (await token(s)).body.access_token as string
    expect((await revoke(s, t)).status).toBe(200)
    expect((await token(s)).status).toBe(403)
    await s.stop()
  })

  it('token-limit-reached: 100 tokens of other jobs are live for the next hour', async () => {
    const { s, clock } = await clocked('token-limit-reached')
    expect((await token(s)).body.error).toBe('access_denied')
    clock.t += 3_600_000
    expect((await token(s)).status).toBe(200)
    await s.stop()
  })
})

describe('POST /api/oauth/revoke checks the client', () => {
  const two = {
    extends: 'healthy',
    atlas: {
      serviceAccounts: [
        ...loadScenario('healthy').atlas.serviceAccounts,
        {
          clientId: CID2,
          name: 'other',
          roles: ['ORG_MEMBER'],
          projectRoles: { [GROUP]: ['GROUP_READ_ONLY'] },
          secrets: [{ id: '65a1b2c3d4e5f60718293a62', secret: SECRET2, expiresInDays: 30 }],
          accessList: ['203.0.113.10/32']
        }
      ]
    }
  }

  it('401 invalid_client without or with bad client credentials, and the token stays live', async () => {
    const { s } = await clocked(two)
    const t = (await token(s)).body.access_token as string
    const none = await fetch(`${s.atlasUrl}/api/oauth/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `token=${t}`
    })
    expect([none.status, ((await none.json()) as Json).error]).toEqual([401, 'invalid_client'])
    const bad = await revoke(s, t, CID, 'mdb_sa_sk_wrong')
    expect([bad.status, bad.body.error]).toEqual([401, 'invalid_client'])
    expect((await get(s, '/api/atlas/v2/orgs', t)).status).toBe(200)
    await s.stop()
  })

  it("another client's token: 200 and nothing revoked (default), or 400 invalid_grant", async () => {
    const { s } = await clocked(two)
    const t = (await token(s)).body.access_token as string
    const r = await revoke(s, t, CID2, SECRET2)
    expect([r.status, r.body]).toEqual([200, undefined])
    expect((await get(s, '/api/atlas/v2/orgs', t)).status).toBe(200)
    await s.stop()
    const { s: e } = await clocked({ ...two, atlas: { ...two.atlas, revokeForeignToken: 'error' } })
    const t2 = (await token(e)).body.access_token as string
    const r2 = await revoke(e, t2, CID2, SECRET2)
    expect([r2.status, r2.body.error]).toEqual([400, 'invalid_grant'])
    expect((await get(e, '/api/atlas/v2/orgs', t2)).status).toBe(200)
    await e.stop()
  })

  it('an unknown token is 200 (RFC 7009); no token is 400 invalid_request', async () => {
    const { s } = await clocked('healthy')
    expect((await revoke(s, 'not-a-token')).status).toBe(200)
    const res = await fetch(`${s.atlasUrl}/api/oauth/revoke`, {
      method: 'POST',
      headers: { authorization: basic(CID, SECRET), 'content-type': 'application/x-www-form-urlencoded' },
      body: ''
    })
    expect([res.status, ((await res.json()) as Json).error]).toEqual([400, 'invalid_request'])
    await s.stop()
  })
})

describe('secret slots and the account’s own access list', () => {
  const owner = {
    extends: 'service-account-slots-full',
    atlas: {
      serviceAccounts: [
        {
          ...loadScenario('service-account-slots-full').atlas.serviceAccounts[0],
          roles: ['ORG_OWNER']
        }
      ]
    }
  }

  it('service-account-slots-full: 2 of 2 secrets, one expired and still listed', async () => {
    const { s } = await clocked('service-account-slots-full')
    const t = (await token(s)).body.access_token as string
    const r = await get(s, `/api/atlas/v2/groups/${GROUP}/serviceAccounts/${CID}`, t, VSA)
    expect(valid(A + 'ServiceAccount', r.body)).toBe('valid')
    expect(r.body.secrets).toHaveLength(2)
    expect(r.body.secrets.filter((x: Json) => Date.parse(x.expiresAt) < NOW)).toHaveLength(1)
    // The expired secret mints nothing.
    expect((await token(s, CID, 'mdb_sa_sk_OldSandboxSecret0123456789abcdefABCDEF0123')).status).toBe(401)
    await s.stop()
  })

  it('a third secret is refused while both slots are held; deleting one frees a slot and revokes its tokens; a new secret cuts the other to 7 days', async () => {
    const { s } = await clocked(owner)
    const t = (await token(s)).body.access_token as string
    const post = (body: unknown) =>
      fetch(`${s.atlasUrl}/api/atlas/v2/orgs/${ORG}/serviceAccounts/${CID}/secrets`, {
        method: 'POST',
        headers: { authorization: `Bearer ${t}`, accept: VSA, 'content-type': VSA },
        body: JSON.stringify(body)
      })
    const full = await post({ secretExpiresAfterHours: 720 })
    const fullBody = (await full.json()) as Json
    expect([full.status, fullBody.errorCode]).toEqual([400, 'SERVICE_ACCOUNT_SECRET_LIMIT_REACHED'])
    expect(valid(A + 'ApiError', fullBody)).toBe('valid')
    const del = await get(
      s,
      `/api/atlas/v2/orgs/${ORG}/serviceAccounts/${CID}/secrets/65a1b2c3d4e5f60718293a53`,
      t,
      VSA,
      'DELETE'
    )
    expect(del.status).toBe(204)
    expect((await post({ secretExpiresAfterHours: 9000 })).status).toBe(400) // beyond the org's 8760
    const created = await post({ secretExpiresAfterHours: 720 })
    const secret = (await created.json()) as Json
    expect([created.status, valid(A + 'ServiceAccountSecretCreated', secret)]).toEqual([201, 'valid'])
    const sa = await get(s, `/api/atlas/v2/orgs/${ORG}/serviceAccounts/${CID}`, t, VSA)
    const old = sa.body.secrets.find((x: Json) => x.id === '65a1b2c3d4e5f60718293a52')
    expect(Date.parse(old.expiresAt)).toBe(NOW + 7 * DAY)
    expect(sa.body.secrets.every((x: Json) => !('secret' in x))).toBe(true)
    // Deleting the secret in use revokes its tokens at once.
    const gone = await get(
      s,
      `/api/atlas/v2/orgs/${ORG}/serviceAccounts/${CID}/secrets/65a1b2c3d4e5f60718293a52`,
      t,
      VSA,
      'DELETE'
    )
    expect(gone.status).toBe(204)
    expect((await get(s, '/api/atlas/v2/orgs', t)).status).toBe(401)
    await s.stop()
  })

  it('the org settings carry maxServiceAccountSecretValidityInHours', async () => {
    const { s } = await clocked({
      extends: 'healthy',
      atlas: { org: { maxServiceAccountSecretValidityInHours: 720 } }
    })
    const t = (await token(s)).body.access_token as string
    const r = await get(s, `/api/atlas/v2/orgs/${ORG}/settings`, t)
    expect([r.status, r.body.maxServiceAccountSecretValidityInHours]).toEqual([200, 720])
    expect(valid(A + 'OrganizationSettings', r.body)).toBe('valid')
    await s.stop()
  })

  it('GET /groups/{groupId}/serviceAccounts/{clientId}/accessList with Project Read Only, lastUsed* from real calls', async () => {
    const { s, clock } = await clocked({
      extends: 'healthy',
      atlas: {
        serviceAccounts: [
          {
            ...loadScenario('healthy').atlas.serviceAccounts[0],
            accessList: [
              '203.0.113.10/32',
              {
                cidrBlock: '198.51.100.0/24',
                lastUsedAddress: '198.51.100.9',
                lastUsedHoursAgo: 48,
                requestCount: 7
              }
            ]
          }
        ]
      }
    })
    const t = (await token(s)).body.access_token as string
    const path = `/api/atlas/v2/groups/${GROUP}/serviceAccounts/${CID}/accessList`
    const first = await get(s, path, t, VSA)
    expect([first.status, first.type]).toEqual([200, `${VSA};charset=utf-8`])
    expect(valid(A + 'PaginatedServiceAccountIPAccessList', first.body)).toBe('valid')
    // This very call came from the runner's address: the entry records it.
    expect(first.body.results[0]).toMatchObject({
      cidrBlock: '203.0.113.10/32',
      ipAddress: '203.0.113.10',
      lastUsedAddress: '203.0.113.10',
      lastUsedAt: '2026-05-20T15:30:00Z',
      requestCount: 1
    })
    expect(first.body.results[1]).toEqual({
      cidrBlock: '198.51.100.0/24',
      createdAt: '2026-04-20T15:30:00Z',
      lastUsedAddress: '198.51.100.9',
      lastUsedAt: '2026-05-18T15:30:00Z',
      requestCount: 7
    })
    clock.t += 60_000
    const org = await get(s, `/api/atlas/v2/orgs/${ORG}/serviceAccounts/${CID}/accessList`, t, VSA)
    expect(org.status).toBe(401) // ORG_MEMBER: the org variant needs Organization Read Only
    const again = await get(s, path, t, VSA)
    expect(again.body.results[0]).toMatchObject({ lastUsedAt: '2026-05-20T15:31:00Z', requestCount: 3 })
    const other = await get(
      s,
      `/api/atlas/v2/groups/65a1b2c3d4e5f60718293a4d/serviceAccounts/${CID}/accessList`,
      t,
      VSA
    )
    expect(other.status).toBe(401) // no role in that project
    await s.stop()
  })
})

describe('closer to the real API', () => {
  let s: Sandbox
  let t = ''
  beforeAll(async () => {
    ;({ s } = await clocked('healthy'))
    t = (await token(s)).body.access_token as string
  })
  afterAll(() => s.stop())

  it('the org name follows the spec pattern', async () => {
    const r = await get(s, `/api/atlas/v2/orgs/${ORG}`, t)
    expect(r.body.name).toMatch(/^[\p{L}\p{N}\-_.(),:&@+']{1,64}$/u)
    expect(valid(A + 'Org', r.body)).toBe('valid')
    expect(valid(A + 'Org', { ...r.body, name: 'Sandbox Org' })).not.toBe('valid')
  })

  it('an unknown, revoked or expired Bearer token is 401 with an errorCode', async () => {
    const r = await get(s, '/api/atlas/v2/orgs', 'eyJ-not-a-token')
    expect([r.status, r.body.errorCode, r.type]).toEqual([401, 'UNEXPECTED_ERROR', 'application/json'])
    expect(valid(A + 'ApiError', r.body)).toBe('valid')
  })

  it.each([
    ['GET', `/api/atlas/v2/groups/${GROUP}/alertConfigs`, 501],
    ['GET', `/api/atlas/v2/orgs/${ORG}/invoices`, 501],
    ['GET', `/api/atlas/v2/groups/${GROUP}/clusters/Cluster0/processArgs`, 501],
    ['GET', '/api/atlas/v2/rateLimits', 501],
    ['GET', '/api/atlas/v1.0/groups', 501],
    ['PATCH', `/api/atlas/v2/groups/${GROUP}`, 501],
    ['POST', `/api/atlas/v2/groups/${GROUP}/clusters`, 501],
    ['POST', `/api/atlas/v2/groups/${GROUP}/serviceAccounts/${CID}/accessList`, 501],
    ['GET', '/api/atlas/v2/nothing-here', 404],
    ['GET', '/api/atlas/v2/groups/111111111111111111111111/alertConfigs', 404],
    ['GET', `/api/atlas/v2/groups/${GROUP}/clusters/Cluster9`, 404],
    ['POST', `/api/atlas/v2/groups/${GROUP}`, 405]
  ])('%s %s → %i', async (method, path, status) => {
    const r = await get(s, path, t, V1, method)
    expect(r.status).toBe(status)
    expect(valid(A + 'ApiError', r.body)).toBe('valid')
    // A sandbox gap says so; a real answer never carries the sandbox's errorCode.
    expect(valid(A + 'NotImplemented', r.body) === 'valid').toBe(status === 501)
    expect(String(r.body.detail).includes('sandbox does not implement')).toBe(status === 501)
  })

  it.each([
    ['/api/atlas/v2/groups', '2025-03-12', '2023-01-01'],
    ['/api/atlas/v2/orgs', '2024-01-15', '2023-01-01'],
    [`/api/atlas/v2/groups/${GROUP}/serviceAccounts/${CID}`, '2025-03-12', '2024-08-05'],
    [`/api/atlas/v2/groups/${GROUP}/clusters/Cluster0`, '2025-03-12', '2024-08-05']
  ])(
    'a later Accept date (%s, %s) is served at the latest version not after it (%s)',
    async (path, asked, served) => {
      const r = await get(s, path, t, `application/vnd.atlas.${asked}+json`)
      expect([r.status, r.type]).toEqual([200, `application/vnd.atlas.${served}+json;charset=utf-8`])
    }
  )

  it('a date before the endpoint’s first version is 406 INVALID_VERSION_DATE', async () => {
    const r = await get(s, `/api/atlas/v2/groups/${GROUP}/serviceAccounts/${CID}`, t, V1)
    expect([r.status, r.body.errorCode]).toEqual([406, 'INVALID_VERSION_DATE'])
  })
})

describe('HTTPS mode', () => {
  let s: Sandbox
  beforeAll(async () => {
    s = await startSandbox({ scenario: 'healthy', https: true })
  })
  afterAll(() => s.stop())

  const child = (code: string, env: Record<string, string>) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>(resolve => {
      execFile(
        process.execPath,
        ['-e', code],
        { env: { PATH: process.env.PATH ?? '', ...env }, timeout: 20_000 },
        (err, stdout, stderr) =>
          resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr })
      )
    })
  const probe = (url: string) =>
    `fetch(${JSON.stringify(url)}).then(async r => console.log(r.status, (await r.text()).trim()), e => { console.log('ERR', e.cause?.code ?? e.message); process.exit(3) })`

  it('serves Atlas, AI and echo on https:// URLs, and exposes the CA', () => {
    for (const u of [s.atlasUrl, s.aiUrl, s.echoUrl]) expect(u).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/)
    expect(s.tls.ca).toContain('BEGIN CERTIFICATE')
    expect(readFileSync(s.tls.caFile, 'utf8')).toBe(s.tls.ca)
  })

  it('a child process trusts it through NODE_EXTRA_CA_CERTS, and only then', async () => {
    const trusted = await child(probe(`${s.echoUrl}/echo/text`), { NODE_EXTRA_CA_CERTS: s.tls.caFile })
    expect([trusted.code, trusted.stdout.trim()]).toEqual([0, '200 203.0.113.10'])
    const untrusted = await child(probe(`${s.echoUrl}/echo/text`), {})
    expect(untrusted.code).toBe(3)
    expect(untrusted.stdout).toMatch(
      /ERR (UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_GET_ISSUER_CERT_LOCALLY)/
    )
  })

  it.each(['healthy', 'healthy-api-key'])(
    'the action (dist, a child process) runs %s over https:// end to end, OAuth or Digest, with NODE_EXTRA_CA_CERTS',
    async name => {
      const h = await startSandbox({ scenario: name, https: true })
      const run = await runAction(h.inputs(), { env: { NODE_EXTRA_CA_CERTS: h.tls.caFile } })
      expect([run.outputs['status'], run.exitCode]).toEqual(['pass', 0])
      const served = new Set(h.log.map(l => l.service))
      expect([...served].sort()).toEqual(['ai', 'atlas', 'echo'])
      // The OAuth flow minted one token over TLS; the Digest flow answered one challenge over TLS.
      expect([h.stats.tokenRequests, h.stats.digestChallenges]).toEqual(name === 'healthy' ? [1, 0] : [0, 1])
      await h.stop()
    }
  )

  it('in-process undici trusts it through a dispatcher with connect: { ca }', async () => {
    const dispatcher = new Agent({ connect: { ca: s.tls.ca } })
    const res = await undiciFetch(`${s.atlasUrl}/api/oauth/token`, {
      method: 'POST',
      dispatcher,
      headers: { authorization: basic(CID, SECRET), 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials'
    })
    expect(res.status).toBe(200)
    const bal = await undiciFetch(`${s.aiUrl}/public/v1/balance`, {
      dispatcher,
      headers: { authorization: `Bearer ${KEY}` }
    })
    expect(bal.status).toBe(200)
    await dispatcher.close()
  })
})
