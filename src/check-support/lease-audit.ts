/**
 * The scheduled audit of a project's network access list (guarantee 7): leases this tool wrote that outlived
 * their run (the marker was last written longer ago than `lease-minutes`, the longest a leasing job is meant to
 * run), and permanent entries whose comment is another tool's (the MongoDB MCP Server's "Added by MongoDB MCP
 * Server…", textbook/atlas-ip's `owner/repo - job - runId`). Reports by default; `atlas-preflight lease audit
 * --remove`, or a scheduled run with `lease-cleanup: remove`, deletes the stale leases (never another tool's entry:
 * those are named, with how to remove them).
 */
import type { NetworkPermissionEntry } from '../atlas/types.js'
import type { Finding } from '../core/finding.js'
import { untrusted } from '../core/untrusted.js'
import { LEASE_FINDINGS as F } from './lease-findings.js'
import { FOREIGN_PATTERNS, parseLeaseComment, type LeaseMarker } from './lease-marker.js'
import { entryValue, type LeaseIo } from './lease-protocol.js'
import { atlasFailureFinding } from './atlas-failures.js'

export interface StaleLease {
  entry: NetworkPermissionEntry
  value: string
  marker: LeaseMarker
}

export interface Audit {
  stale: StaleLease[]
  foreign: { entry: NetworkPermissionEntry; value: string; tool: string }[]
}

export function auditEntries(entries: readonly NetworkPermissionEntry[], now: Date, maxAgeMs: number): Audit {
  const out: Audit = { stale: [], foreign: [] }
  for (const e of entries) {
    const value = entryValue(e)
    if (!value) continue
    const marker = parseLeaseComment(e.comment)
    if (marker) {
      const lapsed = !e.deleteAfterDate || now.getTime() - marker.since.getTime() > maxAgeMs
      if (lapsed) out.stale.push({ entry: e, value, marker })
      continue
    }
    if (e.deleteAfterDate || !e.comment) continue
    const tool = FOREIGN_PATTERNS.find(p => p.pattern.test(e.comment!))?.tool
    if (tool) out.foreign.push({ entry: e, value, tool })
  }
  return out
}

/** The audit as findings (report only). */
export function auditFindings(audit: Audit, projectId: string, now: Date, maxAgeMs: number): Finding[] {
  const hours = (ms: number) => Math.round(ms / 360_000) / 10
  return [
    ...audit.stale.map(s =>
      F['stale-lease'](
        `${s.value} on project ${projectId} carries a lease of ${s.marker.label ? `"${untrusted(s.marker.label, 60)}"` : 'atlas-preflight'} last written ${hours(now.getTime() - s.marker.since.getTime())} h ago (longer than lease-minutes, ${Math.round(maxAgeMs / 60_000)} min)${s.entry.deleteAfterDate ? `; Atlas removes it at ${s.entry.deleteAfterDate}` : ', and no deleteAfterDate'}.`,
        { data: { entry: s.value } }
      )
    ),
    ...audit.foreign.map(f =>
      F['foreign-permanent-entry'](
        `${f.value} on project ${projectId} is permanent and its comment ("${untrusted(f.entry.comment ?? '', 80)}") is the one ${f.tool} writes.`,
        {
          fix: `Delete ${f.value} in Atlas → Network Access if nobody needs it (\`atlas accessLists delete ${f.value.replace(/\/(32|128)$/, '')} --projectId ${projectId}\`), or re-add it with a deleteAfterDate.`,
          data: { entry: f.value }
        }
      )
    )
  ]
}

/**
 * The audit, and with `remove` the deletion of stale leases, each re-read first and removed only if it still carries
 * the same marker: `atlas-preflight lease audit [--remove]`, and a scheduled run with `lease-cleanup: remove`.
 */
export async function auditLeases(io: LeaseIo, remove: boolean, minutes: number): Promise<Finding[]> {
  const list = await io.atlas.projectAccessListNow(io.projectId)
  if (!list.ok)
    return [
      atlasFailureFinding('atlas-network-lease', "reading the project's network access list", list.failure)
    ]
  const now = io.now()
  const found = auditEntries(list.data, now, minutes * 60_000)
  if (!remove) return auditFindings(found, io.projectId, now, minutes * 60_000)
  const out: Finding[] = auditFindings(
    { stale: [], foreign: found.foreign },
    io.projectId,
    now,
    minutes * 60_000
  )
  for (const s of found.stale) {
    // Removed only if it is still the same stale lease (same marker) when re-read.
    const again = await io.atlas.accessListEntryNow(io.projectId, s.value)
    const same = again.ok && again.data.comment === s.entry.comment
    const d = same ? await io.atlas.deleteAccessListEntry(io.projectId, s.value) : undefined
    if (d?.ok)
      out.push(
        F['stale-lease-removed'](
          `${s.value} (lease of "${s.marker.label}") was removed from project ${io.projectId}.`
        )
      )
    else out.push(...auditFindings({ stale: [s], foreign: [] }, io.projectId, now, minutes * 60_000))
  }
  return out
}
