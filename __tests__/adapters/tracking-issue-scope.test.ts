import { describe, expect, it } from '@jest/globals'
import {
  MARKER,
  isOurs,
  organizationBody,
  previousSections,
  scopeMarker
} from '../../src/github/tracking-issue.js'
import { issueScope } from '../../src/fleet/issue-scope.js'

const ORG = issueScope('organization', { orgId: '65a1b2c3d4e5f60718293a4b' })
const section = (key: string, title = key) => ({
  key,
  title,
  problems: [
    { id: 'fleet/open-to-world', severity: 'error' as const, title: 'Open', seen: 'seen', fix: 'fix' }
  ]
})

describe('tracking issue per scope', () => {
  it('the marker names the scope: matrix jobs (issue-key) and other projects never take each other’s issue', () => {
    const prod = issueScope('project', { projectId: 'p1', issueKey: 'production' })
    const staging = issueScope('project', { projectId: 'p1', issueKey: 'staging' })
    const body = `${MARKER}\n${scopeMarker(prod)}\n…`
    expect(isOurs(body, prod)).toBe(true)
    expect(isOurs(body, staging)).toBe(false)
    expect(isOurs(body, issueScope('project', { projectId: 'p2' }))).toBe(false)
    expect(isOurs(body, ORG)).toBe(false)
  })

  it('an issue from before scopes is adopted by a project-scope run without issue-key only', () => {
    const legacy = `${MARKER}\nThe scheduled atlas-preflight health check is failing.`
    expect(isOurs(legacy, issueScope('project', { projectId: 'p1' }))).toBe(true)
    expect(isOurs(legacy, issueScope('project', { projectId: 'p1', issueKey: 'prod' }))).toBe(false)
    expect(isOurs(legacy, ORG)).toBe(false)
  })

  it('issue-key text is reduced to a safe token in the marker', () => {
    expect(issueScope('project', { projectId: 'p1', issueKey: 'a --> <script> @team' })).toBe(
      'project:p1:a----script-team'
    )
  })

  it('organization scope: one stable section per target; a section that clears says so with its date', () => {
    const first = organizationBody(
      ORG,
      [section('project:aa'), section('api-key:bb')],
      '',
      'summary',
      undefined,
      '2026-12-01'
    )
    expect([...previousSections(first).keys()]).toEqual(['api-key:bb', 'project:aa'])
    const second = organizationBody(ORG, [section('project:aa')], first, 'summary', undefined, '2026-12-02')
    expect(second).toContain('<!-- atlas-preflight:section api-key:bb cleared=2026-12-02 -->')
    expect(second).toContain('clear since 2026-12-02')
    // The date a section cleared is kept, run after run.
    const third = organizationBody(ORG, [section('project:aa')], second, 'summary', undefined, '2026-12-03')
    expect(third).toContain('api-key:bb cleared=2026-12-02')
  })

  it('text read back is untrusted: only well-formed section markers count, a forged one cannot inject', () => {
    const forged = [
      '<!-- atlas-preflight:section project:aa --> ok',
      '<!-- atlas-preflight:section project:x --><script>alert(1)</script> -->',
      '<!-- atlas-preflight:section evil:zz -->',
      '<!-- atlas-preflight:section project:bb cleared=tomorrow -->'
    ].join('\n')
    expect([...previousSections(forged).entries()]).toEqual([
      ['project:aa', undefined],
      ['project:x', undefined]
    ])
    const body = organizationBody(ORG, [], forged, '', undefined, '2026-12-02')
    expect(body).not.toContain('<script>')
    expect(body).not.toContain('evil:zz')
  })

  it('names and seen text from servers are escaped as Markdown', () => {
    const body = organizationBody(
      ORG,
      [section('project:aa', 'project "[x](https://evil)"')],
      '',
      '',
      undefined,
      '2026-12-02'
    )
    expect(body).not.toContain('[x](https://evil)')
  })
})

describe("the change watch's read of the open issue", () => {
  it("goes through the run's fetch (proxies, the deadline's lookups), never Octokit's own", async () => {
    const { openIssueBody } = await import('../../src/github/tracking-issue.js')
    const asked: string[] = []
    const body = `${MARKER}\n${scopeMarker(ORG)}\nprevious`
    const fetch = async (input: string | URL | Request) => {
      asked.push(String(input instanceof Request ? input.url : input))
      return new Response(JSON.stringify([{ number: 7, body, state: 'open' }]), {
        status: 200,
        headers: { 'content-type': 'application/json' }
      })
    }
    const env = { GITHUB_REPOSITORY: 'acme/infra', GITHUB_API_URL: 'https://github.invalid/api' }
    const found = await openIssueBody(env, 'ghs_token', ORG, new AbortController().signal, fetch)
    expect(found).toBe(body)
    expect(asked.length).toBeGreaterThan(0)
    expect(asked.every(u => u.startsWith('https://github.invalid/api/repos/acme/infra/issues'))).toBe(true)
  })
})
