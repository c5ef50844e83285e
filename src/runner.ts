/**
 * Runs the planned checks concurrently: each starts as soon as the checks it needs have finished. A need that
 * failed (after `ignore`) or was skipped makes the check skipped, with the reason. One global deadline: a check
 * still running when it passes ends with an error finding that says so. A check that throws becomes an error
 * finding too, with no stack trace.
 */
import { applyIgnore, checkStatus } from './core/policy.js'
import { CHECK_IDS, type CheckId } from './core/check-ids.js'
import type { Check, CheckContext, CheckResult, SkipKind } from './check-support/check.js'
import { defineSharedFindings } from './core/finding.js'
import type { Plan } from './plan.js'
import type { Deadline } from './http/deadline.js'

/** What the runner itself reports for a check that did not end: raised under that check's id. */
export const RUNNER_FINDINGS = defineSharedFindings({
  deadline: {
    severity: 'error',
    title: 'The check did not finish in time',
    fix: 'Raise `timeout-seconds`, or look for a proxy or firewall that holds connections open without answering (the debug log, `ACTIONS_STEP_DEBUG`, shows the slow hop).'
  },
  'internal-error': {
    severity: 'error',
    title: 'The check failed unexpectedly',
    fix: 'Re-run the job (the other checks still report); if it happens again, open an issue on atlas-preflight with the JSON report attached: it is a bug in the action.'
  }
})

export interface RunnerDeps {
  deadline: Deadline
  ignore: ReadonlySet<string>
  context: Omit<CheckContext, 'result' | 'signal'>
  onStart?: (c: Check) => void
  /** Called once the first requests are out: work that can wait for the network (loading code) goes here. */
  whileWaiting?: () => void
}

export async function runChecks(plan: Plan, deps: RunnerDeps): Promise<CheckResult[]> {
  const results = new Map<CheckId, CheckResult>()
  const promises = new Map<CheckId, Promise<CheckResult>>()
  const planned = new Set(plan.run.map(c => c.id))
  const skippedReason = new Map(plan.skipped.map(s => [s.check.id, s.reason]))

  const skip = (c: Check, reason: string, kind: SkipKind): CheckResult => ({
    id: c.id,
    title: c.title,
    status: 'skipped',
    findings: [],
    data: {},
    outputs: {},
    skipReason: reason,
    skipKind: kind,
    durationMs: 0
  })

  const start = (c: Check): Promise<CheckResult> => {
    const existing = promises.get(c.id)
    if (existing) return existing
    // A check that needs nothing has no credential to wait for: its early reads (a probe of an input's hosts) start
    // with the run. Checks with needs are warmed by them (`warmDependents`).
    if (c.needs.length === 0) prefetch(c)
    const p = (async () => {
      const needs = c.needs.filter(n => planned.has(n))
      const after = (c.after ?? []).filter(n => planned.has(n))
      const [done] = await Promise.all([
        Promise.all(needs.map(n => start(plan.run.find(x => x.id === n)!))),
        Promise.all(after.map(n => start(plan.run.find(x => x.id === n)!)))
      ])
      const blocked = done.find(r => r.status === 'fail' || r.status === 'skipped')
      // A failed need blocks this check; a skipped need passes on its kind (not asked stays not applicable).
      if (blocked)
        return blocked.status === 'fail'
          ? skip(c, `${blocked.id} failed`, 'could-not-run')
          : skip(c, `${blocked.id} was skipped`, blocked.skipKind ?? 'could-not-run')
      const unplanned = c.needs.find(n => !planned.has(n))
      if (unplanned)
        return skip(
          c,
          `needs ${unplanned}, which did not run (${skippedReason.get(unplanned) ?? 'not planned'})`,
          'not-applicable'
        )
      return execute(c)
    })().then(r => {
      results.set(c.id, r)
      return r
    })
    promises.set(c.id, p)
    return p
  }

  const prefetch = (c: Check) => {
    if (!c.prefetch) return
    try {
      c.prefetch({ config: deps.context.config, services: deps.context.services })
    } catch {
      // A prefetch is only an optimisation: the check makes the call itself when it runs.
    }
  }

  const execute = async (c: Check): Promise<CheckResult> => {
    deps.onStart?.(c)
    const t0 = Date.now()
    const ctx: CheckContext = {
      ...deps.context,
      signal: deps.deadline.signal,
      result: <D>(id: CheckId) => results.get(id) as CheckResult<D> | undefined,
      // On the next turn of the event loop: the dependents' reads wait for this check's first answer anyway, and this
      // check's own requests are written first. Only while this check still runs: once it has ended, the checks that
      // need it make their own reads (or are skipped), and nothing is started after the run.
      warmDependents: () =>
        void setImmediate(() => {
          if (results.has(c.id)) return
          for (const d of plan.run) if (d.needs.includes(c.id)) prefetch(d)
        })
    }
    const gated = c.gate?.(ctx)
    if (gated !== undefined) return skip(c, gated, 'could-not-run')
    let outcome
    try {
      outcome = await raceDeadline(c.run(ctx), deps.deadline)
    } catch (err) {
      const timedOut = deps.deadline.expired
      outcome = {
        findings: [
          timedOut
            ? RUNNER_FINDINGS.deadline(
                c.id,
                "The check was still waiting when the preflight's deadline (timeout-seconds) passed.",
                { title: `${c.title}: did not finish in time` }
              )
            : RUNNER_FINDINGS['internal-error'](
                c.id,
                `The check stopped with an internal error (${err instanceof Error ? err.name : 'unknown'}).`,
                { title: `${c.title}: the check failed unexpectedly` }
              )
        ]
      }
    }
    const findings = applyIgnore(outcome.findings, deps.ignore)
    const base = {
      id: c.id,
      title: c.title,
      findings,
      data: (outcome.data ?? {}) as Record<string, unknown>,
      outputs: outcome.outputs ?? {},
      durationMs: Date.now() - t0
    }
    if (outcome.skipped !== undefined)
      return {
        ...base,
        status: findings.length ? checkStatus(findings) : 'skipped',
        skipReason: outcome.skipped,
        ...(findings.length
          ? {}
          : { skipKind: outcome.notApplicable ? ('not-applicable' as const) : ('could-not-run' as const) })
      }
    return { ...base, status: checkStatus(findings) }
  }

  // The first checks have sent their first reads by the next turn of the event loop: the code of the checks that
  // wait for them loads then, while those reads travel (`withLazyRun`), not after they are answered.
  setImmediate(() => {
    for (const c of plan.run) c.preload?.()
    deps.whileWaiting?.()
  })
  // The checks start in tiers by how many planned checks wait for them, most first, one turn of the event loop apart
  // (with what they run `after`): the longest chains of round trips begin with their requests (the Atlas credential's
  // token or challenge, then the AI key's first read), which are then written before the next tier's start-up work,
  // not after it. Checks nothing waits for start last.
  const waiting = (c: Check) => plan.run.filter(d => d.needs.includes(c.id)).length
  const tiers = [...new Set(plan.run.map(waiting))].filter(n => n > 0).sort((a, b) => b - a)
  for (const n of tiers) {
    // Settled with every other check below (start() hands out one promise per check).
    Promise.all(plan.run.filter(c => waiting(c) === n).map(start)).catch(() => undefined)
    await new Promise(resolve => setImmediate(resolve))
  }
  await Promise.all(plan.run.map(start))
  // Report order is the order of CHECK_IDS, whichever finished first.
  const order = new Map<string, number>(CHECK_IDS.map((id, i) => [id, i]))
  const all = [
    ...results.values(),
    ...plan.skipped.map(s => skip(s.check, s.reason, s.kind ?? 'not-applicable'))
  ]
  return all.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0))
}

function raceDeadline<T>(p: Promise<T>, deadline: Deadline): Promise<T> {
  if (deadline.expired) return Promise.reject(deadline.signal.reason)
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(deadline.signal.reason)
    deadline.signal.addEventListener('abort', onAbort, { once: true })
    p.then(
      v => {
        deadline.signal.removeEventListener('abort', onAbort)
        resolve(v)
      },
      e => {
        deadline.signal.removeEventListener('abort', onAbort)
        reject(e)
      }
    )
  })
}
