/**
 * The network lease's proof (issue 13), through the bundled action as a runner runs it: dist/index.js for the main
 * step, then dist/post/index.js with the STATE_ values the main step saved (GITHUB_STATE).
 *
 * - 8 jobs of one matrix (same repository, run and job name) with 8 different addresses lease at the same time
 *   against one project whose concurrent POSTs are refused and silently lost in turn: all 8 reach ACTIVE, all 8
 *   entries are gone after their post steps, and the entries that were there before are untouched.
 * - Two jobs behind one address, in both end orders: the entry stays until the last holder ends.
 * - A job cancelled between lease and post: Atlas's deleteAfterDate removes the entry (the sandbox's clock is moved).
 *
 * Nothing sleeps to wait: the only time that passes on purpose is the sandbox's injected clock. At most four runs
 * are in flight at once (a 2-core machine).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { startSandbox } from '../../sandbox/index.js'
import { runAction, runPost } from '../../scripts/runner-harness.js'

type Sandbox = Awaited<ReturnType<typeof startSandbox>>
type Run = Awaited<ReturnType<typeof runAction>>
interface Event {
  type: string
  entry?: string
  comment?: string
}

const GROUP = '65a1b2c3d4e5f60718293a4c'
const POOL = 4
/** The same matrix job: GITHUB_JOB is the same for every leg; only the saved state tells them apart. */
const JOB = {
  GITHUB_ACTIONS: 'true',
  GITHUB_REPOSITORY: 'you/app',
  GITHUB_RUN_ID: '9001',
  GITHUB_RUN_ATTEMPT: '1',
  GITHUB_JOB: 'deploy',
  RUNNER_ENVIRONMENT: 'github-hosted'
}

/** Run `tasks` with at most `n` in flight, results in order. */
async function pool<T>(n: number, tasks: (() => Promise<T>)[]): Promise<T[]> {
  const out: T[] = new Array(tasks.length)
  let next = 0
  await Promise.all(
    Array.from({ length: Math.min(n, tasks.length) }, async () => {
      while (next < tasks.length) {
        const i = next++
        out[i] = await tasks[i]!()
      }
    })
  )
  return out
}

let clock = Date.now()
/**
 * A minute of sandbox time between stages: each run mints a token, and Atlas's token endpoint allows 10 a minute
 * per credential (the sandbox holds the action to it).
 */
const aMinuteLater = () => void (clock += 61_000)
let sandbox: Sandbox
const atlas = () =>
  sandbox.services.atlas as unknown as {
    s: { atlas: { projects: { id: string; accessList: Record<string, unknown>[] }[] } }
    expire(g: unknown): void
  }
/** The project's entries as Atlas would list them now (expiry applied). */
function values(): string[] {
  const g = atlas().s.atlas.projects.find(p => p.id === GROUP)!
  atlas().expire(g)
  return g.accessList.map(e => String(e['cidrBlock'] ?? `${e['ipAddress']}/32`))
}
const events = (type?: string) => (sandbox.events as Event[]).filter(e => !type || e.type === type)
const inputs = (ip: string, more: Record<string, string> = {}) =>
  sandbox.inputs({ 'egress-ip': ip, 'lease-network-access': 'true', 'lease-minutes': '30', ...more })
const main = (ip: string) => runAction(inputs(ip), { env: JOB })
const post = (ip: string, run: Run) => runPost(inputs(ip), run.state, { env: JOB })

beforeAll(async () => {
  sandbox = await startSandbox({
    scenario: {
      extends: 'lease-github-hosted-runner',
      atlas: {
        accessListPendingSeconds: 0,
        // Every POST that overlaps another is refused (409) or answered 200 and lost, in turn.
        concurrentWrites: 'both',
        accessListWriteMs: 400,
        accessListDuplicate: 'update'
      }
    },
    now: () => clock
  })
})
afterAll(async () => {
  await sandbox.stop()
})

describe('the lease matrix (bundled action and post step)', () => {
  let before: string[]

  it('8 jobs, 8 addresses, concurrent writes failing both ways: all 8 ACTIVE, all 8 removed, the rest untouched', async () => {
    before = values()
    expect(before.length).toBeGreaterThan(0)
    const ips = Array.from({ length: 8 }, (_, i) => `192.0.2.${10 + i}`)
    const runs = await pool(
      POOL,
      ips.map(ip => () => main(ip))
    )
    for (const [i, r] of runs.entries()) {
      expect([ips[i], r.outputs['network-lease'], r.outputs['network-lease-entry'], r.exitCode]).toEqual([
        ips[i],
        'created',
        `${ips[i]}/32`,
        0
      ])
      expect(r.outputs['network-access-list']).toBe('allowed')
      expect(JSON.parse(r.state['lease']!)).toMatchObject({ mode: 'created', address: ips[i] })
    }
    // The contention really happened, and every lease still landed.
    expect(events('SANDBOX_WRITE_REFUSED').length + events('SANDBOX_WRITE_LOST').length).toBeGreaterThan(0)
    expect(values()).toEqual(expect.arrayContaining([...before, ...ips.map(ip => `${ip}/32`)]))
    // Eight distinct markers although the eight legs share repository, run and job name.
    const tags = new Set(runs.map(r => JSON.parse(r.state['lease']!).tag))
    expect(tags.size).toBe(8)

    aMinuteLater()
    const posts = await pool(
      POOL,
      ips.map((ip, i) => () => post(ip, runs[i]!))
    )
    for (const p of posts) {
      expect(p.exitCode).toBe(0)
      // No warning; the post step's own summary section says what a fresh read confirmed.
      expect(p.annotations).toEqual([])
      expect(p.summary).toContain('The leased entry was removed (a fresh read no longer lists it)')
    }
    expect(values()).toEqual(before)
    const touched = events().filter(e => e.entry && before.includes(e.entry))
    expect(touched).toEqual([])
  })

  it.each([
    ['the first holder ends first', 0],
    ['the later holder ends first', 1]
  ])('one address, two jobs (%s): the entry stays until the last holder ends', async (_name, first) => {
    const ip = '192.0.2.77'
    aMinuteLater()
    const a = await main(ip)
    const b = await main(ip)
    expect([a.outputs['network-lease'], b.outputs['network-lease']]).toEqual(['created', 'shared'])
    expect(b.exitCode).toBe(0)
    const order = first === 0 ? [a, b] : [b, a]
    const one = await post(ip, order[0]!)
    expect(one.summary).toContain('The entry stays for the other jobs that hold it')
    expect(values()).toContain(`${ip}/32`)
    const two = await post(ip, order[1]!)
    expect(two.summary).toContain('The leased entry was removed')
    expect(values()).not.toContain(`${ip}/32`)
    expect(values()).toEqual(before)
  })

  it('a job cancelled between lease and post: Atlas deletes the entry at its deleteAfterDate', async () => {
    const ip = '192.0.2.99'
    aMinuteLater()
    const run = await main(ip)
    expect(run.outputs['network-lease']).toBe('created')
    const until = JSON.parse(run.state['lease']!).deleteAfterDate as string
    expect(Date.parse(until) - Date.now()).toBeGreaterThan(29 * 60_000)
    expect(Date.parse(until) - Date.now()).toBeLessThanOrEqual(30 * 60_000 + 1000)
    // No post step ran. Half an hour later (sandbox time), the safety net has removed it.
    expect(values()).toContain(`${ip}/32`)
    clock = Date.parse(until) + 1000
    expect(values()).not.toContain(`${ip}/32`)
    expect(events('NETWORK_PERMISSION_ENTRY_EXPIRED').map(e => e.entry)).toEqual([`${ip}/32`])
    expect(values()).toEqual(before)
  })
})
