/**
 * Findings and the pass/warn/fail policy. A finding is what a user reads: a title, what was seen and the exact
 * fix. It never carries a secret: checks describe values ("ends with a newline"), they do not quote them.
 */

export type Severity = 'error' | 'warning' | 'notice'

export type CheckId =
  | 'inputs'
  | 'secrets'
  | 'egress-ip'
  | 'atlas-auth'
  | 'atlas-api-access-list'
  | 'atlas-read'
  | 'atlas-privilege'
  | 'atlas-network-access-list'
  | 'atlas-secret-expiry'
  | 'ai-auth'
  | 'ai-credits'

export interface Finding {
  /** Stable id of this kind of finding, e.g. `secrets/trailing-newline`; the README's troubleshooting is keyed by it. */
  id: string
  check: CheckId
  severity: Severity
  title: string
  /** What was seen, in plain words. */
  seen: string
  /** The exact fix. */
  fix: string
  /** Structured facts for the JSON report (never secrets). */
  data?: Record<string, unknown>
  /** Set when `ignore` turned this error into a warning. */
  ignored?: boolean
}

export type CheckStatus = 'pass' | 'warn' | 'fail' | 'skipped'
export type RunStatus = 'pass' | 'warn' | 'fail'
export type FailOn = 'error' | 'warning' | 'never'

export function checkStatus(findings: readonly Finding[]): CheckStatus {
  if (findings.some(f => f.severity === 'error')) return 'fail'
  if (findings.some(f => f.severity === 'warning')) return 'warn'
  return 'pass'
}

/** kubeadm's --ignore-preflight-errors: errors of ignored checks become warnings, marked as such. */
export function applyIgnore(findings: readonly Finding[], ignore: ReadonlySet<string>): Finding[] {
  return findings.map(f =>
    f.severity === 'error' && (ignore.has(f.check) || ignore.has('all'))
      ? { ...f, severity: 'warning' as const, ignored: true }
      : f
  )
}

export function runStatus(statuses: readonly CheckStatus[]): RunStatus {
  if (statuses.includes('fail')) return 'fail'
  if (statuses.includes('warn')) return 'warn'
  return 'pass'
}

export function exitCodeFor(status: RunStatus, failOn: FailOn): number {
  if (failOn === 'never') return 0
  if (status === 'fail') return 1
  if (status === 'warn' && failOn === 'warning') return 1
  return 0
}
