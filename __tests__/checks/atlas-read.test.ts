import { describe, expect, it } from '@jest/globals'
import { atlasReadCheck } from '../../src/checks/index.js'
import type { AtlasAuthData } from '../../src/checks/atlas-auth.js'
import {
  API_KEY_INPUTS,
  BLOCKED_IP,
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

const GROUPS = 'GET /api/atlas/v2/groups'
const GROUP = `GET /api/atlas/v2/groups/${PROJECT_ID}`
const WITH_PROJECT = { ...API_KEY_INPUTS, 'atlas-project-id': PROJECT_ID }
const AUTH: AtlasAuthData = { method: 'api-key', authenticated: true, apiKeyId: '65a1b2c3d4e5f60718293a99' }
const groups = (n: number) =>
  json(200, {
    results: Array.from({ length: n }, (_, i) => ({ id: `65a1b2c3d4e5f6071829${1000 + i}` })),
    totalCount: n
  })

interface Case {
  name: string
  inputs: Record<string, string>
  routes: Routes
  problems: IdSeverity[]
  status: CheckStatus
  outputs: Record<string, string>
  seen: string
}

const cases: Case[] = [
  {
    name: 'pass: the credential lists its projects',
    inputs: API_KEY_INPUTS,
    routes: { [GROUPS]: groups(3) },
    problems: [],
    status: 'pass',
    outputs: { 'projects-visible': '3' },
    seen: '3 project'
  },
  {
    name: 'pass: the given project is readable',
    inputs: WITH_PROJECT,
    routes: { [GROUPS]: groups(2), [GROUP]: json(200, { id: PROJECT_ID, name: 'payments-prod' }) },
    problems: [],
    status: 'pass',
    outputs: { 'projects-visible': '2' },
    seen: 'payments-prod'
  },
  {
    name: 'atlas-read/no-projects: the credential sees no project',
    inputs: API_KEY_INPUTS,
    routes: { [GROUPS]: groups(0) },
    problems: [['atlas-read/no-projects', 'warning']],
    status: 'warn',
    outputs: { 'projects-visible': '0' },
    seen: '/groups'
  },
  {
    name: 'atlas-read/project-not-found: `atlas-project-id` names no project',
    inputs: WITH_PROJECT,
    routes: { [GROUPS]: groups(2), [GROUP]: atlasError(404, 'GROUP_NOT_FOUND') },
    problems: [['atlas-read/project-not-found', 'error']],
    status: 'fail',
    outputs: { 'projects-visible': '2' },
    seen: 'GROUP_NOT_FOUND'
  },
  {
    name: 'atlas-read/project-not-found: an invalid project id (400)',
    inputs: WITH_PROJECT,
    routes: { [GROUPS]: groups(2), [GROUP]: atlasError(400, 'INVALID_GROUP_ID') },
    problems: [['atlas-read/project-not-found', 'error']],
    status: 'fail',
    outputs: { 'projects-visible': '2' },
    seen: 'INVALID_GROUP_ID'
  },
  {
    name: 'atlas-read/project-no-role: the credential has no role on the project',
    inputs: WITH_PROJECT,
    routes: { [GROUPS]: groups(2), [GROUP]: atlasError(401, 'USER_CANNOT_ACCESS_GROUP') },
    problems: [['atlas-read/project-no-role', 'error']],
    status: 'fail',
    outputs: { 'projects-visible': '2' },
    seen: PROJECT_ID
  },
  {
    name: 'atlas-read/atlas-unavailable: the project read fails while the list works',
    inputs: WITH_PROJECT,
    routes: { [GROUPS]: groups(2), [GROUP]: atlasError(500) },
    problems: [['atlas-read/atlas-unavailable', 'error']],
    status: 'fail',
    outputs: { 'projects-visible': '2' },
    seen: '500'
  }
]

/** The shared Atlas failures, on the project list. */
const SHARED: [id: string, method: 'api-key' | 'service-account'][] = [
  ['atlas-read/atlas-unreachable', 'api-key'],
  ['atlas-read/api-version', 'service-account'],
  ['atlas-read/atlas-rate-limited', 'api-key'],
  ['atlas-read/atlas-unavailable', 'api-key'],
  ['atlas-read/bad-api-key', 'api-key'],
  ['atlas-read/bad-client-credentials', 'service-account'],
  ['atlas-read/token-rejected', 'service-account'],
  ['atlas-read/missing-role', 'api-key'],
  ['atlas-read/not-found', 'api-key'],
  ['atlas-read/ip-not-allowed', 'service-account'],
  ['atlas-read/forbidden', 'api-key'],
  ['atlas-read/unexpected-response', 'api-key']
]

describe('atlas-read', () => {
  it.each(cases)('$name', async c => {
    const { outcome } = await runCheck(atlasReadCheck, {
      inputs: c.inputs,
      routes: c.routes,
      results: { 'atlas-auth': { data: AUTH } }
    })
    expect(problems(outcome)).toEqual(c.problems)
    expect(statusOf(outcome)).toBe(c.status)
    expect(outcome.outputs).toEqual(c.outputs)
    expect(seenOf(outcome)).toContain(c.seen)
  })

  it.each(SHARED)('%s (%s)', async (id, method) => {
    const f = atlasFailure(id, GROUPS, method)
    const { outcome } = await runCheck(atlasReadCheck, {
      inputs: f.inputs,
      routes: f.routes,
      results: { 'atlas-auth': { data: { ...AUTH, method } } }
    })
    expect(problems(outcome)).toEqual([[id, 'error']])
    expect(outcome.outputs).toEqual({})
    expect(seenOf(outcome)).toContain(f.fact)
  })

  it('records what it read: the count and the project', async () => {
    const { outcome } = await runCheck(atlasReadCheck, {
      inputs: WITH_PROJECT,
      routes: { [GROUPS]: groups(2), [GROUP]: json(200, { id: PROJECT_ID, name: 'payments-prod' }) },
      results: { 'atlas-auth': { data: AUTH } }
    })
    expect(outcome.data).toEqual({ projectsVisible: 2, project: { id: PROJECT_ID, name: 'payments-prod' } })
  })

  it('marks a missing project for the report', async () => {
    const { outcome } = await runCheck(atlasReadCheck, {
      inputs: WITH_PROJECT,
      routes: { [GROUPS]: groups(2), [GROUP]: atlasError(404, 'GROUP_NOT_FOUND') },
      results: { 'atlas-auth': { data: AUTH } }
    })
    expect(outcome.data?.projectMissing).toBe(true)
  })

  it('is skipped, calling nothing, when the API access list blocked atlas-auth', async () => {
    const { outcome, http } = await runCheck(atlasReadCheck, {
      inputs: SERVICE_ACCOUNT_INPUTS,
      results: {
        'atlas-auth': {
          data: { ...AUTH, blocked: { errorCode: 'IP_ADDRESS_NOT_ON_ACCESS_LIST', ip: BLOCKED_IP } }
        }
      }
    })
    expect(statusOf(outcome)).toBe('skipped')
    expect(outcome.skipped).toContain('atlas-api-access-list')
    expect(http.calls).toEqual([])
  })
})
