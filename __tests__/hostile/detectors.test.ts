/**
 * The trust suite's own detectors can fail: a planted command, a planted legacy `##[`, a foreign `::add-mask::`,
 * a corrupted output name and planted secret fragments (cut, padded, base64 at any alignment, percent-encoded,
 * with a zero-width space inside) are all flagged, and a healthy run through the hostile fronts is clean (no false
 * positives from ids, prefixes or the action's own commands).
 */
import { afterAll, describe, expect, it } from '@jest/globals'
import {
  allCommandViolations,
  commandViolations,
  evil,
  leaksIn,
  outputViolations,
  rawControlViolations,
  secretFragments,
  summaryViolations
} from '../helpers/hostile-checks.js'
import {
  API_KEY_INPUTS,
  KEYS,
  expectRun,
  hostileRun,
  startWorld,
  type RunResult
} from '../helpers/hostile-run.js'
import { Servers } from '../helpers/hostile-server.js'

const servers = new Servers()
afterAll(() => servers.closeAll())

describe('detectors flag what they must', () => {
  it('commands: planted injections are flagged, the action’s own commands are not', () => {
    const own = [
      `::add-mask::${KEYS.aiKey}`,
      '::debug::GET 127.0.0.1:1/x → 200',
      '::error title=atlas-preflight secrets%3A bad::seen%0AFix: x',
      '::warning title=atlas-preflight%3A tracking issue not updated::x',
      'atlas-preflight 1.0.0: PASS in 1 ms'
    ].join('\n')
    expect(commandViolations(own, [KEYS.aiKey])).toEqual([])
    expect(commandViolations(`${own}\nseen: x\n::error::PWNED`, [KEYS.aiKey])).toHaveLength(1)
    expect(commandViolations(`seen: x\r::stop-commands::tok`, [])).toHaveLength(1)
    expect(commandViolations(`seen: x\u2028::error::y`, [])).toHaveLength(1)
    expect(commandViolations(`seen: ok ##[set-output name=x]y`, [])).toHaveLength(1)
    expect(commandViolations(`::add-mask::word`, [KEYS.aiKey])).toHaveLength(1)
    expect(commandViolations(`   ::warning::indented`, [])).toHaveLength(1)
    expect(commandViolations(`::error title=owned::x`, [])).toHaveLength(1)
    expect(commandViolations(`seen: ${evil('f')}`, []).length).toBeGreaterThanOrEqual(5)
    expect(rawControlViolations('a\u202Eb')).toHaveLength(1)
    expect(rawControlViolations('a\nb')).toEqual([])
  })

  it('outputs and summary: corrupted names, line breaks and commands are flagged', () => {
    expect(outputViolations({ status: 'pass', 'failed-checks': '' })).toEqual([])
    expect(outputViolations({ '***ed-checks': '' })).toHaveLength(1)
    expect(outputViolations({ 'issue-number': '5\n::error::PWNED' }).length).toBeGreaterThanOrEqual(1)
    expect(summaryViolations('## ❌ Preflight failed\n| x |\n::error::PWNED\n')).toHaveLength(1)
  })

  it('secrets: every planted form of a fragment is found; unrelated text is not', () => {
    const s = KEYS.clientSecret
    expect(secretFragments(`x ${s} y`, [s])).not.toEqual([])
    expect(secretFragments(`cut: ${s.slice(0, -2)}`, [s])).not.toEqual([])
    expect(secretFragments(`${'p'.repeat(290)}${s}`.slice(0, 310), [s])).not.toEqual([])
    expect(secretFragments(`tail …${s.slice(-9)}`, [s])).not.toEqual([])
    expect(secretFragments(Buffer.from(s).toString('base64'), [s])).not.toEqual([])
    expect(secretFragments(Buffer.from(`id:${s}`).toString('base64'), [s])).not.toEqual([])
    expect(secretFragments(Buffer.from(`i:${s}`).toString('base64url'), [s])).not.toEqual([])
    expect(
      secretFragments(
        s
          .split('')
          .map(c => `%${c.charCodeAt(0).toString(16)}`)
          .join(''),
        [s]
      )
    ).not.toEqual([])
    expect(secretFragments(s.split('').join('\u200b'), [s])).not.toEqual([])
    const ai = 'apikey-ab::cd7f3e9a1c5b2d4e6f8a0b'
    expect(secretFragments(`apikey-ab:\u200b:cd7f3e9a1c5b2d4e6f8a0b`, [ai])).not.toEqual([])
    expect(secretFragments(encodeURIComponent(ai), [ai])).not.toEqual([])
    // The documented prefixes alone, ids and prose are not secrets.
    expect(secretFragments('a secret looks like `mdb_sa_sk_…`; keys `apikey-…`', [s, KEYS.aiKey])).toEqual([])
    expect(
      secretFragments(`project ${'65a1b2c3d4e5f60718293a4c'}`, [s, KEYS.aiKey, KEYS.privateKey])
    ).toEqual([])
  })
})

describe('a healthy run through the hostile fronts is clean (no false positives)', () => {
  let sa: RunResult
  let apiKey: RunResult
  let secrets: string[] = []
  let masked: string[] = []

  it('service account: passes, only its own commands, no fragment of any secret', async () => {
    const world = servers.add(await startWorld())
    sa = await hostileRun(world.inputs())
    secrets = world.secrets()
    masked = world.masked()
    await world.close()
    expectRun(sa, sa.outputs['status'], 'pass')
    expect(allCommandViolations(sa, world.masked())).toEqual([])
    expect(leaksIn(sa, secrets)).toEqual([])
    expect(sa.reportFile).toBeDefined()
  })

  it('API key pair: passes, only its own commands, no fragment of any secret', async () => {
    const world = servers.add(await startWorld())
    apiKey = await hostileRun(world.inputs(API_KEY_INPUTS))
    await world.close()
    expectRun(apiKey, apiKey.outputs['status'], 'pass')
    expect(allCommandViolations(apiKey, world.masked())).toEqual([])
    expect(leaksIn(apiKey, world.secrets())).toEqual([])
  })

  it('a secret planted into the real run’s output is caught (the canary works end to end)', () => {
    expect(sa).toBeDefined()
    const planted: RunResult = { ...sa, summary: `${sa.summary}\n| x | ${secrets[1]!.slice(3, 14)} |\n` }
    expect(leaksIn(planted, secrets)).not.toEqual([])
    const injected: RunResult = { ...sa, stdout: `${sa.stdout}\n    seen: x\n::add-mask::word\n` }
    expect(allCommandViolations(sa, masked)).toEqual([])
    expect(allCommandViolations(injected, masked)).not.toEqual([])
  })
})
