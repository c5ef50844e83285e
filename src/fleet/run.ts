/**
 * The organization-scope run: read the organization (read.ts), judge it (evaluate.ts), and hand the engine one
 * result under the source `fleet`, with the outputs `fleet-targets` and `fleet-unread`. Reads only.
 */
import type { AtlasClient } from '../atlas/client.js'
import type { CheckResult } from '../check-support/check.js'
import { checkStatus, applyIgnore } from '../core/policy.js'
import type { Finding } from '../core/finding.js'
import { FLEET_FINDINGS as F } from './findings.js'
import { readFleet } from './read.js'
import { evaluateFleet, fleetCounts } from './evaluate.js'
import type { FleetRead } from './model.js'
import { diffSnapshots, previousSnapshot, takeSnapshot, type Snapshot } from './snapshot.js'

export const FLEET_TITLE = 'Organization fleet'

export interface FleetRunOptions {
  atlas: AtlasClient | undefined
  /** `atlas-org-id`, else the credential's own organization (atlas-auth); undefined when neither is known. */
  orgId: string | undefined
  targets: readonly string[]
  /** The scanning service account's client id (masked in answers), to read its own list. */
  selfClientId?: string
  secretExpiryDays: number
  ignore: ReadonlySet<string>
  signal: AbortSignal
  now: () => Date
  concurrency?: number
  /** Why the scan cannot start (atlas-auth failed or was skipped). */
  blocked?: string
  /**
   * The previous run's snapshot, as untrusted text: the JSON report `previous-report` names, or this scope's open
   * tracking issue body (its hidden block).
   */
  previous?: (orgId: string) => Promise<{ report?: string; issueBody?: string }>
}

export interface FleetData extends Record<string, unknown> {
  orgId?: string
  read?: FleetRead
  snapshot?: Snapshot
  /** Where the snapshot compared against came from, or why there was none. */
  comparedWith?: string
  /** The `targets` this run was asked for (empty: all), so a merge can tell its chunk. */
  targets?: string[]
  merged?: { chunks: number; reports: number; readable: number }
}

export async function runFleet(o: FleetRunOptions): Promise<CheckResult<FleetData>> {
  const t0 = Date.now()
  if (o.blocked || !o.atlas) return skipped(o.blocked ?? 'no Atlas credential given', t0)
  if (!o.orgId) {
    const f = F.incomplete(
      'No organization to read: `atlas-org-id` was not given and the credential did not name its own organization.',
      {
        fix: 'Set `atlas-org-id` to the organization to read (Organization Settings → Organization ID).',
        target: { kind: 'organization', id: 'unknown', name: 'unknown' }
      }
    )
    return result([f], {}, { 'fleet-targets': '0', 'fleet-unread': '1' }, o.ignore, t0)
  }
  const previousText = o.previous ? o.previous(o.orgId).catch(() => ({})) : Promise.resolve({})
  const read = await readFleet(o.atlas, {
    orgId: o.orgId,
    targets: o.targets,
    selfClientId: o.selfClientId,
    signal: o.signal,
    concurrency: o.concurrency
  })
  // One instant for the evaluation and the snapshot.
  const now = o.now()
  const findings = evaluateFleet(read, { now, secretExpiryDays: o.secretExpiryDays })
  const counts = fleetCounts(read)
  const snapshot = takeSnapshot(read, now)
  const previous = previousSnapshot(await previousText, o.orgId)
  if (previous) findings.push(...applyIgnore(diffSnapshots(previous.snapshot, snapshot, read), o.ignore))
  const comparedWith = previous
    ? `the snapshot of ${previous.snapshot.takenAt || 'an earlier run'} (${previous.source})`
    : 'none (no previous snapshot: give previous-report, or keep open-issue on)'
  return result(
    findings,
    { orgId: o.orgId, targets: [...o.targets], read, snapshot, comparedWith },
    { 'fleet-targets': String(counts.targets), 'fleet-unread': String(counts.unread) },
    o.ignore,
    t0
  )
}

function result(
  raw: Finding[],
  data: FleetData,
  outputs: CheckResult['outputs'],
  ignore: ReadonlySet<string>,
  t0: number
): CheckResult<FleetData> {
  const findings = applyIgnore(raw, ignore)
  return {
    id: 'fleet',
    title: FLEET_TITLE,
    status: checkStatus(findings),
    findings,
    data,
    outputs,
    durationMs: Date.now() - t0
  }
}

function skipped(reason: string, t0: number): CheckResult<FleetData> {
  return {
    id: 'fleet',
    title: FLEET_TITLE,
    status: 'skipped',
    findings: [],
    data: {},
    outputs: { 'fleet-targets': '0', 'fleet-unread': '' },
    skipReason: reason,
    durationMs: Date.now() - t0
  }
}
