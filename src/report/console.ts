/** The readable console report (CLI stdout, and the action's log). Plain text; the Report is already redacted. */
import type { Report } from './model.js'
import { resultLabel, seconds } from './text.js'

const MARK = { pass: '✔', warn: '!', fail: '✖', skipped: '○' } as const

export function renderConsole(report: Report): string {
  const lines: string[] = []
  lines.push(
    `atlas-preflight ${report.tool.version}: ${report.status.toUpperCase()} in ${seconds(report.durationMs)}`
  )
  const width = Math.max(...report.checks.map(c => c.id.length))
  for (const c of report.checks) {
    const head = `${MARK[c.status]} ${c.id.padEnd(width)}  ${resultLabel(c)}`
    if (c.status === 'skipped') {
      lines.push(`${head}: ${c.skipReason ?? ''}`)
      continue
    }
    lines.push(head)
    for (const f of c.findings) {
      lines.push(`    ${f.severity}${f.ignored ? ' (ignored)' : ''}: ${f.title} [${f.id}]`)
      lines.push(`      seen: ${f.seen}`)
      if (f.severity !== 'notice') lines.push(`      fix:  ${f.fix}`)
    }
  }
  const o = report.outputs
  const facts = [
    o['egress-ip'] && `egress-ip=${o['egress-ip']}`,
    o['egress-ipv6'] && `egress-ipv6=${o['egress-ipv6']}`,
    `auth-method=${o['auth-method']}`,
    `api-access-list=${o['api-access-list']}`,
    `network-access-list=${o['network-access-list']}`,
    o['projects-visible'] && `projects-visible=${o['projects-visible']}`,
    o['credit-balance'] && `credit-balance=${o['credit-balance']} ${o['credit-currency'] ?? ''}`.trim()
  ].filter(Boolean)
  lines.push(facts.join('  '))
  lines.push(`exit ${report.exitCode} (fail-on: ${report.policy.failOn})`)
  return lines.join('\n')
}
