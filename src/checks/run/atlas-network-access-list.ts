/**
 * The run of `atlas-network-access-list`, loaded when the check runs: src/checks/atlas-network-access-list.ts declares the check, and the registry
 * (src/checks/index.ts) puts the two together.
 */
import type { NetworkPermissionEntry } from '../../atlas/types.js'
import type { Finding } from '../../core/finding.js'
import { contains, hostEntry, isWholeInternet, parseRange } from '../../net/cidr.js'
import { untrusted } from '../../core/untrusted.js'
import { atlasFailureFinding, accessListFix, serverSaid } from '../../check-support/atlas-failures.js'
import { runnerAddress } from '../../check-support/atlas-context.js'
import { needClient, type CheckContext, type CheckOutcome } from '../../check-support/check.js'
import { FINDINGS, NetworkData } from '../atlas-network-access-list.js'

export async function run(ctx: CheckContext): Promise<CheckOutcome<NetworkData>> {
  const projectId = ctx.config.atlas.projectId!
  const atlas = needClient(ctx.services.atlas, 'the Atlas client')
  const { ip, ipv6 } = runnerAddress(ctx)
  const unknown = (f: Finding) => ({
    findings: [f],
    data: { verdict: 'unknown' as const },
    outputs: { 'network-access-list': 'unknown' }
  })

  const list = await atlas.projectAccessList(projectId)
  if (!list.ok && list.failure.kind === 'not-found') {
    // atlas-read reports the missing project; this check has nothing to add.
    return { findings: [], skipped: 'the project was not found (see atlas-read)' }
  }
  if (!list.ok) {
    if (list.failure.kind === 'missing-role') {
      return unknown(
        FINDINGS.unreadable(
          `GET /api/atlas/v2/groups/${projectId}/accessList answered ${serverSaid(list.failure)}.`
        )
      )
    }
    return {
      ...unknown(
        atlasFailureFinding(
          'atlas-network-access-list',
          "reading the project's network access list",
          list.failure
        )
      )
    }
  }
  const entries = list.data
  const value = (e: NetworkPermissionEntry) => e.cidrBlock ?? e.ipAddress ?? ''
  const addresses = [ip, ipv6].filter((x): x is string => !!x)
  if (addresses.length === 0) {
    return unknown(
      FINDINGS['no-address'](
        `The project's list has ${entries.length} entries, but the runner's address could not be found to match them (see egress-ip).`
      )
    )
  }
  const findings: Finding[] = []
  const open = entries.filter(e => isWholeInternet(value(e)))
  const covering = entries
    .filter(e => !isWholeInternet(value(e)) && addresses.some(a => contains(value(e), a)))
    .sort((a, b) => (parseRange(value(b))?.[1] ?? 0) - (parseRange(value(a))?.[1] ?? 0))
  const now = ctx.now().getTime()
  const base = { ip: ip ?? ipv6, entries: entries.length }

  if (open.length > 0) {
    findings.push(
      FINDINGS['open-to-world'](
        `Project ${projectId}'s IP access list contains ${open.map(value).join(', ')}: any address on the internet can try to connect to its clusters.`,
        {
          fix: accessListFix(
            ctx.env,
            'network',
            `Remove ${open.map(value).join(', ')} and list the runner's egress address (${hostEntry(base.ip!)}) or range instead.`
          )
        }
      )
    )
  }
  const best = covering[0] ?? open[0]
  if (!best && ctx.config.lease.enabled) {
    // Not an error yet: atlas-network-lease (next) adds the entry, reports how that went, and sets the output.
    return {
      findings,
      skipped: 'the runner is not on the list yet: `lease-network-access` adds it (see atlas-network-lease)',
      data: { verdict: 'denied', ...base },
      outputs: { 'network-access-list': 'denied' }
    }
  }
  if (!best) {
    findings.push(
      FINDINGS['not-on-list'](
        `None of the ${entries.length} entries of project ${projectId}'s IP access list covers ${addresses.join(' or ')}: database connections from this runner will time out.`,
        {
          fix: accessListFix(
            ctx.env,
            'network',
            `Add ${hostEntry(base.ip!)} in Atlas → Network Access → IP Access List → Add IP Address (or \`atlas accessLists create ${base.ip} --type ipAddress --projectId ${projectId} --comment ci\`; add \`--deleteAfter\` for a temporary entry).`
          ),
          data: { entry: hostEntry(base.ip!) }
        }
      )
    )
    return { findings, data: { verdict: 'denied', ...base }, outputs: { 'network-access-list': 'denied' } }
  }

  const entry = value(best)
  const expires = best.deleteAfterDate ? Date.parse(best.deleteAfterDate) : undefined
  if (expires !== undefined && !Number.isNaN(expires) && expires - now < LAPSE_WARNING_MS) {
    findings.push(
      FINDINGS['temporary-entry-lapsing'](
        `Entry ${entry} is deleted by Atlas at ${new Date(expires).toISOString()}${expires <= now ? ' (already passed)' : ''}.`,
        {
          fix: `Re-add ${entry} without a deletion date if the runner keeps this address, or renew it before each deployment.`
        }
      )
    )
  }
  const status = await atlas.accessListStatus(projectId, entry)
  const state = status.ok ? String(status.data.STATUS) : undefined
  const data: NetworkData = {
    verdict: open.length > 0 ? 'open-to-world' : 'allowed',
    ...base,
    entry,
    ...(state ? { status: state } : {})
  }
  if (state === 'FAILED') {
    findings.push(
      FINDINGS['entry-failed'](
        `Entry ${entry} has status FAILED: Atlas could not apply it to the project's cloud providers.`,
        { fix: `Delete and re-add ${entry} in Network Access; contact MongoDB support if it fails again.` }
      )
    )
    return { findings, data: { ...data, verdict: 'denied' }, outputs: { 'network-access-list': 'denied' } }
  }
  if (state === 'PENDING') {
    findings.push(
      FINDINGS['entry-pending'](
        `Entry ${entry} has status PENDING: connections may fail until it is ACTIVE (usually within a minute or two).`
      )
    )
    return {
      findings,
      data: { ...data, verdict: 'unknown' },
      outputs: { 'network-access-list': 'unknown' }
    }
  }
  if (!status.ok) {
    findings.push(
      FINDINGS['status-unknown'](
        `The entry ${entry} covers the runner, but its status (ACTIVE or PENDING) could not be read (${status.failure.message ?? status.failure.kind}).`
      )
    )
  }
  if (covering.length > 0) {
    findings.push(
      FINDINGS['on-list'](
        `${base.ip} is covered by ${entry}${best.comment ? ` ("${untrusted(best.comment, 80)}")` : ''}${state ? `, status ${state}` : ''}.`
      )
    )
  }
  return { findings, data, outputs: { 'network-access-list': data.verdict } }
}

const LAPSE_WARNING_MS = 24 * 3_600_000
