import { describe, expect, it } from '@jest/globals'
import { atlasApiAccessListCheck } from '../../src/checks/index.js'
import type { AtlasAuthData } from '../../src/checks/atlas-auth.js'
import type { EgressData } from '../../src/checks/egress-ip.js'
import {
  API_KEY_INPUTS,
  BLOCKED_IP,
  CLIENT_ID,
  ORG_ID,
  PROJECT_ID,
  SERVICE_ACCOUNT_INPUTS,
  atlasError,
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

const RUNNER = '198.51.100.20'
const SA_LIST = `GET /api/atlas/v2/orgs/${ORG_ID}/serviceAccounts/${CLIENT_ID}/accessList`
const SETTINGS = `GET /api/atlas/v2/orgs/${ORG_ID}/settings`
const GROUP_SA_LIST = `GET /api/atlas/v2/groups/${PROJECT_ID}/serviceAccounts/${CLIENT_ID}/accessList`
const WITH_PROJECT = { ...SERVICE_ACCOUNT_INPUTS, 'atlas-project-id': PROJECT_ID }

const apiKey = (over: Partial<AtlasAuthData> = {}): AtlasAuthData => ({
  method: 'api-key',
  authenticated: true,
  apiKeyId: '65a1b2c3d4e5f60718293a99',
  roles: [],
  accessList: [{ cidrBlock: '198.51.100.0/24' }],
  ...over
})
const serviceAccount = (over: Partial<AtlasAuthData> = {}): AtlasAuthData => ({
  method: 'service-account',
  authenticated: true,
  orgId: ORG_ID,
  ...over
})
const egress = (ipv4: string): EgressData => ({ ipv4, sources: [{ source: 'echo', ip: ipv4 }] })

interface Case {
  name: string
  inputs: Record<string, string>
  auth: AtlasAuthData
  egress?: EgressData
  routes?: Routes
  env?: Record<string, string>
  problems: IdSeverity[]
  /** The notices, by id: which "allowed" story the user is told. */
  notices: string[]
  status: CheckStatus
  verdict: string
  seen: string
}

const cases: Case[] = [
  {
    name: 'pass: the runner is covered by an entry of the API key',
    inputs: API_KEY_INPUTS,
    auth: apiKey(),
    egress: egress(RUNNER),
    problems: [],
    notices: ['atlas-api-access-list/on-list'],
    status: 'pass',
    verdict: 'allowed',
    seen: '198.51.100.0/24'
  },
  {
    name: 'pass: allowed although no entry matches the echoed address',
    inputs: API_KEY_INPUTS,
    auth: apiKey({ accessList: [{ ipAddress: '192.0.2.1' }] }),
    egress: egress(RUNNER),
    problems: [],
    notices: ['atlas-api-access-list/allowed-unmatched'],
    status: 'pass',
    verdict: 'allowed',
    seen: RUNNER
  },
  {
    name: "pass: a service account whose list is not readable with its roles, in an org that doesn't require one",
    inputs: SERVICE_ACCOUNT_INPUTS,
    auth: serviceAccount(),
    egress: egress(RUNNER),
    routes: {
      [SA_LIST]: atlasError(401, 'USER_UNAUTHORIZED'),
      [SETTINGS]: json(200, { apiAccessListRequired: false })
    },
    problems: [],
    notices: ['atlas-api-access-list/allowed', 'atlas-api-access-list/org-does-not-require'],
    status: 'pass',
    verdict: 'allowed',
    seen: RUNNER
  },
  {
    name: "pass: a service account's own list covers the runner",
    inputs: SERVICE_ACCOUNT_INPUTS,
    auth: serviceAccount(),
    egress: egress(RUNNER),
    routes: {
      [SA_LIST]: json(200, { results: [{ ipAddress: RUNNER }], totalCount: 1 }),
      [SETTINGS]: json(200, { apiAccessListRequired: true })
    },
    problems: [],
    notices: ['atlas-api-access-list/on-list'],
    status: 'pass',
    verdict: 'allowed',
    seen: RUNNER
  },
  {
    name: 'atlas-api-access-list/not-on-list: the proving call was refused from this address',
    inputs: API_KEY_INPUTS,
    auth: apiKey({ blocked: { errorCode: 'IP_ADDRESS_NOT_ON_ACCESS_LIST', ip: BLOCKED_IP } }),
    egress: egress(RUNNER),
    problems: [['atlas-api-access-list/not-on-list', 'error']],
    notices: [],
    status: 'fail',
    verdict: 'denied',
    seen: BLOCKED_IP
  },
  {
    name: 'atlas-api-access-list/not-on-list: Atlas named no address; the echoed one is used',
    inputs: SERVICE_ACCOUNT_INPUTS,
    auth: serviceAccount({ blocked: { errorCode: 'IP_ADDRESS_NOT_ON_ACCESS_LIST' } }),
    egress: egress(RUNNER),
    problems: [['atlas-api-access-list/not-on-list', 'error']],
    notices: [],
    status: 'fail',
    verdict: 'denied',
    seen: RUNNER
  },
  {
    name: 'atlas-api-access-list/org-requires-list: the organization requires a listed address',
    inputs: SERVICE_ACCOUNT_INPUTS,
    auth: serviceAccount({ blocked: { errorCode: 'ORG_REQUIRES_ACCESS_LIST', ip: BLOCKED_IP } }),
    problems: [['atlas-api-access-list/org-requires-list', 'error']],
    notices: [],
    status: 'fail',
    verdict: 'denied',
    seen: 'ORG_REQUIRES_ACCESS_LIST'
  },
  {
    name: 'atlas-api-access-list/open-to-world: the API key allows every address',
    inputs: API_KEY_INPUTS,
    auth: apiKey({ accessList: [{ cidrBlock: '0.0.0.0/0' }, { cidrBlock: '198.51.100.0/24' }] }),
    egress: egress(RUNNER),
    problems: [['atlas-api-access-list/open-to-world', 'warning']],
    notices: [],
    status: 'warn',
    verdict: 'allowed',
    seen: '0.0.0.0/0'
  },
  {
    name: 'atlas-api-access-list/open-to-world: a service account open over IPv6',
    inputs: SERVICE_ACCOUNT_INPUTS,
    auth: serviceAccount(),
    egress: egress(RUNNER),
    routes: { [SA_LIST]: json(200, { results: [{ cidrBlock: '::/0' }] }), [SETTINGS]: json(200, {}) },
    problems: [['atlas-api-access-list/open-to-world', 'warning']],
    notices: [],
    status: 'warn',
    verdict: 'allowed',
    seen: '::/0'
  },
  {
    name: 'atlas-api-access-list/open-to-world: read with Project Read Only (the project view of the list)',
    inputs: WITH_PROJECT,
    auth: serviceAccount(),
    egress: egress(RUNNER),
    routes: {
      [GROUP_SA_LIST]: json(200, { results: [{ cidrBlock: '0.0.0.0/0' }], totalCount: 1 }),
      [SA_LIST]: atlasError(401, 'USER_UNAUTHORIZED'),
      [SETTINGS]: atlasError(401, 'USER_UNAUTHORIZED')
    },
    problems: [['atlas-api-access-list/open-to-world', 'warning']],
    notices: [],
    status: 'warn',
    verdict: 'allowed',
    seen: '0.0.0.0/0'
  },
  {
    name: 'atlas-api-access-list/no-list: a service account with no list, read with Project Read Only',
    inputs: WITH_PROJECT,
    auth: serviceAccount(),
    egress: egress(RUNNER),
    routes: {
      [GROUP_SA_LIST]: json(200, { results: [], totalCount: 0 }),
      [SA_LIST]: atlasError(401, 'USER_UNAUTHORIZED'),
      [SETTINGS]: atlasError(401, 'USER_UNAUTHORIZED')
    },
    problems: [['atlas-api-access-list/no-list', 'warning']],
    notices: [],
    status: 'warn',
    verdict: 'allowed',
    seen: 'no API access list'
  },
  {
    name: 'pass: the org view is the fallback when the project view is refused',
    inputs: WITH_PROJECT,
    auth: serviceAccount(),
    egress: egress(RUNNER),
    routes: {
      [GROUP_SA_LIST]: atlasError(401, 'USER_UNAUTHORIZED'),
      [SA_LIST]: json(200, { results: [{ ipAddress: RUNNER }] }),
      [SETTINGS]: json(200, { apiAccessListRequired: true })
    },
    problems: [],
    notices: ['atlas-api-access-list/on-list'],
    status: 'pass',
    verdict: 'allowed',
    seen: RUNNER
  },
  {
    name: 'pass: Atlas last saw the credential at another address than the echoed one: said',
    inputs: WITH_PROJECT,
    auth: serviceAccount(),
    egress: egress(RUNNER),
    routes: {
      [GROUP_SA_LIST]: json(200, {
        results: [
          {
            cidrBlock: '198.51.100.0/24',
            lastUsedAddress: '198.51.100.99',
            lastUsedAt: '2025-06-01T11:59:00Z'
          },
          { cidrBlock: '192.0.2.0/24', lastUsedAddress: '192.0.2.5', lastUsedAt: '2025-05-01T10:00:00Z' }
        ]
      }),
      [SETTINGS]: json(200, { apiAccessListRequired: true })
    },
    problems: [],
    notices: ['atlas-api-access-list/on-list'],
    status: 'pass',
    verdict: 'allowed',
    seen: 'Atlas last saw'
  },
  {
    name: 'atlas-api-access-list/last-used-not-on-list: a scheduled run finds the last address gone from the list',
    inputs: WITH_PROJECT,
    auth: serviceAccount(),
    egress: egress(RUNNER),
    env: { GITHUB_EVENT_NAME: 'schedule' },
    routes: {
      [GROUP_SA_LIST]: json(200, {
        results: [
          // The entry was narrowed after the deploys last came from .77.
          {
            cidrBlock: '198.51.100.0/28',
            lastUsedAddress: '198.51.100.77',
            lastUsedAt: '2025-05-30T08:00:00Z'
          }
        ]
      }),
      [SETTINGS]: json(200, { apiAccessListRequired: true })
    },
    problems: [['atlas-api-access-list/last-used-not-on-list', 'warning']],
    notices: ['atlas-api-access-list/allowed-unmatched'],
    status: 'warn',
    verdict: 'allowed',
    seen: '198.51.100.77'
  },
  {
    name: 'atlas-api-access-list/no-list: the API key has no access list',
    inputs: API_KEY_INPUTS,
    auth: apiKey({ accessList: [] }),
    egress: egress(RUNNER),
    problems: [['atlas-api-access-list/no-list', 'warning']],
    notices: [],
    status: 'warn',
    verdict: 'allowed',
    seen: 'API key'
  }
]

describe('atlas-api-access-list', () => {
  it.each(cases)('$name', async c => {
    const { outcome } = await runCheck(atlasApiAccessListCheck, {
      inputs: c.inputs,
      routes: c.routes,
      ...(c.env ? { env: c.env } : {}),
      results: { 'atlas-auth': { data: c.auth }, ...(c.egress ? { 'egress-ip': { data: c.egress } } : {}) }
    })
    expect(problems(outcome)).toEqual(c.problems)
    expect(outcome.findings.filter(f => f.severity === 'notice').map(f => f.id)).toEqual(c.notices)
    expect(statusOf(outcome)).toBe(c.status)
    expect(outcome.data?.verdict).toBe(c.verdict)
    expect(outcome.outputs).toEqual({ 'api-access-list': c.verdict })
    expect(seenOf(outcome)).toContain(c.seen)
  })

  it('names the host entry to add for the address Atlas saw, not the echoed one', async () => {
    const { outcome } = await runCheck(atlasApiAccessListCheck, {
      inputs: API_KEY_INPUTS,
      results: {
        'atlas-auth': {
          data: apiKey({ blocked: { errorCode: 'IP_ADDRESS_NOT_ON_ACCESS_LIST', ip: BLOCKED_IP } })
        },
        'egress-ip': { data: egress(RUNNER) }
      }
    })
    expect(outcome.findings[0]?.data).toEqual({ ip: BLOCKED_IP, entry: `${BLOCKED_IP}/32` })
    expect(outcome.findings[0]?.fix).toContain(`${BLOCKED_IP}/32`)
    // The CLI command to copy names the address too: no `<address>` placeholder once it is known.
    expect(outcome.findings[0]?.fix).toContain(`--ip ${BLOCKED_IP}\``)
    expect(outcome.findings[0]?.fix).not.toContain('<address>')
    expect(outcome.data?.ip).toBe(BLOCKED_IP)
  })

  it("reads the service account's list and the org setting, and reports both", async () => {
    const { outcome } = await runCheck(atlasApiAccessListCheck, {
      inputs: SERVICE_ACCOUNT_INPUTS,
      results: { 'atlas-auth': { data: serviceAccount() }, 'egress-ip': { data: egress(RUNNER) } },
      routes: {
        [SA_LIST]: json(200, { results: [{ cidrBlock: '198.51.100.0/24' }, { ipAddress: '192.0.2.1' }] }),
        [SETTINGS]: json(200, { apiAccessListRequired: true })
      }
    })
    expect(outcome.data).toEqual({
      verdict: 'allowed',
      ip: RUNNER,
      entries: ['198.51.100.0/24', '192.0.2.1'],
      apiAccessListRequired: true
    })
  })

  it('the project view goes out in the prefetch with a project id; the org view does not', async () => {
    const t = await checkContext({ inputs: { ...WITH_PROJECT, 'atlas-org-id': ORG_ID } })
    atlasApiAccessListCheck.prefetch!({ config: t.config, services: t.services })
    await new Promise(r => setTimeout(r, 0))
    expect(t.http.paths()).toContain(GROUP_SA_LIST)
    expect(t.http.paths()).not.toContain(SA_LIST)
  })
})
