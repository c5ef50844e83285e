/**
 * The tracking issue's sections in organization scope: one per target with problems (a warning or an error;
 * notices stay in the summary and the report), keyed by `kind:id` so the same target keeps the same section from
 * run to run. Built from the report, after redaction: nothing here is a secret.
 */
import type { Report } from '../report/model.js'
import type { Target } from '../core/finding.js'
import type { IssueSection } from '../platform/adapter.js'
import { describeTarget } from './model.js'

export function issueSections(report: Report): IssueSection[] {
  const byKey = new Map<string, IssueSection>()
  for (const c of report.checks)
    for (const f of c.findings) {
      if (f.severity === 'notice') continue
      const target: Target = f.target ?? { kind: 'organization', id: 'run', name: 'this run' }
      const key = `${target.kind}:${target.id}`
      let s = byKey.get(key)
      if (!s) byKey.set(key, (s = { key, title: describeTarget(target), problems: [] }))
      s.problems.push({ id: f.id, severity: f.severity, title: f.title, seen: f.seen, fix: f.fix })
    }
  // Code-unit order: the same on every runner, whatever its locale (localeCompare follows the machine's collation).
  return [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
}
