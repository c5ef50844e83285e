/**
 * The project's workflows, the README's example workflows and action.yml are valid by a schema validator
 * (@action-validator/core, the engine of the `action-validator` CLI that .ci/run also calls), use only inputs and
 * outputs action.yml declares, and the self-test workflow passes when its steps are played here: its sandbox
 * steps run as written (bash, $GITHUB_OUTPUT) and its `uses: ./` steps run dist/index.js as the runner would.
 */
import { afterAll, describe, expect, it } from '@jest/globals'
import { validateAction, validateWorkflow } from '@action-validator/core'
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'yaml'
import { parseOutputs, ROOT, runAction } from '../../scripts/runner-harness.js'
import { VERSION } from '../../src/version.js'

const read = (f: string) => readFileSync(join(ROOT, f), 'utf8')
const action = parse(read('action.yml')) as {
  inputs: Record<string, unknown>
  outputs: Record<string, unknown>
}
const workflowFiles = readdirSync(join(ROOT, '.github/workflows')).filter(f => /\.ya?ml$/.test(f))

type Step = {
  id?: string
  name?: string
  if?: string
  uses?: string
  run?: string
  with?: Record<string, unknown>
  env?: Record<string, string>
}
type Workflow = { jobs: Record<string, { steps?: Step[] }> }

/** The README's ```yaml blocks, each made a whole workflow (a lone step list or a `jobs:` block is wrapped). */
function readmeWorkflows(): { source: string; text: string }[] {
  const blocks = [...read('README.md').matchAll(/```yaml\n([\s\S]*?)```/g)].map(m => m[1] as string)
  return blocks.map((block, i) => {
    const source = `README.md yaml block ${i + 1}`
    if (/^on:/m.test(block)) return { source, text: block }
    if (/^jobs:/m.test(block)) return { source, text: `on: push\n${block}` }
    const steps = block.replace(/^/gm, '      ')
    return { source, text: `on: push\njobs:\n  preflight:\n    runs-on: ubuntu-latest\n    steps:\n${steps}` }
  })
}

const allWorkflows = () => [
  ...workflowFiles.map(f => ({ source: `.github/workflows/${f}`, text: read(`.github/workflows/${f}`) })),
  ...readmeWorkflows()
]

const isThisAction = (uses: string | undefined) => uses === './' || /(^|\/)atlas-preflight@/.test(uses ?? '')

describe('schema validation (action-validator)', () => {
  it('has the workflows the project promises', () => {
    expect(workflowFiles.sort()).toEqual([
      'check-dist.yml',
      'ci.yml',
      'fleet.yml',
      'release.yml',
      'self-test.yml'
    ])
    expect(readmeWorkflows().length).toBeGreaterThanOrEqual(3)
  })

  it.each(allWorkflows().map(w => [w.source, w.text]))('%s is a valid workflow', (_source, text) => {
    expect(validateWorkflow(text).errors).toEqual([])
  })

  it('rejects a broken workflow (the validator is not a no-op)', () => {
    const broken = 'on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    step:\n      - run: true\n'
    expect(validateWorkflow(broken).errors.length).toBeGreaterThan(0)
    expect(validateAction('name: x\nruns:\n  using: node24\n').errors.length).toBeGreaterThan(0)
  })

  it('action.yml is valid; action-validator 0.6 predates node24, so only `runs.using` may be flagged', () => {
    const text = read('action.yml')
    // The validator's bundled schema lists node12/16/20 only; GitHub runs node24 since runner v2.327.1.
    const asIs = validateAction(text).errors
    expect(asIs.every(e => 'path' in e && e.path === '/runs')).toBe(true)
    expect(text).toMatch(/^ {2}using: '?node24'?$/m)
    expect(validateAction(text.replace(/^( {2}using:) '?node24'?$/m, '$1 node20')).errors).toEqual([])
  })
})

describe('workflows use only what action.yml declares', () => {
  it.each(allWorkflows().map(w => [w.source, w.text]))('%s', (_source, text) => {
    const wf = parse(text) as Workflow
    for (const job of Object.values(wf.jobs)) {
      const ours = new Set((job.steps ?? []).filter(s => isThisAction(s.uses) && s.id).map(s => s.id))
      const keys = (job.steps ?? []).filter(s => isThisAction(s.uses)).flatMap(s => Object.keys(s.with ?? {}))
      for (const key of keys) expect(Object.keys(action.inputs)).toContain(key)
      const used = [...text.matchAll(/steps\.([\w-]+)\.outputs\.([\w-]+)/g)].filter(m => ours.has(m[1]))
      for (const m of used) expect(Object.keys(action.outputs)).toContain(m[2])
    }
  })
})

describe('the self-test workflow, played here', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'self-test-'))
  const pids: number[] = []
  afterAll(() => {
    for (const pid of pids) {
      try {
        process.kill(pid)
      } catch {
        // already stopped
      }
    }
    rmSync(tmp, { recursive: true, force: true })
  })

  it('passes: the healthy run passes and the classic 403 is reported as denied', async () => {
    const wf = parse(read('.github/workflows/self-test.yml')) as Workflow
    const steps = Object.values(wf.jobs)[0]?.steps ?? []
    const outputs: Record<string, Record<string, string>> = {}
    const expr = (value: unknown) =>
      String(value).replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_m, e: string) => {
        if (e === 'runner.temp') return tmp
        const ref = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(e)
        if (!ref) throw new Error(`expression not emulated: ${e}`)
        return outputs[ref[1] as string]?.[ref[2] as string] ?? ''
      })
    let played = 0
    const stderrs: string[] = []
    for (const step of steps) {
      if (step.uses?.startsWith('actions/') || /always\(\)/.test(String(step.if))) continue
      if (step.uses === './') {
        const inputs = Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, expr(v)]))
        const result = await runAction(inputs)
        stderrs.push(result.stderr)
        outputs[step.id as string] = result.outputs
      } else {
        const outputFile = join(tmp, `output-${played}`)
        writeFileSync(outputFile, '')
        const env: Record<string, string> = { PATH: process.env['PATH'] ?? '', RUNNER_TEMP: tmp }
        for (const [k, v] of Object.entries(step.env ?? {})) env[k] = expr(v)
        const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', expr(step.run)], {
          cwd: ROOT,
          env: { ...env, GITHUB_OUTPUT: outputFile },
          encoding: 'utf8'
        })
        if (r.status !== 0)
          throw new Error(`step "${step.name ?? step.run}" exited ${r.status}: ${r.stdout}${r.stderr}`)
        const out = parseOutputs(readFileSync(outputFile, 'utf8'))
        if (out['pid']) pids.push(Number(out['pid']))
        if (step.id) outputs[step.id] = out
      }
      played++
    }
    expect(played).toBeGreaterThanOrEqual(6)
    expect(stderrs).toEqual(stderrs.map(() => ''))
    expect(outputs['pass']?.['status']).toBe('pass')
    expect(outputs['fail']?.['api-access-list']).toBe('denied')
  })
})

describe('@github/local-action (npm run local-action)', () => {
  it('runs src/local-action.ts with .env.example against the sandbox and reports a pass', async () => {
    const { startSandbox } = await import('../../sandbox/index.js')
    const sandbox = await startSandbox({ scenario: 'healthy' })
    const dir = mkdtempSync(join(tmpdir(), 'local-action-'))
    try {
      // .env.example points at `npm run sandbox -- --port 8370`; here the sandbox has free ports.
      const env = read('.env.example')
        .replace('http://127.0.0.1:8370', sandbox.atlasUrl)
        .replace('http://127.0.0.1:8371', sandbox.aiUrl)
        .replaceAll('http://127.0.0.1:8372', sandbox.echoUrl)
      writeFileSync(join(dir, '.env'), env)
      const bin = join(ROOT, 'node_modules/.bin/local-action')
      const r = await new Promise<{ code: number | null; out: string }>(resolve => {
        const child = spawn(bin, ['.', 'src/local-action.ts', join(dir, '.env')], {
          cwd: ROOT,
          env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? dir },
          stdio: ['ignore', 'pipe', 'pipe']
        })
        let out = ''
        child.stdout.on('data', d => (out += d))
        child.stderr.on('data', d => (out += d))
        child.on('close', code => resolve({ code, out }))
      })
      expect(r.out).toContain(`atlas-preflight ${VERSION}: PASS`)
      expect(r.out).toMatch(/'status'\s*│\s*'pass'/)
      expect(r.out).not.toContain('mdb_sa_sk_SandboxSecret')
      expect(r.code).toBe(0)
    } finally {
      await sandbox.stop()
      rmSync(dir, { recursive: true, force: true })
    }
  }, 60_000)
})

describe('the reusable fleet workflow', () => {
  const wf = parse(read('.github/workflows/fleet.yml')) as {
    on: { workflow_call?: { secrets?: Record<string, unknown> } }
    jobs: Record<string, { needs?: string | string[]; strategy?: { matrix?: string }; permissions?: unknown }>
  }

  it('is called with uses: and secrets:, and wires plan → matrix of chunks → merge', () => {
    expect(Object.keys(wf.on.workflow_call?.secrets ?? {})).toEqual(
      expect.arrayContaining(['atlas-client-id', 'atlas-client-secret'])
    )
    expect(Object.keys(wf.jobs)).toEqual(['plan', 'check', 'merge'])
    expect(wf.jobs['check']!.strategy?.matrix).toBe('${{ fromJSON(needs.plan.outputs.matrix) }}')
    expect(wf.jobs['merge']!.needs).toEqual(['plan', 'check'])
    expect(wf.jobs['merge']!.permissions).toEqual({ issues: 'write' })
  })
})
