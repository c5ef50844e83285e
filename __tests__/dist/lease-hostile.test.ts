/**
 * The lease's promises (issue 19 items 1–6) on the bundle, against hostile stand-ins, as users run it: the action's
 * main step (dist/index.js) and post step (dist/post/index.js), a scheduled run, and the CLI (dist/cli/index.js)
 * `lease release`, `lease audit` and `lease audit --remove`.
 *
 * - A list server that pages below the size asked: the runner's hand-made permanent /32 on page 2 is seen (the lease
 *   is `existing`, nothing is written or removed).
 * - A read-back that answers another address: never taken as `existing`; the post step reports what is left and when
 *   Atlas removes it.
 * - A DELETE answered 204 that deletes nothing: the post step does not say "removed".
 * - The audit and its removal: only this tool's one-host leases past their own deleteAfterDate are removed; a live
 *   lease (5 h of its 12 left, audited with lease-minutes 360), a lease widened to a /24 or a /8, one made permanent,
 *   and other tools' entries are never touched.
 *
 * Nothing sleeps to wait: the sandbox's clock is injected; the retries a hostile answer causes are bounded by
 * timeout-seconds.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { startSandbox } from '../../sandbox/index.js'
import { DIST, runAction, runPost } from '../../scripts/runner-harness.js'
import { leaseComment, leaseTag } from '../../src/lease/marker.js'

type Sandbox = Awaited<ReturnType<typeof startSandbox>>
interface Entry {
  ipAddress?: string
  cidrBlock?: string
  comment?: string
  deleteAfterDate?: string
  status?: string
}
interface Event {
  type: string
  entry?: string
}

const GROUP = '65a1b2c3d4e5f60718293a4c'
const RUNNER = '192.0.2.44'
const CLIENT_ID = 'mdb_sa_id_65a1b2c3d4e5f60718293a51'
const SECRET = 'mdb_sa_sk_SandboxSecret0123456789abcdefABCDEF012345'
const JOB = {
  GITHUB_ACTIONS: 'true',
  GITHUB_REPOSITORY: 'you/app',
  GITHUB_RUN_ID: '4242',
  GITHUB_RUN_ATTEMPT: '1',
  GITHUB_JOB: 'deploy',
  RUNNER_ENVIRONMENT: 'github-hosted'
}

let clock = Date.now()
/** Each run mints a token; Atlas allows 10 a minute per credential (the sandbox holds the action to it). */
const aMinuteLater = () => void (clock += 61_000)
const iso = (fromNowMs: number) => new Date(clock + fromNowMs).toISOString().replace(/\.\d{3}Z$/, 'Z')
const HOUR = 3_600_000
let sandbox: Sandbox
const atlas = () =>
  sandbox.services.atlas as unknown as {
    s: { atlas: Record<string, unknown> & { projects: { id: string; accessList: Entry[] }[] } }
    expire(g: unknown): void
  }
const project = () => atlas().s.atlas.projects.find(p => p.id === GROUP)!
const hostile = (options: Record<string, unknown>) => Object.assign(atlas().s.atlas, options)
/** The project's entries as Atlas lists them now. */
const listed = (): Entry[] => {
  atlas().expire(project())
  return project().accessList
}
const values = () => listed().map(e => e.cidrBlock ?? `${e.ipAddress}/32`)
/** Where this test's events start: the log is the sandbox's, shared by the tests of this file. */
let since = 0
const events = (type: string) => (sandbox.events as Event[]).slice(since).filter(e => e.type === type)
const lease = (more: Record<string, string> = {}) =>
  sandbox.inputs({ 'lease-network-access': 'true', 'lease-minutes': '30', ...more })

const marker = (tag: string, hoursAgo: number) =>
  leaseComment([tag], new Date(clock - hoursAgo * HOUR), 'octo/app 5.1 deploy')
/** Every kind of entry that looks like a lease, and two that do not. */
const lookalikes = (): Entry[] => [
  // Live: written 7 h ago by a job that asked for 12 h (5 h left).
  { ipAddress: '203.0.113.5', cidrBlock: '203.0.113.5/32', comment: marker('cccccccc', 7), deleteAfterDate: iso(5 * HOUR) },
  // Made permanent by a person, the comment kept.
  { ipAddress: '203.0.113.9', cidrBlock: '203.0.113.9/32', comment: marker('eeeeeeee', 30) },
  // Widened by a person to a /24 (still temporary) and to a /8 (permanent), the comment kept.
  { cidrBlock: '198.51.100.0/24', comment: marker('ffffffff', 30), deleteAfterDate: iso(2 * HOUR) },
  { cidrBlock: '10.0.0.0/8', comment: marker('abababab', 30) },
  { ipAddress: '203.0.113.7', cidrBlock: '203.0.113.7/32', comment: 'Added by MongoDB MCP Server to enable tool access' },
  { ipAddress: '198.51.100.7', cidrBlock: '198.51.100.7/32', comment: 'office' }
]

/** The CLI as a user runs it: flags for the project and URLs, the credential in the conventional variables. */
async function cli(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [join(DIST, 'cli/index.js'), ...args], {
    env: {
      PATH: process.env.PATH ?? '',
      MONGODB_ATLAS_CLIENT_ID: CLIENT_ID,
      MONGODB_ATLAS_CLIENT_SECRET: SECRET,
      ...env
    },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', d => (stdout += d))
  child.stderr.on('data', d => (stderr += d))
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000)
  const exitCode = await new Promise<number | null>(r => child.on('close', code => r(code)))
  clearTimeout(timer)
  return { exitCode, stdout, stderr }
}
const where = () => {
  const i = sandbox.inputs()
  return ['--atlas-project-id', GROUP, '--atlas-base-url', i['atlas-base-url']!, '--ip-echo-urls', i['ip-echo-urls']!]
}

beforeAll(async () => {
  sandbox = await startSandbox({
    scenario: { extends: 'lease-github-hosted-runner', atlas: { accessListPendingSeconds: 0 } },
    now: () => clock
  })
})
afterAll(async () => {
  await sandbox.stop()
})
beforeEach(() => {
  aMinuteLater()
  since = sandbox.events.length
  hostile({
    accessListPageSize: undefined,
    accessListReadBack: 'true',
    accessListDeleteNoop: false,
    accessListExpiryLagMinutes: 0
  })
})

describe('the lease against hostile answers (bundled action and post step)', () => {
  it('a list paged below the size asked: the runner\'s permanent /32 on page 2 is seen; nothing is written or removed', async () => {
    const filler = Array.from({ length: 150 }, (_, i) => ({
      ipAddress: `10.9.${Math.floor(i / 200)}.${i % 200}`,
      cidrBlock: `10.9.${Math.floor(i / 200)}.${i % 200}/32`,
      comment: 'fleet'
    }))
    const mine = { ipAddress: RUNNER, cidrBlock: `${RUNNER}/32`, comment: 'runner, by hand' }
    project().accessList = [...filler, mine]
    hostile({ accessListPageSize: 100 })
    const main = await runAction(lease(), { env: JOB })
    expect([main.outputs['network-lease'], main.outputs['network-lease-entry'], main.exitCode]).toEqual([
      'existing',
      `${RUNNER}/32`,
      0
    ])
    const post = await runPost(lease(), main.state, { env: JOB })
    expect(post.exitCode).toBe(0)
    expect(post.summary).toContain('left alone')
    expect(listed().find(e => e.cidrBlock === `${RUNNER}/32`)).toEqual(mine)
    expect(events('NETWORK_PERMISSION_ENTRY_UPDATED')).toEqual([])
    expect(events('NETWORK_PERMISSION_ENTRY_REMOVED')).toEqual([])
  })

  it('a read-back naming another address is never "existing"; the post step says what is left and until when', async () => {
    project().accessList = [{ ipAddress: '198.51.100.7', cidrBlock: '198.51.100.7/32', comment: 'office' }]
    hostile({ accessListReadBack: 'other' })
    const main = await runAction(lease({ 'timeout-seconds': '40' }), { env: JOB })
    expect(main.outputs['network-lease']).toBe('failed')
    expect(main.exitCode).toBe(1)
    const report = JSON.parse(main.outputs['report']!)
    const ids = report.checks.flatMap((c: { findings: { id: string }[] }) => c.findings.map(f => f.id))
    expect(ids).toContain('atlas-network-lease/write-unverified')
    expect(ids).not.toContain('atlas-network-lease/existing')
    const state = JSON.parse(main.state['lease']!)
    expect(state).toMatchObject({ mode: 'writing', entry: `${RUNNER}/32` })

    const post = await runPost(lease({ 'timeout-seconds': '40' }), main.state, { env: JOB })
    expect(post.exitCode).toBe(0)
    expect(post.annotations).toEqual([
      expect.objectContaining({ severity: 'warning', title: expect.stringContaining('could not be removed') })
    ])
    expect(post.annotations[0]!.message).toContain(`${RUNNER}/32`)
    expect(post.summary).toContain('could not be confirmed removed')
    expect(post.summary).toContain(`Left on the list: \`${RUNNER}/32\`; Atlas removes it by itself at \`${state.deleteAfterDate}\``)
    // What the post step said is true: the entry is there, and Atlas removes it no later than it said.
    const left = listed().find(e => e.cidrBlock === `${RUNNER}/32`)!
    expect(Date.parse(left.deleteAfterDate!)).toBeLessThanOrEqual(Date.parse(state.deleteAfterDate))
  })

  it('a DELETE answered 204 that deletes nothing is not "removed": a warning names the entry and its date', async () => {
    project().accessList = [{ ipAddress: '198.51.100.7', cidrBlock: '198.51.100.7/32', comment: 'office' }]
    const main = await runAction(lease(), { env: JOB })
    expect(main.outputs['network-lease']).toBe('created')
    // The visible part of the summary names the entry, until when, and who removes it.
    const visible = main.summary.slice(0, main.summary.indexOf('<details>'))
    expect(visible).toContain(`Network access leased:** \`${RUNNER}/32\``)
    expect(visible).toContain("this job's post step removes it")
    aMinuteLater()
    hostile({ accessListDeleteNoop: true })
    const post = await runPost(lease({ 'timeout-seconds': '40' }), main.state, { env: JOB })
    expect(post.exitCode).toBe(0)
    expect(events('SANDBOX_DELETE_IGNORED').length).toBeGreaterThan(0)
    expect(post.annotations.map(a => [a.severity, a.title])).toEqual([
      ['warning', expect.stringContaining('could not be removed')]
    ])
    expect(post.annotations[0]!.message).toContain('still lists')
    expect(post.summary).toContain(`Left on the list: \`${RUNNER}/32\``)
    expect(values()).toContain(`${RUNNER}/32`)

    // With a DELETE that works, the same post step confirms the removal by a fresh read, and says so.
    aMinuteLater()
    hostile({ accessListDeleteNoop: false })
    const again = await runPost(lease(), main.state, { env: JOB })
    expect(again.summary).toContain('The leased entry was removed (a fresh read no longer lists it)')
    expect(values()).not.toContain(`${RUNNER}/32`)
  })
})

describe('the audit: only what is ours, and only by its own terms', () => {
  it('a scheduled run with lease-cleanup: remove and lease-minutes 360 removes nothing that is live or not ours', async () => {
    project().accessList = lookalikes()
    const before = structuredClone(listed())
    expect(before).toHaveLength(6)
    const run = await runAction(
      sandbox.inputs({ 'lease-cleanup': 'remove', 'lease-minutes': '360', 'lease-network-access': 'false' }),
      { env: { ...JOB, GITHUB_EVENT_NAME: 'schedule' } }
    )
    const report = JSON.parse(run.outputs['report']!)
    const check = report.checks.find((c: { id: string }) => c.id === 'atlas-network-lease')
    expect(check.findings.map((f: { id: string }) => f.id)).toEqual([
      'atlas-network-lease/audit-clean',
      'atlas-network-lease/lease-lookalike',
      'atlas-network-lease/lease-lookalike',
      'atlas-network-lease/lease-lookalike',
      'atlas-network-lease/foreign-permanent-entry'
    ])
    expect(listed()).toEqual(before)
    expect(events('NETWORK_PERMISSION_ENTRY_REMOVED')).toEqual([])
  })

  it('`lease audit` reports (and says when nothing is stale); `lease audit --remove` removes only the lease past its own date', async () => {
    // A lease whose deleteAfterDate passed 10 minutes ago, which Atlas is late removing.
    hostile({ accessListExpiryLagMinutes: 60 })
    const stale = {
      ipAddress: '203.0.113.6',
      cidrBlock: '203.0.113.6/32',
      comment: marker('dddddddd', 3),
      deleteAfterDate: iso(-10 * 60_000)
    }
    const seed = lookalikes()
    project().accessList = structuredClone([...seed, stale])

    const report = await cli(['lease', 'audit', ...where()])
    expect(report.exitCode).toBe(0)
    expect(report.stdout).toContain('A lease outlived its own deleteAfterDate')
    expect(report.stdout).toContain('203.0.113.6/32')
    expect(values()).toContain('203.0.113.6/32')

    aMinuteLater()
    const json = await cli(['lease', 'audit', '--remove', '--json', ...where()])
    expect(json.exitCode).toBe(0)
    const r = JSON.parse(json.stdout)
    expect(r.checks.map((c: { id: string }) => c.id)).toEqual(['atlas-network-lease'])
    expect(r.checks[0].findings.map((f: { id: string }) => f.id)).toContain('atlas-network-lease/stale-lease-removed')
    expect(events('NETWORK_PERMISSION_ENTRY_REMOVED').map(e => e.entry)).toEqual(['203.0.113.6/32'])
    expect(listed()).toEqual(seed)

    aMinuteLater()
    const clean = await cli(['lease', 'audit', ...where()])
    expect(clean.exitCode).toBe(0)
    expect(clean.stdout).toContain('outlived its own deleteAfterDate')
    expect(clean.stdout).toContain('No lease of this tool on project')
  })
})

describe('`lease release` and the lease commands as users run them', () => {
  it('a lease taken by the CLI with --lease-id is ended by `lease release --lease-id`, confirmed by a fresh read', async () => {
    const seed = lookalikes()
    project().accessList = structuredClone(seed)
    const ip = ['--egress-ip', RUNNER]
    const take = await cli([...where(), ...ip, '--lease-network-access', 'true', '--lease-id', 'job-7', '--json'])
    const report = JSON.parse(take.stdout)
    expect([take.exitCode, report.outputs['network-lease']]).toEqual([0, 'created'])
    const entry = listed().find(e => e.cidrBlock === `${RUNNER}/32`)!
    expect(entry.comment).toContain(leaseTag('explicit:job-7'))

    aMinuteLater()
    const end = await cli(['lease', 'release', '--lease-id', 'job-7', ...where()])
    expect(end.exitCode).toBe(0)
    expect(end.stdout).toContain('Lease ended: the entry was removed')
    expect(values()).not.toContain(`${RUNNER}/32`)
    // Nothing else was touched.
    expect(listed()).toEqual(seed)

    aMinuteLater()
    const again = await cli(['lease', 'release', '--lease-id', 'job-7', ...where()])
    expect(again.exitCode).toBe(0)
    expect(again.stdout).toContain('already gone')
  })

  it('an entry that could not be confirmed removed exits 1, naming the entry and when Atlas removes it', async () => {
    const comment = leaseComment([leaseTag('explicit:job-8')], new Date(clock), 'job-8')
    const until = iso(HOUR)
    project().accessList = [{ ipAddress: RUNNER, cidrBlock: `${RUNNER}/32`, comment, deleteAfterDate: until }]
    hostile({ accessListDeleteNoop: true })
    const end = await cli(['lease', 'release', '--lease-id', 'job-8', '--timeout-seconds', '40', ...where()])
    expect(end.exitCode).toBe(1)
    expect(end.stdout).toContain(`${RUNNER}/32`)
    expect(end.stdout).toContain(until)
  })

  it('without a project, a credential or a lease id: exit 2, in CLI words', async () => {
    const noProject = await cli(['lease', 'release', '--lease-id', 'x'])
    expect(noProject.exitCode).toBe(2)
    expect(noProject.stderr).toContain('--atlas-project-id')
    expect(noProject.stderr).toContain('ATLAS_PREFLIGHT_ATLAS_PROJECT_ID')
    expect(noProject.stderr).not.toContain('post step')
    const noCredential = await cli(['lease', 'audit', ...where()], {
      MONGODB_ATLAS_CLIENT_ID: '',
      MONGODB_ATLAS_CLIENT_SECRET: ''
    })
    expect(noCredential.exitCode).toBe(2)
    expect(noCredential.stderr).toContain('MONGODB_ATLAS_CLIENT_ID')
    const noId = await cli(['lease', 'release', ...where()])
    expect(noId.exitCode).toBe(2)
    expect(noId.stderr).toContain('--lease-id')
  })

  it('`lease --help` and `lease release --help` help', async () => {
    const lease = await cli(['lease', '--help'])
    expect([lease.exitCode, lease.stdout]).toEqual([0, expect.stringContaining('atlas-preflight lease release')])
    expect(lease.stdout).toContain('MONGODB_ATLAS_PROJECT_ID')
    const release = await cli(['lease', 'release', '--help'])
    expect(release.exitCode).toBe(0)
    expect(release.stdout).toContain("Ends this job's network lease")
    expect(release.stdout).toContain('--lease-id')
    const wrong = await cli(['lease', 'renew'])
    expect([wrong.exitCode, wrong.stderr]).toEqual([2, expect.stringContaining('lease release')])
  })
})
