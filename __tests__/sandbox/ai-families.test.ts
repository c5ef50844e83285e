/**
 * Issue 23's behaviours on the bundle (dist/index.js, through the runner contract), against the sandbox: the
 * families told apart (1), host matches key without a request (2), the Admin API view (3), the proof only on
 * request (4), every cap with the tightest winning (5), never failing green (6), and the management key read only
 * and sent nowhere else (7). Each case states what a user would see; the sandbox's request log says what was sent
 * where. Facts relied on: atlas-round3.md §4 (al- keys only on ai.mongodb.com: likely; maskedSecret: confirmed;
 * the Management API's paths: likely; a key's allowance read: unknown, so both answers are covered).
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { startSandbox } from '../../sandbox/index.js'
import { runAction } from '../../scripts/runner-harness.js'

type Sandbox = Awaited<ReturnType<typeof startSandbox>>
let sandbox: Sandbox | undefined
afterEach(async () => {
  await sandbox?.stop()
  sandbox = undefined
})

const MODEL = 'al-Sbx7Lm2Np4Rt6Vx8Bd1Fh3Jk5Mn7Pq9Rs0Tu2Wy4k3y9'

async function run(scenario: string | object, extra: Record<string, string> = {}) {
  sandbox = await startSandbox({ scenario })
  const r = await runAction(sandbox.inputs(extra))
  const report = JSON.parse(r.outputs['report']!) as { checks: { id: string; findings: { id: string }[] }[] }
  const ids = report.checks.flatMap(c => c.findings.map(f => f.id))
  return { r, ids, log: sandbox.log as { service: string; route: string; method: string; family?: string }[] }
}

describe('AI families on the bundle', () => {
  it('1. each mix-up is named, and the misplaced key is sent nowhere', async () => {
    const { r, ids, log } = await run('mixup-model-key-in-ai-api-key')
    expect(ids).toContain('secrets/model-key-in-ai')
    expect(r.exitCode).toBe(1)
    expect(log.filter(e => e.family === 'al-')).toEqual([])
  })

  it('2. an al- key on another host is an error with no request made, and model-key stays unproven', async () => {
    const { r, ids, log } = await run('model-key-wrong-host')
    expect(ids).toContain('model-api-key/wrong-host')
    expect(r.outputs['model-key']).toBe('unproven')
    expect(log.filter(e => e.service === 'model')).toEqual([])
  })

  it('3. the Admin API view names a disabled key, and a project without keys', async () => {
    const disabled = await run('model-key-disabled')
    expect(disabled.ids).toContain('model-api-key/key-not-active')
    await sandbox!.stop()
    const none = await run({
      extends: 'model-key-healthy',
      atlas: {
        projects: [
          {
            id: '65a1b2c3d4e5f60718293a4c',
            name: 'production',
            accessList: [{ cidrBlock: '203.0.113.0/24', status: 'ACTIVE' }],
            aiModelApiKeys: []
          }
        ]
      },
      model: { keys: [MODEL] }
    })
    expect(none.ids).toContain('model-api-key/no-model-keys')
    expect(none.r.exitCode).toBe(1)
  })

  it('4. without model-key-proof nothing reaches the model host and model-key is unproven, never valid', async () => {
    const { r, log } = await run('model-key-healthy', { 'model-key-proof': 'false' })
    expect(r.outputs['model-key']).toBe('unproven')
    expect(log.filter(e => e.service === 'model')).toEqual([])
  })

  it('4. with it, exactly one embeddings request; a 429 is retried once and proves the key', async () => {
    const { r, log } = await run('model-key-rate-limited')
    expect(r.outputs['model-key']).toBe('valid')
    expect(log.filter(e => e.service === 'model').map(e => e.route)).toEqual([
      'model.embeddings',
      'model.embeddings'
    ])
  })

  it('5. the tightest cap wins and the finding names it', async () => {
    const { r } = await run('ai-budget-binding')
    expect([r.outputs['credit-headroom'], r.outputs['credit-binding-cap']]).toEqual([
      '2.000000',
      'project-budget'
    ])
    expect(r.stdout).toContain("Raise the project's monthly budget")
  })

  it('6. an unread cap with a threshold set warns (and fails with fail-on: warning), never passes', async () => {
    const { r, ids } = await run('ai-cap-unreadable', { 'fail-on': 'warning' })
    expect(ids).toContain('ai-credits/cap-unread')
    expect(r.outputs['status']).toBe('warn')
    expect(r.exitCode).toBe(1)
  })

  it('6. a hung budget read is bounded: the run ends on time and credit-balance stays', async () => {
    const { r, ids } = await run('ai-budget-read-hangs')
    expect(ids).toContain('ai-credits/cap-unread')
    expect(r.outputs['credit-balance']).toBe('125.500000')
    expect(r.outputs['credit-binding-cap']).toBe('unknown')
  })

  it('7. the management key is only ever sent to the Management API, only in GETs', async () => {
    const { log } = await run('ai-budget-binding', { 'ai-key-id': 'ak_pipeline' })
    const withMgmt = log.filter(e => e.family === 'mgmt-')
    expect(withMgmt.length).toBeGreaterThan(0)
    for (const e of withMgmt) expect([e.service, e.route, e.method]).toEqual(['ai', 'ai.management', 'GET'])
    expect(sandbox!.stats.managementWrites).toBe(0)
  })
})

/** Issue 19, item 7, on the bundle: odd `model-costs` answers never print NaN, Infinity or a guess. */
describe('the runway on the bundle', () => {
  const odd = (costsOdd: string, costs: object = { dailyUsd: 10, days: 30, jitter: 0 }) => ({
    extends: 'base',
    ai: { costsOdd, costs, balance: { available: '30.000000', frozen: '0.000000' } }
  })

  it('buckets outside the 14 days asked for are ignored: 3.0 days, not 6.0 or 0.0', async () => {
    const { r } = await run(odd('outside-window'), {
      'warn-days-left': '7',
      'warn-credits': '',
      'min-credits': ''
    })
    expect(r.outputs['credit-days-left']).toBe('3.0')
  })

  it('amounts that add up to infinity: runway unknown, a warning with min-days-left set, never a pass or NaN', async () => {
    const { r, ids } = await run(odd('overflow'), {
      'min-days-left': '2',
      'warn-credits': '',
      'min-credits': ''
    })
    expect(ids).toContain('ai-credits/runway-not-read')
    expect(r.outputs['credit-days-left']).toBe('')
    expect(r.outputs['status']).toBe('warn')
    expect(r.outputs['report']).not.toMatch(/NaN|Infinity/)
  })

  it('a hung costs endpoint leaves credit-balance intact', async () => {
    const { r, ids } = await run(odd('hang'), { 'warn-days-left': '7', 'timeout-seconds': '5' })
    expect(r.outputs['credit-balance']).toBe('30.000000')
    expect(ids).toContain('ai-credits/runway-not-read')
  })
})
