/**
 * The lease in the job summary: the one thing the action wrote to Atlas is shown in the summary's visible part
 * (entry, until when, who removes it), and the post step writes a short section of its own (what was removed, or
 * what is left and until when). The report layer passes its Markdown escapers in (`md` for text, `code` for values),
 * so this module needs nothing from it.
 */
import type { Finding } from '../core/finding.js'
import { LEASE_CHECK_ID } from './phase.js'
import type { LeaseData } from './take.js'

/** What the summary needs of a check's result (a report check or a runner result). */
export interface LeaseView {
  id: string
  status: string
  skipReason?: string
  findings: readonly Finding[]
  data: Record<string, unknown>
}

export interface Escape {
  md(text: string): string
  code(text: string): string
}

const leaseOf = (checks: readonly LeaseView[]) => checks.find(c => c.id === LEASE_CHECK_ID)

/**
 * The lease line for the visible part of a run's summary, or nothing when no lease was taken or asked for. A lease
 * that failed is already a problem section of its own: only what was written (or relied on) is said here.
 */
export function leaseSummaryLines(checks: readonly LeaseView[], e: Escape): string[] {
  const c = leaseOf(checks)
  const d = (c?.data ?? {}) as LeaseData
  if (!c || !d.entry) return []
  if (d.lease === 'created' || d.lease === 'shared') {
    const until = d.deleteAfterDate ? ` until ${e.code(d.deleteAfterDate)} at the latest` : ''
    const who =
      d.lease === 'shared'
        ? 'the last of the jobs that hold it removes it when it ends'
        : "this job's post step removes it when the job ends"
    return [
      `**Network access leased:** ${e.code(d.entry)} is on the project's network access list${until}; ${who}, and Atlas deletes it at its deleteAfterDate in any case.`
    ]
  }
  if (d.lease === 'existing')
    return [
      `**Network access:** the runner was already covered by ${e.code(d.entry)}; nothing was written, and nothing will be removed.`
    ]
  return []
}

const END_TEXT: Record<NonNullable<LeaseData['end']>, string> = {
  released: '✅ The leased entry was removed (a fresh read no longer lists it).',
  'handed-over': '✅ The entry stays for the other jobs that hold it; the last of them removes it.',
  'left-alone': 'ℹ️ The entry was left alone: it is not this run’s to remove.',
  'already-gone': 'ℹ️ The entry was already gone.',
  'release-failed': '⚠️ The leased entry could not be confirmed removed.',
  nothing: 'ℹ️ No lease to end.'
}

/** The post step's own short summary section. */
export function postSummarySection(checks: readonly LeaseView[], e: Escape): string {
  const c = leaseOf(checks)
  const d = (c?.data ?? {}) as LeaseData
  const lines = ['### atlas-preflight: end of the network lease', '']
  if (!c || c.status === 'skipped') {
    lines.push(`ℹ️ The lease could not be ended here: ${e.md(c?.skipReason ?? 'not planned')}.`)
  } else {
    lines.push(d.end ? END_TEXT[d.end] : '')
    for (const f of c.findings) lines.push('', `${e.code(f.id)} · ${e.md(f.seen)}`)
    if (d.end === 'release-failed' || c.findings.some(f => f.severity !== 'notice')) {
      const until = d.deleteAfterDate ? ` at ${e.code(d.deleteAfterDate)}` : ' at its deleteAfterDate'
      const fix = c.findings.find(f => f.severity !== 'notice')?.fix
      lines.push(
        '',
        `Left on the list: ${e.code(d.entry ?? 'the entry')}; Atlas removes it by itself${until}.`
      )
      if (fix) lines.push('', `**Fix:** ${e.md(fix)}`)
    }
  }
  return `${lines.join('\n')}\n`
}

/** The post step's log: one line per finding (what was seen, and the fix when something is left to do). */
export function postLogLines(checks: readonly LeaseView[]): string[] {
  const c = leaseOf(checks)
  if (!c) return []
  if (c.status === 'skipped')
    return [`atlas-preflight lease: not ended here (${c.skipReason ?? 'not planned'}).`]
  return c.findings.map(
    f => `atlas-preflight lease: ${f.title}. ${f.seen}${f.severity === 'notice' ? '' : `\n  Fix: ${f.fix}`}`
  )
}
