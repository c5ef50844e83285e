import { describe, expect, it } from '@jest/globals'
import { atlasAuthCheck } from '../../src/checks/atlas-auth.js'
import { endAtlasSession } from '../../src/atlas/session.js'
import {
  API_KEY_INPUTS,
  BLOCKED_IP,
  ORG_ID,
  PUBLIC_KEY,
  SERVICE_ACCOUNT_INPUTS,
  atlasError,
  atlasFailure,
  checkContext,
  json,
  netFail,
  problems,
  resultOf,
  runCheck,
  seenOf,
  statusOf,
  text,
  type IdSeverity,
  type Routes
} from '../helpers/check-context.js'
import { checkStatus, type CheckStatus } from '../../src/core/policy.js'

const IDENTITY = 'GET /api/atlas/v2'
const ORGS = 'GET /api/atlas/v2/orgs'
const ORG = `GET /api/atlas/v2/orgs/${ORG_ID}`
const TOKEN = 'POST /api/oauth/token'
const KEY_ID = '65a1b2c3d4e5f60718293a99'

const identity = json(200, {
  apiKey: {
    id: KEY_ID,
    publicKey: PUBLIC_KEY,
    roles: [{ orgId: ORG_ID, roleName: 'ORG_READ_ONLY' }],
    accessList: [{ cidrBlock: '198.51.100.0/24' }]
  }
})

const OTHER_ORG = '65a1b2c3d4e5f60718293aff'
const projectOnlyIdentity = json(200, {
  apiKey: {
    id: KEY_ID,
    publicKey: PUBLIC_KEY,
    roles: [{ groupId: '65a1b2c3d4e5f60718293a4c', roleName: 'GROUP_READ_ONLY' }],
    accessList: []
  }
})

interface Case {
  name: string
  inputs: Record<string, string>
  routes: Routes
  problems: IdSeverity[]
  status: CheckStatus
  authenticated: boolean | undefined
  seen: string
}

const cases: Case[] = [
  {
    name: 'pass: an API key proven by the identity call',
    inputs: API_KEY_INPUTS,
    routes: { [IDENTITY]: identity },
    problems: [],
    status: 'pass',
    authenticated: true,
    seen: KEY_ID
  },
  {
    name: 'pass: a service account proven by a Bearer read of its organization',
    inputs: { ...SERVICE_ACCOUNT_INPUTS, 'atlas-org-id': ORG_ID },
    routes: { [ORG]: json(200, { id: ORG_ID, name: 'acme' }) },
    problems: [],
    status: 'pass',
    authenticated: true,
    seen: 'token'
  },
  {
    name: 'pass: the access list blocks the call, but the API key itself was accepted',
    inputs: API_KEY_INPUTS,
    routes: { [IDENTITY]: atlasError(403, 'IP_ADDRESS_NOT_ON_ACCESS_LIST', { parameters: [BLOCKED_IP] }) },
    problems: [],
    status: 'pass',
    authenticated: true,
    seen: 'IP_ADDRESS_NOT_ON_ACCESS_LIST'
  },
  {
    name: 'pass: the access list blocks the Bearer call, but the service account was accepted',
    inputs: { ...SERVICE_ACCOUNT_INPUTS, 'atlas-org-id': ORG_ID },
    routes: { [ORG]: atlasError(403, 'ORG_REQUIRES_ACCESS_LIST', { parameters: [BLOCKED_IP] }) },
    problems: [],
    status: 'pass',
    authenticated: true,
    seen: 'ORG_REQUIRES_ACCESS_LIST'
  },
  {
    name: 'atlas-auth/unexpected-response: the identity call answers without the API key',
    inputs: API_KEY_INPUTS,
    routes: { [IDENTITY]: json(200, { appName: 'MongoDB Atlas' }) },
    problems: [['atlas-auth/unexpected-response', 'error']],
    status: 'fail',
    authenticated: false,
    seen: 'apiKey'
  },
  {
    name: "atlas-auth/org-not-accessible: `atlas-org-id` is not the service account's (404)",
    inputs: { ...SERVICE_ACCOUNT_INPUTS, 'atlas-org-id': ORG_ID },
    routes: { [ORG]: atlasError(404, 'ORG_NOT_FOUND') },
    problems: [['atlas-auth/org-not-accessible', 'error']],
    status: 'fail',
    authenticated: true,
    seen: ORG_ID
  },
  {
    name: 'atlas-auth/org-not-accessible: no role on `atlas-org-id` (401)',
    inputs: { ...SERVICE_ACCOUNT_INPUTS, 'atlas-org-id': ORG_ID },
    routes: { [ORG]: atlasError(401, 'USER_CANNOT_ACCESS_ORG') },
    problems: [['atlas-auth/org-not-accessible', 'error']],
    status: 'fail',
    authenticated: true,
    seen: 'USER_CANNOT_ACCESS_ORG'
  },
  {
    // Relies on the documented SystemStatus shape: the identity call's roles carry the key's orgId.
    name: "atlas-auth/org-not-accessible: with an API key, `atlas-org-id` is not the key's organization",
    inputs: { ...API_KEY_INPUTS, 'atlas-org-id': OTHER_ORG },
    routes: { [IDENTITY]: identity },
    problems: [['atlas-auth/org-not-accessible', 'error']],
    status: 'fail',
    authenticated: true,
    seen: `name only the organization ${ORG_ID}`
  },
  {
    name: 'pass: with an API key, `atlas-org-id` is the organization its roles name',
    inputs: { ...API_KEY_INPUTS, 'atlas-org-id': ORG_ID },
    routes: { [IDENTITY]: identity },
    problems: [],
    status: 'pass',
    authenticated: true,
    seen: KEY_ID
  },
  {
    // Not seen, but possible: roles that name no organization; the given one is then asked directly.
    name: 'atlas-auth/org-not-accessible: an API key whose roles name no organization, and the org answers 404',
    inputs: { ...API_KEY_INPUTS, 'atlas-org-id': ORG_ID },
    routes: { [IDENTITY]: projectOnlyIdentity, [ORG]: atlasError(404, 'ORG_NOT_FOUND') },
    problems: [['atlas-auth/org-not-accessible', 'error']],
    status: 'fail',
    authenticated: true,
    seen: 'ORG_NOT_FOUND'
  },
  {
    name: 'pass: an API key whose roles name no organization, and the given org answers',
    inputs: { ...API_KEY_INPUTS, 'atlas-org-id': ORG_ID },
    routes: { [IDENTITY]: projectOnlyIdentity, [ORG]: json(200, { id: ORG_ID, name: 'acme' }) },
    problems: [],
    status: 'pass',
    authenticated: true,
    seen: KEY_ID
  },
  {
    name: 'atlas-auth/token-request-rejected: the token endpoint answers 400',
    inputs: SERVICE_ACCOUNT_INPUTS,
    routes: { [TOKEN]: json(400, { error: 'unsupported_grant_type' }) },
    problems: [['atlas-auth/token-request-rejected', 'error']],
    status: 'fail',
    authenticated: false,
    seen: 'unsupported_grant_type'
  },
  {
    name: 'atlas-auth/wrong-token-endpoint: a 404 page where the token endpoint should be',
    inputs: SERVICE_ACCOUNT_INPUTS,
    routes: { [TOKEN]: text(404, '<html>Not Found</html>') },
    problems: [['atlas-auth/wrong-token-endpoint', 'error']],
    status: 'fail',
    authenticated: false,
    seen: '404'
  },
  {
    name: 'atlas-auth/wrong-token-endpoint: a 200 without an access token',
    inputs: SERVICE_ACCOUNT_INPUTS,
    routes: { [TOKEN]: json(200, { hello: 'world' }) },
    problems: [['atlas-auth/wrong-token-endpoint', 'error']],
    status: 'fail',
    authenticated: false,
    seen: '200'
  },
  {
    name: 'atlas-auth/atlas-unreachable: the token endpoint cannot be reached',
    inputs: SERVICE_ACCOUNT_INPUTS,
    routes: { [TOKEN]: netFail('dns', 'the name cloud.mongodb.com could not be resolved (DNS)') },
    problems: [['atlas-auth/atlas-unreachable', 'error']],
    status: 'fail',
    authenticated: false,
    seen: 'DNS'
  },
  {
    name: 'atlas-auth/atlas-unavailable: the token endpoint answers 503',
    inputs: SERVICE_ACCOUNT_INPUTS,
    routes: { [TOKEN]: atlasError(503) },
    problems: [['atlas-auth/atlas-unavailable', 'error']],
    status: 'fail',
    authenticated: false,
    seen: '503'
  },
  {
    name: 'atlas-auth/token-rate-limited: the token endpoint answers 429 RATE_LIMITED',
    inputs: SERVICE_ACCOUNT_INPUTS,
    routes: {
      [TOKEN]: {
        ...atlasError(429, 'RATE_LIMITED', {
          detail: 'Resource /api/oauth/token is limited to 10 requests every 1 minutes.',
          headers: { 'retry-after': '60' }
        }),
        retryAfterS: 60
      }
    },
    problems: [['atlas-auth/token-rate-limited', 'error']],
    status: 'fail',
    authenticated: false,
    seen: 'asked to wait 60 s'
  },
  {
    name: 'atlas-auth/token-rate-limited: a bare 429 from the token endpoint',
    inputs: SERVICE_ACCOUNT_INPUTS,
    routes: { [TOKEN]: atlasError(429) },
    problems: [['atlas-auth/token-rate-limited', 'error']],
    status: 'fail',
    authenticated: false,
    seen: '10 token requests'
  },
  {
    name: 'atlas-auth/token-limit-reached: 403 access_denied, not a wrong endpoint',
    inputs: SERVICE_ACCOUNT_INPUTS,
    routes: {
      [TOKEN]: json(403, {
        error: 'access_denied',
        error_description:
          'Access Token limit reached. Please use the existing Access Tokens or create a new Service Account.'
      })
    },
    problems: [['atlas-auth/token-limit-reached', 'error']],
    status: 'fail',
    authenticated: false,
    seen: 'Access Token limit reached'
  }
]

/** The shared Atlas failures, on the proving call (an API key's identity call, a service account's org list). */
const SHARED: [id: string, method: 'api-key' | 'service-account'][] = [
  ['atlas-auth/atlas-unreachable', 'api-key'],
  ['atlas-auth/api-version', 'api-key'],
  ['atlas-auth/atlas-rate-limited', 'service-account'],
  ['atlas-auth/atlas-unavailable', 'api-key'],
  ['atlas-auth/bad-api-key', 'api-key'],
  ['atlas-auth/bad-client-credentials', 'service-account'],
  ['atlas-auth/token-rejected', 'service-account'],
  ['atlas-auth/missing-role', 'api-key'],
  ['atlas-auth/missing-role', 'service-account'],
  ['atlas-auth/not-found', 'service-account'],
  ['atlas-auth/forbidden', 'api-key'],
  ['atlas-auth/unexpected-response', 'service-account']
]

describe('atlas-auth', () => {
  it.each(cases)('$name', async c => {
    const { outcome } = await runCheck(atlasAuthCheck, { inputs: c.inputs, routes: c.routes })
    expect(problems(outcome)).toEqual(c.problems)
    expect(statusOf(outcome)).toBe(c.status)
    expect(outcome.data?.authenticated).toBe(c.authenticated)
    expect(outcome.data?.method).toBe('atlas-client-id' in c.inputs ? 'service-account' : 'api-key')
    expect(seenOf(outcome)).toContain(c.seen)
  })

  it.each(SHARED)('%s (%s)', async (id, method) => {
    const f = atlasFailure(id, method === 'api-key' ? IDENTITY : ORGS, method)
    const { outcome } = await runCheck(atlasAuthCheck, { inputs: f.inputs, routes: f.routes })
    expect(problems(outcome)).toEqual([[id, 'error']])
    expect(outcome.data?.method).toBe(method)
    expect(outcome.data?.authenticated).toBe(false)
    expect(seenOf(outcome)).toContain(f.fact)
  })

  it("reports what the API key's identity call says: key id, roles, access list and organization", async () => {
    const { outcome } = await runCheck(atlasAuthCheck, {
      inputs: API_KEY_INPUTS,
      routes: { [IDENTITY]: identity }
    })
    expect(outcome.data).toEqual({
      method: 'api-key',
      authenticated: true,
      apiKeyId: KEY_ID,
      roles: [{ orgId: ORG_ID, roleName: 'ORG_READ_ONLY' }],
      accessList: [{ cidrBlock: '198.51.100.0/24' }],
      orgId: ORG_ID
    })
  })

  it('finds the service account organization itself when `atlas-org-id` is not given, with one token', async () => {
    const { outcome, http } = await runCheck(atlasAuthCheck, {
      inputs: SERVICE_ACCOUNT_INPUTS,
      routes: { [ORGS]: json(200, { results: [{ id: ORG_ID, name: 'acme' }], totalCount: 1 }) }
    })
    expect(outcome.data).toMatchObject({ method: 'service-account', orgId: ORG_ID, tokenRequests: 1 })
    expect(http.paths()).toEqual([TOKEN, ORGS])
    expect(http.calls[1]?.headers?.['authorization']).toMatch(/^Bearer /)
  })

  it('starts the proving call with the token, and never sends it when the token is refused', async () => {
    const { outcome, http } = await runCheck(atlasAuthCheck, {
      inputs: SERVICE_ACCOUNT_INPUTS,
      routes: {
        [TOKEN]: json(401, { error: 'invalid_client', error_description: 'Invalid client credentials' }),
        [ORGS]: json(200, { results: [{ id: ORG_ID, name: 'acme' }], totalCount: 1 })
      }
    })
    expect(outcome.data?.authenticated).toBe(false)
    expect(http.paths()).toEqual([TOKEN])
  })

  it('keeps the blocked address and code for atlas-api-access-list', async () => {
    const { outcome } = await runCheck(atlasAuthCheck, {
      inputs: API_KEY_INPUTS,
      routes: { [IDENTITY]: atlasError(403, 'IP_ADDRESS_NOT_ON_ACCESS_LIST', { parameters: [BLOCKED_IP] }) }
    })
    expect(outcome.data?.blocked).toMatchObject({
      errorCode: 'IP_ADDRESS_NOT_ON_ACCESS_LIST',
      ip: BLOCKED_IP
    })
  })

  it('is skipped, sending nothing, when the secrets check found the credential broken', async () => {
    const { outcome, http } = await runCheck(atlasAuthCheck, {
      inputs: { ...API_KEY_INPUTS, 'atlas-public-key': `"${PUBLIC_KEY}"` },
      withSecrets: true
    })
    expect(statusOf(outcome)).toBe('skipped')
    expect(outcome.skipped).toContain('secrets')
    expect(http.calls).toEqual([])
  })

  it('applies only with an Atlas credential', async () => {
    const { config } = await checkContext({})
    const withKey = await checkContext({ inputs: API_KEY_INPUTS })
    expect(atlasAuthCheck.applies(config)).toEqual(expect.any(String))
    expect(atlasAuthCheck.applies(withKey.config)).toBe(true)
  })
})

describe('atlas-auth: token revocation at the end of the run (revoke-token)', () => {
  const authResult = resultOf('atlas-auth', {
    findings: [],
    data: { method: 'service-account', authenticated: true }
  })

  it.each([
    [
      'atlas-auth/revoke-failed',
      json(500, { error: 'server_error' }),
      [['atlas-auth/revoke-failed', 'warning']],
      'warn'
    ],
    [
      'atlas-auth/revoke-failed',
      netFail('reset', 'the connection was closed'),
      [['atlas-auth/revoke-failed', 'warning']],
      'warn'
    ],
    ['revoked', json(200, {}), [], 'pass']
  ] as [string, ReturnType<typeof json>, IdSeverity[], CheckStatus][])(
    '%s',
    async (_name, reply, expected, status) => {
      const { config, services, http } = await checkContext({
        inputs: { ...SERVICE_ACCOUNT_INPUTS, 'revoke-token': 'true' },
        routes: { 'POST /api/oauth/revoke': reply }
      })
      await services.tokens!.token()
      const ended = await endAtlasSession(config, services.tokens)
      const findings = [...authResult.findings, ...(ended ? [ended] : [])]
      expect(problems({ ...authResult, findings })).toEqual(expected)
      expect(checkStatus(findings)).toBe(status)
      expect(http.paths()).toContain('POST /api/oauth/revoke')
    }
  )

  it('does not revoke a token that is exported to later steps', async () => {
    const { config, services, http } = await checkContext({
      inputs: { ...SERVICE_ACCOUNT_INPUTS, 'revoke-token': 'true', 'export-token': 'true' }
    })
    await services.tokens!.token()
    expect(await endAtlasSession(config, services.tokens)).toBeUndefined()
    expect(http.paths()).not.toContain('POST /api/oauth/revoke')
  })
})
