/**
 * The network lease's findings, declared once: the check (taking the lease), the post step and
 * `atlas-preflight lease release` (ending it), and the scheduled audit all raise them as `atlas-network-lease/…`.
 */
import { defineFindings } from '../core/finding.js'
import { ATLAS_FAILURES } from '../check-support/atlas-failures.js'

const ROLE =
  'Give the credential Project Network Access Manager (GROUP_NETWORK_ACCESS_MANAGER) on the project (Project Owner also works, but is far more than a lease needs): Atlas → Project → Access Manager → the API key or service account → Edit Role. Or drop `lease-network-access` and list a fixed egress address by hand.'

export const LEASE_FINDINGS = defineFindings(
  'atlas-network-lease',
  {
    // --- Refusals: nothing was written. -----------------------------------------------------------------
    'no-lease-id': {
      severity: 'error',
      title: 'No lease id: the end of the lease could not find its entry',
      fix: 'Pass `--lease-id <an id unique to this job>` (or ATLAS_PREFLIGHT_LEASE_ID) to both the lease and `atlas-preflight lease release`; on GitLab, Jenkins, CircleCI, Buildkite and Azure Pipelines the CI job id is used by itself.'
    },
    'no-address': {
      severity: 'error',
      title: "The runner's address is unknown: nothing was leased",
      fix: 'Let the runner reach Atlas (the address Atlas sees is read from it) or an IP echo service, or set `egress-ip` to the address this runner leaves from.'
    },
    'private-address': {
      severity: 'error',
      title: "The runner's address is not a public address: nothing was leased",
      fix: 'A private or loopback address on the list would never match a connection from the internet. Set `egress-ip` to the public address of the NAT or proxy this runner leaves through (see egress-ip), or list that address by hand.'
    },
    'security-groups-only': {
      severity: 'error',
      title: 'The project admits only AWS security groups: nothing was leased',
      fix: 'The project is reached through VPC peering (its list holds only AWS security groups); a public address would open a new path into it. Run the job inside the peered VPC, or add the address by hand if that is really intended.'
    },
    'list-full': {
      severity: 'error',
      title: "The project's access list is at or near Atlas's 200-entry limit: nothing was leased",
      fix: 'Atlas allows 200 entries per project (100 for projects with a sharded cluster created before August 2017). Remove entries nobody uses (`atlas-preflight lease audit` and the scheduled run name stale leases and permanent entries other tools left), or replace many /32 entries by the CIDR range they share.'
    },
    'no-write-role': {
      severity: 'error',
      title: "The credential may not change the project's network access list",
      fix: ROLE
    },
    rejected: {
      severity: 'error',
      title: 'Atlas rejected the lease entry',
      fix: 'Check `lease-minutes` (1 to 10080) and the address Atlas names; re-run the job. If it persists, open an issue on atlas-preflight with the JSON report.'
    },
    // --- The write, its verification and the wait. ---------------------------------------------------------
    'write-unverified': {
      severity: 'error',
      title: 'The lease entry could not be written and verified',
      fix: 'Other jobs were writing the same list at the same moment (Atlas refuses or drops concurrent writes), or the deadline passed: re-run the job, raise `timeout-seconds`, or serialise the jobs that lease with a `concurrency:` group.'
    },
    'entry-failed': {
      severity: 'error',
      title: 'The leased entry failed to apply (status FAILED)',
      fix: 'Atlas could not apply the entry to every cloud provider of the project. Re-run the job; the post step removes the failed entry. Contact MongoDB support if it fails again.'
    },
    'not-active': {
      severity: 'error',
      title: 'The leased entry did not become ACTIVE in time',
      fix: 'Raise `timeout-seconds` (an entry usually applies within a minute or two, longer on projects with several cloud providers) and re-run; the post step removes the entry either way.'
    },
    'shared-unrecorded': {
      severity: 'warning',
      title: 'The address is leased by another job that will remove it when it ends',
      fix: "Atlas kept the other job's entry unchanged, so this job could not record itself as a holder. Jobs behind one address (self-hosted runners, NAT) should share a `concurrency:` group, or the address should be a permanent entry (then the lease reports `existing` and touches nothing)."
    },
    created: {
      severity: 'notice',
      title: 'Network access leased for this job',
      fix: 'Nothing to do: the post step removes the entry when the job ends, and Atlas deletes it at its deleteAfterDate in any case.'
    },
    existing: {
      severity: 'notice',
      title: 'The address is already covered: nothing leased',
      fix: "Nothing to do: the covering entry is not this run's, so the end of the job leaves it alone."
    },
    shared: {
      severity: 'notice',
      title: 'The address is leased by other jobs too: this job holds it with them',
      fix: 'Nothing to do: the last holder to end removes the entry; the others leave it.'
    },
    // --- The end of the lease (post step, `atlas-preflight lease release`). ----------------------------------
    released: {
      severity: 'notice',
      title: 'Lease ended: the entry was removed',
      fix: 'Nothing to do.'
    },
    'handed-over': {
      severity: 'notice',
      title: 'Lease ended: the entry stays for the jobs that still hold it',
      fix: 'Nothing to do: the last holder removes it.'
    },
    'left-alone': {
      severity: 'notice',
      title: 'Lease ended: the entry was left alone',
      fix: 'Nothing to do: this run removes only an entry that still carries its own marker and covers only its address.'
    },
    'already-gone': {
      severity: 'notice',
      title: 'Lease ended: the entry was already gone',
      fix: 'Nothing to do.'
    },
    'release-failed': {
      severity: 'warning',
      title: 'The leased entry could not be removed',
      fix: 'Atlas removes it by itself at its deleteAfterDate. To remove it now: Atlas → Network Access → the entry → Delete, or `atlas accessLists delete <entry> --projectId <id>`.'
    },
    // --- The scheduled audit. ------------------------------------------------------------------------------
    'stale-lease': {
      severity: 'warning',
      title: 'A lease outlived its own deleteAfterDate',
      fix: "Atlas removes an entry at its deleteAfterDate and is late with this one. Remove it now with `lease-cleanup: remove` on the scheduled run or `atlas-preflight lease audit --remove` (only this tool's one-host leases are removed, each re-read first), or in Atlas → Network Access."
    },
    'lease-lookalike': {
      severity: 'warning',
      title: "An entry carries the lease marker but is not one of this tool's leases",
      fix: 'It admits more than one address or is permanent (a person may have widened a lease or removed its deleteAfterDate and kept the comment), so atlas-preflight never changes or removes it. If nobody needs it, delete it in Atlas → Network Access; if it is meant to stay, give it a comment of its own.'
    },
    'foreign-permanent-entry': {
      severity: 'warning',
      title: 'A permanent entry left by another tool',
      fix: 'Tools that add the current address for a session (the MongoDB MCP Server, textbook/atlas-ip after a failed post step) can leave permanent entries behind. Delete it in Atlas → Network Access if nobody needs it, or give it a deleteAfterDate.'
    },
    'audit-clean': {
      severity: 'notice',
      title: 'No lease outlived its own terms',
      fix: 'Nothing to do.'
    },
    'stale-lease-removed': {
      severity: 'notice',
      title: 'A lease that outlived its run was removed',
      fix: 'Nothing to do.'
    }
  },
  [ATLAS_FAILURES]
)
