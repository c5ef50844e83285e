/**
 * The change watch: a snapshot of every list an organization-scope run read (normalised entries and their
 * comments; no secrets), kept in the JSON report (the fleet's `data.snapshot`) and in a hidden block of the tracking
 * issue, and compared with the previous one. An entry that appears is `fleet/entry-added` (a warning when it opens
 * the list to the whole internet), one that disappears `fleet/entry-removed`; this tool's own leases are named as
 * such by their marker. A previous snapshot is untrusted text: it is parsed strictly and bounded, and whatever it
 * says can only change which notices are raised, never what the run reads or writes.
 */
import type { Finding, Target } from '../core/finding.js'
import { isWholeInternet } from '../net/cidr.js'
import { ours } from '../lease/ours.js'
import { FLEET_FINDINGS as F } from './findings.js'
import { describeTarget, type FleetRead } from './model.js'
import { targetKeyOf } from './read.js'

export interface SnapshotEntry {
  e: string
  c?: string
  /** The entry's `deleteAfterDate`, when it has one (a lease is ours only with one: src/lease/ours.ts). */
  d?: string
}

export interface Snapshot {
  v: 1
  org: string
  takenAt: string
  /** By target key (`project:<id>`, `api-key:<id>`, `service-account:<client id>`): the list as read. */
  lists: Record<string, SnapshotEntry[]>
}

const KEY = /^(project|api-key|service-account):[A-Za-z0-9_*.-]{1,80}$/
const MAX_TEXT = 1_000_000
const MAX_LISTS = 5_000
const MAX_ENTRIES = 1_000

export function takeSnapshot(read: FleetRead, now: Date): Snapshot {
  const lists: Record<string, SnapshotEntry[]> = {}
  for (const p of read.projects)
    if (p.entries)
      lists[targetKeyOf(p.target)] = p.entries.map(x => ({
        e: x.entry,
        ...(x.comment ? { c: x.comment } : {}),
        ...(x.deleteAfterDate ? { d: x.deleteAfterDate } : {})
      }))
  for (const c of [...read.apiKeys, ...read.serviceAccounts])
    if (c.entries) lists[targetKeyOf(c.target)] = c.entries.map(x => ({ e: x.entry }))
  return { v: 1, org: read.org.id, takenAt: now.toISOString(), lists }
}

/** A snapshot from untrusted text (a report file, an issue body's block): undefined unless it parses strictly. */
export function parseSnapshot(text: unknown, orgId: string): Snapshot | undefined {
  let value: unknown = text
  if (typeof text === 'string') {
    if (text.length > MAX_TEXT) return undefined
    try {
      value = JSON.parse(text)
    } catch {
      return undefined
    }
  }
  if (!isRecord(value) || value['v'] !== 1 || value['org'] !== orgId || !isRecord(value['lists']))
    return undefined
  const takenAt =
    typeof value['takenAt'] === 'string' && !Number.isNaN(Date.parse(value['takenAt']))
      ? value['takenAt']
      : ''
  const lists: Record<string, SnapshotEntry[]> = {}
  let n = 0
  for (const [key, list] of Object.entries(value['lists'])) {
    if (++n > MAX_LISTS || !KEY.test(key) || !Array.isArray(list) || list.length > MAX_ENTRIES) continue
    const entries: SnapshotEntry[] = []
    for (const x of list)
      if (isRecord(x) && typeof x['e'] === 'string' && x['e'].length <= 100)
        entries.push({
          e: x['e'],
          ...(typeof x['c'] === 'string' ? { c: x['c'].slice(0, 100) } : {}),
          ...(typeof x['d'] === 'string' ? { d: x['d'].slice(0, 40) } : {})
        })
    lists[key] = entries
  }
  return { v: 1, org: orgId, takenAt, lists }
}

/** The snapshot inside a report (JSON text or parsed), where the fleet keeps it. */
export function snapshotFromReport(report: unknown, orgId: string): Snapshot | undefined {
  let value = report
  if (typeof report === 'string') {
    if (report.length > 20 * MAX_TEXT) return undefined
    try {
      value = JSON.parse(report)
    } catch {
      return undefined
    }
  }
  if (!isRecord(value) || !Array.isArray(value['checks'])) return undefined
  const fleet = value['checks'].find(c => isRecord(c) && c['id'] === 'fleet')
  const data = isRecord(fleet) && isRecord(fleet['data']) ? fleet['data'] : undefined
  return data ? parseSnapshot(data['snapshot'], orgId) : undefined
}

/** The hidden block of the tracking issue: JSON with `<` and `>` escaped, so it can never close the comment. */
export function snapshotBlock(s: Snapshot): string {
  const json = JSON.stringify(s).replace(/</g, '\\u003c').replace(/>/g, '\\u003e')
  return `<!-- atlas-preflight:snapshot ${json} -->`
}

export function snapshotFromBlock(body: string, orgId: string): Snapshot | undefined {
  const m = /<!-- atlas-preflight:snapshot (\{[^\n]*\}) -->/.exec(body.slice(0, 2 * MAX_TEXT))
  return m ? parseSnapshot(m[1], orgId) : undefined
}

/**
 * The previous snapshot from the text the change watch found (untrusted): the `previous-report` file's, else the
 * tracking issue's hidden block; and where it came from.
 */
export function previousSnapshot(
  text: { report?: string; issueBody?: string },
  orgId: string
): { snapshot: Snapshot; source: 'previous-report' | 'the tracking issue' } | undefined {
  const fromReport = text.report !== undefined ? snapshotFromReport(text.report, orgId) : undefined
  if (fromReport) return { snapshot: fromReport, source: 'previous-report' }
  const fromIssue = text.issueBody !== undefined ? snapshotFromBlock(text.issueBody, orgId) : undefined
  return fromIssue ? { snapshot: fromIssue, source: 'the tracking issue' } : undefined
}

/** What changed since `previous`, for the targets read now that the previous snapshot also holds. */
export function diffSnapshots(previous: Snapshot, current: Snapshot, read: FleetRead): Finding[] {
  const targets = new Map<string, Target>(
    [...read.projects, ...read.apiKeys, ...read.serviceAccounts].map(t => [targetKeyOf(t.target), t.target])
  )
  const since = previous.takenAt ? ` since ${previous.takenAt}` : ' since the previous run'
  const out: Finding[] = []
  for (const [key, now] of Object.entries(current.lists)) {
    const before = previous.lists[key]
    const target = targets.get(key)
    if (!before || !target) continue
    const name = describeTarget(target)
    const was = new Map(before.map(x => [x.e, x]))
    const is = new Map(now.map(x => [x.e, x]))
    for (const x of now)
      if (!was.has(x.e)) {
        const f = F['entry-added'](
          `${x.e} was added to the ${listName(target)} of ${name}${since}${whose(x)}.${isWholeInternet(x.e) ? ' It opens the list to the whole internet.' : ''}`,
          { target, data: { entry: x.e, change: 'added' } }
        )
        out.push(isWholeInternet(x.e) ? f : { ...f, severity: 'notice' })
      }
    for (const x of before)
      if (!is.has(x.e))
        out.push(
          F['entry-removed'](
            `${x.e} was removed from the ${listName(target)} of ${name}${since}${whose(x)}.`,
            {
              target,
              data: { entry: x.e, change: 'removed' }
            }
          )
        )
  }
  return out
}

function listName(t: Target): string {
  return t.kind === 'project' ? 'network access list' : 'API access list'
}

/**
 * This tool's own leases are attributed by the one definition of "ours" (src/lease/ours.ts: one host, the marker and a
 * `deleteAfterDate`): a lease coming and going is the tool at work; a marked entry that is wider or permanent is not.
 */
function whose(x: SnapshotEntry): string {
  // `e` is the entry's value as read (a CIDR block: `203.0.113.7/32` for one host).
  const lease = ours({
    cidrBlock: x.e,
    ...(x.c !== undefined ? { comment: x.c } : {}),
    ...(x.d !== undefined ? { deleteAfterDate: x.d } : {})
  })
  if (lease) return ` (an atlas-preflight lease${lease.marker.label ? ` of "${lease.marker.label}"` : ''})`
  return x.c ? ` (comment "${x.c}")` : ''
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}
