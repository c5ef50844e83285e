/**
 * The audit of a project's network access list: `atlas-preflight lease audit [--remove]`, and a scheduled run (the
 * plan decides, src/lease/phase.ts) with `lease-cleanup: report | remove`.
 *
 * A lease is stale only by its own terms: its deleteAfterDate has passed (Atlas is late removing it). The auditor's
 * own `lease-minutes` says nothing about another job's lease: a job that asked for 12 hours holds its entry for 12
 * hours. Only this tool's leases (ours.ts: one host, the marker, a deleteAfterDate) are ever removed, each re-read
 * first and removed only if it is still the same lease, and `removed` only once a fresh read no longer lists it.
 * Everything else is reported at most: an entry that carries the marker but is not a lease any more (widened or made
 * permanent by a person), and permanent entries whose comment is another tool's.
 */
import type { NetworkPermissionEntry } from '../atlas/types.js'
import type { Finding } from '../core/finding.js'
import { untrusted } from '../core/untrusted.js'
import { atlasFailureFinding } from '../check-support/atlas-failures.js'
import { LEASE_FINDINGS as F } from './findings.js'
import { FOREIGN_PATTERNS } from './marker.js'
import { entryValue, isEntry, lookalike, ours, type OurLease } from './ours.js'
import type { LeaseIo } from './protocol.js'

export interface Audit {
  /** Leases of this tool whose deleteAfterDate has passed. */
  stale: OurLease[]
  /** Leases of this tool still within their own terms. */
  live: OurLease[]
  /** Entries with the marker that are not this tool's leases (never removed). */
  lookalikes: { value: string; why: string; comment: string }[]
  /** Permanent entries whose comment is another tool's (never removed). */
  foreign: { value: string; tool: string; comment: string }[]
}

export function auditEntries(entries: readonly NetworkPermissionEntry[], now: Date): Audit {
  const out: Audit = { stale: [], live: [], lookalikes: [], foreign: [] }
  for (const e of entries) {
    const value = entryValue(e)
    if (!value) continue
    const lease = ours(e)
    if (lease) {
      ;(Date.parse(lease.deleteAfterDate) <= now.getTime() ? out.stale : out.live).push(lease)
      continue
    }
    const why = lookalike(e)
    if (why) {
      out.lookalikes.push({ value, why, comment: e.comment ?? '' })
      continue
    }
    if (e.deleteAfterDate || !e.comment) continue
    const tool = FOREIGN_PATTERNS.find(p => p.pattern.test(e.comment!))?.tool
    if (tool) out.foreign.push({ value, tool, comment: e.comment })
  }
  return out
}

const label = (l: OurLease) => (l.marker.label ? `"${untrusted(l.marker.label, 60)}"` : 'atlas-preflight')

function staleFinding(l: OurLease, projectId: string, now: Date): Finding {
  const late = Math.max(0, Math.round((now.getTime() - Date.parse(l.deleteAfterDate)) / 60_000))
  return F['stale-lease'](
    `${l.entry} on project ${projectId} is a lease of ${label(l)} whose own deleteAfterDate (${l.deleteAfterDate}) passed ${late} min ago, and Atlas has not removed it yet.`,
    { data: { entry: l.entry, deleteAfterDate: l.deleteAfterDate } }
  )
}

/**
 * The audit as findings (report only), with what it found when nothing needs doing (`sayClean`: the fleet run, over
 * many projects, leaves that notice out).
 */
export function auditFindings(audit: Audit, projectId: string, now: Date, sayClean = true): Finding[] {
  const out: Finding[] = [
    ...audit.stale.map(l => staleFinding(l, projectId, now)),
    ...audit.lookalikes.map(l =>
      F['lease-lookalike'](
        `${l.value} on project ${projectId} carries this tool's lease marker ("${untrusted(l.comment, 80)}"), but ${l.why}: it is not a lease any more (a person may have changed it), so it is someone else's and is left as it is.`,
        { data: { entry: l.value } }
      )
    ),
    ...audit.foreign.map(f =>
      F['foreign-permanent-entry'](
        `${f.value} on project ${projectId} is permanent and its comment ("${untrusted(f.comment, 80)}") is the one ${f.tool} writes.`,
        {
          fix: `Delete ${f.value} in Atlas → Network Access if nobody needs it (\`atlas accessLists delete ${f.value.replace(/\/(32|128)$/, '')} --projectId ${projectId}\`), or re-add it with a deleteAfterDate.`,
          data: { entry: f.value }
        }
      )
    )
  ]
  if (sayClean && audit.stale.length === 0) out.unshift(cleanFinding(audit, projectId))
  return out
}

function cleanFinding(audit: Audit, projectId: string): Finding {
  const live = audit.live.length
  const latest = audit.live
    .map(l => l.deleteAfterDate)
    .sort()
    .at(-1)
  return F['audit-clean'](
    `No lease of this tool on project ${projectId} outlived its own deleteAfterDate. ${live === 0 ? 'No lease is on the list.' : `${live} lease${live === 1 ? ' is' : 's are'} live within ${live === 1 ? 'its' : 'their'} own terms; Atlas removes ${live === 1 ? 'it' : 'them'} by ${latest} at the latest.`}`,
    { data: { live, stale: 0 } }
  )
}

/**
 * The audit, and with `remove` the deletion of stale leases: each re-read first and removed only if it is still the
 * same lease (same entry, marker and deleteAfterDate), then confirmed gone by a fresh read.
 */
export async function auditLeases(
  io: LeaseIo,
  remove: boolean
): Promise<{ findings: Finding[]; audit?: Audit }> {
  const list = await io.atlas.projectAccessListNow(io.projectId)
  if (!list.ok)
    return {
      findings: [
        atlasFailureFinding('atlas-network-lease', "reading the project's network access list", list.failure)
      ]
    }
  const now = io.now()
  const audit = auditEntries(list.data, now)
  if (!remove || audit.stale.length === 0) return { findings: auditFindings(audit, io.projectId, now), audit }
  const out = auditFindings({ ...audit, stale: [] }, io.projectId, now).filter(
    f => !f.id.endsWith('/audit-clean')
  )
  for (const l of audit.stale) out.push(await removeStale(io, l, now))
  return { findings: out, audit }
}

async function removeStale(io: LeaseIo, l: OurLease, now: Date): Promise<Finding> {
  const again = await io.atlas.accessListEntryNow(io.projectId, l.entry)
  const still = again.ok && isEntry(again.data, l.entry) ? ours(again.data) : undefined
  const same =
    still !== undefined &&
    still.deleteAfterDate === l.deleteAfterDate &&
    again.ok &&
    again.data.comment !== undefined &&
    still.marker.since.getTime() === l.marker.since.getTime()
  if (!same) return staleFinding(l, io.projectId, now)
  const d = await io.atlas.deleteAccessListEntry(io.projectId, l.entry)
  if (!d.ok && d.failure.kind !== 'not-found') return staleFinding(l, io.projectId, now)
  const after = await io.atlas.accessListEntryNow(io.projectId, l.entry)
  const gone = !after.ok && (after.failure.kind === 'not-found' || after.failure.status === 404)
  if (!gone) return staleFinding(l, io.projectId, now)
  return F['stale-lease-removed'](
    `${l.entry} (lease of ${label(l)}, deleteAfterDate ${l.deleteAfterDate}) was removed from project ${io.projectId}; a fresh read no longer lists it.`,
    { data: { entry: l.entry } }
  )
}
