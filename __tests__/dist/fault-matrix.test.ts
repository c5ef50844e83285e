/**
 * The fault matrix (reliability suite): every endpoint the action calls × every way a server fails, each cell a
 * fresh `node dist/index.js` against the sandbox. Each cell asserts: the exit code follows the policy (no crash,
 * no unhandled rejection, no stack trace); exactly the affected checks report one clear finding each; every
 * unrelated check reports as in the healthy run; the run ends within timeout-seconds plus a small bound; no
 * secret or token appears anywhere, even when a hostile server echoes the Authorization header back. Transient
 * faults that heal within the retry budget end in a pass.
 */
import { beforeAll, describe, expect, it } from '@jest/globals'
import { connect } from 'node:net'
import { availableParallelism } from 'node:os'
import { startSandbox } from '../../sandbox/index.js'
import { runAction } from '../../scripts/runner-harness.js'
import { REGISTRY } from '../../src/checks/index.js'
import { leaks } from '../helpers/canary.js'

const TIMEOUT_S = 10
// The run writes its report at the deadline and exits at once; the rest is process start-up and the report, which a
// loaded 2-core machine can stretch: a generous bound, not a timing test.
const BOUND_MS = 10_000

interface Route {
  route: string
  scenario: 'healthy' | 'healthy-api-key'
  /** Checks that must report the failure (one clear finding each). Empty: redundancy absorbs it. */
  affected: string[]
}

const ROUTES: Route[] = [
  { route: 'echo.text', scenario: 'healthy', affected: [] },
  { route: 'atlas.token', scenario: 'healthy', affected: ['atlas-auth'] },
  { route: 'atlas.orgs', scenario: 'healthy', affected: ['atlas-auth'] },
  { route: 'atlas.identity', scenario: 'healthy-api-key', affected: ['atlas-auth'] },
  { route: 'atlas.ipinfo', scenario: 'healthy', affected: [] },
  { route: 'atlas.orgSettings', scenario: 'healthy', affected: [] },
  { route: 'atlas.groups', scenario: 'healthy', affected: ['atlas-read'] },
  { route: 'atlas.group', scenario: 'healthy', affected: ['atlas-read'] },
  { route: 'atlas.accessList', scenario: 'healthy', affected: ['atlas-network-access-list'] },
  {
    route: 'atlas.serviceAccount',
    scenario: 'healthy',
    affected: ['atlas-privilege', 'atlas-secret-expiry']
  },
  { route: 'ai.models', scenario: 'healthy', affected: [] },
  { route: 'ai.balance', scenario: 'healthy', affected: ['ai-auth'] }
]

const FAULTS: Record<string, object> = {
  timeout: { fault: 'hang' },
  reset: { fault: 'reset' },
  '500': { fault: 'status', status: 500 },
  '502': { fault: 'status', status: 502 },
  '503 Retry-After': { fault: 'status', status: 503, retryAfter: 1 },
  '429 Retry-After': { fault: 'status', status: 429, retryAfter: 1 },
  'malformed JSON': { fault: 'malformed-json' },
  'HTML error page': { fault: 'html' },
  'empty body': { fault: 'empty' },
  'truncated body': { fault: 'truncated' },
  'body over the bound': { fault: 'huge' },
  'redirect to another origin': { fault: 'redirect' },
  'hostile echo of Authorization': { fault: 'echo-auth' }
}

const HEALING = ['reset', '502', '503 Retry-After', '429 Retry-After', 'truncated body']

/** Checks that need (transitively) one of these, and may therefore be skipped. */
function dependents(ids: string[]): Set<string> {
  const out = new Set<string>()
  let grew = true
  while (grew) {
    grew = false
    for (const c of REGISTRY) {
      if (out.has(c.id)) continue
      if (c.needs.some(n => ids.includes(n) || out.has(n))) {
        out.add(c.id)
        grew = true
      }
    }
  }
  return out
}

/**
 * A loopback address where nothing listens. Not a port freed after a listen: the test run's other servers (each
 * sandbox listens on port 0) can be handed that port again, and the "refused" cell then reached a live sandbox. Port 1
 * (tcpmux) is never assigned as an ephemeral port and nothing here listens on it; the probe makes sure.
 */
async function closedPort(): Promise<string> {
  const refused = await new Promise<boolean>(resolve => {
    const socket = connect(1, '127.0.0.1')
    socket.once('connect', () => (socket.destroy(), resolve(false)))
    socket.once('error', () => (socket.destroy(), resolve(true)))
  })
  if (!refused) throw new Error('something listens on 127.0.0.1:1: the connection-refused cells need it closed')
  return 'http://127.0.0.1:1'
}

interface Cell {
  name: string
  scenario: string
  faults: object[]
  override?: (inputs: Record<string, string>) => Promise<Record<string, string>>
  affected: string[]
  heals?: boolean
}

const cells: Cell[] = []
for (const r of ROUTES)
  for (const [f, spec] of Object.entries(FAULTS))
    cells.push({
      name: `${r.route} × ${f}`,
      scenario: r.scenario,
      faults: [{ route: r.route, ...spec }],
      affected: r.affected
    })
for (const r of ROUTES.filter(x => x.affected.length > 0))
  for (const f of HEALING)
    cells.push({
      name: `${r.route} × ${f}, healing`,
      scenario: r.scenario,
      faults: [{ route: r.route, ...FAULTS[f], first: 1 }],
      affected: [],
      heals: true
    })
cells.push({
  name: 'Atlas × connection refused',
  scenario: 'healthy',
  faults: [],
  affected: ['atlas-auth'],
  override: async i => ({ ...i, 'atlas-base-url': await closedPort() })
})
cells.push({
  name: 'Atlas Cloud × connection refused',
  scenario: 'healthy',
  faults: [],
  affected: ['ai-auth'],
  override: async i => ({ ...i, 'ai-base-url': await closedPort() })
})
cells.push({
  name: 'one echo service × connection refused',
  scenario: 'healthy',
  faults: [],
  affected: [],
  override: async i => ({ ...i, 'ip-echo-urls': `${i['ip-echo-urls']}\n${await closedPort()}/ip` })
})

type Outcome = {
  run: Awaited<ReturnType<typeof runAction>>
  secrets: string[]
  report: {
    status: string
    checks: { id: string; status: string; findings: { severity: string; title: string; fix: string }[] }[]
  }
}
const outcomes = new Map<string, Outcome>()
const baseline = new Map<string, Map<string, string>>()

async function runCell(c: Cell): Promise<Outcome> {
  const sandbox = await startSandbox({ scenario: c.scenario })
  try {
    for (const f of c.faults) sandbox.faults.add(f as never)
    let inputs = sandbox.inputs({ 'timeout-seconds': String(TIMEOUT_S) }) as Record<string, string>
    if (c.override) inputs = await c.override(inputs)
    const run = await runAction(inputs, { timeoutMs: (TIMEOUT_S + 30) * 1000 })
    const given = [
      'atlas-public-key',
      'atlas-private-key',
      'atlas-client-id',
      'atlas-client-secret',
      'ai-api-key'
    ]
      .map(k => inputs[k])
      .filter((x): x is string => !!x)
    const secrets = [...given, ...sandbox.services.atlas.tokens.keys()]
    return {
      run,
      secrets,
      report: run.outputs['report'] ? JSON.parse(run.outputs['report']) : { status: 'missing', checks: [] }
    }
  } finally {
    await sandbox.stop()
  }
}

async function pool<T>(items: T[], size: number, work: (t: T) => Promise<void>): Promise<void> {
  const queue = [...items]
  await Promise.all(
    Array.from({ length: size }, async () => {
      for (let next = queue.shift(); next !== undefined; next = queue.shift()) await work(next)
    })
  )
}

beforeAll(async () => {
  for (const s of ['healthy', 'healthy-api-key']) {
    const o = await runCell({ name: s, scenario: s, faults: [], affected: [] })
    baseline.set(s, new Map(o.report.checks.map(c => [c.id, c.status])))
  }
  // Cells are processes that mostly wait on the deadline: a few per core.
  await pool(cells, Math.max(2, 3 * availableParallelism()), async c => {
    outcomes.set(c.name, await runCell(c))
  })
}, 600_000)

describe.each(cells)('$name', c => {
  it('exits by policy, within the deadline, with no crash, stack trace or secret', () => {
    const { run, report, secrets } = outcomes.get(c.name)!
    const text = [
      run.stdout.replace(/^::add-mask::.*$/gm, ''),
      run.stderr,
      run.files.output,
      run.files.summary
    ].join('\n')
    expect(report.status).not.toBe('missing')
    expect(run.exitCode).toBe(report.status === 'fail' ? 1 : 0)
    expect(text).not.toMatch(
      /\n\s+at .+:\d+:\d+|stopped unexpectedly|UnhandledPromiseRejection|\[object Object\]/
    )
    expect(leaks(text, secrets)).toEqual([])
    expect(run.wallMs).toBeLessThan(TIMEOUT_S * 1000 + BOUND_MS)
  })

  it('reports one clear finding in each affected check, and leaves the others as in the healthy run', () => {
    const { report } = outcomes.get(c.name)!
    const base = baseline.get(c.scenario)!
    const skippable = dependents(c.affected)
    // Each check as a user sees it, against what it should be: one clear finding where the fault is, the
    // dependents skipped or unchanged, every other check as in the healthy run.
    const seen = report.checks.map(check => {
      const problems = check.findings.filter(f => f.severity !== 'notice')
      const clear = problems.every(p => p.title.length > 5 && p.fix.length > 10)
      return [check.id, check.status, problems.length, clear]
    })
    const failing = expect.stringMatching(/^(fail|warn)$/)
    const dependent = expect.stringMatching(/^(skipped|pass|warn)$/)
    const anyCount = expect.any(Number)
    const anyClarity = expect.any(Boolean)
    const wanted = report.checks.map(check =>
      c.affected.includes(check.id)
        ? [check.id, failing, 1, true]
        : skippable.has(check.id)
          ? [check.id, dependent, anyCount, true]
          : [check.id, base.get(check.id), anyCount, anyClarity]
    )
    expect(seen).toEqual(wanted)
    const anyStatus = expect.any(String)
    expect(report.status).toEqual(c.heals || c.affected.length === 0 ? 'pass' : anyStatus)
  })
})
