/**
 * `atlas-preflight fleet merge --plan <plan.json> <report.json…>` and the action's `merge-reports` + `fleet-plan`:
 * the chunks' JSON reports merged into one organization-scope result, offline (no Atlas credential). Each chunk's
 * read is taken from its report (untrusted text: checked field by field) and judged again as one organization, so
 * the merge says what one run would have said. A chunk with no report, or a damaged one, leaves its targets unread
 * (named in `fleet/incomplete`), never a clean merge.
 */
import type { CheckResult } from '../check-support/check.js'
import type { Target, TargetKind } from '../core/finding.js'
import { untrusted } from '../core/untrusted.js'
import { evaluateFleet, fleetCounts } from './evaluate.js'
import { MAX_FILE, type CredentialRead, type FleetRead, type ProjectRead, type Unread } from './model.js'
import type { Matrix } from './plan.js'
import { targetKeyOf } from './read.js'
import { FLEET_TITLE, type FleetData } from './run.js'
import { diffSnapshots, takeSnapshot, type Snapshot } from './snapshot.js'
import { applyIgnore, checkStatus } from '../core/policy.js'

export interface MergeOptions {
  ignore: ReadonlySet<string>
  secretExpiryDays: number
  now: Date
  /** The previous snapshot (previous-report or the tracking issue), already parsed; for the change watch. */
  previous?: (orgId: string) => Promise<Snapshot | undefined>
}

const KINDS: readonly TargetKind[] = ['organization', 'project', 'api-key', 'service-account']
/** The organization list a target kind is listed in. */
const LIST_OF: Record<string, FleetRead['listsUnread'][number]['list']> = {
  project: 'projects',
  'api-key': 'api-keys',
  'service-account': 'service-accounts'
}

export async function mergeFleet(
  plan: Matrix,
  reports: readonly { name: string; text: string | undefined }[],
  o: MergeOptions
): Promise<CheckResult<FleetData>> {
  const t0 = Date.now()
  const chunks = reports.map(r => chunkOf(r.text)).filter((c): c is ChunkRead => c !== undefined)
  const merged: FleetRead = {
    org: chunks[0]?.read.org ?? { kind: 'organization', id: 'unknown', name: 'unknown' },
    projects: [],
    apiKeys: [],
    serviceAccounts: [],
    listsUnread: [],
    missing: []
  }
  const seen = new Set<string>()
  for (const entry of plan.include) {
    const want = entry.targets.split(',').filter(Boolean)
    const key = [...want].sort().join(',')
    const chunk = chunks.find(c => c.key === key)
    if (!chunk) {
      const why: Unread = {
        why: `chunk ${entry.chunk} of the plan has no readable report (its job failed, was cancelled, or its report is damaged)`
      }
      for (const t of want) if (!seen.has(t)) addUnread(merged, t, why, seen)
      continue
    }
    const r = chunk.read
    for (const p of r.projects)
      if (!seen.has(targetKeyOf(p.target)) && seen.add(targetKeyOf(p.target))) merged.projects.push(p)
    for (const k of r.apiKeys)
      if (!seen.has(targetKeyOf(k.target)) && seen.add(targetKeyOf(k.target))) merged.apiKeys.push(k)
    for (const s of r.serviceAccounts)
      if (!seen.has(targetKeyOf(s.target)) && seen.add(targetKeyOf(s.target))) merged.serviceAccounts.push(s)
    // A planned target the chunk's report neither read, named unread, nor named missing (its list unread aside) is
    // unread here: a report that does not cover its chunk never merges clean.
    for (const t of want) {
      if (seen.has(t) || r.missing.includes(t)) continue
      if (r.listsUnread.some(l => l.list === LIST_OF[t.slice(0, t.indexOf(':'))])) continue
      addUnread(merged, t, { why: `chunk ${entry.chunk}'s report does not hold it` }, seen)
    }
    if (r.settings && !merged.settings) merged.settings = r.settings
    if (r.settingsUnread && !merged.settingsUnread) merged.settingsUnread = r.settingsUnread
    merged.listsUnread.push(...r.listsUnread.filter(l => !merged.listsUnread.some(m => m.list === l.list)))
    merged.missing.push(...r.missing)
  }
  // The settings were read by some chunk: a chunk's own failure to read them no longer counts.
  if (merged.settings) delete merged.settingsUnread
  const findings = evaluateFleet(merged, {
    now: o.now,
    secretExpiryDays: o.secretExpiryDays
  })
  const snapshot = takeSnapshot(merged, o.now)
  const previous = o.previous ? await o.previous(merged.org.id).catch(() => undefined) : undefined
  if (previous) findings.push(...diffSnapshots(previous, snapshot, merged))
  const counts = fleetCounts(merged)
  const f = applyIgnore(findings, o.ignore)
  return {
    id: 'fleet',
    title: FLEET_TITLE,
    status: checkStatus(f),
    findings: f,
    data: {
      orgId: merged.org.id,
      read: merged,
      snapshot,
      merged: { chunks: plan.include.length, reports: reports.length, readable: chunks.length }
    },
    outputs: { 'fleet-targets': String(counts.targets), 'fleet-unread': String(counts.unread) },
    durationMs: Date.now() - t0
  }
}

interface ChunkRead {
  key: string
  read: FleetRead
}

/** One chunk's report, checked field by field; undefined when it is not a readable organization-scope report. */
export function chunkOf(text: string | undefined): ChunkRead | undefined {
  if (text === undefined || text.length > MAX_FILE) return undefined
  let v: unknown
  try {
    v = JSON.parse(text)
  } catch {
    return undefined
  }
  const checks = (v as { checks?: unknown })?.checks
  if (!Array.isArray(checks)) return undefined
  const fleet = checks.find(c => (c as { id?: unknown })?.id === 'fleet') as
    { data?: Record<string, unknown> } | undefined
  const data = fleet?.data
  const targets = data?.['targets']
  const read = readOf(data?.['read'])
  if (!read || !Array.isArray(targets) || !targets.every(t => typeof t === 'string')) return undefined
  return { key: [...targets].sort().join(','), read }
}

function readOf(v: unknown): FleetRead | undefined {
  if (!isRecord(v)) return undefined
  const org = targetOf(v['org'])
  const arrays = ['projects', 'apiKeys', 'serviceAccounts', 'listsUnread', 'missing'] as const
  if (!org || arrays.some(a => !Array.isArray(v[a]))) return undefined
  const projects: ProjectRead[] = []
  for (const p of v['projects'] as unknown[]) {
    const target = isRecord(p) ? targetOf(p['target']) : undefined
    if (!target || !isRecord(p)) return undefined
    projects.push({
      target,
      ...(Array.isArray(p['entries'])
        ? {
            entries: (p['entries'] as unknown[]).filter(isRecord).flatMap(e =>
              typeof e['entry'] === 'string'
                ? [
                    {
                      entry: untrusted(e['entry'], 100),
                      ...(typeof e['comment'] === 'string' ? { comment: untrusted(e['comment'], 100) } : {}),
                      ...(typeof e['deleteAfterDate'] === 'string'
                        ? { deleteAfterDate: untrusted(e['deleteAfterDate'], 40) }
                        : {})
                    }
                  ]
                : []
            )
          }
        : {}),
      ...unreadOf(p['unread'])
    })
  }
  const creds = (list: unknown[]): CredentialRead[] | undefined => {
    const out: CredentialRead[] = []
    for (const c of list) {
      const target = isRecord(c) ? targetOf(c['target']) : undefined
      if (!target || !isRecord(c)) return undefined
      out.push({
        target,
        roles: Array.isArray(c['roles']) ? c['roles'].filter((r): r is string => typeof r === 'string') : [],
        ...(Array.isArray(c['entries'])
          ? {
              entries: (c['entries'] as unknown[]).filter(isRecord).flatMap(e =>
                typeof e['entry'] === 'string'
                  ? [
                      {
                        entry: untrusted(e['entry'], 100),
                        ...(typeof e['createdAt'] === 'string'
                          ? { createdAt: untrusted(e['createdAt'], 40) }
                          : {}),
                        ...(typeof e['lastUsedAt'] === 'string'
                          ? { lastUsedAt: untrusted(e['lastUsedAt'], 40) }
                          : {}),
                        tracksUse: e['tracksUse'] === true
                      }
                    ]
                  : []
              )
            }
          : {}),
        ...(Array.isArray(c['secrets'])
          ? {
              secrets: (c['secrets'] as unknown[])
                .filter(isRecord)
                .flatMap(s =>
                  typeof s['id'] === 'string' &&
                  typeof s['createdAt'] === 'string' &&
                  typeof s['expiresAt'] === 'string'
                    ? [{ id: s['id'], createdAt: s['createdAt'], expiresAt: s['expiresAt'] }]
                    : []
                )
            }
          : {}),
        ...unreadOf(c['unread'])
      })
    }
    return out
  }
  const apiKeys = creds(v['apiKeys'] as unknown[])
  const serviceAccounts = creds(v['serviceAccounts'] as unknown[])
  if (!apiKeys || !serviceAccounts) return undefined
  const settings = isRecord(v['settings'])
    ? {
        ...(typeof v['settings']['apiAccessListRequired'] === 'boolean'
          ? { apiAccessListRequired: v['settings']['apiAccessListRequired'] }
          : {})
      }
    : undefined
  return {
    org,
    ...(settings ? { settings } : {}),
    ...(isRecord(v['settingsUnread']) ? { settingsUnread: unreadOf(v['settingsUnread']).unread! } : {}),
    projects,
    apiKeys,
    serviceAccounts,
    listsUnread: (v['listsUnread'] as unknown[])
      .filter(isRecord)
      .flatMap(l =>
        l['list'] === 'projects' || l['list'] === 'api-keys' || l['list'] === 'service-accounts'
          ? [{ list: l['list'], unread: unreadOf(l['unread']).unread ?? { why: 'not read' } }]
          : []
      ),
    missing: (v['missing'] as unknown[])
      .filter((m): m is string => typeof m === 'string')
      .map(m => untrusted(m, 120))
  }
}

function unreadOf(u: unknown): { unread?: Unread } {
  if (!isRecord(u) || typeof u['why'] !== 'string') return {}
  return {
    unread: {
      why: untrusted(u['why'], 300),
      ...(typeof u['role'] === 'string' ? { role: untrusted(u['role'], 200) } : {})
    }
  }
}

function targetOf(v: unknown): Target | undefined {
  if (!isRecord(v)) return undefined
  const { kind, id, name } = v
  if (
    typeof kind !== 'string' ||
    !KINDS.includes(kind as TargetKind) ||
    typeof id !== 'string' ||
    typeof name !== 'string'
  )
    return undefined
  return { kind: kind as TargetKind, id: untrusted(id, 100), name: untrusted(name, 100) }
}

function addUnread(read: FleetRead, key: string, unread: Unread, seen: Set<string>) {
  seen.add(key)
  const [kind, ...rest] = key.split(':')
  // The key comes from the plan file, a user-supplied file: its id is untrusted text like every report field.
  const id = untrusted(rest.join(':'), 100)
  const target: Target = {
    kind: (KINDS.includes(kind as TargetKind) ? kind : 'project') as TargetKind,
    id,
    name: id
  }
  if (target.kind === 'project') read.projects.push({ target, unread })
  else if (target.kind === 'api-key') read.apiKeys.push({ target, roles: [], unread })
  else read.serviceAccounts.push({ target, roles: [], unread })
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}
