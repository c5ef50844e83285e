/**
 * Every sandbox scenario through the runner contract: dist/index.js in a fresh process, inputs as INPUT_*
 * variables, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files. Each scenario states the verdict a user should see;
 * this test holds the action to it, and searches everything the run wrote for every secret and minted token.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { rendered } from '../helpers/markdown.js'
import { startSandbox, scenarioNames, loadScenario } from '../../sandbox/index.js'
import { runAction } from '../../scripts/runner-harness.js'
import { leaks } from '../helpers/canary.js'
import { reportErrors } from '../helpers/report-schema.js'
import { clusterTestEnv } from '../helpers/cluster-env.js'

const names: string[] = scenarioNames()

describe.each(names)('scenario %s (via dist/index.js)', name => {
  let sandbox: Awaited<ReturnType<typeof startSandbox>>
  let run: Awaited<ReturnType<typeof runAction>>
  const expected = loadScenario(name).expect

  beforeAll(async () => {
    sandbox = await startSandbox({ scenario: name })
    run = await runAction(sandbox.inputs(), {
      env: { ...clusterTestEnv(sandbox), ...(sandbox.scenario.action.env ?? {}) }
    })
  })
  afterAll(async () => {
    await sandbox.stop()
  })

  it('ends with the expected status and exit code', () => {
    expect({ status: run.outputs['status'], exitCode: run.exitCode }).toEqual({
      status: expected.status,
      exitCode: expected.exitCode
    })
  })

  it('writes a JSON report valid against docs/report-schema.json', () => {
    expect(reportErrors(JSON.parse(run.outputs['report']!))).toBe('valid')
  })

  it('sets the expected outputs', () => {
    for (const [k, v] of Object.entries(expected.outputs ?? {})) expect([k, run.outputs[k]]).toEqual([k, v])
  })

  it('reports the expected findings as annotations with a title and a fix', () => {
    const report = JSON.parse(run.outputs['report']!)
    const found: string[] = report.checks.flatMap((c: { findings: { id: string }[] }) =>
      c.findings.map(f => f.id)
    )
    for (const id of expected.findings) expect(found).toContain(id)
    const bad = run.annotations.filter(a => a.severity !== 'notice')
    expect(bad.length > 0).toBe(expected.status !== 'pass')
    for (const a of bad) {
      expect(a.title).toMatch(/^atlas-preflight /)
      expect(a.message).toContain('Fix: ')
    }
  })

  it('the job summary, as rendered, leads with what failed and each problem with its fix', () => {
    const view = rendered(run.summary)
    const heading = {
      pass: '✅ Preflight passed',
      warn: '⚠️ Preflight passed with',
      fail: '❌ Preflight failed'
    }
    expect(view.h2).toHaveLength(1)
    expect(view.h2[0]!.startsWith(heading[expected.status as 'pass' | 'warn' | 'fail'])).toBe(true)
    const report = JSON.parse(run.outputs['report']!) as {
      checks: { findings: { id: string; severity: string; cause?: string }[] }[]
    }
    const problems = report.checks.flatMap(c => c.findings).filter(f => f.severity !== 'notice')
    // A problem whose cause is another problem of the run is listed under it, not as a section of its own.
    const causes = new Set(problems.map(p => p.id))
    const sections = problems.filter(p => !p.cause || !causes.has(p.cause))
    expect(view.h3).toHaveLength(sections.length)
    for (const p of problems) expect(view.code).toContain(p.id)
    expect(view.images).toBe(0)
    expect(view.text).not.toMatch(/&(lt|gt|amp);/)
    expect(view.text).toContain('All checks (')
  })

  if (name === 'cluster-blocked-by-network-list')
    it('one cause, one problem: the cluster findings the list causes are listed under it, with its one fix', () => {
      const view = rendered(run.summary)
      expect(view.h3).toEqual(["1. The runner's address is not on the project's network access list"])
      expect(view.h2[0]).toMatch(/^❌ Preflight failed: 1 problem \(and 2 problems they cause\)/)
      expect(view.text).toContain('Because of this (the fix below fixes them too):')
      expect(view.text.match(/Fix: /g)).toHaveLength(1)
      expect(view.code).toEqual(
        expect.arrayContaining(['cluster-reachability/closed-before-tls', 'cluster-reachability/refused'])
      )
    })

  it('prints no stack trace, no [object Object], and no secret or token anywhere', () => {
    const inputs = sandbox.scenario.action.inputs as Record<string, string | null>
    const secrets = [
      ...['atlas-public-key', 'atlas-private-key', 'atlas-client-id', 'atlas-client-secret', 'ai-api-key']
        .map(k => inputs[k] ?? '')
        .filter(Boolean),
      ...[...sandbox.services.atlas.tokens.keys()]
    ]
    // ::add-mask:: lines are the masking itself (the runner consumes them); everything else must be clean.
    const stdout = run.stdout.replace(/^::add-mask::.*$/gm, '')
    const everything = [stdout, run.stderr, run.files.output, run.files.summary].join('\n')
    for (const s of secrets) expect(run.stdout).toContain(`::add-mask::${s}`)
    expect(leaks(everything, secrets)).toEqual([])
    expect(everything).not.toMatch(/\n\s+at .+:\d+:\d+/)
    expect(everything).not.toContain('[object Object]')
  })

  it('requests at most one token and answers at most one Digest challenge when the credential is good', () => {
    // A bad key is challenged again on its refusal: the budget is for good credentials only.
    const budget =
      name === 'bad-api-key'
        ? { tokens: Infinity, challenges: Infinity }
        : { tokens: name === 'flaky' ? 2 : 1, challenges: 1 }
    expect(sandbox.stats.tokenRequests).toBeLessThanOrEqual(budget.tokens)
    expect(sandbox.stats.digestChallenges).toBeLessThanOrEqual(budget.challenges)
  })
})
