/**
 * Organization scope as users run it from a terminal or the reusable workflow (issue 22, behaviour 6), on the bundled
 * CLI (dist/cli/index.js) against the sandbox's `org-fleet` organization (32 projects in pages of 10, 15
 * credentials): `fleet plan --chunks 3` prints only the job matrix; one organization-scope run per chunk, then
 * `fleet merge` (offline, no credential), gives the same findings on the same targets as one run over the whole
 * organization; a chunk whose report is missing or damaged shows as its targets unread, never as a clean merge.
 * (It found that the chunk holding the scanning account, `service-account:self`, named it missing.)
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startSandbox } from '../../sandbox/index.js'
import { DIST } from '../../scripts/runner-harness.js'

type Sandbox = Awaited<ReturnType<typeof startSandbox>>
interface ReportFinding {
  id: string
  severity: string
  target?: { kind: string; id: string }
}
interface Report {
  status: string
  outputs: Record<string, string>
  checks: { id: string; findings: ReportFinding[] }[]
}

const CLIENT_ID = 'mdb_sa_id_65a1b2c3d4e5f60718293a51'
const SECRET = 'mdb_sa_sk_SandboxSecret0123456789abcdefABCDEF012345'
let sandbox: Sandbox
let dir: string
let clock = Date.now()

async function cli(args: string[], credential = true) {
  // Each run mints a token, and Atlas allows 10 a minute per credential: the sandbox's clock moves a minute.
  clock += 61_000
  const child = spawn(process.execPath, [join(DIST, 'cli/index.js'), ...args], {
    env: {
      PATH: process.env.PATH ?? '',
      ATLAS_PREFLIGHT_ATLAS_BASE_URL: sandbox.inputs()['atlas-base-url']!,
      ATLAS_PREFLIGHT_TIMEOUT_SECONDS: '60',
      ...(credential ? { MONGODB_ATLAS_CLIENT_ID: CLIENT_ID, MONGODB_ATLAS_CLIENT_SECRET: SECRET } : {})
    },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', d => (stdout += d))
  child.stderr.on('data', d => (stderr += d))
  const exitCode = await new Promise<number | null>(r => child.on('close', code => r(code)))
  return { exitCode, stdout, stderr }
}

/** What a run found, on what: `id target-kind:target-id`, sorted (order and timings ignored). */
const found = (r: Report) =>
  r.checks
    .filter(c => c.id === 'fleet')
    .flatMap(c => c.findings.map(f => `${f.id} ${f.target?.kind}:${f.target?.id}`))
    .sort()

let plan: { include: { chunk: number; targets: string }[] }
let planText: string
let planExit: [number | null, string]
let whole: Report
const chunkReports: string[] = []

beforeAll(async () => {
  sandbox = await startSandbox({ scenario: 'org-fleet', now: () => clock })
  dir = mkdtempSync(join(tmpdir(), 'fleet-cli-'))
  const p = await cli(['fleet', 'plan', '--chunks', '3'])
  planExit = [p.exitCode, p.stderr]
  planText = p.stdout
  plan = JSON.parse(p.stdout)
  const w = await cli(['--scope', 'organization', '--json'])
  whole = JSON.parse(w.stdout)
  for (const c of plan.include) {
    const path = join(dir, `chunk-${c.chunk}.json`)
    await cli(['--scope', 'organization', '--targets', c.targets, '--report-path', path, '--json'])
    chunkReports.push(path)
  }
  writeFileSync(join(dir, 'plan.json'), planText)
}, 300_000)

afterAll(async () => {
  await sandbox.stop()
  rmSync(dir, { recursive: true, force: true })
})

describe('fleet plan and fleet merge on the bundled CLI', () => {
  it('plan prints only the JSON matrix: 3 chunks that split every target of the organization once', () => {
    expect(planExit).toEqual([0, ''])
    expect(plan.include.map(c => c.chunk)).toEqual([1, 2, 3])
    const targets = plan.include.flatMap(c => c.targets.split(','))
    expect(new Set(targets).size).toBe(targets.length)
    expect(targets).toHaveLength(Number(whole.outputs['fleet-targets']))
    expect(targets.filter(t => t.startsWith('project:'))).toHaveLength(32)
  })

  it('the chunks merged offline give the same findings on the same targets as one run', async () => {
    const m = await cli(['fleet', 'merge', '--plan', join(dir, 'plan.json'), ...chunkReports, '--json'], false)
    const merged = JSON.parse(m.stdout) as Report
    expect(found(merged)).toEqual(found(whole))
    expect(found(merged)).toContain('fleet/open-to-world project:387c97551f81747ecc2f673f')
    expect(merged.outputs['fleet-targets']).toBe(whole.outputs['fleet-targets'])
    expect(merged.outputs['fleet-unread']).toBe(whole.outputs['fleet-unread'])
    expect(m.exitCode).toBe(1)
  })

  it("an option's value among the report files is the option's, not a report (--fail-on never)", async () => {
    const m = await cli(
      ['fleet', 'merge', '--fail-on', 'never', '--plan', join(dir, 'plan.json'), ...chunkReports, '--json'],
      false
    )
    expect(m.stderr).toBe('')
    const merged = JSON.parse(m.stdout) as Report
    expect(found(merged)).toEqual(found(whole))
    expect(m.exitCode).toBe(0)
  })

  it('a chunk with no report, or a damaged one, leaves its targets unread: never a clean merge', async () => {
    const damaged = join(dir, 'damaged.json')
    writeFileSync(damaged, '{"checks": [ {"id": "fleet", "data": ')
    const m = await cli(
      ['fleet', 'merge', '--plan', join(dir, 'plan.json'), chunkReports[0]!, damaged, '--json'],
      false
    )
    const merged = JSON.parse(m.stdout) as Report
    // Chunk 1 holds projects only, all readable; chunks 2 and 3 (the credentials, with the 4 API keys the whole run
    // could not read either) are lost.
    const lost = plan.include.slice(1).flatMap(c => c.targets.split(',')).length
    expect(plan.include[0]!.targets).not.toContain('api-key:')
    expect(Number(merged.outputs['fleet-unread'])).toBe(lost)
    expect(found(merged)).toContain('fleet/incomplete organization:65a1b2c3d4e5f60718293a4b')
    // What chunk 1 read is clean but for notices: the lost chunks' targets make it a warning, never a pass.
    expect(merged.status).toBe('warn')
  })
})
