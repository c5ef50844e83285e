import { describe, expect, it } from '@jest/globals'
import { atlasPrivilegeCheck } from '../../src/checks/index.js'
import type { AtlasAuthData } from '../../src/checks/atlas-auth.js'
import type { RoleAssignment } from '../../src/atlas/types.js'
import {
  API_KEY_INPUTS,
  BLOCKED_IP,
  CLIENT_ID,
  ORG_ID,
  PROJECT_ID,
  SERVICE_ACCOUNT_INPUTS,
  atlasError,
  atlasFailure,
  json,
  problems,
  runCheck,
  seenOf,
  statusOf,
  type IdSeverity,
  type Routes
} from '../helpers/check-context.js'
import type { CheckStatus } from '../../src/core/policy.js'

const SA_ORG = `GET /api/atlas/v2/orgs/${ORG_ID}/serviceAccounts/${CLIENT_ID}`
const SA_GROUP = `GET /api/atlas/v2/groups/${PROJECT_ID}/serviceAccounts/${CLIENT_ID}`
const account = (roles: string[]) => json(200, { clientId: CLIENT_ID, name: 'ci', roles })

const apiKey = (roles: RoleAssignment[]): AtlasAuthData => ({
  method: 'api-key',
  authenticated: true,
  apiKeyId: '65a1b2c3d4e5f60718293a99',
  orgId: ORG_ID,
  roles
})
const SA: AtlasAuthData = { method: 'service-account', authenticated: true, orgId: ORG_ID }
const org = (roleName: string): RoleAssignment => ({ orgId: ORG_ID, roleName })
const project = (roleName: string): RoleAssignment => ({ groupId: PROJECT_ID, roleName })

interface Case {
  name: string
  inputs: Record<string, string>
  auth: AtlasAuthData
  routes?: Routes
  problems: IdSeverity[]
  status: CheckStatus
  excess: string[]
  seen: string
}

const cases: Case[] = [
  {
    name: "pass: an API key's read-only roles",
    inputs: API_KEY_INPUTS,
    auth: apiKey([org('ORG_MEMBER'), project('GROUP_READ_ONLY')]),
    problems: [],
    status: 'pass',
    excess: [],
    seen: 'GROUP_READ_ONLY'
  },
  {
    name: 'pass: roles within `allowed-roles`, ORG_OWNER included on purpose',
    inputs: { ...API_KEY_INPUTS, 'allowed-roles': 'ORG_OWNER, GROUP_READ_ONLY' },
    auth: apiKey([org('ORG_OWNER'), project('GROUP_READ_ONLY')]),
    problems: [],
    status: 'pass',
    excess: [],
    seen: 'ORG_OWNER'
  },
  {
    name: "pass: a service account's roles read from the project view",
    inputs: { ...SERVICE_ACCOUNT_INPUTS, 'atlas-project-id': PROJECT_ID },
    auth: SA,
    routes: { [SA_ORG]: atlasError(401, 'USER_UNAUTHORIZED'), [SA_GROUP]: account(['GROUP_READ_ONLY']) },
    problems: [],
    status: 'pass',
    excess: [],
    seen: 'GROUP_READ_ONLY'
  },
  {
    name: 'atlas-privilege/org-owner: the API key is an Organization Owner',
    inputs: API_KEY_INPUTS,
    auth: apiKey([org('ORG_OWNER')]),
    problems: [['atlas-privilege/org-owner', 'warning']],
    status: 'warn',
    excess: ['ORG_OWNER'],
    seen: 'ORG_OWNER'
  },
  {
    name: 'atlas-privilege/org-owner: the service account is an Organization Owner',
    inputs: SERVICE_ACCOUNT_INPUTS,
    auth: SA,
    routes: { [SA_ORG]: account(['ORG_OWNER']) },
    problems: [['atlas-privilege/org-owner', 'warning']],
    status: 'warn',
    excess: ['ORG_OWNER'],
    seen: 'ORG_OWNER'
  },
  {
    name: 'atlas-privilege/more-than-needed: a high-privilege project role',
    inputs: API_KEY_INPUTS,
    auth: apiKey([project('GROUP_OWNER')]),
    problems: [['atlas-privilege/more-than-needed', 'warning']],
    status: 'warn',
    excess: ['GROUP_OWNER'],
    seen: 'GROUP_OWNER'
  },
  {
    name: 'atlas-privilege/more-than-needed: a role outside `allowed-roles`',
    inputs: { ...API_KEY_INPUTS, 'allowed-roles': 'GROUP_READ_ONLY' },
    auth: apiKey([project('GROUP_READ_ONLY'), project('GROUP_CLUSTER_MANAGER')]),
    problems: [['atlas-privilege/more-than-needed', 'warning']],
    status: 'warn',
    excess: ['GROUP_CLUSTER_MANAGER'],
    seen: 'GROUP_CLUSTER_MANAGER'
  },
  {
    name: 'atlas-privilege/org-owner and atlas-privilege/more-than-needed together',
    inputs: API_KEY_INPUTS,
    auth: apiKey([org('ORG_OWNER'), org('ORG_BILLING_ADMIN')]),
    problems: [
      ['atlas-privilege/org-owner', 'warning'],
      ['atlas-privilege/more-than-needed', 'warning']
    ],
    status: 'warn',
    excess: ['ORG_OWNER', 'ORG_BILLING_ADMIN'],
    seen: 'ORG_BILLING_ADMIN'
  }
]

/** The shared Atlas failures, on the org view of the service account (service accounts only call Atlas here). */
const SHARED = [
  'atlas-privilege/atlas-unreachable',
  'atlas-privilege/api-version',
  'atlas-privilege/atlas-rate-limited',
  'atlas-privilege/atlas-unavailable',
  'atlas-privilege/bad-client-credentials',
  'atlas-privilege/token-rejected',
  'atlas-privilege/ip-not-allowed',
  'atlas-privilege/forbidden',
  'atlas-privilege/unexpected-response'
]

describe('atlas-privilege', () => {
  it.each(cases)('$name', async c => {
    const { outcome } = await runCheck(atlasPrivilegeCheck, {
      inputs: c.inputs,
      routes: c.routes,
      results: { 'atlas-auth': { data: c.auth } }
    })
    expect(problems(outcome)).toEqual(c.problems)
    expect(statusOf(outcome)).toBe(c.status)
    expect(outcome.data?.excess).toEqual(c.excess)
    expect(seenOf(outcome)).toContain(c.seen)
  })

  it.each(SHARED)('%s', async id => {
    const f = atlasFailure(id, SA_ORG, 'service-account')
    const { outcome } = await runCheck(atlasPrivilegeCheck, {
      inputs: f.inputs,
      routes: f.routes,
      results: { 'atlas-auth': { data: SA } }
    })
    expect(problems(outcome)).toEqual([[id, 'error']])
    expect(seenOf(outcome)).toContain(f.fact)
  })

  it.each([
    ['a missing role', atlasError(401, 'USER_UNAUTHORIZED')],
    ['not found', atlasError(404, 'SERVICE_ACCOUNT_NOT_FOUND')]
  ])("is skipped, not failed, when the service account's roles are unreadable (%s)", async (_name, reply) => {
    const { outcome } = await runCheck(atlasPrivilegeCheck, {
      inputs: { ...SERVICE_ACCOUNT_INPUTS, 'atlas-project-id': PROJECT_ID },
      routes: { [SA_ORG]: reply, [SA_GROUP]: reply },
      results: { 'atlas-auth': { data: SA } }
    })
    expect(statusOf(outcome)).toBe('skipped')
    expect(outcome.findings).toEqual([])
  })

  it('records every role with its scope', async () => {
    const { outcome } = await runCheck(atlasPrivilegeCheck, {
      inputs: { ...SERVICE_ACCOUNT_INPUTS, 'atlas-project-id': PROJECT_ID },
      routes: { [SA_ORG]: account(['ORG_MEMBER']), [SA_GROUP]: account(['GROUP_READ_ONLY']) },
      results: { 'atlas-auth': { data: SA } }
    })
    expect(outcome.data?.roles).toEqual([`ORG_MEMBER@${ORG_ID}`, `GROUP_READ_ONLY@${PROJECT_ID}`])
  })

  it('is skipped, calling nothing, when the API access list blocked atlas-auth', async () => {
    const { outcome, http } = await runCheck(atlasPrivilegeCheck, {
      inputs: SERVICE_ACCOUNT_INPUTS,
      results: {
        'atlas-auth': {
          data: { ...SA, blocked: { errorCode: 'IP_ADDRESS_NOT_ON_ACCESS_LIST', ip: BLOCKED_IP } }
        }
      }
    })
    expect(statusOf(outcome)).toBe('skipped')
    expect(http.calls).toEqual([])
  })
})
