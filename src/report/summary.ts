/**
 * The job summary (Markdown), fix first: the heading says what failed; each problem follows as its own section, its
 * id, what was seen and the fix, with the problems it causes (`Finding.cause`) listed under it instead of as
 * sections of their own, so one cause has one fix; every check, with the run's facts, folds into a `<details>`
 * block; a footer names the runner's address, the policy and the run. A skipped check is counted as "not
 * applicable" (nobody asked for it) or "could not run" (something blocked it), never the one as the other. Text is escaped for Markdown (markdown.ts); the Report is already
 * redacted and sanitised. GitHub refuses a summary over 1 MiB: it is cut, in bytes, well below that.
 */
import type { Finding } from '../core/finding.js'
import type { Report, ReportCheck } from './model.js'
import { STATUS_ICON, resultLabel, seconds } from './text.js'
import { code, md } from './markdown.js'
import { leaseSummaryLines } from '../lease/summary.js'

/** Bytes, not characters: the limit is GitHub's, in bytes. */
export const SUMMARY_LIMIT = 900 * 1024

export interface SummaryLinks {
  /** This run (GitHub Actions). */
  runUrl?: string
  /** The troubleshooting page; a finding's id links to `${troubleshootingUrl}#${anchor}`. */
  troubleshootingUrl?: string
}

export function renderSummary(report: Report, links: SummaryLinks = {}): string {
  const problems = groupByCause(report.checks.flatMap(c => c.findings.filter(f => f.severity !== 'notice')))
  const out: string[] = [`## ${heading(report, problems)}`, '']
  problems.forEach((p, i) => out.push(...problemSection(i + 1, p, links), ''))
  // What the run wrote to Atlas stays in the visible part (src/lease/summary.ts).
  for (const line of leaseSummaryLines(report.checks, { md, code })) out.push(line, '')
  out.push(`<details><summary>${allChecksLabel(report.checks)}</summary>`, '', ...facts(report), '')
  out.push(...checksTable(report.checks), '', '</details>', '')
  out.push(footer(report, links.runUrl))
  return truncate(`${out.join('\n')}\n`)
}

/** A problem to fix, with the problems that follow from it (fixed by its fix). */
interface Problem {
  finding: Finding
  follows: Finding[]
}

/**
 * Problems whose `cause` is another problem of this run are listed under it; a cause that is not a problem here
 * (not raised, or only a notice) leaves the finding standing on its own, with its own fix.
 */
export function groupByCause(findings: Finding[]): Problem[] {
  const ids = new Set(findings.map(f => f.id))
  const top = findings.filter(f => !f.cause || f.cause === f.id || !ids.has(f.cause))
  return top.map(finding => ({
    finding,
    follows: findings.filter(f => f !== finding && f.cause === finding.id && !top.includes(f))
  }))
}

/** How many checks were skipped, of each kind. */
function skips(report: Report): { notApplicable: number; couldNotRun: number } {
  const skipped = report.checks.filter(c => c.status === 'skipped')
  const notApplicable = skipped.filter(c => c.skipKind === 'not-applicable').length
  return { notApplicable, couldNotRun: skipped.length - notApplicable }
}

function heading(report: Report, problems: Problem[]): string {
  const errors = problems.filter(p => p.finding.severity === 'error').length
  const warnings = problems.length - errors
  const follow = problems.reduce((n, p) => n + p.follows.length, 0)
  const { notApplicable, couldNotRun } = skips(report)
  const caused = follow ? ` (and ${plural(follow, 'problem')} they cause)` : ''
  const notRun = couldNotRun ? `, ${plural(couldNotRun, 'check')} could not run` : ''
  const notAsked = notApplicable ? `, ${notApplicable} not applicable` : ''
  if (report.status === 'fail')
    return `❌ Preflight failed: ${plural(errors, 'problem')}${warnings ? `, ${plural(warnings, 'warning')}` : ''}${caused}${notRun}${notAsked}`
  if (report.status === 'warn')
    return `⚠️ Preflight passed with ${plural(warnings, 'warning')}${caused}${notRun}${notAsked}`
  const ran = report.checks.length - notApplicable - couldNotRun
  return `✅ Preflight passed: ${plural(ran, 'check')}${notRun}${notAsked}`
}

function problemSection(n: number, p: Problem, links: SummaryLinks): string[] {
  const f = p.finding
  const icon = f.severity === 'error' ? '' : '⚠️ '
  const idOf = (x: Finding) =>
    links.troubleshootingUrl ? `[${code(x.id)}](${links.troubleshootingUrl}#${anchorOf(x.id)})` : code(x.id)
  const follows = p.follows.length
    ? [
        '',
        `Because of this (the fix below fixes ${p.follows.length === 1 ? 'it' : 'them'} too):`,
        '',
        ...p.follows.map(x => `- ${md(x.title)}${x.ignored ? ' (ignored)' : ''}: ${idOf(x)} · ${md(x.seen)}`)
      ]
    : []
  return [
    `### ${n}. ${icon}${md(f.title)}${f.ignored ? ' (ignored)' : ''}`,
    '',
    `${idOf(f)} · ${md(f.seen)}`,
    ...follows,
    '',
    `**Fix:** ${md(f.fix)}`
  ]
}

/** The anchor docs/troubleshooting.md gives a finding id's heading (GitHub's slug: lower case, `/` dropped). */
export function anchorOf(id: string): string {
  return id.toLowerCase().replace(/[^a-z0-9 _-]/g, '')
}

function allChecksLabel(checks: ReportCheck[]): string {
  const count = (label: string) => checks.filter(c => resultLabel(c) === label).length
  const parts = [
    [count('pass'), 'passed'],
    [count('warn'), 'warned'],
    [count('fail'), 'failed'],
    [count('could not run'), 'could not run'],
    [count('not applicable'), 'not applicable']
  ].filter(([n]) => n !== 0)
  return `All checks (${parts.map(([n, w]) => `${n} ${w}`).join(', ')})`
}

function facts(report: Report): string[] {
  const o = report.outputs
  const line = [
    `Atlas auth ${code(o['auth-method'] ?? 'none')}`,
    `API access list ${code(o['api-access-list'] ?? 'skipped')}`,
    `network access list ${code(o['network-access-list'] ?? 'skipped')}`,
    o['network-lease'] ? `lease ${code(o['network-lease'])}` : undefined,
    o['cluster-state'] ? `cluster ${code(o['cluster-state'])}` : undefined,
    o['cluster-reachable'] && o['cluster-reachable'] !== 'skipped'
      ? `cluster reachable ${code(o['cluster-reachable'])}`
      : undefined,
    o['credit-balance']
      ? `AI credit ${code(`${o['credit-balance']} ${o['credit-currency'] ?? ''}`.trim())}`
      : undefined,
    o['credit-days-left'] ? `${md(o['credit-days-left'])} days of credit left` : undefined
  ].filter(Boolean)
  return [line.join(' · '), ...spendTrend(report)]
}

/** Atlas Cloud AI spend per day (ai-credits' data), oldest first, as a sparkline with its range. */
function spendTrend(report: Report): string[] {
  const data = report.checks.find(c => c.id === 'ai-credits')?.data as
    { spendTrend?: unknown; dailySpend?: { date?: unknown; usd?: unknown; partial?: unknown }[] } | undefined
  const days = Array.isArray(data?.dailySpend) ? data.dailySpend : []
  if (typeof data?.spendTrend !== 'string' || days.length === 0) return []
  const full = days.filter(d => d.partial !== true && typeof d.usd === 'number').map(d => d.usd as number)
  const range = full.length
    ? ` (${Math.min(...full).toFixed(2)} to ${Math.max(...full).toFixed(2)} USD a day)`
    : ''
  const first = String(days[0]?.date ?? '')
  const last = String(days[days.length - 1]?.date ?? '')
  return ['', `AI spend per day, ${md(first)} to ${md(last)}: ${code(data.spendTrend)}${range}`]
}

function checksTable(checks: ReportCheck[]): string[] {
  const rows = ['| | Check | Result | What was seen | Time |', '|---|---|---|---|---|']
  for (const c of checks) {
    // Escaped piece by piece: the bold markers are ours, the title and what was seen are text.
    const what =
      c.status === 'skipped'
        ? md(c.skipReason ?? '')
        : c.findings
            .map(f => `${f.severity === 'notice' ? '' : `**${md(f.title)}:** `}${md(f.seen)}`)
            .join(' ') || md(c.title)
    const icon = c.status === 'skipped' && c.skipKind === 'not-applicable' ? '➖' : STATUS_ICON[c.status]
    rows.push(
      `| ${icon} | ${code(c.id)} | ${resultLabel(c)} | ${what} | ${c.status === 'skipped' ? '' : seconds(c.durationMs)} |`
    )
  }
  return rows
}

function footer(report: Report, runUrl: string | undefined): string {
  const o = report.outputs
  const runner = o['egress-ip']
    ? `Runner ${code(o['egress-ip'])}${o['egress-ipv6'] && o['egress-ipv6'] !== o['egress-ip'] ? ` / ${code(o['egress-ipv6'])}` : ''}`
    : 'Runner address not detected'
  const ignored = report.policy.ignore.length ? ` · ignored ${code(report.policy.ignore.join(', '))}` : ''
  return `${runner} · fail-on ${code(report.policy.failOn)}${ignored} · ${seconds(report.durationMs)} · atlas-preflight ${report.tool.version}${runUrl ? ` · [run](${runUrl})` : ''}`
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}

/** Cut at a line boundary to fit the byte limit, never inside a character, and say so. */
function truncate(text: string): string {
  if (Buffer.byteLength(text) <= SUMMARY_LIMIT) return text
  const note = '\n\n… (cut to fit GitHub’s summary limit; see the JSON report)\n'
  const budget = SUMMARY_LIMIT - Buffer.byteLength(note)
  let cut = Buffer.from(text).subarray(0, budget).toString('utf8')
  if (cut.endsWith('\uFFFD')) cut = cut.slice(0, -1)
  const lastLine = cut.lastIndexOf('\n')
  return (lastLine > 0 ? cut.slice(0, lastLine) : cut) + note
}
