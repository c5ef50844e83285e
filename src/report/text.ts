/** Small shared wording for reporters. */
import type { CheckStatus, Severity } from '../finding.js'

export const STATUS_ICON: Record<CheckStatus, string> = { pass: '✅', warn: '⚠️', fail: '❌', skipped: '⏭️' }
export const STATUS_WORD: Record<CheckStatus, string> = {
  pass: 'pass',
  warn: 'warning',
  fail: 'fail',
  skipped: 'skipped'
}
export const SEVERITY_WORD: Record<Severity, string> = {
  error: 'error',
  warning: 'warning',
  notice: 'notice'
}

export function seconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`
}
