import { describe, expect, it } from '@jest/globals'
import { makePlan, type Plan } from '../../src/plan.js'
import { REGISTRY } from '../../src/checks/index.js'
import { CHECK_IDS } from '../../src/core/check-ids.js'
import {
  AI_INPUTS,
  API_KEY_INPUTS,
  PROJECT_ID,
  MODEL_KEY,
  SERVICE_ACCOUNT_INPUTS,
  parseInputs
} from '../helpers/check-context.js'

const plan = (inputs: Record<string, string>, blocked?: string) =>
  makePlan(parseInputs(inputs), REGISTRY, blocked)
const ran = (p: Plan) => p.run.map(c => c.id)
const skipped = (p: Plan) => Object.fromEntries(p.skipped.map(s => [s.check.id, s.reason]))
/**
 * Every check is either run or skipped, each list in registry order. Derived from CHECK_IDS, so a check added by the
 * recipe does not break these tests; the named ids below are what the inputs decide about today's checks.
 */
const expectPartition = (p: Plan) => {
  const run = ran(p)
  const left = Object.keys(skipped(p))
  expect(run).toEqual(CHECK_IDS.filter(id => run.includes(id)))
  expect(left).toEqual(CHECK_IDS.filter(id => left.includes(id)))
  expect([...run, ...left].sort()).toEqual([...CHECK_IDS].sort())
}

describe('plan', () => {
  it('runs every check the inputs allow, in registry order', () => {
    const p = plan({
      ...SERVICE_ACCOUNT_INPUTS,
      ...AI_INPUTS,
      'model-api-key': MODEL_KEY,
      'atlas-project-id': PROJECT_ID,
      cluster: 'Cluster0',
      'database-user': 'app-deploy',
      'lease-network-access': 'true'
    })
    expect(ran(p)).toEqual(REGISTRY.map(c => c.id))
    expect(p.skipped).toEqual([])
  })

  it('the lease is planned only when asked: its phase is decided here, not inside the check', () => {
    const p = plan({ ...SERVICE_ACCOUNT_INPUTS, 'atlas-project-id': PROJECT_ID })
    expect(skipped(p)['atlas-network-lease']).toBe('`lease-network-access` is not `true`')
  })

  it('leaves out what the inputs do not allow, saying why', () => {
    const p = plan(API_KEY_INPUTS)
    expectPartition(p)
    expect(ran(p)).toEqual(
      expect.arrayContaining([
        'secrets',
        'egress-ip',
        'atlas-auth',
        'atlas-api-access-list',
        'atlas-read',
        'atlas-privilege'
      ])
    )
    expect(Object.keys(skipped(p))).toEqual(
      expect.arrayContaining([
        'atlas-network-access-list',
        'atlas-network-lease',
        'atlas-cluster',
        'cluster-reachability',
        'atlas-database-user',
        'atlas-secret-expiry',
        'ai-auth',
        'ai-credits',
        'model-api-key'
      ])
    )
    expect(Object.values(skipped(p)).every(reason => typeof reason === 'string' && reason.length > 0)).toBe(
      true
    )
  })

  it('with no credential, the checks that need atlas-auth stay planned, for the runner to skip naming it', () => {
    const p = plan({})
    expectPartition(p)
    expect(ran(p)).toEqual(
      expect.arrayContaining([
        'secrets',
        'egress-ip',
        'atlas-api-access-list',
        'atlas-read',
        'atlas-privilege'
      ])
    )
    expect(ran(p)).not.toContain('atlas-auth')
    expect(Object.keys(skipped(p))).toEqual(
      expect.arrayContaining([
        'atlas-auth',
        'atlas-network-access-list',
        'atlas-network-lease',
        'atlas-cluster',
        'cluster-reachability',
        'atlas-database-user',
        'atlas-secret-expiry',
        'ai-auth',
        'ai-credits',
        'model-api-key'
      ])
    )
  })

  it('`checks` narrows the run and brings in what the named checks need', () => {
    const p = plan({ ...API_KEY_INPUTS, ...AI_INPUTS, checks: 'atlas-read, ai-credits' })
    expect(ran(p)).toEqual(['atlas-auth', 'atlas-read', 'ai-auth', 'ai-credits'])
    expect(skipped(p)['egress-ip']).toContain('checks')
    expect(skipped(p)['secrets']).toContain('checks')
  })

  it('`checks` does not bring in an `after` check (egress-ip for the access lists)', () => {
    const p = plan({ ...API_KEY_INPUTS, 'atlas-project-id': PROJECT_ID, checks: 'atlas-network-access-list' })
    expect(ran(p)).toEqual(['atlas-auth', 'atlas-network-access-list'])
  })

  it('a named check the inputs do not allow is skipped with its own reason, not run', () => {
    const p = plan({ ...API_KEY_INPUTS, checks: 'atlas-secret-expiry' })
    expect(ran(p)).toEqual(['atlas-auth'])
    expect(skipped(p)['atlas-secret-expiry']).not.toContain('checks')
  })

  it('blocked: every check but secrets is skipped with the given reason', () => {
    const p = plan({ ...API_KEY_INPUTS, ...AI_INPUTS }, 'the inputs have errors')
    expect(ran(p)).toEqual(['secrets'])
    expect(skipped(p)['atlas-auth']).toBe('the inputs have errors')
    expect(skipped(p)['ai-auth']).toBe('the inputs have errors')
    expect(skipped(p)['egress-ip']).toBe('the inputs have errors')
  })

  it('every planned need is itself planned earlier (the registry is in dependency order)', () => {
    const p = plan({ ...SERVICE_ACCOUNT_INPUTS, ...AI_INPUTS, 'atlas-project-id': PROJECT_ID })
    const pairs = p.run.flatMap((c, i) =>
      [...c.needs, ...(c.after ?? [])].map(n => [c.id, n, ran(p).indexOf(n) < i])
    )
    expect(pairs.filter(([, , earlier]) => !earlier)).toEqual([])
    expect(pairs.length).toBeGreaterThan(5)
  })
})
