/**
 * The JSON report: versioned (`schemaVersion`), described by docs/report-schema.json, and the one object every
 * other reporter renders. It is redacted as a whole before anything writes it.
 */
import type { CheckResult } from '../check-support/check.js'
import type { FailOn, RunStatus } from '../core/policy.js'
import type { Finding } from '../core/finding.js'
import type { OutputName } from '../config/outputs.js'
import { VERSION } from '../version.js'
import type { Wording } from '../platform/adapter.js'

export const SCHEMA_VERSION = 1

export interface ReportCheck {
  id: string
  title: string
  status: CheckResult['status']
  durationMs: number
  skipReason?: string
  /** Set when `status` is `skipped`: nobody asked for it, or something blocked it. */
  skipKind?: CheckResult['skipKind']
  findings: Finding[]
  data: Record<string, unknown>
}

export interface Report {
  schemaVersion: typeof SCHEMA_VERSION
  tool: { name: 'atlas-preflight'; version: string }
  status: RunStatus
  exitCode: number
  startedAt: string
  durationMs: number
  policy: { failOn: FailOn; ignore: string[]; timeoutSeconds: number }
  outputs: Partial<Record<OutputName, string>>
  checks: ReportCheck[]
}

export function buildReport(args: {
  results: CheckResult[]
  status: RunStatus
  exitCode: number
  startedAt: Date
  durationMs: number
  policy: Report['policy']
  outputs: Partial<Record<OutputName, string>>
}): Report {
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'atlas-preflight', version: VERSION },
    status: args.status,
    exitCode: args.exitCode,
    startedAt: args.startedAt.toISOString(),
    durationMs: args.durationMs,
    policy: args.policy,
    outputs: args.outputs,
    checks: args.results.map(r => ({
      id: r.id,
      title: r.title,
      status: r.status,
      durationMs: r.durationMs,
      ...(r.skipReason ? { skipReason: r.skipReason } : {}),
      ...(r.status === 'skipped' ? { skipKind: r.skipKind ?? 'could-not-run' } : {}),
      findings: r.findings,
      data: r.data
    }))
  }
}

/** The report in a platform's words (findings and skip reasons; outputs and data are values, not advice). */
export function reworded(report: Report, words: Wording): Report {
  return {
    ...report,
    checks: report.checks.map(c => ({
      ...c,
      title: words.text(c.title),
      ...(c.skipReason !== undefined ? { skipReason: words.text(c.skipReason) } : {}),
      findings: c.findings.map(f => words.finding(f))
    }))
  }
}
