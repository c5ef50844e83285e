/**
 * Which checks run: every registered check the inputs allow, narrowed by `checks`. A check left out says why,
 * so nothing not run can look like a pass. A check named in `checks` whose needs were left out brings them in.
 */
import type { CheckId } from './core/check-ids.js'
import type { Config } from './config/config.js'
import type { Check, SkipKind } from './check-support/check.js'

export interface Plan {
  run: Check[]
  /** Left out: not applicable (not asked for) unless `kind` says the run was blocked. */
  skipped: { check: Check; reason: string; kind?: SkipKind }[]
}

export function makePlan(config: Config, registry: readonly Check[], blocked?: string): Plan {
  const byId = new Map(registry.map(c => [c.id, c]))
  const wanted = new Set<CheckId>()
  const add = (id: CheckId) => {
    if (wanted.has(id)) return
    wanted.add(id)
    for (const n of byId.get(id)?.needs ?? []) add(n)
  }
  for (const c of registry) if (!config.checks || config.checks.has(c.id)) add(c.id)

  const plan: Plan = { run: [], skipped: [] }
  for (const c of registry) {
    if (!wanted.has(c.id)) {
      plan.skipped.push({ check: c, reason: 'not selected by `checks`' })
      continue
    }
    const applies = c.applies(config)
    if (applies !== true) plan.skipped.push({ check: c, reason: applies })
    else if (blocked && c.id !== 'secrets')
      plan.skipped.push({ check: c, reason: blocked, kind: 'could-not-run' })
    else plan.run.push(c)
  }
  return plan
}
