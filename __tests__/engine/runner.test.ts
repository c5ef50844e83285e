import { describe, expect, it } from '@jest/globals'
import { runChecks } from '../../src/runner.js'
import { makePlan } from '../../src/plan.js'
import {
  withLazyRun,
  type Check,
  type CheckContext,
  type CheckOutcome,
  type CheckResult
} from '../../src/check-support/check.js'
import { defineFindings, type Finding, type Severity } from '../../src/core/finding.js'
import type { CheckId } from '../../src/core/check-ids.js'
import { checkContext, problems, testDeadline, type TestDeadline } from '../helpers/check-context.js'

const found = (check: CheckId, id: string, severity: Severity): Finding => ({
  id: `${check}/${id}`,
  check,
  severity,
  title: id,
  seen: `${id} was seen`,
  fix: 'fix it'
})

/** A check that returns `outcome` (or what `run` gives), recording that it ran. */
function fake(
  id: CheckId,
  options: {
    needs?: CheckId[]
    after?: CheckId[]
    applies?: true | string
    outcome?: CheckOutcome
    run?: (ctx: CheckContext) => Promise<CheckOutcome>
    prefetch?: Check['prefetch']
  } = {}
): Check & { ran: number } {
  const check = {
    id,
    title: `Title of ${id}`,
    summary: `What ${id} proves`,
    needs: options.needs ?? [],
    ...(options.after ? { after: options.after } : {}),
    findings: defineFindings(id, {}),
    applies: () => options.applies ?? true,
    ...(options.prefetch ? { prefetch: options.prefetch } : {}),
    ran: 0,
    async run(ctx: CheckContext) {
      check.ran++
      return options.run ? options.run(ctx) : (options.outcome ?? { findings: [found(id, 'ok', 'notice')] })
    }
  }
  return check
}

async function run(
  registry: Check[],
  options: {
    ignore?: string[]
    deadline?: TestDeadline
    blocked?: string
    checks?: string
    whileWaiting?: () => void
  } = {}
): Promise<CheckResult[]> {
  const { config, ctx } = await checkContext({ inputs: options.checks ? { checks: options.checks } : {} })
  const plan = makePlan(config, registry, options.blocked)
  return runChecks(plan, {
    deadline: (options.deadline ?? testDeadline()).deadline,
    ignore: new Set(options.ignore ?? []),
    context: { config, services: ctx.services, now: ctx.now, env: ctx.env },
    ...(options.whileWaiting ? { whileWaiting: options.whileWaiting } : {})
  })
}

/** atlas-auth warming its dependents; `waitsATurn`: its own first request is on its way for a turn. */
const warmingAuth = (outcome: CheckOutcome, { waitsATurn }: { waitsATurn: boolean }) =>
  fake('atlas-auth', {
    run: async ctx => {
      ctx.warmDependents?.()
      if (waitsATurn) await new Promise(r => setImmediate(r))
      return outcome
    }
  })

const byId = (results: CheckResult[]) => Object.fromEntries(results.map(r => [r.id, r]))

describe('runner', () => {
  it('returns every check in registry order, with its status, findings, data and outputs', async () => {
    const results = await run([
      fake('secrets'),
      fake('egress-ip', {
        outcome: {
          findings: [found('egress-ip', 'disagree', 'warning')],
          data: { ipv4: '192.0.2.1' },
          outputs: { 'egress-ip': '192.0.2.1' }
        }
      }),
      fake('atlas-auth', { outcome: { findings: [found('atlas-auth', 'bad-api-key', 'error')] } })
    ])
    expect(results.map(r => [r.id, r.status])).toEqual([
      ['secrets', 'pass'],
      ['egress-ip', 'warn'],
      ['atlas-auth', 'fail']
    ])
    expect(results[1]).toMatchObject({ data: { ipv4: '192.0.2.1' }, outputs: { 'egress-ip': '192.0.2.1' } })
    expect(problems(results[2]!)).toEqual([['atlas-auth/bad-api-key', 'error']])
  })

  it('skips, without running, a check whose need failed, and names the need', async () => {
    const read = fake('atlas-read', { needs: ['atlas-auth'] })
    const results = byId(
      await run([
        fake('atlas-auth', { outcome: { findings: [found('atlas-auth', 'bad-api-key', 'error')] } }),
        read
      ])
    )
    expect(results['atlas-read']).toMatchObject({
      status: 'skipped',
      findings: [],
      skipKind: 'could-not-run'
    })
    expect(results['atlas-read']?.skipReason).toContain('atlas-auth')
    expect(read.ran).toBe(0)
  })

  it("skips, without running, a check whose gate names a reason from its needs' data (one shared gate)", async () => {
    const gated = fake('atlas-read', { needs: ['atlas-auth'] })
    const blocked = Object.assign(gated, {
      gate: (ctx: CheckContext) =>
        ctx.result('atlas-auth')?.data.blocked ? 'the API access list blocked this runner' : undefined
    })
    const auth = (isBlocked: boolean) =>
      fake('atlas-auth', {
        outcome: {
          findings: [],
          data: {
            method: 'api-key',
            authenticated: true,
            ...(isBlocked ? { blocked: { errorCode: 'X' } } : {})
          }
        }
      })
    const results = byId(await run([auth(true), blocked]))
    expect(results['atlas-read']).toMatchObject({
      status: 'skipped',
      skipReason: 'the API access list blocked this runner',
      skipKind: 'could-not-run'
    })
    expect(blocked.ran).toBe(0)
    expect(byId(await run([auth(false), blocked]))['atlas-read']?.status).toBe('pass')
    expect(blocked.ran).toBe(1)
  })

  it('skips a check whose need was skipped, and a check whose need did not apply', async () => {
    const results = byId(
      await run([
        fake('atlas-auth', { outcome: { findings: [], skipped: 'the values have errors' } }),
        fake('atlas-read', { needs: ['atlas-auth'] }),
        fake('ai-auth', { applies: 'no ai-api-key given' }),
        fake('ai-credits', { needs: ['ai-auth'] })
      ])
    )
    expect(results['atlas-auth']?.status).toBe('skipped')
    expect(results['atlas-read']?.status).toBe('skipped')
    expect(results['atlas-read']?.skipReason).toContain('atlas-auth')
    expect(results['ai-auth']).toMatchObject({ status: 'skipped', skipReason: 'no ai-api-key given' })
    expect(results['ai-credits']?.status).toBe('skipped')
    expect(results['ai-credits']?.skipReason).toContain('ai-auth')
    expect(results['ai-credits']?.skipReason).toContain('no ai-api-key given')
    // Blocked is "could not run"; not asked (and what only needs it) is "not applicable".
    expect(results['atlas-auth']?.skipKind).toBe('could-not-run')
    expect(results['atlas-read']?.skipKind).toBe('could-not-run')
    expect(results['ai-auth']?.skipKind).toBe('not-applicable')
    expect(results['ai-credits']?.skipKind).toBe('not-applicable')
  })

  it('a check that finds nothing was asked of it says so: not applicable, not blocked', async () => {
    const results = byId(
      await run([
        fake('atlas-network-lease', {
          outcome: { findings: [], skipped: '`lease-network-access` is not `true`', notApplicable: true }
        }),
        fake('atlas-cluster', { applies: 'no `cluster` given' }),
        fake('cluster-reachability', { needs: ['atlas-cluster'] })
      ])
    )
    expect(results['atlas-network-lease']).toMatchObject({ status: 'skipped', skipKind: 'not-applicable' })
    expect(results['atlas-cluster']?.skipKind).toBe('not-applicable')
    expect(results['cluster-reachability']?.skipKind).toBe('not-applicable')
  })

  it('runs a check after a failed `after` dependency, and lets it read that result', async () => {
    const seen: (string | undefined)[] = []
    const results = byId(
      await run([
        fake('secrets', { outcome: { findings: [found('secrets', 'format', 'error')] } }),
        fake('egress-ip', {
          after: ['secrets'],
          run: async ctx => {
            seen.push(ctx.result('secrets')?.status)
            return { findings: [] }
          }
        })
      ])
    )
    expect(results['egress-ip']?.status).toBe('pass')
    expect(seen).toEqual(['fail'])
  })

  it('gives a check the data of the checks it needs', async () => {
    const got: unknown[] = []
    await run([
      fake('atlas-auth', { outcome: { findings: [], data: { method: 'api-key', authenticated: true } } }),
      fake('atlas-read', {
        needs: ['atlas-auth'],
        run: async ctx => {
          got.push(ctx.result('atlas-auth')?.data)
          return { findings: [] }
        }
      })
    ])
    expect(got).toEqual([{ method: 'api-key', authenticated: true }])
  })

  it('starts a check as soon as its needs are done, while an unrelated check is still running', async () => {
    let release!: () => void
    const slow = new Promise<void>(r => (release = r))
    const order: string[] = []
    const done = run([
      fake('egress-ip', {
        run: async () => {
          await slow
          order.push('egress-ip')
          return { findings: [] }
        }
      }),
      fake('atlas-auth', { run: async () => (order.push('atlas-auth'), { findings: [] }) }),
      fake('atlas-read', {
        needs: ['atlas-auth'],
        run: async () => {
          order.push('atlas-read')
          release()
          return { findings: [] }
        }
      })
    ])
    await done
    expect(order).toEqual(['atlas-auth', 'atlas-read', 'egress-ip'])
  })

  it('turns a check that throws into <id>/internal-error, without the error text', async () => {
    const results = byId(
      await run([
        fake('atlas-read', {
          run: async () => {
            throw new TypeError('cannot read x of undefined at /home/runner/secret-path.js:1')
          }
        })
      ])
    )
    expect(problems(results['atlas-read']!)).toEqual([['atlas-read/internal-error', 'error']])
    expect(results['atlas-read']?.status).toBe('fail')
    expect(JSON.stringify(results['atlas-read'])).not.toContain('secret-path')
  })

  it('ends a check still running at the deadline with <id>/deadline; finished checks keep their result', async () => {
    const deadline = testDeadline()
    const results = byId(
      await run(
        [
          fake('egress-ip'),
          fake('atlas-auth', {
            after: ['egress-ip'],
            run: () => {
              deadline.expire()
              return new Promise<CheckOutcome>(() => undefined)
            }
          })
        ],
        { deadline }
      )
    )
    expect(problems(results['atlas-auth']!)).toEqual([['atlas-auth/deadline', 'error']])
    expect(results['atlas-auth']?.findings[0]?.seen).toContain('timeout-seconds')
    expect(results['egress-ip']?.status).toBe('pass')
  })

  it('a check that starts after the deadline passed ends with <id>/deadline at once', async () => {
    const deadline = testDeadline()
    deadline.expire()
    const results = await run([fake('ai-auth', { run: () => new Promise<CheckOutcome>(() => undefined) })], {
      deadline
    })
    expect(problems(results[0]!)).toEqual([['ai-auth/deadline', 'error']])
  })

  it.each([['atlas-read'], ['all']])(
    '`ignore: %s` turns the check errors into warnings marked ignored; other checks keep theirs',
    async ignore => {
      const results = byId(
        await run(
          [
            fake('atlas-read', {
              outcome: { findings: [found('atlas-read', 'project-not-found', 'error')] }
            }),
            fake('ai-auth', { outcome: { findings: [found('ai-auth', 'key-rejected', 'error')] } })
          ],
          { ignore: [ignore] }
        )
      )
      expect(problems(results['atlas-read']!)).toEqual([['atlas-read/project-not-found', 'warning']])
      expect(results['atlas-read']?.status).toBe('warn')
      expect(results['atlas-read']?.findings[0]?.ignored).toBe(true)
      expect(results['ai-auth']?.status).toBe(ignore === 'all' ? 'warn' : 'fail')
    }
  )

  it('a check skipped by its own outcome keeps the reason; with findings it keeps their status', async () => {
    const results = byId(
      await run([
        fake('atlas-privilege', { outcome: { findings: [], skipped: 'roles not readable' } }),
        fake('atlas-secret-expiry', {
          outcome: { findings: [found('atlas-secret-expiry', 'expired', 'error')], skipped: 'partly' }
        })
      ])
    )
    expect(results['atlas-privilege']).toMatchObject({ status: 'skipped', skipReason: 'roles not readable' })
    expect(results['atlas-secret-expiry']).toMatchObject({ status: 'fail', skipReason: 'partly' })
  })

  it('warmDependents starts the prefetch of the planned checks that need this one (a check that needs nothing is prefetched when it starts); a throwing prefetch is harmless', async () => {
    const prefetched: string[] = []
    const results = byId(
      await run([
        warmingAuth({ findings: [] }, { waitsATurn: true }),
        fake('atlas-read', { needs: ['atlas-auth'], prefetch: () => void prefetched.push('atlas-read') }),
        fake('atlas-privilege', {
          needs: ['atlas-auth'],
          prefetch: () => {
            throw new Error('prefetch broke')
          }
        }),
        fake('ai-auth', { prefetch: () => void prefetched.push('ai-auth') })
      ])
    )
    // atlas-auth is needed by others, so it starts first; ai-auth, which nothing here waits for, a turn later, and the
    // dependents' prefetch on the turn after atlas-auth started (its own request is written first)
    expect(prefetched).toEqual(['ai-auth', 'atlas-read'])
    expect(results['atlas-privilege']?.status).toBe('pass')
  })

  it('starts the checks in tiers by how many checks wait for them, most first, each once the tier before has sent', async () => {
    const sent: string[] = []
    const sending = (id: CheckId) => async () => {
      sent.push(id)
      await new Promise(r => setImmediate(r))
      return { findings: [found(id, 'ok', 'notice')] }
    }
    const results = byId(
      await run([
        // egress-ip comes first in the report's order, but nothing waits for it
        fake('egress-ip', { run: sending('egress-ip') }),
        // one check waits for atlas-auth, two for ai-auth: ai-auth starts first, though later in the report's order
        fake('atlas-auth', { run: sending('atlas-auth') }),
        fake('atlas-read', { needs: ['atlas-auth'], run: sending('atlas-read') }),
        fake('ai-auth', { run: sending('ai-auth') }),
        fake('ai-credits', { needs: ['ai-auth'], run: sending('ai-credits') }),
        fake('model-api-key', { needs: ['ai-auth'], run: sending('model-api-key') })
      ])
    )
    expect(sent.slice(0, 3)).toEqual(['ai-auth', 'atlas-auth', 'egress-ip'])
    expect(Object.values(results).map(r => [r.id, r.status])).toEqual([
      ['egress-ip', 'pass'],
      ['atlas-auth', 'pass'],
      ['atlas-read', 'pass'],
      ['ai-auth', 'pass'],
      ['ai-credits', 'pass'],
      ['model-api-key', 'pass']
    ])
  })

  it('a plan blocked by the inputs runs only secrets', async () => {
    const auth = fake('atlas-auth')
    const results = byId(await run([fake('secrets'), auth], { blocked: 'the inputs have errors' }))
    expect(results['secrets']?.status).toBe('pass')
    expect(results['atlas-auth']).toMatchObject({ status: 'skipped', skipReason: 'the inputs have errors' })
    expect(auth.ran).toBe(0)
  })

  it("loads a lazy check's code once, while the first reads travel, and never for a check the plan leaves out", async () => {
    const loads: string[] = []
    const lazy = (id: CheckId, applies: true | string, needs: CheckId[] = []): Check =>
      withLazyRun(fake(id, { needs, applies }), async () => {
        loads.push(id)
        return { run: async () => ({ findings: [found(id, 'ok', 'notice')] }) }
      })
    let loadedBeforeRead: string[] = []
    const results = byId(
      await run([
        fake('atlas-auth', {
          run: async () => {
            // The first read is out; the answer comes after the runner's next turn.
            await new Promise(r => setImmediate(r))
            loadedBeforeRead = [...loads]
            return { findings: [] }
          }
        }),
        lazy('atlas-read', true, ['atlas-auth']),
        lazy('atlas-cluster', 'no `cluster` given', ['atlas-auth'])
      ])
    )
    expect(loadedBeforeRead).toEqual(['atlas-read'])
    expect(loads).toEqual(['atlas-read'])
    expect(results['atlas-read']?.status).toBe('pass')
    expect(results['atlas-cluster']?.status).toBe('skipped')
  })

  it('starts no prefetch for a check that has already ended (nothing is sent after it, or after the run)', async () => {
    const prefetched: string[] = []
    const results = byId(
      await run([
        warmingAuth({ findings: [found('atlas-auth', 'bad-api-key', 'error')] }, { waitsATurn: false }),
        fake('atlas-read', { needs: ['atlas-auth'], prefetch: () => void prefetched.push('atlas-read') })
      ])
    )
    await new Promise(r => setImmediate(r))
    expect(prefetched).toEqual([])
    expect(results['atlas-read']?.status).toBe('skipped')
  })

  it('hands the wait to the engine once, after the first reads are out and before they are answered', async () => {
    // main.ts loads the writers' code here (the GitHub runner's file commands load crypto): off the critical path.
    const events: string[] = []
    await run(
      [
        fake('atlas-auth', {
          run: async () => {
            events.push('read sent')
            await new Promise(r => setImmediate(r))
            events.push('answered')
            return { findings: [] }
          }
        }),
        fake('atlas-read', { needs: ['atlas-auth'] })
      ],
      { whileWaiting: () => void events.push('waiting') }
    )
    expect(events).toEqual(['read sent', 'waiting', 'answered'])
  })

  it('reports a lazy check whose code cannot be loaded as an internal error, not a crash', async () => {
    const broken = withLazyRun<Record<string, unknown>>(fake('atlas-read'), () =>
      Promise.reject(new Error('Cannot find module ./run/atlas-read.js'))
    )
    const results = byId(await run([broken]))
    expect(results['atlas-read']?.status).toBe('fail')
    expect(results['atlas-read']?.findings.map(f => f.id)).toEqual(['atlas-read/internal-error'])
  })
})
