import { describe, expect, it } from '@jest/globals'
import { atlasSecretExpiryCheck } from '../../src/checks/index.js'
import type { AtlasAuthData } from '../../src/checks/atlas-auth.js'
import type { ServiceAccountSecret } from '../../src/atlas/types.js'
import {
  API_KEY_INPUTS,
  CLIENT_ID,
  NOW,
  ORG_ID,
  PROJECT_ID,
  SERVICE_ACCOUNT_INPUTS,
  atlasError,
  atlasFailure,
  checkContext,
  json,
  problems,
  runCheck,
  seenOf,
  statusOf,
  type IdSeverity,
  type Routes
} from '../helpers/check-context.js'
import type { CheckStatus } from '../../src/core/policy.js'

const DAY = 86_400_000
const SA_GROUP = `GET /api/atlas/v2/groups/${PROJECT_ID}/serviceAccounts/${CLIENT_ID}`
const SA_ORG = `GET /api/atlas/v2/orgs/${ORG_ID}/serviceAccounts/${CLIENT_ID}`
const INPUTS = { ...SERVICE_ACCOUNT_INPUTS, 'atlas-project-id': PROJECT_ID }
const AUTH: AtlasAuthData = { method: 'service-account', authenticated: true, orgId: ORG_ID }
const inDays = (d: number) => new Date(NOW.getTime() + d * DAY).toISOString()
/** The secret in use: its masked value ends with the last 4 characters of CLIENT_SECRET. */
const inUse = (expiresInDays: number): ServiceAccountSecret => ({
  id: 'secret-in-use',
  createdAt: inDays(-30),
  expiresAt: inDays(expiresInDays),
  maskedSecretValue: 'mdb_sa_sk_****0Rs2'
})
const other = (expiresInDays: number, extra: Partial<ServiceAccountSecret> = {}): ServiceAccountSecret => ({
  id: `other-${expiresInDays}`,
  createdAt: inDays(-60),
  expiresAt: inDays(expiresInDays),
  maskedSecretValue: 'mdb_sa_sk_****zzzz',
  ...extra
})
const account = (...secrets: ServiceAccountSecret[]) => json(200, { clientId: CLIENT_ID, secrets })

interface Case {
  name: string
  inputs?: Record<string, string>
  routes: Routes
  problems: IdSeverity[]
  status: CheckStatus
  daysLeft: number
  seen: string
}

const cases: Case[] = [
  {
    name: 'pass: the secret in use has months left',
    routes: { [SA_GROUP]: account(inUse(90)) },
    problems: [],
    status: 'pass',
    daysLeft: 90,
    seen: inDays(90)
  },
  {
    name: 'pass: read from the org view when the project view is not readable',
    routes: { [SA_GROUP]: atlasError(401, 'USER_UNAUTHORIZED'), [SA_ORG]: account(inUse(60)) },
    problems: [],
    status: 'pass',
    daysLeft: 60,
    seen: inDays(60)
  },
  {
    name: 'atlas-secret-expiry/expiring-soon: within the default 14 days',
    routes: { [SA_GROUP]: account(inUse(5), other(200)) },
    problems: [
      ['atlas-secret-expiry/expiring-soon', 'warning'],
      ['atlas-secret-expiry/slots-full', 'warning']
    ],
    status: 'warn',
    daysLeft: 5,
    seen: inDays(5)
  },
  {
    name: 'atlas-secret-expiry/expiring-soon: within `secret-expiry-days`',
    inputs: { ...INPUTS, 'secret-expiry-days': '30' },
    routes: { [SA_GROUP]: account(inUse(20)) },
    problems: [['atlas-secret-expiry/expiring-soon', 'warning']],
    status: 'warn',
    daysLeft: 20,
    seen: '30'
  },
  {
    name: 'atlas-secret-expiry/expired: the secret in use has expired',
    routes: { [SA_GROUP]: account(inUse(-2), other(100)) },
    problems: [
      ['atlas-secret-expiry/expired', 'error'],
      ['atlas-secret-expiry/slots-full', 'warning'],
      ['atlas-secret-expiry/expired-secret-holds-slot', 'warning']
    ],
    status: 'fail',
    daysLeft: -2,
    seen: inDays(-2)
  },
  {
    name: 'atlas-secret-expiry/slots-full: 2 of 2 secret slots are used',
    routes: { [SA_GROUP]: account(inUse(90), other(100)) },
    problems: [['atlas-secret-expiry/slots-full', 'warning']],
    status: 'warn',
    daysLeft: 90,
    seen: '2 of 2 secret slots are used'
  },
  {
    name: 'atlas-secret-expiry/expired-secret-holds-slot: an expired secret keeps its slot',
    routes: { [SA_GROUP]: account(inUse(90), other(-20)) },
    problems: [
      ['atlas-secret-expiry/slots-full', 'warning'],
      ['atlas-secret-expiry/expired-secret-holds-slot', 'warning']
    ],
    status: 'warn',
    daysLeft: 90,
    seen: 'An expired secret still holds a slot'
  },
  {
    name: 'pass: one slot used, one free',
    routes: { [SA_GROUP]: account(inUse(90)) },
    problems: [],
    status: 'pass',
    daysLeft: 90,
    seen: '1 of 2 secret slots used'
  }
]

const SETTINGS = `GET /api/atlas/v2/orgs/${ORG_ID}/settings`

/** The shared Atlas failures, on the project view of the service account. */
const SHARED = [
  'atlas-secret-expiry/atlas-unreachable',
  'atlas-secret-expiry/api-version',
  'atlas-secret-expiry/atlas-rate-limited',
  'atlas-secret-expiry/atlas-unavailable',
  'atlas-secret-expiry/bad-client-credentials',
  'atlas-secret-expiry/token-rejected',
  'atlas-secret-expiry/ip-not-allowed',
  'atlas-secret-expiry/forbidden',
  'atlas-secret-expiry/unexpected-response'
]

describe('atlas-secret-expiry', () => {
  it.each(cases)('$name', async c => {
    const { outcome } = await runCheck(atlasSecretExpiryCheck, {
      inputs: c.inputs ?? INPUTS,
      routes: c.routes,
      results: { 'atlas-auth': { data: AUTH } }
    })
    expect(problems(outcome)).toEqual(c.problems)
    expect(statusOf(outcome)).toBe(c.status)
    expect(outcome.data?.daysLeft).toBe(c.daysLeft)
    expect(seenOf(outcome)).toContain(c.seen)
  })

  it.each(SHARED)('%s', async id => {
    const f = atlasFailure(id, SA_GROUP, 'service-account')
    const { outcome } = await runCheck(atlasSecretExpiryCheck, {
      inputs: { ...f.inputs, 'atlas-project-id': PROJECT_ID },
      routes: f.routes,
      results: { 'atlas-auth': { data: { ...AUTH, orgId: undefined } } }
    })
    expect(problems(outcome)).toEqual([[id, 'error']])
    expect(seenOf(outcome)).toContain(f.fact)
  })

  it.each([
    ['the masked value', [other(100), inUse(40)], 'masked-value', 40],
    [
      'the latest use',
      [other(100, { lastUsedAt: inDays(-1) }), other(200, { lastUsedAt: inDays(-9) })],
      'last-used',
      100
    ],
    ['the only live secret', [other(-5), other(70)], 'only-one', 70],
    ['the earliest expiry, to be safe', [other(70), other(30)], 'earliest', 30]
  ] as [string, ServiceAccountSecret[], string, number][])(
    'identifies the secret by %s',
    async (_how, secrets, identified, daysLeft) => {
      const { outcome } = await runCheck(atlasSecretExpiryCheck, {
        inputs: INPUTS,
        routes: { [SA_GROUP]: account(...secrets) },
        results: { 'atlas-auth': { data: AUTH } }
      })
      expect(outcome.data).toMatchObject({ identified, daysLeft })
    }
  )

  it.each([
    [
      'the roles do not allow reading it',
      { [SA_GROUP]: atlasError(401, 'USER_UNAUTHORIZED'), [SA_ORG]: atlasError(401, 'USER_UNAUTHORIZED') }
    ],
    ['the account lists no secrets', { [SA_GROUP]: account() }],
    ['the expiry date is unreadable', { [SA_GROUP]: account({ ...inUse(10), expiresAt: 'soon' }) }]
  ] as [string, Routes][])('is skipped, not failed, when %s', async (_name, routes) => {
    const { outcome } = await runCheck(atlasSecretExpiryCheck, {
      inputs: INPUTS,
      routes,
      results: { 'atlas-auth': { data: AUTH } }
    })
    expect(statusOf(outcome)).toBe('skipped')
    expect(outcome.findings).toEqual([])
  })

  it('is skipped, calling nothing, when the API access list blocked atlas-auth', async () => {
    const { outcome, http } = await runCheck(atlasSecretExpiryCheck, {
      inputs: INPUTS,
      results: {
        'atlas-auth': { data: { ...AUTH, blocked: { errorCode: 'IP_ADDRESS_NOT_ON_ACCESS_LIST' } } }
      }
    })
    expect(statusOf(outcome)).toBe('skipped')
    expect(http.calls).toEqual([])
  })

  it("names the org's secret validity cap when another check read the org settings", async () => {
    const t = await checkContext({
      inputs: INPUTS,
      routes: {
        [SA_GROUP]: account(inUse(90), other(100)),
        [SETTINGS]: json(200, { apiAccessListRequired: true, maxServiceAccountSecretValidityInHours: 720 })
      },
      results: { 'atlas-auth': { data: AUTH } }
    })
    await t.services.atlas!.orgSettings(ORG_ID)
    const outcome = await atlasSecretExpiryCheck.run(t.ctx)
    expect(outcome.data).toMatchObject({ slotsUsed: 2, maxSecretValidityHours: 720 })
    expect(seenOf(outcome)).toContain('at most 720 hours (30 days)')
    expect(t.http.paths().filter(p => p === SETTINGS)).toHaveLength(1)
  })

  it('never reads the org settings itself', async () => {
    const { outcome, http } = await runCheck(atlasSecretExpiryCheck, {
      inputs: INPUTS,
      routes: { [SA_GROUP]: account(inUse(90), other(100)) },
      results: { 'atlas-auth': { data: AUTH } }
    })
    expect(http.paths()).not.toContain(SETTINGS)
    expect(outcome.data?.maxSecretValidityHours).toBeUndefined()
  })

  it('applies only to service accounts', async () => {
    const key = await checkContext({ inputs: API_KEY_INPUTS })
    const sa = await checkContext({ inputs: SERVICE_ACCOUNT_INPUTS })
    expect(atlasSecretExpiryCheck.applies(key.config)).toEqual(expect.any(String))
    expect(atlasSecretExpiryCheck.applies(sa.config)).toBe(true)
  })
})
