/**
 * The end of a network lease, as the `atlas-network-lease` check of a release plan (phase.ts): the action's post step
 * (the state the main step saved) and `atlas-preflight lease release` (other CIs' after_script/post stages: this
 * run's entries found by their marker). Both run through the same runner and reporters as every other run; what they
 * report is what a fresh read confirmed (protocol.ts `release`).
 */
import type { Finding } from '../core/finding.js'
import type { CheckContext, CheckOutcome } from '../check-support/check.js'
import { atlasFailureFinding } from '../check-support/atlas-failures.js'
import { LEASE_FINDINGS as F } from './findings.js'
import { leaseIdentity, leaseTag, parseLeaseComment } from './marker.js'
import { entryValue, lookalike, ours } from './ours.js'
import { leaseIo, release, type LeaseIo, type LeaseState } from './protocol.js'
import type { LeaseData } from './take.js'

type Outcome = CheckOutcome<LeaseData>

/** The `end` a finding stands for (released, left-alone, …), for the summary and the report's data. */
function endOf(findings: readonly Finding[]): LeaseData['end'] {
  const ids = findings.map(f => f.id.slice(f.id.indexOf('/') + 1))
  for (const id of ['release-failed', 'released', 'handed-over', 'already-gone', 'left-alone'] as const)
    if (ids.includes(id)) return id
  return 'nothing'
}

/** The post step: end the lease the main step recorded. */
export async function endFromState(ctx: CheckContext, state: LeaseState): Promise<Outcome> {
  if (state.mode === 'existing' || state.mode === 'unrecorded') {
    const f = F['left-alone'](
      `${state.entry} ${state.mode === 'existing' ? 'was already on the list before this run' : "is held by another run that Atlas kept as the entry's only holder"}: not this run's to remove.`,
      { data: { entry: state.entry } }
    )
    return { findings: [f], data: { end: 'left-alone', entry: state.entry } }
  }
  const io = leaseIo(ctx, state.project)
  const f = await release(io, {
    address: state.address,
    tag: state.tag,
    ...(state.deleteAfterDate ? { deleteAfterDate: state.deleteAfterDate } : {}),
    writing: state.mode === 'writing'
  })
  return {
    findings: [f],
    data: {
      end: endOf([f]),
      entry: state.entry,
      ...(state.deleteAfterDate ? { deleteAfterDate: state.deleteAfterDate } : {})
    }
  }
}

/** `lease release` without state: every entry of this tool whose marker holds this run's tag. */
export async function endByMarker(ctx: CheckContext, projectId: string): Promise<Outcome> {
  const who = leaseIdentity(ctx.env)
  if (!who)
    return {
      findings: [
        F['no-lease-id'](
          "No lease id was given and no CI job id was found in the environment, so this run's entry cannot be told apart from other runs'."
        )
      ]
    }
  const io = leaseIo(ctx, projectId)
  const findings = await releaseByMarker(io, leaseTag(who.id), who.label)
  const until = findings.map(f => f.data?.['deleteAfterDate']).find(d => typeof d === 'string')
  return { findings, data: { end: endOf(findings), ...(until ? { deleteAfterDate: String(until) } : {}) } }
}

async function releaseByMarker(io: LeaseIo, tag: string, label: string): Promise<Finding[]> {
  const list = await io.atlas.projectAccessListNow(io.projectId)
  if (!list.ok)
    return [
      atlasFailureFinding('atlas-network-lease', "reading the project's network access list", list.failure)
    ]
  const out: Finding[] = []
  // Entries with this run's tag that are not leases any more (widened, made permanent): someone else's now.
  for (const e of list.data) {
    const why = lookalike(e)
    if (why && parseLeaseComment(e.comment)?.tags.includes(tag))
      out.push(
        F['left-alone'](
          `${entryValue(e) ?? 'An entry'} carries this run's marker, but ${why}: it was changed since the lease and is left as it is.`,
          { data: { entry: entryValue(e) ?? '' } }
        )
      )
  }
  const mine = list.data.map(e => ours(e)).filter(l => l?.marker.tags.includes(tag))
  if (mine.length === 0 && out.length === 0)
    return [F['already-gone'](`No entry of project ${io.projectId}'s list carries the lease of ${label}.`)]
  for (const l of mine)
    out.push(await release(io, { address: l!.address, tag, deleteAfterDate: l!.deleteAfterDate }))
  return out
}
