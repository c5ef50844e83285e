/**
 * atlas-cluster (with `cluster` and `atlas-project-id`; Project Read Only): the cluster exists in the project
 * (dedicated clusters, and flex clusters through their own endpoint), is not paused, is not being created or
 * deleted, and has connection strings. A cluster not found names the clusters the project does have. As soon as
 * the cluster's hosts are known, their probe starts (cluster-reachability reports it), beside the other reads.
 */
import { uriNamesOtherCluster } from '../check-support/mongodb-uri.js'
import type { Cluster } from '../atlas/types.js'
import type { AtlasClient } from '../atlas/client.js'
import type { Config } from '../config/config.js'
import { defineFindings, type Finding } from '../core/finding.js'
import { untrusted } from '../core/untrusted.js'
import { ATLAS_FAILURES, atlasFailureFinding, serverSaid } from '../check-support/atlas-failures.js'
import { apiListGate } from '../check-support/atlas-context.js'
import { needClient, startEarly, type Check } from '../check-support/check.js'
import type { Services } from '../services.js'
import {
  CHANGING,
  NOT_READY,
  apiTarget,
  connectable,
  isNotFound,
  isProjectMissing,
  readCluster,
  uriPlan,
  type ClusterData,
  type ClusterType
} from '../check-support/cluster-path.js'
import { parseConnectionString } from '../net/connection-string.js'

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
function startProbe(services: Services, config: Config, data: ClusterData): void {
  // Under a lease the probes wait for it (cluster-reachability starts them once the entry is ACTIVE).
  if (!services.net || !data.connectable || uriPlan(config) || config.lease.enabled) return
  const target = apiTarget(data)
  if (target) startEarly(services.net.probe(target))
}

function dataOf(name: string, c: Cluster, type: ClusterType): ClusterData {
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

export const atlasClusterCheck: Check<ClusterData> = {
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
  gate: apiListGate,
  async run(ctx) {
    const atlas = needClient(ctx.services.atlas, 'the Atlas client')
    const projectId = ctx.config.atlas.projectId!
    const name = ctx.config.cluster!
    const { call, type } = await readCluster(atlas, projectId, name)
    const path = `GET /api/atlas/v2/groups/${projectId}/${type === 'flex' ? 'flexClusters' : 'clusters'}/${untrusted(name, 64)}`

    if (!call.ok) {
      if (isProjectMissing(call))
        return { findings: [], skipped: 'the project was not found (see atlas-read)' }
      if (isNotFound(call)) return notFound(atlas, projectId, name)
      const f =
        call.failure.kind === 'missing-role'
          ? FINDINGS.unreadable(`${path} answered ${serverSaid(call.failure)}.`)
          : atlasFailureFinding('atlas-cluster', `reading the cluster (${path})`, call.failure)
      return { findings: [f], data: { name, found: false } }
    }

    const c = call.data
    const data = dataOf(name, c, type)
    startProbe(ctx.services, ctx.config, data)
    const state = c.paused ? 'PAUSED' : (c.stateName ?? '')
    const outputs = { 'cluster-state': untrusted(state, 40) }
    const what = `${untrusted(name, 64)} (${type}${c.mongoDBVersion ? `, MongoDB ${untrusted(c.mongoDBVersion, 20)}` : ''})`
    const stateText = untrusted(c.stateName ?? 'no stateName', 40)
    const findings: Finding[] = []

    if (c.paused) {
      findings.push(
        FINDINGS.paused(`${what} is paused (stateName ${stateText}): its hosts accept no connection.`)
      )
    } else if (NOT_READY.has(c.stateName ?? '')) {
      findings.push(
        FINDINGS['not-ready'](
          `${what} is ${stateText}: ${c.stateName === 'CREATING' ? 'it is still being created' : 'it is being deleted'}, and accepts no connection.`
        )
      )
    } else if (CHANGING.has(c.stateName ?? '')) {
      findings.push(FINDINGS.changing(`${what} is ${stateText}.`))
    } else if (c.stateName && c.stateName !== 'IDLE') {
      findings.push(
        FINDINGS.changing(`${what} is in a state this preflight does not know (${stateText}).`, {
          title: 'The cluster is in an unusual state'
        })
      )
    }
    if (data.connectable && !data.standard && !data.standardSrv)
      findings.push(
        FINDINGS['no-connection-string'](
          `${path} answered ${stateText} without a standard or SRV connection string.`
        )
      )
    const mismatch = uriMismatch(ctx.config, data)
    if (mismatch && !uriNamesOtherCluster(ctx.config)) findings.push(FINDINGS['uri-other-cluster'](mismatch))
    if (findings.every(f => f.severity === 'notice'))
      findings.push(
        FINDINGS.ready(`${what} is ${stateText}${data.standard ? ', with its connection strings' : ''}.`)
      )
    return { findings, data, outputs }
  }
}

async function notFound(atlas: AtlasClient, projectId: string, name: string) {
  const [dedicated, flex] = await Promise.all([atlas.clusters(projectId), atlas.flexClusters(projectId)])
  const known = [
    ...(dedicated.ok ? dedicated.data.map(c => ({ name: c.name, type: 'dedicated' as const })) : []),
    ...(flex.ok ? flex.data.map(c => ({ name: c.name, type: 'flex' as const })) : [])
  ]
  const listed = known
    .slice(0, 20)
    .map(c => `${untrusted(c.name, 64)} (${c.type})`)
    .join(', ')
  const close = known.find(c => c.name.toLowerCase() === name.toLowerCase())
  const seen =
    known.length > 0
      ? `Project ${projectId} has no cluster named ${untrusted(name, 64)}. Its clusters: ${listed}${known.length > 20 ? `, and ${known.length - 20} more` : ''}.${close ? ` Names are case-sensitive: did you mean ${untrusted(close.name, 64)}?` : ''}`
      : dedicated.ok && flex.ok
        ? `Project ${projectId} has no cluster named ${untrusted(name, 64)}, and no cluster at all is visible to this credential there.`
        : `Project ${projectId} has no cluster named ${untrusted(name, 64)} (the list of its clusters could not be read).`
  return {
    findings: [FINDINGS['not-found'](seen, { data: { clusters: known.slice(0, 20) } })],
    data: { name, found: false, known: known.slice(0, 20) },
    outputs: { 'cluster-state': '' }
  }
}

/**
 * Why `mongodb-uri` does not point at this cluster, from the API's own strings: its SRV name is not the cluster's,
 * or none of its hosts is. Described, never quoted: the connection string is a secret.
 */
function uriMismatch(config: Config, data: ClusterData): string | undefined {
  const uri = config.mongodbUri ? parseConnectionString(config.mongodbUri) : undefined
  if (!uri || uri.scheme === 'other' || uri.hosts.length === 0) return undefined
  const hostsOf = (s?: string) => (s ? (parseConnectionString(s)?.hosts.map(h => h.host) ?? []) : [])
  const mine = uri.hosts.map(h => h.host)
  if (uri.srv) {
    const srv = hostsOf(data.standardSrv)
    if (srv.length === 0 || srv.includes(mine[0]!)) return undefined
    return `The SRV host name in \`mongodb-uri\` is not the one Atlas gives for cluster ${untrusted(data.name, 64)}.`
  }
  const standard = hostsOf(data.standard)
  if (standard.length === 0 || mine.some(h => standard.includes(h))) return undefined
  return `None of the ${mine.length} host(s) in \`mongodb-uri\` is a host Atlas lists for cluster ${untrusted(data.name, 64)}.`
}
