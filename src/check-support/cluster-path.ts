/**
 * What the cluster-path checks share: the cluster read (dedicated, then flex on its own path), whether a state lets
 * clients connect, and the hosts to probe (from `mongodb-uri`, else from the API's `standard` string).
 */
import type { AtlasCall, AtlasClient } from '../atlas/client.js'
import type { Cluster } from '../atlas/types.js'
import type { Config } from '../config/config.js'
import {
  parseConnectionString,
  probePlanOf,
  probeTargetOf,
  type NotProbed,
  type ProbeTarget
} from '../net/connection-string.js'
import { cleaned } from '../core/pasted.js'

export type ClusterType = 'dedicated' | 'flex'

/** atlas-cluster's data, read by cluster-reachability. */
export interface ClusterData extends Record<string, unknown> {
  name: string
  found: boolean
  type?: ClusterType
  stateName?: string
  paused?: boolean
  /** Clients can connect now (not paused, not being created or deleted). */
  connectable?: boolean
  standard?: string
  standardSrv?: string
  /** Names of the project's clusters, when the asked one was not found. */
  known?: { name: string; type: ClusterType }[]
}

/**
 * A flex cluster asked for on the dedicated path: 400 CANNOT_USE_FLEX_CLUSTER_IN_CLUSTER_API (confirmed,
 * ../shared/reference/atlas-round3.md §2, also with version 2024-08-05); any other 400 code naming flex is read the same.
 */
export function isFlexRefusal(call: AtlasCall<unknown>): boolean {
  return (
    !call.ok &&
    call.failure.status === 400 &&
    (call.failure.errorCode === 'CANNOT_USE_FLEX_CLUSTER_IN_CLUSTER_API' ||
      /FLEX/i.test(call.failure.errorCode ?? ''))
  )
}

/** A 404 about the project itself (atlas-read reports it), as opposed to the cluster or user asked for. */
export function isProjectMissing(call: AtlasCall<unknown>): boolean {
  return (
    !call.ok &&
    (call.failure.status === 404 || call.failure.kind === 'not-found') &&
    /^(GROUP_NOT_FOUND|INVALID_GROUP_ID|NOT_ATLAS_GROUP)$/.test(call.failure.errorCode ?? '')
  )
}

export function isNotFound(call: AtlasCall<unknown>): boolean {
  return !call.ok && call.failure.status === 404 && !isProjectMissing(call)
}

/** The cluster, dedicated first, then flex (a 400 naming flex, or a 404 a flex cluster may hide behind). */
export async function readCluster(
  atlas: AtlasClient,
  projectId: string,
  name: string
): Promise<{ call: AtlasCall<Cluster>; type: ClusterType }> {
  const dedicated = await atlas.cluster(projectId, name)
  if (dedicated.ok || !(isFlexRefusal(dedicated) || isNotFound(dedicated)))
    return { call: dedicated, type: 'dedicated' }
  const flex = await atlas.flexCluster(projectId, name)
  if (flex.ok || isFlexRefusal(dedicated)) return { call: flex, type: 'flex' }
  return { call: dedicated, type: 'dedicated' }
}

/** States clients cannot connect in. */
export const NOT_READY = new Set(['CREATING', 'DELETING', 'DELETED'])
/** States clients usually can connect in, with interruptions. */
export const CHANGING = new Set(['UPDATING', 'REPAIRING'])

export function connectable(c: Pick<Cluster, 'stateName' | 'paused'>): boolean {
  return c.paused !== true && !NOT_READY.has(c.stateName ?? '')
}

/**
 * What to probe for `mongodb-uri`: its hosts, or why nothing is (the lint refuses the string: a driver would not
 * connect, so the probe does not either; Unix domain sockets are paths on the deploy's machine). Undefined when
 * `mongodb-uri` is not given.
 */
export function uriPlan(config: Config): { target: ProbeTarget } | { notProbed: NotProbed } | undefined {
  if (!config.mongodbUri || config.mongodbUri.trim() === '') return undefined
  const cs = parseConnectionString(cleaned(config.mongodbUri))
  return cs ? probePlanOf(cs) : { notProbed: 'refused' }
}

/** The hosts of `mongodb-uri`, when the lint accepts it and it names network hosts. */
export function uriTarget(config: Config): ProbeTarget | undefined {
  const plan = uriPlan(config)
  return plan && 'target' in plan ? plan.target : undefined
}

/** The hosts of the API's `standard` connection string (no DNS SRV needed). */
export function apiTarget(data: Pick<ClusterData, 'standard' | 'standardSrv'>): ProbeTarget | undefined {
  for (const s of [data.standard, data.standardSrv]) {
    const cs = s ? parseConnectionString(s) : undefined
    const t = cs ? probeTargetOf(cs) : undefined
    if (t) return t
  }
  return undefined
}

declare module './check-data.js' {
  interface CheckData {
    'atlas-cluster': ClusterData
  }
}
