/**
 * The end of a network lease, outside the main run: the action's post step (src/post.ts, with the state the main
 * step saved), `atlas-preflight lease release` (other CIs' after_script/post stages: the entry is found by the
 * run's marker) and `atlas-preflight lease audit [--remove]` (scheduled cleanup). The same writer boundary as the
 * main run (guardAdapter), its own deadline (`timeout-seconds`), a short report of its own.
 */
import type { Adapter } from './platform/adapter.js'
import { atlasAuthMethod, parseConfig } from './config/config.js'
import type { Finding } from './core/finding.js'
import { Deadline } from './http/deadline.js'
import { describeHttpEvent, type HttpClientOptions } from './http/client.js'
import { Redactor } from './trust/redact.js'
import { guardAdapter } from './trust/guard.js'
import { guardedRun } from './trust/guarded-run.js'
import { buildServices } from './services.js'
import { LEASE_FINDINGS as F } from './check-support/lease-findings.js'
import { leaseIdentity, leaseTag, parseLeaseComment } from './check-support/lease-marker.js'
import { entryValue, parseLeaseState, release, type LeaseIo } from './check-support/lease-protocol.js'
import { auditLeases } from './check-support/lease-audit.js'
import { atlasFailureFinding } from './check-support/atlas-failures.js'

export type LeaseEndRequest =
  /** The action's post step: the state the main step saved (undefined when it saved none). */
  | { kind: 'state'; state: string | undefined }
  /** `lease release`: this run's entry, found by its marker (lease id from `--lease-id` or the CI's env). */
  | { kind: 'marker' }
  /** `lease audit`: report (and with `remove`, delete) leases that outlived their run. */
  | { kind: 'audit'; remove: boolean }

export interface LeaseEndOutcome {
  findings: Finding[]
  /** 0 ended (or nothing to do), 1 something could not be done (a warning in the post step), 2 usage. */
  exitCode: number
}

export interface LeaseEndOptions {
  http?: Partial<HttpClientOptions>
}

export async function endLease(
  platform: Adapter,
  request: LeaseEndRequest,
  options: LeaseEndOptions = {}
): Promise<LeaseEndOutcome> {
  const state = request.kind === 'state' ? parseLeaseState(request.state) : undefined
  // No lease was taken (or the main step never got that far): the post step has nothing to do and costs nothing.
  if (request.kind === 'state' && !state) {
    platform.debug('atlas-preflight: no network lease to end')
    return { findings: [], exitCode: 0 }
  }
  if (state && (state.mode === 'existing' || state.mode === 'unrecorded')) {
    const f = F['left-alone'](
      `${state.entry} ${state.mode === 'existing' ? 'was already on the list before this run' : "is held by another run that Atlas kept as the entry's only holder"}: not this run's to remove.`
    )
    report(guardAdapter(platform, new Redactor()), [f])
    return { findings: [f], exitCode: 0 }
  }

  const raw = platform.inputs()
  const { adapter, redactor } = guardedRun(platform, raw)
  const { config } = parseConfig(raw)
  const projectId = state?.project ?? config.atlas.projectId
  const fail = (f: Finding, exitCode = 1): LeaseEndOutcome => {
    report(adapter, [f])
    return { findings: [f], exitCode }
  }
  if (!projectId || atlasAuthMethod(config) === 'none')
    return fail(
      F['release-failed'](
        `${state ? state.entry : "This run's lease"} could not be looked at: ${!projectId ? 'no atlas-project-id' : 'no Atlas credential'} was given${state?.deleteAfterDate ? `. Atlas removes it at ${state.deleteAfterDate}` : ''}.`,
        {
          fix: 'Give the same `atlas-project-id` and credential as the step that took the lease (the action passes its inputs to its post step by itself).'
        }
      ),
      2
    )

  const deadline = new Deadline(config.timeoutSeconds * 1000)
  const services = buildServices(config, {
    deadline,
    redactor,
    onSecret: s => adapter.mask(s),
    onHttpEvent: e => adapter.debug(describeHttpEvent(e)),
    http: options.http
  })
  const io: LeaseIo = {
    atlas: services.atlas!,
    projectId,
    signal: deadline.signal,
    remainingMs: () => deadline.remainingMs(),
    now: () => new Date()
  }
  let findings: Finding[]
  try {
    if (state) findings = [await release(io, state)]
    else if (request.kind === 'marker') findings = await releaseByMarker(io, platform.env)
    else findings = await auditLeases(io, request.kind === 'audit' && request.remove, config.lease.minutes)
  } finally {
    deadline.dispose()
    await services.http.close()
  }
  report(adapter, findings)
  const problem = findings.some(f => f.severity !== 'notice')
  const usage = findings.some(f => f.id === 'atlas-network-lease/no-lease-id')
  return { findings, exitCode: usage ? 2 : problem && request.kind !== 'audit' ? 1 : 0 }
}

/** `lease release` without state: every host entry whose marker holds this run's tag. */
async function releaseByMarker(io: LeaseIo, env: Adapter['env']): Promise<Finding[]> {
  const who = leaseIdentity(env)
  if (!who)
    return [
      F['no-lease-id'](
        "No `--lease-id` was given and no CI job id was found in the environment, so the entry cannot be told apart from other runs'."
      )
    ]
  const tag = leaseTag(who.id)
  const list = await io.atlas.projectAccessListNow(io.projectId)
  if (!list.ok)
    return [
      atlasFailureFinding('atlas-network-lease', "reading the project's network access list", list.failure)
    ]
  const mine = list.data.filter(e => parseLeaseComment(e.comment)?.tags.includes(tag))
  if (mine.length === 0)
    return [
      F['already-gone'](`No entry of project ${io.projectId}'s list carries the lease of ${who.label}.`)
    ]
  const out: Finding[] = []
  for (const e of mine) {
    const address = e.ipAddress ?? entryValue(e)?.replace(/\/(32|128)$/, '')
    if (!address || address.includes('/')) {
      out.push(
        F['left-alone'](`${entryValue(e)} carries this run's marker but covers more than one address.`)
      )
      continue
    }
    out.push(
      await release(io, {
        address,
        tag,
        ...(e.deleteAfterDate ? { deleteAfterDate: e.deleteAfterDate } : {})
      })
    )
  }
  return out
}

/** The short report: one line per finding, and an annotation for each. */
function report(adapter: Adapter, findings: readonly Finding[]): void {
  for (const f of findings) {
    adapter.info(
      `atlas-preflight lease: ${f.title}. ${f.seen}${f.severity === 'notice' ? '' : `\n  Fix: ${f.fix}`}`
    )
    adapter.annotate(f.severity, `atlas-preflight ${f.check}: ${f.title}`, `${f.seen}\nFix: ${f.fix}`)
  }
}
