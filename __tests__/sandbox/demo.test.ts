/**
 * What a newcomer runs first: `npm run demo <scenario>` (scripts/demo.js) shows, for every cluster and
 * database-user scenario, the verdict the scenario states (the demo wires the sandbox's DNS responder and test CA
 * into the action as the tests do); `npm run demo -- --list` describes every scenario on one line;
 * `npm run sandbox -- --help` helps and unknown flags are refused with exit 2.
 */
import { describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { loadScenario, scenarioNames } from '../../sandbox/index.js'
import { ROOT } from '../../scripts/runner-harness.js'

const node = (script: string, args: string[]) =>
  spawnSync(process.execPath, [join(ROOT, 'scripts', script), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: {
      PATH: process.env['PATH'] ?? '',
      ...(process.env['ATLAS_PREFLIGHT_DIST']
        ? { ATLAS_PREFLIGHT_DIST: process.env['ATLAS_PREFLIGHT_DIST'] }
        : {})
    },
    timeout: 120_000
  })

const CLUSTER_SCENARIOS = scenarioNames().filter((n: string) =>
  /^(cluster-|database-user-|lease-cluster)/.test(n)
)

describe('npm run demo shows every cluster scenario as it states', () => {
  it('there are cluster and database-user scenarios to show', () => {
    expect(CLUSTER_SCENARIOS.length).toBeGreaterThanOrEqual(12)
  })

  it.each(CLUSTER_SCENARIOS)('%s', name => {
    const r = node('demo.js', [name])
    expect(r.status).toBe(0)
    const verdict = /^verdict (\w+)/m.exec(r.stdout)?.[1]
    expect(verdict).toBe(loadScenario(name).expect.status)
    expect(r.stdout).not.toContain('NXDOMAIN')
  })
})

describe('demo and sandbox command lines', () => {
  it('npm run demo -- --list: every scenario on its own line with a description', () => {
    const r = node('demo.js', ['--list'])
    expect(r.status).toBe(0)
    for (const name of scenarioNames()) expect(r.stdout).toMatch(new RegExp(`^  ${name} +\\S.{10,}$`, 'm'))
  })

  it('npm run demo with an unknown scenario: exit 2 and the list', () => {
    const r = node('demo.js', ['no-such-scenario'])
    expect(r.status).toBe(2)
    expect(r.stderr).toContain('Unknown scenario')
    expect(r.stdout).toContain('cluster-healthy')
  })

  it('npm run sandbox -- --help prints help (how to stop a --detach sandbox included) and starts nothing', () => {
    const r = node('sandbox.js', ['--help'])
    expect(r.status).toBe(0)
    expect(r.stdout).toContain('Usage: npm run sandbox')
    expect(r.stdout).toContain('kill <pid>')
  })

  it.each([['--bogus'], ['--scenario'], ['--port', 'abc'], ['stray']])(
    'npm run sandbox -- %s: refused with exit 2',
    (...args) => {
      const r = node('sandbox.js', args.filter(Boolean))
      expect(r.status).toBe(2)
      expect(r.stderr).toContain('Usage: npm run sandbox')
    }
  )
})
