/** Step outputs: each check sets the outputs it owns; anything a check did not set has an honest default. */
import type { CheckResult } from '../check-support/check.js'
import type { OutputName } from '../config/outputs.js'
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
  for (const r of results) Object.assign(out, r.outputs)
  // A lease that was asked for and never got to run (its needs failed) failed: the deploy after it has no access.
  if (asked.lease && !out['network-lease']) out['network-lease'] = 'failed'
  out['failed-checks'] = results
    .filter(r => r.status === 'fail')
    .map(r => r.id)
    .join(',')
  return out
}
