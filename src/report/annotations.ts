/**
 * Annotations: one per error or warning, titled, with what was seen and the fix. GitHub shows at most 10 of a type
 * per step, so past 9 the rest fold into one annotation that points to the job summary.
 */
import type { Severity } from '../core/finding.js'
import type { Report } from './model.js'

export interface Annotation {
  severity: Severity
  title: string
  message: string
}

const PER_TYPE = 10

export function annotationsFor(report: Report): Annotation[] {
  const out: Annotation[] = []
  for (const severity of ['error', 'warning'] as const) {
    const list = report.checks.flatMap(c => c.findings.filter(f => f.severity === severity))
    const shown = list.length > PER_TYPE ? list.slice(0, PER_TYPE - 1) : list
    for (const f of shown) {
      out.push({
        severity,
        title: `atlas-preflight ${f.check}: ${f.title}`,
        message: `${f.seen}\nFix: ${f.fix}${f.ignored ? '\n(ignored by `ignore`: reported as a warning)' : ''}`
      })
    }
    if (list.length > shown.length) {
      out.push({
        severity,
        title: `atlas-preflight: ${list.length - shown.length} more ${severity}s`,
        message: `${list.length - shown.length} more ${severity} findings are listed in the job summary and the JSON report.`
      })
    }
  }
  return out
}
