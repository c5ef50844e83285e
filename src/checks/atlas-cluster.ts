/**
 * atlas-cluster (with `cluster` and `atlas-project-id`; Project Read Only): the cluster exists in the project
 * (dedicated clusters, and flex clusters through their own endpoint), is not paused, is not being created or
 * deleted, and has connection strings. A cluster not found names the clusters the project does have. As soon as
 * the cluster's hosts are known, their probe starts (cluster-reachability reports it), beside the other reads.
 */
import type { Cluster } from '../atlas/types.js'
import type { Config } from '../config/config.js'
import { defineFindings } from '../core/finding.js'
import { ATLAS_FAILURES } from '../check-support/atlas-failures.js'
import { apiListGate } from '../check-support/atlas-context.js'
import { startEarly, type CheckDeclaration } from '../check-support/check.js'
import type { Services } from '../services.js'
import {
  apiTarget,
  connectable,
  readCluster,
  uriPlan,
  type ClusterData,
  type ClusterType
} from '../check-support/cluster-path.js'

export const FINDINGS = defineFindings(
  'atlas-cluster',
  {
    ready: { severity: 'notice', title: 'The cluster is ready', fix: 'Nothing to do.' },
    'not-found': {
      severity: 'error',
      title: 'The cluster does not exist in the project',
      fix: 'Set `cluster` to one of the names the finding lists (names are case-sensitive), or `atlas-project-id` to the project that holds the cluster.'
    },
    paused: {
      severity: 'error',
      title: 'The cluster is paused',
      fix: 'Resume it (Atlas → Database → the cluster → ⋯ → Resume, or `atlas clusters start <name> --projectId <id>`); a paused cluster accepts no connection. Atlas resumes paused clusters by itself after 30 days.'
    },
    'not-ready': {
      severity: 'error',
      title: 'The cluster is not ready for connections',
      fix: 'Wait until the cluster is IDLE (`atlas clusters watch <name> --projectId <id>`), then deploy.'
    },
    changing: {
      severity: 'warning',
      title: 'The cluster is being changed',
      fix: 'Connections usually keep working while a cluster is updated or repaired, with brief elections; retry writes, or deploy once it is IDLE.'
    },
    'no-connection-string': {
      severity: 'warning',
      title: 'Atlas gave no connection string for the cluster',
      fix: 'Open the cluster in Atlas → Connect; if it offers only private-endpoint strings, this runner needs that private network.'
    },
    'uri-other-cluster': {
      severity: 'warning',
      title: '`mongodb-uri` does not point at this cluster',
      fix: 'Copy the connection string again from Atlas → the cluster → Connect → Drivers, or set `cluster` to the cluster the string belongs to. A private-endpoint string is expected to differ.'
    },
    unreadable: {
      severity: 'warning',
      title: 'The cluster is not readable with this credential',
      fix: 'Grant the credential Project Read Only (GROUP_READ_ONLY) on the project, or drop `cluster` to skip this check.'
    }
  },
  [ATLAS_FAILURES]
)

/** Start the probe of the cluster's hosts once the read answers (when `mongodb-uri` does not name them already). */
export function startProbe(services: Services, config: Config, data: ClusterData): void {
  // Under a lease the probes wait for it (cluster-reachability starts them once the entry is ACTIVE).
  if (!services.net || !data.connectable || uriPlan(config) || config.lease.enabled) return
  const target = apiTarget(data)
  if (target) startEarly(services.net.probe(target))
}

export function dataOf(name: string, c: Cluster, type: ClusterType): ClusterData {
  return {
    name,
    found: true,
    type,
    ...(c.stateName ? { stateName: c.stateName } : {}),
    ...(c.paused !== undefined ? { paused: c.paused } : {}),
    connectable: connectable(c),
    ...(c.connectionStrings?.standard ? { standard: c.connectionStrings.standard } : {}),
    ...(c.connectionStrings?.standardSrv ? { standardSrv: c.connectionStrings.standardSrv } : {})
  }
}

export const atlasClusterDeclaration: CheckDeclaration<ClusterData> = {
  id: 'atlas-cluster',
  title: 'Atlas cluster',
  summary:
    "With `cluster` and `atlas-project-id`: the cluster exists (dedicated, or flex through its own endpoint), is not paused, not being created or deleted (updating or repairing: a warning); a cluster not found names the project's clusters; `cluster-state`.",
  needs: ['atlas-auth'],
  findings: FINDINGS,
  applies: c =>
    !c.cluster ? 'no `cluster` given' : !c.atlas.projectId ? '`cluster` needs `atlas-project-id`' : true,
  prefetch({ config, services }) {
    if (!services.atlas || !config.cluster || !config.atlas.projectId) return
    const name = config.cluster
    startEarly(
      readCluster(services.atlas, config.atlas.projectId, name).then(r => {
        if (r.call.ok) startProbe(services, config, dataOf(name, r.call.data, r.type))
      })
    )
  },
  gate: apiListGate
}
