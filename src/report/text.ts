/** Small shared wording for reporters. */
import type { CheckStatus } from '../core/policy.js'

export const STATUS_ICON: Record<CheckStatus, string> = { pass: '✅', warn: '⚠️', fail: '❌', skipped: '⏭️' }

export function seconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`
}

/** A skipped check's kind in words: nobody asked for it, or something blocked it. */
export const SKIP_LABEL = { 'not-applicable': 'not applicable', 'could-not-run': 'could not run' } as const

/** How a check's result reads: its status, or for a skipped check whether it was not applicable or blocked. */
export function resultLabel(c: {
  status: CheckStatus
  skipKind?: keyof typeof SKIP_LABEL | undefined
}): string {
  return c.status === 'skipped' ? SKIP_LABEL[c.skipKind ?? 'could-not-run'] : c.status
}
