import { describe, expect, it } from '@jest/globals'
import { atlasNetworkAccessListCheck } from '../../src/checks/index.js'
import type { AtlasAuthData } from '../../src/checks/atlas-auth.js'
import type { EgressData } from '../../src/checks/egress-ip.js'
import type { NetworkPermissionEntry } from '../../src/atlas/types.js'
import {
  API_KEY_INPUTS,
  BLOCKED_IP,
  NOW,
  PROJECT_ID,
  atlasError,
  atlasFailure,
  checkContext,
  json,
  problems,
  runCheck,
  seenOf,
  statusOf,
  type IdSeverity,
  type Route,
  type Routes
} from '../helpers/check-context.js'
import type { CheckStatus } from '../../src/core/policy.js'

const RUNNER = '198.51.100.20'
const V6 = '2001:db8::20'
const INPUTS = { ...API_KEY_INPUTS, 'atlas-project-id': PROJECT_ID }
const LIST = `GET /api/atlas/v2/groups/${PROJECT_ID}/accessList`
const status = (entry: string) =>
  `GET /api/atlas/v2/groups/${PROJECT_ID}/accessList/${encodeURIComponent(entry)}/status`
const entries = (...e: NetworkPermissionEntry[]) => json(200, { results: e, totalCount: e.length })
const STATE = (s: string) => json(200, { STATUS: s })
const AUTH: AtlasAuthData = { method: 'api-key', authenticated: true }
const egress = (ipv4?: string, ipv6?: string): EgressData => ({
  ...(ipv4 ? { ipv4 } : {}),
  ...(ipv6 ? { ipv6 } : {}),
  sources: []
})
const inHours = (h: number) => new Date(NOW.getTime() + h * 3_600_000).toISOString()

interface Case {
  name: string
  egress?: EgressData
  routes: Routes
  problems: IdSeverity[]
  status: CheckStatus
  verdict: string
  seen: string
}

const cases: Case[] = [
  {
    name: 'pass: the runner is covered by an ACTIVE entry',
    egress: egress(RUNNER),
    routes: {
      [LIST]: entries({ cidrBlock: '198.51.100.0/24', comment: 'ci runners' }, { ipAddress: '192.0.2.1' }),
      [status('198.51.100.0/24')]: STATE('ACTIVE')
    },
    problems: [],
    status: 'pass',
    verdict: 'allowed',
    seen: '198.51.100.0/24'
  },
  {
    name: 'pass: an IPv6 runner covered by an IPv6 entry',
    egress: egress(undefined, V6),
    routes: { [LIST]: entries({ cidrBlock: '2001:db8::/32' }), [status('2001:db8::/32')]: STATE('ACTIVE') },
    problems: [],
    status: 'pass',
    verdict: 'allowed',
    seen: V6
  },
  {
    name: "pass: the entry's status is unreadable (advisory)",
    egress: egress(RUNNER),
    routes: { [LIST]: entries({ ipAddress: RUNNER }), [status(RUNNER)]: atlasError(500) },
    problems: [],
    status: 'pass',
    verdict: 'allowed',
    seen: RUNNER
  },
  {
    name: 'atlas-network-access-list/not-on-list: no entry covers the runner',
    egress: egress(RUNNER),
    routes: { [LIST]: entries({ cidrBlock: '192.0.2.0/24' }) },
    problems: [['atlas-network-access-list/not-on-list', 'error']],
    status: 'fail',
    verdict: 'denied',
    seen: RUNNER
  },
  {
    name: 'atlas-network-access-list/not-on-list: an empty list',
    egress: egress(RUNNER),
    routes: { [LIST]: entries() },
    problems: [['atlas-network-access-list/not-on-list', 'error']],
    status: 'fail',
    verdict: 'denied',
    seen: RUNNER
  },
  {
    name: 'atlas-network-access-list/open-to-world: 0.0.0.0/0 is on the list',
    egress: egress(RUNNER),
    routes: { [LIST]: entries({ cidrBlock: '0.0.0.0/0' }), [status('0.0.0.0/0')]: STATE('ACTIVE') },
    problems: [['atlas-network-access-list/open-to-world', 'warning']],
    status: 'warn',
    verdict: 'open-to-world',
    seen: '0.0.0.0/0'
  },
  {
    name: 'atlas-network-access-list/temporary-entry-lapsing: the covering entry is deleted within a day',
    egress: egress(RUNNER),
    routes: {
      [LIST]: entries({ ipAddress: RUNNER, deleteAfterDate: inHours(3) }),
      [status(RUNNER)]: STATE('ACTIVE')
    },
    problems: [['atlas-network-access-list/temporary-entry-lapsing', 'warning']],
    status: 'warn',
    verdict: 'allowed',
    seen: inHours(3)
  },
  {
    name: 'atlas-network-access-list/temporary-entry-lapsing: the deletion date has already passed',
    egress: egress(RUNNER),
    routes: {
      [LIST]: entries({ ipAddress: RUNNER, deleteAfterDate: inHours(-1) }),
      [status(RUNNER)]: STATE('ACTIVE')
    },
    problems: [['atlas-network-access-list/temporary-entry-lapsing', 'warning']],
    status: 'warn',
    verdict: 'allowed',
    seen: inHours(-1)
  },
  {
    name: 'atlas-network-access-list/entry-failed: the covering entry has status FAILED',
    egress: egress(RUNNER),
    routes: { [LIST]: entries({ ipAddress: RUNNER }), [status(RUNNER)]: STATE('FAILED') },
    problems: [['atlas-network-access-list/entry-failed', 'error']],
    status: 'fail',
    verdict: 'denied',
    seen: 'FAILED'
  },
  {
    name: 'atlas-network-access-list/entry-pending: the covering entry is still PENDING',
    egress: egress(RUNNER),
    routes: { [LIST]: entries({ ipAddress: RUNNER }), [status(RUNNER)]: STATE('PENDING') },
    problems: [['atlas-network-access-list/entry-pending', 'warning']],
    status: 'warn',
    verdict: 'unknown',
    seen: 'PENDING'
  },
  {
    name: 'atlas-network-access-list/unreadable: the credential lacks a project role',
    egress: egress(RUNNER),
    routes: { [LIST]: atlasError(401, 'USER_UNAUTHORIZED') },
    problems: [['atlas-network-access-list/unreadable', 'warning']],
    status: 'warn',
    verdict: 'unknown',
    seen: 'USER_UNAUTHORIZED'
  },
  {
    name: "atlas-network-access-list/no-address: the runner's address is unknown",
    routes: { [LIST]: entries({ ipAddress: RUNNER }) },
    problems: [['atlas-network-access-list/no-address', 'warning']],
    status: 'warn',
    verdict: 'unknown',
    seen: 'egress-ip'
  }
]

/** The shared Atlas failures, on the project's list. */
const SHARED: [id: string, method: 'api-key' | 'service-account'][] = [
  ['atlas-network-access-list/atlas-unreachable', 'api-key'],
  ['atlas-network-access-list/api-version', 'api-key'],
  ['atlas-network-access-list/atlas-rate-limited', 'api-key'],
  ['atlas-network-access-list/atlas-unavailable', 'service-account'],
  ['atlas-network-access-list/bad-api-key', 'api-key'],
  ['atlas-network-access-list/bad-client-credentials', 'service-account'],
  ['atlas-network-access-list/token-rejected', 'service-account'],
  ['atlas-network-access-list/ip-not-allowed', 'api-key'],
  ['atlas-network-access-list/forbidden', 'api-key'],
  ['atlas-network-access-list/unexpected-response', 'api-key']
]

describe('atlas-network-access-list', () => {
  it.each(cases)('$name', async c => {
    const { outcome } = await runCheck(atlasNetworkAccessListCheck, {
      inputs: INPUTS,
      routes: c.routes,
      results: { 'atlas-auth': { data: AUTH }, ...(c.egress ? { 'egress-ip': { data: c.egress } } : {}) }
    })
    expect(problems(outcome)).toEqual(c.problems)
    expect(statusOf(outcome)).toBe(c.status)
    expect(outcome.data?.verdict).toBe(c.verdict)
    expect(outcome.outputs).toEqual({ 'network-access-list': c.verdict })
    expect(seenOf(outcome)).toContain(c.seen)
  })

  it.each(SHARED)('%s (%s)', async (id, method) => {
    const f = atlasFailure(id, LIST, method)
    const { outcome } = await runCheck(atlasNetworkAccessListCheck, {
      inputs: { ...f.inputs, 'atlas-project-id': PROJECT_ID },
      routes: f.routes,
      results: { 'atlas-auth': { data: { ...AUTH, method } }, 'egress-ip': { data: egress(RUNNER) } }
    })
    expect(problems(outcome)).toEqual([[id, 'error']])
    expect(outcome.outputs).toEqual({ 'network-access-list': 'unknown' })
    expect(seenOf(outcome)).toContain(f.fact)
  })

  it('names the matching entry and its status, and the entry to add when none matches', async () => {
    const on = await runCheck(atlasNetworkAccessListCheck, {
      inputs: INPUTS,
      routes: {
        [LIST]: entries({ cidrBlock: '198.51.100.0/24' }),
        [status('198.51.100.0/24')]: STATE('ACTIVE')
      },
      results: { 'atlas-auth': { data: AUTH }, 'egress-ip': { data: egress(RUNNER) } }
    })
    expect(on.outcome.data).toEqual({
      verdict: 'allowed',
      ip: RUNNER,
      entries: 1,
      entry: '198.51.100.0/24',
      status: 'ACTIVE'
    })
    const off = await runCheck(atlasNetworkAccessListCheck, {
      inputs: INPUTS,
      routes: { [LIST]: entries({ cidrBlock: '192.0.2.0/24' }) },
      results: { 'atlas-auth': { data: AUTH }, 'egress-ip': { data: egress(RUNNER) } }
    })
    expect(off.outcome.findings[0]?.data).toEqual({ entry: `${RUNNER}/32` })
  })

  it("matches Atlas's own view of the address before the echoed one", async () => {
    const { outcome } = await runCheck(atlasNetworkAccessListCheck, {
      inputs: INPUTS,
      routes: { [LIST]: entries({ ipAddress: BLOCKED_IP }), [status(BLOCKED_IP)]: STATE('ACTIVE') },
      results: {
        'atlas-auth': { data: AUTH },
        'egress-ip': { data: { ...egress(RUNNER), atlasView: BLOCKED_IP } }
      }
    })
    expect(problems(outcome)).toEqual([])
    expect(outcome.data?.ip).toBe(BLOCKED_IP)
  })

  it('reads every page of the list: the covering entry is on the second', async () => {
    const filler = Array.from({ length: 500 }, (_, i) => ({
      ipAddress: `10.0.${Math.floor(i / 250)}.${i % 250}`
    }))
    const paged: Route = req =>
      new URL(req.url).searchParams.get('pageNum') === '1'
        ? json(200, { results: filler, totalCount: 501 })
        : json(200, { results: [{ ipAddress: RUNNER }], totalCount: 501 })
    const { outcome } = await runCheck(atlasNetworkAccessListCheck, {
      inputs: INPUTS,
      routes: { [LIST]: paged, [status(RUNNER)]: STATE('ACTIVE') },
      results: { 'atlas-auth': { data: AUTH }, 'egress-ip': { data: egress(RUNNER) } }
    })
    expect(problems(outcome)).toEqual([])
    expect(outcome.data).toMatchObject({ verdict: 'allowed', entry: RUNNER, entries: 501 })
  })

  it('is skipped when the project does not exist (atlas-read reports it)', async () => {
    const { outcome } = await runCheck(atlasNetworkAccessListCheck, {
      inputs: INPUTS,
      routes: { [LIST]: atlasError(404, 'GROUP_NOT_FOUND') },
      results: { 'atlas-auth': { data: AUTH }, 'egress-ip': { data: egress(RUNNER) } }
    })
    expect(statusOf(outcome)).toBe('skipped')
    expect(outcome.skipped).toContain('atlas-read')
  })

  it('is skipped, calling nothing, when the API access list blocked atlas-auth', async () => {
    const { outcome, http } = await runCheck(atlasNetworkAccessListCheck, {
      inputs: INPUTS,
      results: {
        'atlas-auth': { data: { ...AUTH, blocked: { errorCode: 'IP_ADDRESS_NOT_ON_ACCESS_LIST' } } }
      }
    })
    expect(statusOf(outcome)).toBe('skipped')
    expect(http.calls).toEqual([])
  })

  it('applies only with `atlas-project-id`', async () => {
    const without = await checkContext({ inputs: API_KEY_INPUTS })
    const withProject = await checkContext({ inputs: INPUTS })
    expect(atlasNetworkAccessListCheck.applies(without.config)).toEqual(expect.any(String))
    expect(atlasNetworkAccessListCheck.applies(withProject.config)).toBe(true)
  })
})

describe('advice for GitHub-hosted runners', () => {
  it('leads with what lasts (the lease, a fixed address), then the one-off entry', async () => {
    const { accessListFix } = await import('../../src/check-support/atlas-failures.js')
    const hosted = { RUNNER_ENVIRONMENT: 'github-hosted' }
    const network = accessListFix(hosted, 'network', 'Add 203.0.113.10/32 in Atlas.')
    expect(network.indexOf('lease-network-access')).toBeLessThan(network.indexOf('add 203.0.113.10/32'))
    const api = accessListFix(hosted, 'api', 'Add 203.0.113.10/32 to the list.')
    expect(api).toContain('cannot be changed from a runner it blocks')
    expect(api.indexOf('fixed egress address')).toBeLessThan(api.indexOf('add 203.0.113.10/32'))
    expect(accessListFix({}, 'network', 'Add 203.0.113.10/32 in Atlas.')).toBe(
      'Add 203.0.113.10/32 in Atlas.'
    )
  })
})
