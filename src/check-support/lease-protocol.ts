/**
 * The network lease's writes: claim an entry (write, then verify by a fresh read, retrying with jittered backoff
 * because concurrent POSTs are refused or silently lost), wait until it is ACTIVE, and end the lease (delete only
 * what still carries this run's marker). Every request goes through the run's HttpClient (its deadline); every wait
 * sleeps on the deadline's signal.
 *
 * Shared addresses (runners behind one NAT): the entry's comment lists its holders (lease-marker.ts). A run that
 * finds the address leased by other runs of this tool adds its tag (POSTing the same address again, with the later
 * of the two deleteAfterDates); at its end a holder removes its tag, and only the last holder deletes the entry.
 * This assumes Atlas answers a POST of an address already on the list by updating its comment and deleteAfterDate
 * (what Terraform reports as "succeeds without a new entry"). If Atlas instead keeps the entry unchanged (200) or
 * answers 409, the joining run cannot record itself: it says so (`shared-unrecorded`) and never deletes; the
 * first holder's end removes the entry.
 */
import type { AtlasClient } from '../atlas/client.js'
import type { AtlasFailure } from '../atlas/errors.js'
import type { NetworkPermissionEntry } from '../atlas/types.js'
import type { Finding } from '../core/finding.js'
import { sleep as deadlineSleep } from '../http/deadline.js'
import { hostEntry } from '../net/cidr.js'
import { atlasFailureFinding, serverSaid } from './atlas-failures.js'
import { LEASE_FINDINGS as F } from './lease-findings.js'
import { leaseComment, OVERFLOW, parseLeaseComment, type LeaseMarker } from './lease-marker.js'

/** Waits and retries; tests shorten them. */
export const LEASE_TIMING = {
  /** Writes (POST then verify) before giving up. */
  attempts: 8,
  /** Joins that found the entry unchanged before concluding Atlas keeps duplicates as they are. */
  unchangedJoins: 3,
  baseMs: 250,
  capMs: 4000,
  /** Status polls: first interval, growing to the cap. */
  pollMs: 1000,
  pollCapMs: 5000,
  /** The longest wait for ACTIVE, whatever the deadline allows. */
  maxWaitMs: 10 * 60_000,
  /** Kept back from the run's deadline for the report. */
  reserveMs: 2000
}

export interface LeaseIo {
  atlas: AtlasClient
  projectId: string
  /** The run's deadline: every wait ends with it. */
  signal: AbortSignal
  remainingMs(): number
  now(): Date
  random?: () => number
}

/** What the main step hands the post step (`saveState('lease', JSON)`). */
export interface LeaseState {
  v: 1
  project: string
  address: string
  entry: string
  tag: string
  /**
   * `writing`: a POST may have landed (the post step decides by the marker); `created`/`shared`: this run holds
   * the entry; `existing`/`unrecorded`: not this run's to remove.
   */
  mode: 'writing' | 'created' | 'shared' | 'existing' | 'unrecorded'
  deleteAfterDate?: string
}

export function parseLeaseState(text: string | undefined): LeaseState | undefined {
  if (!text) return undefined
  try {
    const s = JSON.parse(text) as Partial<LeaseState>
    if (s.v !== 1 || typeof s.project !== 'string' || typeof s.address !== 'string') return undefined
    if (typeof s.entry !== 'string' || typeof s.tag !== 'string' || !/^[0-9a-f]{8}$/.test(s.tag))
      return undefined
    if (!['writing', 'created', 'shared', 'existing', 'unrecorded'].includes(String(s.mode))) return undefined
    return s as LeaseState
  } catch {
    return undefined
  }
}

/** The value an entry is addressed by: its CIDR block (x/32 for one address), or undefined for a security group. */
export function entryValue(e: NetworkPermissionEntry): string | undefined {
  return e.cidrBlock ?? (e.ipAddress ? hostEntry(e.ipAddress) : undefined)
}

/** An entry this tool leased for exactly `address`: one host, temporary, with a lease marker. */
export function leaseOf(e: NetworkPermissionEntry | undefined, address: string): LeaseMarker | undefined {
  if (!e || entryValue(e) !== hostEntry(address) || !e.deleteAfterDate) return undefined
  return parseLeaseComment(e.comment)
}

export type Claim =
  | { kind: 'created' | 'shared'; deleteAfterDate: string; holders: number; writes: number }
  | { kind: 'unrecorded'; holders: string[]; deleteAfterDate?: string; writes: number }
  | { kind: 'existing'; entry: NetworkPermissionEntry; writes: number }
  | { kind: 'failed'; finding: Finding; writes: number }

/** Not on the list (404, whatever errorCode names it). */
const gone = (f: AtlasFailure) => f.kind === 'not-found' || f.status === 404

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')

function backoff(attempt: number, random: () => number): number {
  const ceiling = Math.min(LEASE_TIMING.capMs, LEASE_TIMING.baseMs * 2 ** (attempt - 1))
  return Math.round(ceiling / 2 + random() * (ceiling / 2))
}

/** Sleep on the deadline's signal; false when the deadline passed first. */
async function pause(ms: number, signal: AbortSignal): Promise<boolean> {
  try {
    await deadlineSleep(ms, signal)
    return true
  } catch {
    return false
  }
}

/** A failed write that no retry can fix, as its finding; undefined when a fresh read must decide. */
function definitive(f: AtlasFailure, doing: string, entry: string): Finding | undefined {
  if (f.kind === 'missing-role')
    return F['no-write-role'](
      `While ${doing}, Atlas answered ${serverSaid(f)}: the credential may read the list but not change it.`,
      {
        data: { entry }
      }
    )
  if (f.status === 400 && /LIMIT|MAX|EXCEED/i.test(f.errorCode ?? ''))
    return F['list-full'](`Atlas refused ${entry}: ${serverSaid(f)}.`, { data: { entry } })
  if (f.status === 400) return F.rejected(`Atlas refused ${entry}: ${serverSaid(f)}.`, { data: { entry } })
  if (
    [
      'bad-api-key',
      'bad-client-credentials',
      'token-rejected',
      'ip-not-allowed',
      'forbidden',
      'not-found',
      'version'
    ].includes(f.kind)
  )
    return atlasFailureFinding('atlas-network-lease', doing, f)
  return undefined // 409, 429, 5xx, no answer: the write may or may not have landed
}

/**
 * Claim the host entry for `address`: create it, or join the other holders on it. `current` is the entry as the
 * list showed it (undefined when the address is not on the list). `onWrite` runs before the first write, so the
 * post step knows a write may have landed even if this run never hears back.
 */
export async function claim(
  io: LeaseIo,
  p: {
    address: string
    tag: string
    label: string
    minutes: number
    current: NetworkPermissionEntry | undefined
    onWrite: () => void
  }
): Promise<Claim> {
  const random = io.random ?? Math.random
  const entry = hostEntry(p.address)
  const doing = `leasing ${entry} on project ${io.projectId}'s network access list`
  let current = p.current
  let writes = 0
  let unchanged = 0
  let lastProblem = 'no write was attempted'
  for (let attempt = 1; attempt <= LEASE_TIMING.attempts; attempt++) {
    // Where the entry stands: ours already, someone else's (not a lease), or a lease of other runs to join.
    const marker = leaseOf(current, p.address)
    if (current && !marker) return { kind: 'existing', entry: current, writes }
    if (marker?.tags.includes(p.tag)) {
      const until = current!.deleteAfterDate!
      return marker.tags.length === 1
        ? { kind: 'created', deleteAfterDate: until, holders: 1, writes }
        : { kind: 'shared', deleteAfterDate: until, holders: marker.tags.length, writes }
    }
    if (marker && (marker.tags.includes(OVERFLOW) || unchanged >= LEASE_TIMING.unchangedJoins))
      return { kind: 'unrecorded', holders: marker.tags, deleteAfterDate: current!.deleteAfterDate, writes }

    if (attempt > 1 && !(await pause(backoff(attempt - 1, random), io.signal))) break
    const now = io.now()
    const ours = now.getTime() + p.minutes * 60_000
    const theirs = marker ? Date.parse(current!.deleteAfterDate!) : NaN
    // Joining never shortens another holder's lease, and never goes past Atlas's one-week limit.
    const until = Math.min(
      Number.isNaN(theirs) ? ours : Math.max(ours, theirs),
      now.getTime() + 7 * 86_400_000
    )
    const tags = marker ? [...marker.tags, p.tag] : [p.tag]
    if (writes === 0) p.onWrite()
    writes++
    const r = await io.atlas.addAccessListEntries(io.projectId, [
      { ipAddress: p.address, deleteAfterDate: iso(until), comment: leaseComment(tags, now, p.label) }
    ])
    if (!r.ok) {
      const stop = definitive(r.failure, doing, entry)
      if (stop) return { kind: 'failed', finding: stop, writes }
      if (marker && r.failure.status === 409 && /DUPLICATE|ALREADY/i.test(r.failure.errorCode ?? ''))
        return { kind: 'unrecorded', holders: marker.tags, deleteAfterDate: current!.deleteAfterDate, writes }
      lastProblem = `the last write was answered ${serverSaid(r.failure) || r.failure.message || r.failure.kind}`
    } else lastProblem = 'the last write was answered 200, but a fresh read did not show it'
    // Verify: only a read made after the write says whether it landed.
    const seen = await io.atlas.accessListEntryNow(io.projectId, p.address)
    if (seen.ok) {
      const before = marker?.tags.join('+')
      current = seen.data
      const after = leaseOf(current, p.address)?.tags.join('+')
      if (marker && after === before) unchanged++
    } else if (gone(seen.failure)) current = undefined
    else if (seen.failure.kind === 'missing-role')
      return { kind: 'failed', finding: definitive(seen.failure, doing, entry)!, writes }
    else lastProblem = `the entry could not be read back (${serverSaid(seen.failure) || seen.failure.kind})`
  }
  return {
    kind: 'failed',
    finding: F['write-unverified'](
      `${writes} write${writes === 1 ? '' : 's'} of ${entry} to project ${io.projectId}${io.signal.aborted ? " before the preflight's deadline passed" : ''}: ${lastProblem}.`,
      { data: { entry } }
    ),
    writes
  }
}

/** Poll `…/status` until ACTIVE (bounded by the deadline and LEASE_TIMING.maxWaitMs). */
export async function waitActive(
  io: LeaseIo,
  address: string
): Promise<
  { ok: true; waitedMs: number; polls: number } | { ok: false; finding: Finding; waitedMs: number }
> {
  const random = io.random ?? Math.random
  const entry = hostEntry(address)
  const started = Date.now()
  const budget = Math.max(0, Math.min(LEASE_TIMING.maxWaitMs, io.remainingMs() - LEASE_TIMING.reserveMs))
  let delay = LEASE_TIMING.pollMs
  let last = 'no answer yet'
  for (let polls = 1; ; polls++) {
    const s = await io.atlas.accessListStatusNow(io.projectId, address)
    if (s.ok && s.data.STATUS === 'ACTIVE') return { ok: true, waitedMs: Date.now() - started, polls }
    if (s.ok && s.data.STATUS === 'FAILED')
      return {
        ok: false,
        finding: F['entry-failed'](`Entry ${entry} on project ${io.projectId} has status FAILED.`, {
          data: { entry }
        }),
        waitedMs: Date.now() - started
      }
    last = s.ok ? `status ${String(s.data.STATUS).slice(0, 20)}` : serverSaid(s.failure) || s.failure.kind
    if (!s.ok && gone(s.failure)) last = 'the entry is no longer on the list'
    const wait = Math.round(delay / 2 + random() * (delay / 2))
    if (Date.now() - started + wait > budget || !(await pause(wait, io.signal)))
      return {
        ok: false,
        finding: F['not-active'](
          `Entry ${entry} was written, but after ${Math.round((Date.now() - started) / 1000)} s of waiting it is not ACTIVE (${last}).`,
          { data: { entry } }
        ),
        waitedMs: Date.now() - started
      }
    delay = Math.min(LEASE_TIMING.pollCapMs, delay * 1.5)
  }
}

/** The end of a lease: remove this run's tag from the entry, deleting the entry when no holder is left. */
export async function release(
  io: LeaseIo,
  p: { address: string; tag: string; deleteAfterDate?: string }
): Promise<Finding> {
  const random = io.random ?? Math.random
  const entry = hostEntry(p.address)
  const doing = `ending the lease of ${entry} on project ${io.projectId}`
  const failed = (why: string, until = p.deleteAfterDate) =>
    F['release-failed'](
      `${entry} on project ${io.projectId}: ${why}. Atlas removes it at ${until ?? 'its deleteAfterDate'}.`,
      {
        fix: `Atlas removes ${entry} by itself at ${until ?? 'its deleteAfterDate'}. To remove it now: Atlas → Network Access → ${entry} → Delete, or \`atlas accessLists delete ${p.address} --projectId ${io.projectId}\`.`,
        data: { entry, ...(until ? { deleteAfterDate: until } : {}) }
      }
    )
  let lastProblem = 'no attempt was made'
  let lastUntil = p.deleteAfterDate
  for (let attempt = 1; attempt <= LEASE_TIMING.attempts; attempt++) {
    if (attempt > 1 && !(await pause(backoff(attempt - 1, random), io.signal))) break
    const seen = await io.atlas.accessListEntryNow(io.projectId, p.address)
    if (!seen.ok && gone(seen.failure))
      return F['already-gone'](
        `${entry} is no longer on project ${io.projectId}'s list (removed or expired).`
      )
    if (!seen.ok) {
      if (seen.failure.kind === 'missing-role' || definitive(seen.failure, doing, entry))
        return failed(`it could not be read back (${serverSaid(seen.failure) || seen.failure.kind})`)
      lastProblem = `it could not be read back (${serverSaid(seen.failure) || seen.failure.message || seen.failure.kind})`
      continue
    }
    const until = seen.data.deleteAfterDate ?? p.deleteAfterDate
    lastUntil = until
    const marker = leaseOf(seen.data, p.address)
    if (!marker)
      return F['left-alone'](
        `${entry} no longer carries this run's lease marker, or covers more than ${p.address} (${entryValue(seen.data) ?? 'a security group'}): it was changed since the lease and is left as it is.`,
        { data: { entry } }
      )
    if (!marker.tags.includes(p.tag))
      return F['left-alone'](
        `${entry} is held by ${marker.tags.includes(OVERFLOW) ? 'more runs than its comment lists' : `${marker.tags.length} other run${marker.tags.length === 1 ? '' : 's'}`} and not by this one: it is theirs to remove.`,
        { data: { entry } }
      )
    const rest = marker.tags.filter(t => t !== p.tag)
    if (rest.length === 0) {
      const d = await io.atlas.deleteAccessListEntry(io.projectId, entry)
      if (d.ok || gone(d.failure))
        return F.released(`${entry} was removed from project ${io.projectId}'s network access list.`, {
          data: { entry }
        })
      const stop = definitive(d.failure, doing, entry)
      lastProblem = `the delete was answered ${serverSaid(d.failure) || d.failure.message || d.failure.kind}`
      if (stop) return failed(lastProblem, until)
      continue
    }
    // Other holders remain: hand the entry over to them (same address, same deleteAfterDate, their tags only).
    const r = await io.atlas.addAccessListEntries(io.projectId, [
      {
        ipAddress: p.address,
        ...(until ? { deleteAfterDate: until } : {}),
        comment: leaseComment(rest, io.now(), marker.label)
      }
    ])
    if (!r.ok) {
      lastProblem = `the hand-over was answered ${serverSaid(r.failure) || r.failure.message || r.failure.kind}`
      if (definitive(r.failure, doing, entry)) return failed(lastProblem, until)
      continue
    }
    const after = await io.atlas.accessListEntryNow(io.projectId, p.address)
    const held = after.ok ? leaseOf(after.data, p.address)?.tags : undefined
    if (after.ok && !held?.includes(p.tag))
      return F['handed-over'](
        `${entry} stays on project ${io.projectId}'s list for the ${rest.length} other run${rest.length === 1 ? '' : 's'} that hold it; the last to end removes it.`,
        { data: { entry } }
      )
    lastProblem = 'the hand-over to the other holders did not show in a fresh read'
  }
  return failed(`${lastProblem}${io.signal.aborted ? " (the post step's deadline passed)" : ''}`, lastUntil)
}
