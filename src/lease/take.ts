/**
 * Taking the lease (the fix phase of `atlas-network-access-list`: it runs after that diagnosis, with
 * `lease-network-access: true` and atlas-project-id): put this runner's address on the project's network access list
 * for this job only. Read before write (an entry that already covers the address is used as it is, and never
 * removed); otherwise one temporary entry (deleteAfterDate = now + lease-minutes, a comment that marks it as this
 * run's), verified by a fresh read of the entry asked for, retried with jittered backoff when concurrent writes
 * refuse or drop it, and waited for until ACTIVE. The post step (end.ts) ends the lease.
 */
import { randomBytes } from 'node:crypto'
import type { NetworkPermissionEntry } from '../atlas/types.js'
import type { Finding } from '../core/finding.js'
import { contains, hostEntry, isPublicAddress, parseRange } from '../net/cidr.js'
import { untrusted } from '../core/untrusted.js'
import { atlasFailureFinding, serverSaid } from '../check-support/atlas-failures.js'
import { runnerAddress } from '../check-support/atlas-context.js'
import { needClient, type CheckContext, type CheckOutcome } from '../check-support/check.js'
import { LEASE_FINDINGS as F } from './findings.js'
import { leaseIdentity, leaseTag } from './marker.js'
import { entryValue } from './ours.js'
import { claim, leaseIo, leaseOf, waitActive, type LeaseState } from './protocol.js'

export interface LeaseData extends Record<string, unknown> {
  lease?: 'created' | 'existing' | 'shared' | 'failed'
  /** The entry the lease relies on (`203.0.113.7/32`, or the covering CIDR when `existing`). */
  entry?: string
  address?: string
  /** ACTIVE once the wait is over. */
  status?: string
  holders?: number
  writes?: number
  waitedMs?: number
  deleteAfterDate?: string
  /** The audit (a scheduled run, `lease audit`): what it found. */
  audit?: { stale: number; live: number; lookalikes: number; foreign: number; removed?: number }
  /** The end of the lease (post step, `lease release`): what a fresh read confirmed. */
  end?: 'released' | 'handed-over' | 'left-alone' | 'already-gone' | 'release-failed' | 'nothing'
}

/** Atlas's documented limit, and the room kept for other writers (jobs leasing at the same moment, people). */
const MAX_ENTRIES = 200
const HEADROOM = 5

type Outcome = CheckOutcome<LeaseData>

export async function takeLease(ctx: CheckContext): Promise<Outcome> {
  const projectId = ctx.config.atlas.projectId!
  const atlas = needClient(ctx.services.atlas, 'the Atlas client')
  const failed = (findings: Finding[], more: Partial<LeaseData> = {}): Outcome => ({
    findings,
    data: { lease: 'failed', ...more },
    outputs: { 'network-lease': 'failed', ...(more.entry ? { 'network-lease-entry': more.entry } : {}) }
  })
  // In the action the post step gets the exact tag from the state, so any run can lease; elsewhere the id must
  // be one that `atlas-preflight lease release` can find again.
  const who =
    leaseIdentity(ctx.env) ??
    (ctx.saveState ? { id: 'action', label: 'atlas-preflight', source: 'state' } : undefined)
  if (!who)
    return failed([
      F['no-lease-id'](
        "No CI job id was found in the environment (GitHub Actions, GitLab, Jenkins, CircleCI, Buildkite, Azure Pipelines) and no `--lease-id` was given, so the entry could not be marked as this run's."
      )
    ])
  const { ip, fromAtlas } = runnerAddress(ctx)
  if (!ip)
    return failed([
      F['no-address'](
        "Neither Atlas nor an IP echo service reported the runner's address (see egress-ip), so there is nothing to lease."
      )
    ])
  const entry = hostEntry(ip)
  if (!isPublicAddress(ip))
    return failed(
      [
        F['private-address'](
          `The runner's address ${ip} is not a public address${fromAtlas ? '' : ' (as the echo services or `egress-ip` gave it)'}.`
        )
      ],
      { address: ip }
    )

  // Read before write: the list as it is (one memoized read, shared with atlas-network-access-list).
  const list = await atlas.projectAccessList(projectId)
  if (!list.ok) {
    if (list.failure.kind === 'not-found')
      return { ...failed([]), skipped: 'the project was not found (see atlas-read)' }
    if (list.failure.kind === 'missing-role')
      return failed([
        F['no-write-role'](
          `GET /api/atlas/v2/groups/${projectId}/accessList answered ${serverSaid(list.failure)}: the list cannot even be read, so nothing was written.`
        )
      ])
    return failed([
      atlasFailureFinding('atlas-network-lease', "reading the project's network access list", list.failure)
    ])
  }
  const entries = list.data
  const covering = entries
    .filter(e => {
      const v = entryValue(e)
      return v !== undefined && contains(v, ip)
    })
    .sort((a, b) => (parseRange(entryValue(b)!)?.[1] ?? 0) - (parseRange(entryValue(a)!)?.[1] ?? 0))
  const notLeases = covering.filter(e => !leaseOf(e, ip))
  const nonce = ctx.saveState ? randomBytes(6).toString('hex') : ''
  const tag = leaseTag(who.id, nonce)
  const state: LeaseState = { v: 1, project: projectId, address: ip, entry, tag, mode: 'writing' }
  // Awaited: the state is on the runner's disk before the write it describes is sent.
  const save = async () => ctx.saveState?.('lease', JSON.stringify(state))

  if (notLeases.length > 0) return existing(notLeases[0]!, ip, state, save)
  const current = covering.find(e => entryValue(e) === entry)
  if (!current) {
    if (entries.length > 0 && entries.every(e => entryValue(e) === undefined))
      return failed(
        [
          F['security-groups-only'](
            `All ${entries.length} entries of project ${projectId}'s list are AWS security groups; adding ${entry} would open the project to a public address for the first time.`
          )
        ],
        { address: ip }
      )
    if (entries.length >= MAX_ENTRIES - HEADROOM)
      return failed(
        [
          F['list-full'](
            `Project ${projectId}'s list holds ${entries.length} entries; Atlas allows ${MAX_ENTRIES}, and the lease keeps ${HEADROOM} free for other writers.`
          )
        ],
        { address: ip }
      )
  }

  const io = leaseIo(ctx, projectId)
  const c = await claim(io, {
    address: ip,
    tag,
    label: who.label,
    minutes: ctx.config.lease.minutes,
    current,
    onWrite: until => {
      state.deleteAfterDate = until
      return save()
    }
  })
  const base = { address: ip, entry, writes: c.writes }
  if (c.kind === 'failed') return failed([c.finding], base)
  if (c.kind === 'existing') return existing(c.entry, ip, state, save)

  state.mode = c.kind
  if (c.deleteAfterDate) state.deleteAfterDate = c.deleteAfterDate
  await save()
  const active = await waitActive(io, ip)
  if (!active.ok) return failed([active.finding], { ...base, waitedMs: active.waitedMs })
  const data: LeaseData = {
    lease: c.kind === 'created' ? 'created' : 'shared',
    ...base,
    status: 'ACTIVE',
    waitedMs: active.waitedMs,
    ...(c.deleteAfterDate ? { deleteAfterDate: c.deleteAfterDate } : {})
  }
  const until = c.deleteAfterDate ? `; Atlas deletes it at ${c.deleteAfterDate} in any case` : ''
  let finding: Finding
  if (c.kind === 'unrecorded') {
    const others = c.holders.includes('*')
      ? 'several other runs'
      : `${c.holders.length} other run${c.holders.length === 1 ? '' : 's'}`
    finding = F['shared-unrecorded'](
      `${entry} was leased by ${others}, and Atlas kept its comment as it was: that run's post step removes it when it ends${c.deleteAfterDate ? ` (at the latest ${c.deleteAfterDate})` : ''}, possibly before this job ends.`,
      { data: { entry } }
    )
    data.holders = c.holders.length + 1
  } else if (c.kind === 'created') {
    finding = F.created(
      `${entry} was added to project ${projectId}'s network access list for this job (${c.writes} write${c.writes === 1 ? '' : 's'}, ACTIVE after ${Math.round(active.waitedMs / 100) / 10} s); the post step removes it${until}.`,
      { data: { entry } }
    )
    data.holders = 1
  } else {
    finding = F.shared(
      `${entry} is held by ${c.holders} runs of atlas-preflight, this one included; the last to end removes it${until}.`,
      { data: { entry } }
    )
    data.holders = c.holders
  }
  return {
    findings: [finding],
    data,
    // The entry is ACTIVE now: this run's address is on the list (atlas-network-access-list read it before).
    outputs: { 'network-lease': data.lease!, 'network-lease-entry': entry }
  }
}

async function existing(
  e: NetworkPermissionEntry,
  ip: string,
  state: LeaseState,
  save: () => Promise<void>
): Promise<Outcome> {
  const value = entryValue(e) ?? hostEntry(ip)
  state.mode = 'existing'
  await save()
  return {
    findings: [
      F.existing(
        `${ip} is already covered by ${value}${e.comment ? ` ("${untrusted(e.comment, 80)}")` : ''}${e.deleteAfterDate ? `, which Atlas deletes at ${e.deleteAfterDate}` : ''}: nothing was written, and the end of the job leaves it alone.`,
        { data: { entry: value } }
      )
    ],
    data: { lease: 'existing', entry: value, address: ip },
    outputs: { 'network-lease': 'existing', 'network-lease-entry': value }
  }
}

declare module '../check-support/check-data.js' {
  interface CheckData {
    'atlas-network-lease': LeaseData
  }
}
