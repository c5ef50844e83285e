/**
 * atlas-network-access-list (with atlas-project-id): is the runner's address covered by the project's IP access
 * list, the list that decides database connections? Entries are listed (every page) and matched locally (Atlas
 * looks entries up by exact value, not by containment); the covering entry's status must be ACTIVE; 0.0.0.0/0 is
 * flagged as open to the world; temporary entries about to lapse are flagged.
 */
import { defineFindings } from '../core/finding.js'
import { ATLAS_FAILURES } from '../check-support/atlas-failures.js'
import { apiListGate } from '../check-support/atlas-context.js'
import { startEarly, type CheckDeclaration } from '../check-support/check.js'

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

export interface NetworkData extends Record<string, unknown> {
  verdict: 'allowed' | 'denied' | 'open-to-world' | 'unknown'
  ip?: string
  entry?: string
  status?: string
  entries?: number
}

export const atlasNetworkAccessListDeclaration: CheckDeclaration<NetworkData> = {
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
  gate: apiListGate
}

declare module '../check-support/check-data.js' {
  interface CheckData {
    'atlas-network-access-list': NetworkData
  }
}
