/** The pass/warn/fail policy: a check's status from its findings, `ignore`, the run's status and the exit code. */
import type { Finding } from './finding.js'

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
