/**
 * atlas-network-access-list (with atlas-project-id): is the runner's address covered by the project's IP access
 * list, the list that decides database connections? Entries are listed (every page) and matched locally (Atlas
 * looks entries up by exact value, not by containment); the covering entry's status must be ACTIVE; 0.0.0.0/0 is
 * flagged as open to the world; temporary entries about to lapse are flagged.
 */
import type { NetworkPermissionEntry } from '../atlas/types.js'
import { defineFindings, type Finding } from '../core/finding.js'
import { contains, hostEntry, isWholeInternet, parseRange } from '../net/cidr.js'
import { untrusted } from '../core/untrusted.js'
import {
  ATLAS_FAILURES,
  atlasFailureFinding,
  accessListFix,
  serverSaid
} from '../check-support/atlas-failures.js'
import { apiListGate, runnerAddress } from '../check-support/atlas-context.js'
import { startEarly, type Check, needClient } from '../check-support/check.js'

export const FINDINGS = defineFindings(
  'atlas-network-access-list',
  {
    unreadable: {
      severity: 'warning',
      title: "The project's network access list is not readable",
      fix: 'Grant the credential Project Read Only (GROUP_READ_ONLY) on the project, or drop `atlas-project-id` to skip this check.'
    },
    'no-address': {
      severity: 'warning',
      title: "The runner's address is unknown",
      fix: 'Set `egress-ip`, or let the runner reach an IP echo service.'
    },
    'open-to-world': {
      severity: 'warning',
      title: 'The project accepts database connections from anywhere',
      fix: "Remove 0.0.0.0/0 (or ::/0) and list the runner's egress address or range instead; GitHub-hosted runners change address every run, so use larger runners with static IP addresses, a self-hosted runner or an egress proxy with a fixed address."
    },
    'not-on-list': {
      severity: 'error',
      title: "The runner's address is not on the project's network access list",
      fix: "Add the entry the finding names (the runner's address as /32) in Atlas → Network Access → IP Access List → Add IP Address, or `atlas accessLists create <address> --type ipAddress --projectId <id> --comment ci` (add `--deleteAfter` for a temporary entry). GitHub-hosted runners change address every run: list a static egress address instead."
    },
    'temporary-entry-lapsing': {
      severity: 'warning',
      title: 'The matching entry is temporary and about to lapse',
      fix: 'Re-add the entry without a deletion date if the runner keeps this address, or renew it before each deployment.'
    },
    'entry-failed': {
      severity: 'error',
      title: 'The matching entry failed to apply',
      fix: 'Delete and re-add the entry in Network Access; contact MongoDB support if it fails again.'
    },
    'entry-pending': {
      severity: 'warning',
      title: 'The matching entry is still being applied',
      fix: 'Re-run the preflight shortly, or add a wait before connecting.'
    },
    'status-unknown': {
      severity: 'notice',
      title: "The entry's status could not be read",
      fix: 'Nothing to do unless connections fail; then check the entry in Atlas → Network Access.'
    },
    'on-list': {
      severity: 'notice',
      title: 'The runner is on the network access list',
      fix: 'Nothing to do.'
    }
  },
  [ATLAS_FAILURES]
)

const LAPSE_WARNING_MS = 24 * 3_600_000

export interface NetworkData extends Record<string, unknown> {
  verdict: 'allowed' | 'denied' | 'open-to-world' | 'unknown'
  ip?: string
  entry?: string
  status?: string
  entries?: number
}

export const atlasNetworkAccessListCheck: Check<NetworkData> = {
  id: 'atlas-network-access-list',
  title: 'Atlas network access list',
  summary:
    "With `atlas-project-id`: is the runner covered by the project's IP access list (status `ACTIVE`), `0.0.0.0/0` flagged, temporary entries about to lapse flagged.",
  needs: ['atlas-auth'],
  after: ['egress-ip'],
  findings: FINDINGS,
  applies: c => (c.atlas.projectId ? true : 'no atlas-project-id given'),
  prefetch({ config, services }) {
    if (config.atlas.projectId) startEarly(services.atlas?.projectAccessList(config.atlas.projectId))
  },
  gate: apiListGate,
  async run(ctx) {
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
        skipped:
          'the runner is not on the list yet: `lease-network-access` adds it (see atlas-network-lease)',
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
}

declare module '../check-support/check-data.js' {
  interface CheckData {
    'atlas-network-access-list': NetworkData
  }
}
