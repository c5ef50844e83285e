/**
 * The network lease's writes (src/lease/): claim an entry (write, then verify by a fresh read, retrying with jittered backoff
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
import { needClient, type CheckContext } from '../check-support/check.js'
import { atlasFailureFinding, serverSaid } from '../check-support/atlas-failures.js'
import { LEASE_FINDINGS as F } from './findings.js'
import { leaseComment, OVERFLOW, type LeaseMarker } from './marker.js'
import { entryValue, isEntry, oursFor } from './ours.js'

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

/** The lease's reads and writes for one project, under the run's deadline: built once per check run. */
export function leaseIo(ctx: CheckContext, projectId: string): LeaseIo {
  return {
    atlas: needClient(ctx.services.atlas, 'the Atlas client'),
    projectId,
    signal: ctx.signal,
    remainingMs: () => ctx.services.http.deadline.remainingMs(),
    now: () => ctx.now()
  }
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

/** The lease marker of an entry that is this tool's lease of exactly `address` (ours.ts), else undefined. */
export function leaseOf(e: NetworkPermissionEntry | undefined, address: string): LeaseMarker | undefined {
  return oursFor(e, address)?.marker
}

/** Atlas's answer to a full list (reference §1: 403 ATLAS_NETWORK_PERMISSIONS_LIMIT_EXCEEDED), by its code, any status. */
export function isListFull(f: AtlasFailure): boolean {
  const code = f.errorCode ?? ''
  if (/^ATLAS_NETWORK_PERMISSIONS?(_ENTRY|_ENTRIES)?_LIMIT_EXCEEDED$/.test(code)) return true
  // Fallback wording: any other limit code on a refused write, or Atlas's own sentence.
  return (
    (f.status === 400 && /LIMIT|MAX|EXCEED/i.test(code)) ||
    /too many network permission entries/i.test(f.detail ?? '')
  )
}

/**
 * A fresh read of one entry, checked to be the entry asked for: an answer that names another address is not taken
 * as the entry (nor as its absence).
 */
async function readEntry(
  io: LeaseIo,
  address: string
): Promise<
  | { kind: 'found'; entry: NetworkPermissionEntry }
  | { kind: 'absent' }
  | { kind: 'unreadable'; failure?: AtlasFailure; why: string }
> {
  const seen = await io.atlas.accessListEntryNow(io.projectId, address)
  if (seen.ok) {
    if (isEntry(seen.data, hostEntry(address))) return { kind: 'found', entry: seen.data }
    return {
      kind: 'unreadable',
      why: `the read-back of ${hostEntry(address)} answered another entry (${entryValue(seen.data) ?? 'a security group'})`
    }
  }
  if (gone(seen.failure)) return { kind: 'absent' }
  return {
    kind: 'unreadable',
    failure: seen.failure,
    why: `it could not be read back (${serverSaid(seen.failure) || seen.failure.message || seen.failure.kind})`
  }
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
  // A full list is named as full whatever the status (Atlas answers 403), before any role or access reading.
  if (isListFull(f))
    return F['list-full'](`Atlas refused ${entry}: ${serverSaid(f)}. The list is full.`, { data: { entry } })
  if (f.kind === 'missing-role')
    return F['no-write-role'](
      `While ${doing}, Atlas answered ${serverSaid(f)}: the credential may read the list but not change it.`,
      {
        data: { entry }
      }
    )
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
    /** Before the first write, with the latest deleteAfterDate any write of this claim asks for (awaited). */
    onWrite: (latestUntil: string) => void | Promise<void>
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
    // A later retry asks for a later date, but never later than this one plus the time the run has left.
    if (writes === 0) await p.onWrite(iso(until + Math.max(0, io.remainingMs())))
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
    // Verify: only a read made after the write says whether it landed, and only if it is the entry asked for.
    const seen = await readEntry(io, p.address)
    if (seen.kind === 'found') {
      const before = marker?.tags.join('+')
      current = seen.entry
      const after = leaseOf(current, p.address)?.tags.join('+')
      if (marker && after === before) unchanged++
    } else if (seen.kind === 'absent') current = undefined
    else if (seen.failure?.kind === 'missing-role')
      return { kind: 'failed', finding: definitive(seen.failure, doing, entry)!, writes }
    else lastProblem = seen.why
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

/**
 * The end of a lease: remove this run's tag from the entry, deleting the entry when no holder is left. Every
 * conclusion rests on a fresh read of the entry asked for: a DELETE answered 204 is `released` only once a read made
 * after it no longer lists the entry. `writing`: the main step may have had a POST in flight when it ended, so an
 * entry not found is looked for once more before it is called gone.
 */
export async function release(
  io: LeaseIo,
  p: { address: string; tag: string; deleteAfterDate?: string; writing?: boolean }
): Promise<Finding> {
  const random = io.random ?? Math.random
  const entry = hostEntry(p.address)
  const doing = `ending the lease of ${entry} on project ${io.projectId}`
  const failed = (why: string, until = p.deleteAfterDate) =>
    F['release-failed'](
      `${entry} on project ${io.projectId}: ${why}. Atlas removes it by itself at ${until ?? 'its deleteAfterDate'}.`,
      {
        fix: `Atlas removes ${entry} by itself at ${until ?? 'its deleteAfterDate'}. To remove it now: Atlas → Network Access → ${entry} → Delete, or \`atlas accessLists delete ${p.address} --projectId ${io.projectId}\`.`,
        data: { entry, ...(until ? { deleteAfterDate: until } : {}) }
      }
    )
  const removed = (how: string) =>
    F.released(`${entry} was removed from project ${io.projectId}'s network access list (${how}).`, {
      data: { entry }
    })
  let lastProblem = 'no attempt was made'
  let lastUntil = p.deleteAfterDate
  let deleted = false
  let absentOnce = false
  for (let attempt = 1; attempt <= LEASE_TIMING.attempts; attempt++) {
    if (attempt > 1 && !(await pause(backoff(attempt - 1, random), io.signal))) break
    const seen = await readEntry(io, p.address)
    if (seen.kind === 'absent') {
      if (deleted) return removed('a fresh read after the delete no longer lists it')
      // A write of the main step may land after a first look: a second read, after a pause, must agree.
      if (p.writing && !absentOnce) {
        absentOnce = true
        continue
      }
      return F['already-gone'](
        `${entry} is not on project ${io.projectId}'s list${absentOnce ? ' (two fresh reads agree)' : ''}: removed or expired${p.writing && p.deleteAfterDate ? `. Had a write of this run landed after these reads, Atlas would remove it at ${p.deleteAfterDate}` : ''}.`,
        { data: { entry } }
      )
    }
    if (seen.kind === 'unreadable') {
      if (seen.failure && (seen.failure.kind === 'missing-role' || definitive(seen.failure, doing, entry)))
        return failed(seen.why)
      lastProblem = seen.why
      continue
    }
    const until = seen.entry.deleteAfterDate ?? p.deleteAfterDate
    lastUntil = until
    const marker = leaseOf(seen.entry, p.address)
    if (!marker)
      return F['left-alone'](
        `${entry} no longer carries this run's lease marker, or is no longer a temporary entry of ${p.address} alone (${entryValue(seen.entry) ?? 'a security group'}${seen.entry.deleteAfterDate ? '' : ', no deleteAfterDate'}): it was changed since the lease and is left as it is.`,
        { data: { entry } }
      )
    if (!marker.tags.includes(p.tag))
      return F['left-alone'](
        `${entry} is held by ${marker.tags.includes(OVERFLOW) ? 'more runs than its comment lists' : `${marker.tags.length} other run${marker.tags.length === 1 ? '' : 's'}`} and not by this one: it is theirs to remove.`,
        { data: { entry } }
      )
    const rest = marker.tags.filter(t => t !== p.tag)
    if (rest.length === 0) {
      if (deleted) lastProblem = 'the delete was answered, yet a fresh read still lists the entry'
      const d = await io.atlas.deleteAccessListEntry(io.projectId, entry)
      if (d.ok || gone(d.failure)) {
        // Only a read made after the delete says it is gone (a 204 may delete nothing).
        deleted = true
        continue
      }
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
    const after = await readEntry(io, p.address)
    const held = after.kind === 'found' ? leaseOf(after.entry, p.address)?.tags : undefined
    if (after.kind === 'found' && !held?.includes(p.tag))
      return F['handed-over'](
        `${entry} stays on project ${io.projectId}'s list for the ${rest.length} other run${rest.length === 1 ? '' : 's'} that hold it; the last to end removes it.`,
        { data: { entry } }
      )
    lastProblem = 'the hand-over to the other holders did not show in a fresh read'
  }
  const why = !deleted
    ? lastProblem
    : /delete/.test(lastProblem)
      ? lastProblem
      : `the delete was answered, but no fresh read confirmed the entry gone (${lastProblem})`
  return failed(`${why}${io.signal.aborted ? ' (the deadline passed)' : ''}`, lastUntil)
}
