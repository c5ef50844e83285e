/**
 * The run of `atlas-cluster`, loaded when the check runs: src/checks/atlas-cluster.ts declares the check, and the registry
 * (src/checks/index.ts) puts the two together.
 */
import { uriNamesOtherCluster } from '../../check-support/mongodb-uri.js'
import type { AtlasClient } from '../../atlas/client.js'
import type { Config } from '../../config/config.js'
import type { Finding } from '../../core/finding.js'
import { untrusted } from '../../core/untrusted.js'
import { atlasFailureFinding, serverSaid } from '../../check-support/atlas-failures.js'
import { needClient, type CheckContext, type CheckOutcome } from '../../check-support/check.js'
import {
  CHANGING,
  NOT_READY,
  isNotFound,
  isProjectMissing,
  readCluster,
  type ClusterData
} from '../../check-support/cluster-path.js'
import { parseConnectionString } from '../../net/connection-string.js'
import { FINDINGS, startProbe, dataOf } from '../atlas-cluster.js'

export async function run(ctx: CheckContext): Promise<CheckOutcome<ClusterData>> {
  const atlas = needClient(ctx.services.atlas, 'the Atlas client')
  const projectId = ctx.config.atlas.projectId!
  const name = ctx.config.cluster!
  const { call, type } = await readCluster(atlas, projectId, name)
  const path = `GET /api/atlas/v2/groups/${projectId}/${type === 'flex' ? 'flexClusters' : 'clusters'}/${untrusted(name, 64)}`

  if (!call.ok) {
    if (isProjectMissing(call)) return { findings: [], skipped: 'the project was not found (see atlas-read)' }
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
