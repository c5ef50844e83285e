/**
 * The job summary (Markdown): a status line, the egress address, a table of checks with what was seen and the
 * fix, and timings. Text is escaped for Markdown (markdown.ts); the Report is already redacted and sanitised.
 */
import type { Report } from './model.js'
import { STATUS_ICON, seconds } from './text.js'
import { code, md } from './markdown.js'

const LIMIT = 900 * 1024 // GitHub rejects summaries over 1 MiB.

export function renderSummary(report: Report, runUrl?: string): string {
  const o = report.outputs
  const head = {
    pass: '✅ Preflight passed',
    warn: '⚠️ Preflight passed with warnings',
    fail: '❌ Preflight failed'
  }[report.status]
  const out: string[] = []
  out.push(`## ${head}`)
  out.push('')
  const facts = [
    o['egress-ip']
      ? `Runner address: ${code(o['egress-ip'])}${o['egress-ipv6'] ? ` / ${code(o['egress-ipv6'])}` : ''}`
      : 'Runner address: not detected',
    `Atlas auth: ${code(o['auth-method'] ?? '')}`,
    `API access list: ${code(o['api-access-list'] ?? '')}`,
    `Network access list: ${code(o['network-access-list'] ?? '')}`,
    o['credit-balance']
      ? `AI credit: ${code(`${o['credit-balance']} ${o['credit-currency'] ?? ''}`.trim())}`
      : undefined
  ].filter(Boolean)
  out.push(facts.join(' · '))
  out.push('')
  out.push('| | Check | Result | What was seen | Fix | Time |')
  out.push('|---|---|---|---|---|---|')
  for (const c of report.checks) {
    if (c.status === 'skipped') {
      out.push(`| ${STATUS_ICON.skipped} | \`${c.id}\` | skipped | ${md(c.skipReason ?? '')} | | |`)
      continue
    }
    const problems = c.findings.filter(f => f.severity !== 'notice')
    const notices = c.findings.filter(f => f.severity === 'notice')
    if (problems.length === 0) {
      out.push(
        `| ${STATUS_ICON[c.status]} | \`${c.id}\` | ${c.status} | ${md(notices.map(n => n.seen).join(' ') || c.title)} | | ${seconds(c.durationMs)} |`
      )
      continue
    }
    for (const [i, f] of problems.entries()) {
      const icon = f.severity === 'error' ? STATUS_ICON.fail : STATUS_ICON.warn
      out.push(
        `| ${icon} | ${i === 0 ? `\`${c.id}\`` : ''} | **${md(f.title)}**${f.ignored ? ' (ignored)' : ''} | ${md(f.seen)} | ${md(f.fix)} | ${i === 0 ? seconds(c.durationMs) : ''} |`
      )
    }
  }
  out.push('')
  out.push(
    `Finished in ${seconds(report.durationMs)} · fail-on: \`${report.policy.failOn}\`${report.policy.ignore.length ? ` · ignored: \`${report.policy.ignore.join(', ')}\`` : ''} · atlas-preflight ${report.tool.version}${runUrl ? ` · [run](${runUrl})` : ''}`
  )
  let text = out.join('\n') + '\n'
  if (text.length > LIMIT) text = text.slice(0, LIMIT) + '\n\n… (truncated; see the JSON report)\n'
  return text
}
