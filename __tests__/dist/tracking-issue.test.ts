/**
 * The scheduled health check's tracking issue, against a local stand-in for the GitHub REST API, through dist/
 * exactly as the runner runs it: a failing run opens one issue, the next failing run updates it (no second issue)
 * and comments, a passing run comments and closes it; a token without issues: write is a warning, not a failure.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { startSandbox } from '../../sandbox/index.js'
import { startGitHubStandIn } from '../../sandbox/github.js'
import { runAction } from '../../scripts/runner-harness.js'
import { leaks } from '../helpers/canary.js'

const REPO = 'octo-org/deploys'

async function scheduledRun(
  scenario: string,
  api: { url: string; token: string },
  more: Record<string, string> = {}
) {
  const sandbox = await startSandbox({ scenario })
  const r = await runAction(sandbox.inputs({ 'open-issue': 'true', 'github-token': api.token, ...more }), {
    env: {
      GITHUB_API_URL: api.url,
      GITHUB_REPOSITORY: REPO,
      GITHUB_SERVER_URL: 'https://github.example.com',
      GITHUB_RUN_ID: String(Math.floor(Math.random() * 1e6))
    }
  })
  const secrets = [
    sandbox.scenario.action.inputs['atlas-client-secret'],
    sandbox.scenario.action.inputs['ai-api-key'],
    ...sandbox.services.atlas.tokens.keys()
  ]
  await sandbox.stop()
  return { r, secrets }
}

describe('tracking issue: open → update → close', () => {
  let api: Awaited<ReturnType<typeof startGitHubStandIn>>
  beforeAll(async () => {
    api = await startGitHubStandIn()
  })
  afterAll(() => api.stop())

  it('a failing run opens one issue with the findings table and the run link', async () => {
    const { r, secrets } = await scheduledRun('ip-not-on-api-access-list', api)
    expect(r.exitCode).toBe(1)
    expect(api.issues).toHaveLength(1)
    const issue = api.issues[0]
    expect(issue.state).toBe('open')
    expect(issue.body).toContain('<!-- atlas-preflight:tracking-issue -->')
    expect(issue.body).toContain("The runner's address is not on the API access list")
    expect(issue.body).toContain('https://github.example.com/octo-org/deploys/actions/runs/')
    expect(r.outputs['issue-number']).toBe('1')
    // The secret canary over what reached GitHub (issue bodies, comments) and everything the run wrote.
    const everything = [
      JSON.stringify(api.requests),
      r.stdout.replace(/^::add-mask::.*$/gm, ''), // the masking itself, consumed by the runner
      r.stderr,
      r.files.output,
      r.summary
    ].join('\n')
    expect(leaks(everything, secrets)).toEqual([])
  })

  it('the next failing run updates the same issue and comments, never a second issue', async () => {
    const { secrets } = await scheduledRun('low-credits', api)
    expect(leaks(JSON.stringify(api.requests), secrets)).toEqual([])
    expect(api.issues).toHaveLength(1)
    expect(api.issues[0].body).toContain('Credit is below `min-credits`')
    expect(api.comments.map(c => c.body)).toEqual([expect.stringMatching(/^Still failing in \[this run\]/)])
  })

  it('a passing run comments and closes it', async () => {
    const { r } = await scheduledRun('healthy', api)
    expect(r.exitCode).toBe(0)
    expect(api.issues[0]).toEqual(expect.objectContaining({ state: 'closed', state_reason: 'completed' }))
    expect(api.comments.at(-1)?.body).toMatch(/^Passing again/)
  })

  it('a later failure opens a new issue (the closed one is history)', async () => {
    await scheduledRun('bad-api-key', api)
    expect(api.issues.map(i => i.state)).toEqual(['closed', 'open'])
  })
})

describe('tracking issue without issues: write', () => {
  it('warns, and the verdict is the preflight’s own', async () => {
    const api = await startGitHubStandIn({ permission: 'read' })
    const { r } = await scheduledRun('healthy', api)
    expect(r.exitCode).toBe(0)
    const failing = await scheduledRun('low-credits', api)
    expect(failing.r.exitCode).toBe(1)
    expect(failing.r.annotations).toContainEqual(
      expect.objectContaining({
        severity: 'warning',
        title: 'atlas-preflight: tracking issue not updated',
        message: expect.stringContaining('issues: write')
      })
    )
    expect(api.issues).toHaveLength(0)
    await api.stop()
  })
})

describe('token hand-off (export-token)', () => {
  it('exposes the cached token as a masked output, and nowhere else', async () => {
    const sandbox = await startSandbox({ scenario: 'healthy' })
    const r = await runAction(sandbox.inputs({ 'export-token': 'true' }))
    const tokens = [...sandbox.services.atlas.tokens.keys()]
    await sandbox.stop()
    expect(tokens).toHaveLength(1)
    expect(r.outputs['access-token']).toBe(tokens[0])
    expect(r.stdout).toContain(`::add-mask::${tokens[0]}`)
    const elsewhere = [r.stdout.replace(/^::add-mask::.*$/gm, ''), r.summary, r.outputs['report']].join('\n')
    expect(elsewhere).not.toContain(tokens[0])
  })

  it('is off by default', async () => {
    const sandbox = await startSandbox({ scenario: 'healthy' })
    const r = await runAction(sandbox.inputs())
    await sandbox.stop()
    expect(r.outputs['access-token']).toBeUndefined()
  })
})

describe('tracking issue per scope (issue-key)', () => {
  let api: Awaited<ReturnType<typeof startGitHubStandIn>>
  beforeAll(async () => {
    api = await startGitHubStandIn()
  })
  afterAll(() => api.stop())

  it('a passing matrix job never closes the issue another environment just opened', async () => {
    await scheduledRun('ip-not-on-api-access-list', api, { 'issue-key': 'production' })
    await scheduledRun('healthy', api, { 'issue-key': 'staging' })
    expect(api.issues.map(i => i.state)).toEqual(['open'])
    expect(api.issues[0].body).toContain('<!-- atlas-preflight:scope project:65a1b2c3d4e5f60718293a4c:production -->')
    // Its own environment passing closes it.
    await scheduledRun('healthy', api, { 'issue-key': 'production' })
    expect(api.issues.map(i => i.state)).toEqual(['closed'])
  })
})
