/**
 * Issue 11, deep nesting and wrong types. 100,000 levels of nesting (~200 KB, under the body limit) in the identity
 * call's `roles` or `accessList` must not kill the report: the console report, the `status` output and the job
 * summary are still written, the exit status follows the policy, and a finding says Atlas gave an unexpected
 * answer, naming the field. Nulls and wrong types (`roles: [null]`, `accessList: [null]`, a numeric `cidrBlock`,
 * network list `results: [null]`, service account `roles` as a string, `secrets: [null]`) are an
 * `…/unexpected-response` finding naming the field, never `…/internal-error`.
 */
import { afterAll, afterEach, describe, expect, it } from '@jest/globals'
import {
  API_KEY_INPUTS,
  KEYS,
  ORG_ID,
  expectRun,
  hostileRun,
  startWorld,
  type RunResult
} from '../helpers/hostile-run.js'
import { Servers, editJson, type Rule } from '../helpers/hostile-server.js'

const servers = new Servers()
afterEach(() => servers.closeAll())
afterAll(() => servers.closeAll())

const DEPTH = 100_000
const deep = () => '['.repeat(DEPTH) + ']'.repeat(DEPTH)

/** The identity call's answer with `roles` or `accessList` replaced by raw JSON text. */
function identityWith(field: 'roles' | 'accessList', rawJson: string): Rule {
  const roles = JSON.stringify([
    { orgId: ORG_ID, roleName: 'ORG_MEMBER' },
    { groupId: '65a1b2c3d4e5f60718293a4c', roleName: 'GROUP_READ_ONLY' }
  ])
  const accessList = JSON.stringify([{ cidrBlock: '203.0.113.10/32', ipAddress: '203.0.113.10' }])
  return {
    route: 'atlas.identity',
    when: x => !!x.req.headers.authorization,
    reply: () => ({
      headers: { 'content-type': 'application/vnd.atlas.2023-01-01+json;charset=utf-8' },
      raw:
        `{"appName":"MongoDB Atlas","throttling":false,"apiKey":{"id":"${KEYS.apiKeyId}",` +
        `"publicKey":"${KEYS.publicKey}","roles":${field === 'roles' ? rawJson : roles},` +
        `"accessList":${field === 'accessList' ? rawJson : accessList}}}`
    })
  }
}

function unexpectedNaming(r: RunResult, field: string) {
  return r.findings.filter(f => f.id.endsWith('/unexpected-response') && f.seen.includes(field))
}

describe('deeply nested JSON (100,000 levels) in the identity call', () => {
  it.each(['roles', 'accessList'] as const)(
    '`%s`: console report, status output, summary, exit status by policy, and an unexpected-response finding naming it',
    async field => {
      const body = deep()
      expect(body.length).toBeGreaterThan(199_000)
      const world = servers.add(await startWorld({ atlas: [identityWith(field, body)] }))
      const r = await hostileRun(world.inputs(API_KEY_INPUTS))
      // The exit status follows the policy (fail-on: error): 1 exactly when the run failed.
      expectRun(
        r,
        {
          consoleReport: /atlas-preflight \S+: (PASS|WARN|FAIL) in /.test(r.stdout),
          status: r.outputs['status'],
          summary: /Preflight (passed|failed)/.test(r.summary),
          exitByPolicy: r.exitCode === (r.outputs['status'] === 'fail' ? 1 : 0),
          reportIsJson: r.report !== undefined,
          unexpected: unexpectedNaming(r, field).map(f => f.id)
        },
        {
          consoleReport: true,
          status: expect.stringMatching(/^(pass|warn|fail)$/),
          summary: true,
          exitByPolicy: true,
          reportIsJson: true,
          unexpected: [expect.stringMatching(/\/unexpected-response$/)]
        }
      )
    }
  )
})

describe('nulls and wrong types are an unexpected answer naming the field, never an internal error', () => {
  const cases: [string, string, Rule[], Record<string, string>][] = [
    ['roles: [null] (identity call)', 'roles', [identityWith('roles', '[null]')], API_KEY_INPUTS],
    [
      'accessList: [null] (identity call)',
      'accessList',
      [identityWith('accessList', '[null]')],
      API_KEY_INPUTS
    ],
    [
      'a numeric cidrBlock (identity call)',
      'cidrBlock',
      [identityWith('accessList', '[{"cidrBlock":3405803786,"ipAddress":"203.0.113.10"}]')],
      API_KEY_INPUTS
    ],
    [
      'network access list results: [null]',
      'results',
      [{ route: 'atlas.accessList', reply: editJson(j => void (j.results = [null, ...j.results])) }],
      {}
    ],
    [
      'service account roles as a string',
      'roles',
      [
        { route: 'atlas.serviceAccount', reply: editJson(j => void (j.roles = 'ORG_OWNER')) },
        { route: 'atlas.groupServiceAccount', reply: editJson(j => void (j.roles = 'GROUP_OWNER')) }
      ],
      { 'atlas-org-id': ORG_ID }
    ],
    [
      'service account secrets: [null]',
      'secrets',
      [
        { route: 'atlas.serviceAccount', reply: editJson(j => void (j.secrets = [null])) },
        { route: 'atlas.groupServiceAccount', reply: editJson(j => void (j.secrets = [null])) }
      ],
      { 'atlas-org-id': ORG_ID }
    ]
  ]

  it.each(cases)('%s', async (_name, field, rules, extra) => {
    const world = servers.add(await startWorld({ atlas: rules }))
    const r = await hostileRun(world.inputs(extra))
    expectRun(
      r,
      {
        internalErrors: r.findings
          .filter(f => f.id.endsWith('/internal-error'))
          .map(f => `${f.id}: ${f.seen}`),
        namesTheField: unexpectedNaming(r, field).length > 0,
        statusSet: !!r.outputs['status']
      },
      { internalErrors: [], namesTheField: true, statusSet: true }
    )
  })
})
