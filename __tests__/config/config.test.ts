/**
 * The inputs: one table over the parsers (a valid and an invalid value of every kind), one case per cross-input
 * rule, and parseConfig as a whole (bad input never throws; every problem is reported at once; safe defaults).
 */
import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { parseConfig } from '../../src/config/config.js'
import { INPUTS, type InputKind, type InputSpec } from '../../src/config/inputs.js'
import { PARSERS, parseInput, type ParseContext } from '../../src/config/parsers.js'
import { DEFAULT_ECHO_URLS, RULES } from '../../src/config/rules.js'
import { INPUT_FINDINGS } from '../../src/config/findings.js'
import { declaredFindings, type Finding } from '../../src/core/finding.js'
import { CHECK_IDS } from '../../src/core/check-ids.js'

const spec = (name: string): InputSpec => {
  const s = INPUTS.find(i => i.name === name)
  if (!s) throw new Error(`no input ${name}`)
  return s
}
const plain = (v: unknown) => (v instanceof Set ? [...v] : v)
const STRICT: ParseContext = { allowCustomEndpoints: false }
const CUSTOM: ParseContext = { allowCustomEndpoints: true }

/** Every id raised by a case below, to check the declared table against. */
const raised = new Set<string>()

// kind, input, raw value, expected value, expected finding ids, context
const PARSER_CASES: [InputKind, string, string | undefined, unknown, string[], ParseContext?][] = [
  ['bool', 'revoke-token', 'TRUE', true, []],
  ['bool', 'revoke-token', ' false\n', false, []],
  ['bool', 'revoke-token', undefined, false, []],
  ['bool', 'revoke-token', 'yes', false, ['inputs/not-boolean']],
  ['int', 'timeout-seconds', '30', 30, []],
  ['int', 'timeout-seconds', '', 60, []],
  ['int', 'timeout-seconds', '-1', 60, ['inputs/out-of-range']],
  ['int', 'timeout-seconds', '601', 60, ['inputs/out-of-range']],
  ['int', 'lease-minutes', '10080', 10080, []],
  ['int', 'lease-minutes', '0', 360, ['inputs/out-of-range']],
  ['int', 'secret-expiry-days', '0', 0, []],
  ['days', 'warn-days-left', '7', 7, []],
  ['days', 'warn-days-left', '  ', undefined, []],
  ['days', 'min-days-left', '3651', undefined, ['inputs/out-of-range']],
  ['days', 'min-days-left', '1.5', undefined, ['inputs/out-of-range']],
  ['decimal', 'min-credits', '2.5', 2.5, []],
  ['decimal', 'min-credits', '-1', -1, []],
  ['decimal', 'min-credits', 'ten', undefined, ['inputs/not-a-number']],
  ['decimal', 'warn-credits', '1e9', undefined, ['inputs/not-a-number']],
  ['hex24', 'atlas-project-id', '65A1B2C3D4E5F60718293A4C', '65a1b2c3d4e5f60718293a4c', []],
  ['hex24', 'atlas-project-id', 'production', undefined, ['inputs/not-an-id']],
  ['hex24', 'atlas-org-id', undefined, undefined, []],
  ['enum', 'fail-on', 'warning', 'warning', []],
  ['enum', 'fail-on', undefined, 'error', []],
  ['enum', 'fail-on', 'maybe', 'error', ['inputs/fail-on']],
  ['enum', 'lease-cleanup', 'remove', 'remove', []],
  ['enum', 'lease-cleanup', 'delete', 'report', ['inputs/not-one-of']],
  ['base-url', 'atlas-base-url', undefined, 'https://cloud.mongodb.com', []],
  ['base-url', 'atlas-base-url', 'https://cloud.mongodbgov.com/', 'https://cloud.mongodbgov.com', []],
  ['base-url', 'atlas-base-url', 'http://127.0.0.1:8080', 'http://127.0.0.1:8080', []],
  ['base-url', 'atlas-base-url', 'https://proxy.corp.example', 'https://proxy.corp.example', [], CUSTOM],
  ['base-url', 'atlas-base-url', 'not a url', 'https://cloud.mongodb.com', ['inputs/base-url-invalid']],
  [
    'base-url',
    'atlas-base-url',
    'http://cloud.mongodb.com',
    'https://cloud.mongodb.com',
    ['inputs/base-url-insecure']
  ],
  [
    'base-url',
    'atlas-base-url',
    'https://evil.example.com',
    'https://cloud.mongodb.com',
    ['inputs/base-url-untrusted']
  ],
  [
    'base-url',
    'atlas-base-url',
    'https://api.atlascloud.ai',
    'https://cloud.mongodb.com',
    ['inputs/base-url-wrong-service']
  ],
  [
    'base-url',
    'ai-base-url',
    'https://cloud.mongodb.com',
    'https://api.atlascloud.ai',
    ['inputs/base-url-wrong-service']
  ],
  [
    'base-url',
    'atlas-base-url',
    'https://u:p@cloud.mongodb.com',
    'https://cloud.mongodb.com',
    ['inputs/base-url-credentials']
  ],
  [
    'base-url',
    'atlas-base-url',
    'https://cloud.mongodb.com/api/atlas/v2',
    'https://cloud.mongodb.com',
    ['inputs/base-url-path']
  ],
  [
    'url-list',
    'ip-echo-urls',
    'https://a.example, http://b.example/ip',
    ['https://a.example/', 'http://b.example/ip'],
    []
  ],
  [
    'url-list',
    'ip-echo-urls',
    'ftp://example.com\nhttps://ok.example',
    ['https://ok.example/'],
    ['inputs/echo-url']
  ],
  ['url-list', 'ip-echo-urls', 'https://user:pw@echo.example', [], ['inputs/echo-url-credentials']],
  ['check-ids', 'checks', 'egress-ip,\natlas-auth', ['egress-ip', 'atlas-auth'], []],
  ['check-ids', 'checks', 'egress-ip, all', ['egress-ip'], ['inputs/unknown-check']],
  ['check-ids', 'ignore', 'all, nope, also-nope', ['all'], ['inputs/unknown-check', 'inputs/unknown-check']],
  ['ip', 'egress-ip', '2001:db8::1', '2001:db8::1', []],
  ['ip', 'egress-ip', '999.1.1.1', undefined, ['inputs/egress-ip']],
  ['list', 'ai-required-models', ' a/b ,\n\nc ', ['a/b', 'c'], []],
  ['list', 'allowed-roles', 'org_member, GROUP_READ_ONLY', ['ORG_MEMBER', 'GROUP_READ_ONLY'], []],
  ['text', 'cluster', '  Cluster0 ', 'Cluster0', []],
  ['text', 'report-path', ' ', undefined, []],
  ['database-user', 'database-user', 'app', { database: 'admin', username: 'app' }, []],
  ['database-user', 'database-user', '$external/CN=ci', { database: '$external', username: 'CN=ci' }, []],
  ['secret', 'atlas-private-key', ' key\n', ' key\n', []],
  ['secret', 'mongodb-uri', '', undefined, []]
]

describe('config/parsers: one parser per kind', () => {
  it.each(PARSER_CASES)('%s %s %j', (kind, name, raw, value, ids, ctx = STRICT) => {
    const s = spec(name)
    expect(s.type.kind).toBe(kind)
    const r = parseInput(s, raw, ctx)
    expect(plain(r.value)).toEqual(value)
    expect(r.findings.map(f => f.id)).toEqual(ids)
    for (const f of r.findings) {
      raised.add(f.id)
      expect(f).toMatchObject({ check: 'inputs', severity: 'error', title: `Invalid input \`${name}\`` })
      expect(f.data).toEqual({ input: name })
      expect(f.seen).toContain(`\`${name}\``)
      expect(f.fix.length).toBeGreaterThan(10)
    }
  })

  it('no parser throws, whatever the string (and a bad value always says the fix)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...INPUTS),
        fc.string({ unit: 'binary' }),
        fc.boolean(),
        (s, raw, custom) => {
          const r = parseInput(s, raw, { allowCustomEndpoints: custom })
          for (const f of r.findings) expect(f.fix.length).toBeGreaterThan(0)
        }
      ),
      { numRuns: 2000 }
    )
  })

  it('the table exercises every kind, and every input has a parser', () => {
    expect(new Set(PARSER_CASES.map(c => c[0]))).toEqual(new Set(Object.keys(PARSERS)))
    for (const i of INPUTS) expect(PARSERS[i.type.kind]).toBeDefined()
  })

  it('says the unit a decimal is in, and the accepted values of an enum and of the check ids', () => {
    const fix = (name: string, raw: string) => parseInput(spec(name), raw, STRICT).findings[0]?.fix
    expect(fix('min-credits', 'x')).toContain('a number of US dollars')
    expect(fix('fail-on', 'x')).toBe(
      'Set `fail-on: error` (the default), `fail-on: warning` or `fail-on: never`.'
    )
    expect(fix('ignore', 'x')).toBe(`Use check ids from: ${CHECK_IDS.join(', ')}, or \`all\`.`)
  })
})

// rule name, inputs, expected finding ids (the rules' own, in order), what else to check
const RULE_CASES: [string, Record<string, string>, string[], (r: ReturnType<typeof parseConfig>) => void][] =
  [
    [
      'allowCustomEndpoints',
      { 'atlas-base-url': 'https://proxy.corp.example', 'allow-custom-endpoints': 'true' },
      [],
      r => expect(r.config.atlas.baseUrl).toBe('https://proxy.corp.example')
    ],
    [
      'warnBelowMin',
      { 'min-credits': '10', 'warn-credits': '5' },
      ['inputs/warn-below-min'],
      () => undefined
    ],
    [
      'daysWarnBelowMin',
      { 'min-days-left': '7', 'warn-days-left': '3' },
      ['inputs/warn-days-below-min'],
      r => expect([r.config.warnDaysLeft, r.config.minDaysLeft]).toEqual([3, 7])
    ],
    [
      'projectRoleNames',
      { 'allowed-roles': 'project_read_only, ORG_MEMBER' },
      ['inputs/project-role-names'],
      r => expect(r.config.allowedRoles).toEqual(['GROUP_READ_ONLY', 'ORG_MEMBER'])
    ],
    [
      'revokeAndExport',
      { 'revoke-token': 'true', 'export-token': 'true' },
      ['inputs/revoke-and-export'],
      r => expect([r.config.revokeToken, r.config.exportToken]).toEqual([true, true])
    ],
    [
      'echoUrlsDefault',
      { 'ip-echo-urls': ' , ' },
      [],
      r => expect(r.config.ipEchoUrls).toEqual(DEFAULT_ECHO_URLS)
    ],
    [
      'leaseNeedsProject',
      { 'lease-network-access': 'true' },
      ['inputs/lease-needs-project'],
      r => expect(r.config.lease).toEqual({ enabled: true, minutes: 360, cleanup: 'report' })
    ],
    [
      'clusterNeedsProject',
      { cluster: 'Cluster0', 'database-user': 'app' },
      ['inputs/cluster-needs-project', 'inputs/cluster-needs-project'],
      r => expect(r.findings.map(f => f.data?.['input'])).toEqual(['cluster', 'database-user'])
    ],
    [
      'fleetTargets',
      {
        scope: 'organization',
        targets:
          'project:65A1B2C3D4E5F60718293A4C, api-key:nope, service-account:mdb_sa_id_65a1b2c3d4e5f60718293a4d'
      },
      ['inputs/target-invalid'],
      r =>
        expect(r.config.targets).toEqual([
          'project:65a1b2c3d4e5f60718293a4c',
          'service-account:mdb_sa_id_65a1b2c3d4e5f60718293a4d'
        ])
    ]
  ]

describe('config/rules: the cross-input rules', () => {
  it.each(RULE_CASES)('%s', (_name, raw, ids, more) => {
    const r = parseConfig(raw)
    expect(r.findings.map(f => f.id)).toEqual(ids)
    for (const f of r.findings) raised.add(f.id)
    more(r)
  })

  it('targets is refused in project scope (nothing would read them)', () => {
    const r = parseConfig({ targets: 'project:65a1b2c3d4e5f60718293a4c' })
    expect(r.findings.map(f => f.id)).toEqual(['inputs/targets-need-organization'])
    for (const f of r.findings) raised.add(f.id)
    expect([r.config.scope, r.config.targets]).toEqual(['project', []])
  })

  it('every rule has a case', () => {
    expect(RULE_CASES.map(c => c[0])).toEqual(RULES.map(r => r.name))
  })

  it.each([
    ['warn-credits at min-credits', { 'min-credits': '5', 'warn-credits': '5' }],
    ['warn-days-left above min-days-left', { 'min-days-left': '3', 'warn-days-left': '7' }],
    ['only one of revoke and export', { 'revoke-token': 'true' }],
    [
      'a lease with its project',
      { 'lease-network-access': 'true', 'atlas-project-id': '65a1b2c3d4e5f60718293a4c' }
    ],
    [
      'a cluster known by its connection string',
      { cluster: 'Cluster0', 'mongodb-uri': 'mongodb+srv://c0.example.net' }
    ],
    ['every echo URL bad: none is used', { 'ip-echo-urls': 'ftp://a' }]
  ])('no rule finding: %s', (_what, raw) => {
    const ids = parseConfig(raw).findings.map(f => f.id)
    expect(ids.filter(id => id !== 'inputs/echo-url')).toEqual([])
  })

  it('the project rules look at what was given: a bad project id is reported once, as itself', () => {
    const { findings } = parseConfig({
      'lease-network-access': 'true',
      cluster: 'c',
      'atlas-project-id': 'prod'
    })
    expect(findings.map(f => f.id)).toEqual(['inputs/not-an-id'])
    expect(parseConfig({ 'ip-echo-urls': 'ftp://a' }).config.ipEchoUrls).toEqual([])
  })

  it('database-user needs the project even with mongodb-uri', () => {
    const r = parseConfig({ 'database-user': 'app', 'mongodb-uri': 'mongodb+srv://c0.example.net' })
    expect(r.findings).toEqual([
      expect.objectContaining({ id: 'inputs/cluster-needs-project', data: { input: 'database-user' } })
    ])
  })
})

describe('config: parseConfig', () => {
  it('reports every problem at once, in input order, and keeps safe defaults', () => {
    const { config, findings } = parseConfig({
      'atlas-project-id': 'production',
      'fail-on': 'maybe',
      'timeout-seconds': 'x',
      'revoke-token': 'yes',
      'warn-credits': 'ten'
    })
    expect(findings.map(f => f.id)).toEqual([
      'inputs/not-an-id',
      'inputs/not-a-number',
      'inputs/fail-on',
      'inputs/out-of-range',
      'inputs/not-boolean'
    ])
    expect(config).toMatchObject({ failOn: 'error', timeoutSeconds: 60, revokeToken: false })
    expect(config.atlas.projectId).toBeUndefined()
  })

  it('gives the defaults for no input at all, with no finding', () => {
    const { config, findings } = parseConfig({})
    expect(findings).toEqual([])
    expect(config).toEqual({
      atlas: { baseUrl: 'https://cloud.mongodb.com' },
      ai: { baseUrl: 'https://api.atlascloud.ai', requiredModels: [] },
      model: { baseUrl: 'https://ai.mongodb.com/v1', proof: false },
      ipEchoUrls: DEFAULT_ECHO_URLS,
      checks: undefined,
      ignore: new Set(),
      failOn: 'error',
      timeoutSeconds: 60,
      allowedRoles: undefined,
      secretExpiryDays: 14,
      revokeToken: false,
      exportToken: false,
      allowCustomEndpoints: false,
      openIssue: false,
      lease: { enabled: false, minutes: 360, cleanup: 'report' },
      scope: 'project',
      targets: []
    })
  })

  it('builds the whole Config from good values', () => {
    const { config, findings } = parseConfig({
      'atlas-client-id': 'mdb_sa_id_x',
      'atlas-client-secret': 'mdb_sa_sk_x',
      'atlas-project-id': '65a1b2c3d4e5f60718293a4c',
      checks: 'atlas-auth',
      ignore: 'all',
      cluster: 'Cluster0',
      'database-user': '$external/arn:aws:iam::1:role/ci',
      'mongodb-uri': 'mongodb+srv://c0.example.net',
      'lease-network-access': 'true',
      'lease-minutes': '30',
      'warn-days-left': '14',
      'min-days-left': '3',
      'egress-ip': '203.0.113.10'
    })
    expect(findings).toEqual([])
    expect(config).toMatchObject({
      atlas: { clientId: 'mdb_sa_id_x', clientSecret: 'mdb_sa_sk_x', projectId: '65a1b2c3d4e5f60718293a4c' },
      checks: new Set(['atlas-auth']),
      ignore: new Set(['all']),
      cluster: 'Cluster0',
      databaseUser: { database: '$external', username: 'arn:aws:iam::1:role/ci' },
      mongodbUri: 'mongodb+srv://c0.example.net',
      lease: { enabled: true, minutes: 30, cleanup: 'report' },
      warnDaysLeft: 14,
      minDaysLeft: 3,
      egressIp: '203.0.113.10'
    })
  })
})

describe('config/findings: the inputs findings table', () => {
  const declared = declaredFindings(INPUT_FINDINGS)

  it('declares each id once, all under inputs/', () => {
    const ids = declared.map(d => d.id)
    expect(new Set(ids).size).toBe(ids.length)
    for (const id of ids) expect(id).toMatch(/^inputs\/[a-z0-9-]+$/)
  })

  it('every declared error and warning is raised by a case above, with the declared severity', () => {
    const notRaised = declared.filter(d => d.severity !== 'notice' && !raised.has(d.id)).map(d => d.id)
    expect(notRaised).toEqual([])
    const bySeverity = (s: Finding['severity']) => declared.filter(d => d.severity === s).map(d => d.id)
    expect(bySeverity('warning').sort()).toEqual([
      'inputs/revoke-and-export',
      'inputs/warn-below-min',
      'inputs/warn-days-below-min'
    ])
  })
})
