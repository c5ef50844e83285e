/**
 * Step outputs: each output is taken from its one owner (config/outputs.ts, OUTPUT_OWNERS), never from whichever
 * check came last; anything its owner did not set has an honest default.
 */
import type { CheckResult } from '../check-support/check.js'
import { OUTPUT_OWNERS, type OutputName } from '../config/outputs.js'
import type { RunStatus } from '../core/policy.js'

const DEFAULTS: Partial<Record<OutputName, string>> = {
  'egress-ip': '',
  'egress-ipv6': '',
  'auth-method': 'none',
  'api-access-list': 'skipped',
  'network-access-list': 'skipped',
  'projects-visible': '',
  'credit-balance': '',
  'credit-currency': '',
  'credit-days-left': '',
  'network-lease': '',
  'network-lease-entry': '',
  'cluster-state': '',
  'cluster-reachable': 'skipped'
}

export function computeOutputs(
  results: readonly CheckResult[],
  status: RunStatus,
  asked: { lease: boolean } = { lease: false }
): Partial<Record<OutputName, string>> {
  const out: Partial<Record<OutputName, string>> = { status, ...DEFAULTS }
  for (const r of results)
    for (const [name, value] of Object.entries(r.outputs ?? {}) as [OutputName, string][])
      if (OUTPUT_OWNERS[name] === r.id && value !== undefined) out[name] = value
  // Derived, in one place: a lease that wrote or joined an entry for this runner put it on the project's list,
  // whatever the diagnosis (which runs before the lease, the fix phase) saw. (`existing`: the diagnosis saw it.)
  if (out['network-lease'] === 'created' || out['network-lease'] === 'shared')
    out['network-access-list'] = 'allowed'
  // A lease that was asked for and never got to run (its needs failed) failed: the deploy after it has no access.
  if (asked.lease && !out['network-lease']) out['network-lease'] = 'failed'
  out['failed-checks'] = results
    .filter(r => r.status === 'fail')
    .map(r => r.id)
    .join(',')
  return out
}
