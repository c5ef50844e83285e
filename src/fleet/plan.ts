/**
 * `atlas-preflight fleet plan [--chunks N]`: the organization's targets split into a GitHub Actions job matrix
 * (`{"include":[{"chunk":1,"targets":"…"}, …]}`), at most 256 entries (GitHub's limit), by default chunks of at
 * most 20 targets. Reads only the organization's three lists.
 */
import type { AtlasClient } from '../atlas/client.js'
import type { Target } from '../core/finding.js'
import { targetKeyOf, unreadOf, ROLE_FOR } from './read.js'

export const MAX_MATRIX = 256
export const DEFAULT_CHUNK = 20

export interface Matrix {
  include: { chunk: number; targets: string }[]
}

/** Split target keys into chunks: `chunks` of them when asked (never more than 256), else chunks of at most 20. */
export function chunkTargets(targets: readonly string[], chunks?: number): Matrix {
  if (targets.length === 0) return { include: [] }
  const wanted = chunks ?? Math.ceil(targets.length / DEFAULT_CHUNK)
  const n = Math.max(1, Math.min(MAX_MATRIX, wanted, targets.length))
  const size = Math.ceil(targets.length / n)
  const include: Matrix['include'] = []
  for (let i = 0; i < targets.length; i += size)
    include.push({ chunk: include.length + 1, targets: targets.slice(i, i + size).join(',') })
  return { include }
}

/** Every target of the organization, as `targets` spells them; or why the lists could not be read. */
export async function listTargets(
  atlas: AtlasClient,
  orgId: string
): Promise<{ ok: true; targets: string[] } | { ok: false; problem: string }> {
  const [groups, keys, accounts] = await Promise.all([
    atlas.orgGroups(orgId),
    atlas.orgApiKeys(orgId),
    atlas.orgServiceAccounts(orgId)
  ])
  for (const [r, what] of [
    [groups, 'projects'],
    [keys, 'api-keys'],
    [accounts, 'service-accounts']
  ] as const)
    if (!r.ok) {
      const u = unreadOf(r.failure, ROLE_FOR[what])
      return {
        ok: false,
        problem: `the organization's ${what} could not be read: ${u.why}${u.role ? ` (needs ${u.role})` : ''}`
      }
    }
  const all: Target[] = [
    ...(groups.ok ? groups.data.map(g => ({ kind: 'project' as const, id: g.id, name: g.id })) : []),
    ...(keys.ok ? keys.data.map(k => ({ kind: 'api-key' as const, id: k.id, name: k.id })) : []),
    ...(accounts.ok
      ? accounts.data.map(a => ({ kind: 'service-account' as const, id: a.clientId, name: a.clientId }))
      : [])
  ]
  return { ok: true, targets: all.map(targetKeyOf) }
}

/** A plan read back (the merge job's input: untrusted text). Undefined unless it is a matrix of target lists. */
export function parsePlan(text: string): Matrix | undefined {
  let v: unknown
  try {
    v = JSON.parse(text)
  } catch {
    return undefined
  }
  const include = (v as { include?: unknown })?.include
  if (!Array.isArray(include) || include.length > MAX_MATRIX) return undefined
  const out: Matrix['include'] = []
  for (const e of include) {
    const chunk = (e as { chunk?: unknown })?.chunk
    const targets = (e as { targets?: unknown })?.targets
    if (typeof chunk !== 'number' || !Number.isSafeInteger(chunk) || typeof targets !== 'string')
      return undefined
    out.push({ chunk, targets })
  }
  return { include: out }
}
