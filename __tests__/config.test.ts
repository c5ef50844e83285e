import { describe, expect, it } from '@jest/globals'
import { parseConfig } from '../src/config/config.js'

describe('config: bad input values become findings, never exceptions', () => {
  it.each([
    ['checks', 'egress-ip, nope', 'inputs/unknown-check'],
    ['ignore', 'whatever', 'inputs/unknown-check'],
    ['fail-on', 'maybe', 'inputs/fail-on'],
    ['timeout-seconds', '-1', 'inputs/out-of-range'],
    ['timeout-seconds', '601', 'inputs/out-of-range'],
    ['min-credits', 'ten', 'inputs/not-a-number'],
    ['warn-credits', '1e9', 'inputs/not-a-number'],
    ['egress-ip', '999.1.1.1', 'inputs/egress-ip'],
    ['atlas-project-id', 'production', 'inputs/not-an-id'],
    ['revoke-token', 'yes', 'inputs/not-boolean'],
    ['ip-echo-urls', 'ftp://example.com', 'inputs/echo-url'],
    ['atlas-base-url', 'http://cloud.mongodb.com', 'inputs/base-url-insecure'],
    ['atlas-base-url', 'https://evil.example.com', 'inputs/base-url-untrusted'],
    ['atlas-base-url', 'https://api.atlascloud.ai', 'inputs/base-url-wrong-service'],
    ['ai-base-url', 'https://cloud.mongodb.com', 'inputs/base-url-wrong-service'],
    ['atlas-base-url', 'https://user:pw@cloud.mongodb.com', 'inputs/base-url-credentials'],
    ['atlas-base-url', 'https://cloud.mongodb.com/api/atlas/v2', 'inputs/base-url-path'],
    ['allowed-roles', 'PROJECT_READ_ONLY', 'inputs/project-role-names']
  ])('%s: %j → %s', (name, value, id) => {
    const { findings } = parseConfig({ [name]: value })
    expect(findings.map(f => f.id)).toContain(id)
    const f = findings.find(x => x.id === id)!
    expect(f.severity).toBe('error')
    expect(f.title).toContain(name)
    expect(f.fix.length).toBeGreaterThan(10)
  })

  it('keeps safe defaults when a value is bad', () => {
    const { config } = parseConfig({ 'fail-on': 'maybe', 'timeout-seconds': 'x' })
    expect(config.failOn).toBe('error')
    expect(config.timeoutSeconds).toBe(60)
  })

  it('accepts custom endpoints only when allowed, and loopback always', () => {
    expect(
      parseConfig({ 'atlas-base-url': 'https://proxy.corp.example', 'allow-custom-endpoints': 'true' })
        .findings
    ).toEqual([])
    expect(parseConfig({ 'atlas-base-url': 'http://127.0.0.1:8080' }).config.atlas.baseUrl).toBe(
      'http://127.0.0.1:8080'
    )
    expect(parseConfig({ 'atlas-base-url': 'https://cloud.mongodbgov.com/' }).config.atlas.baseUrl).toBe(
      'https://cloud.mongodbgov.com'
    )
  })

  it('warns when warn-credits is below min-credits', () => {
    const { findings } = parseConfig({ 'min-credits': '10', 'warn-credits': '5' })
    expect(findings).toEqual([expect.objectContaining({ id: 'inputs/warn-below-min', severity: 'warning' })])
  })

  it('maps PROJECT_* role names to the GROUP_* names the API uses', () => {
    expect(parseConfig({ 'allowed-roles': 'project_read_only, ORG_MEMBER' }).config.allowedRoles).toEqual([
      'GROUP_READ_ONLY',
      'ORG_MEMBER'
    ])
  })
})
