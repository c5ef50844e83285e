import { describe, expect, it } from '@jest/globals'
import { atlasClusterCheck } from '../../src/checks/index.js'
import type { Prober } from '../../src/net/prober.js'
import {
  API_KEY_INPUTS,
  PROJECT_ID,
  atlasError,
  json,
  problems,
  runCheck,
  seenOf,
  statusOf
} from '../helpers/check-context.js'

const INPUTS = { ...API_KEY_INPUTS, 'atlas-project-id': PROJECT_ID, cluster: 'Cluster0' }
const BASE = `/api/atlas/v2/groups/${PROJECT_ID}`
const GET = (p: string) => `GET ${BASE}${p}`
const STANDARD =
  'mongodb://cluster0-shard-00-00.abcde.mongodb.net:27017,cluster0-shard-00-01.abcde.mongodb.net:27017/?ssl=true'
const SRV = 'mongodb+srv://cluster0.abcde.mongodb.net'
const cluster = (extra: Record<string, unknown> = {}) =>
  json(200, {
    name: 'Cluster0',
    stateName: 'IDLE',
    paused: false,
    mongoDBVersion: '8.0.4',
    connectionStrings: { standard: STANDARD, standardSrv: SRV },
    ...extra
  })
const page = (...names: string[]) =>
  json(200, { results: names.map(name => ({ name })), totalCount: names.length })

describe('atlas-cluster', () => {
  it('pass: an IDLE dedicated cluster with its connection strings', async () => {
    const { outcome } = await runCheck(atlasClusterCheck, {
      inputs: INPUTS,
      routes: { [GET('/clusters/Cluster0')]: cluster() }
    })
    expect(statusOf(outcome)).toBe('pass')
    expect(outcome.outputs).toEqual({ 'cluster-state': 'IDLE' })
    expect(outcome.data).toMatchObject({
      found: true,
      type: 'dedicated',
      connectable: true,
      standard: STANDARD
    })
    expect(seenOf(outcome)).toContain('Cluster0 (dedicated, MongoDB 8.0.4) is IDLE')
  })

  it('starts the probe of the API hosts as soon as the read answers', async () => {
    const targets: unknown[] = []
    const { ctx } = await runCheck(atlasClusterCheck, {
      inputs: INPUTS,
      routes: { [GET('/clusters/Cluster0')]: cluster() }
    })
    ctx.services.net = {
      probe: (t: unknown) => (targets.push(t), new Promise(() => undefined))
    } as unknown as Prober
    await atlasClusterCheck.run(ctx)
    expect(targets).toEqual([
      {
        kind: 'hosts',
        hosts: [
          { host: 'cluster0-shard-00-00.abcde.mongodb.net', port: 27017 },
          { host: 'cluster0-shard-00-01.abcde.mongodb.net', port: 27017 }
        ]
      }
    ])
  })

  it('a flex cluster: 400 CANNOT_USE_FLEX_CLUSTER_IN_CLUSTER_API, then …/flexClusters/{name}', async () => {
    const { outcome, http } = await runCheck(atlasClusterCheck, {
      inputs: INPUTS,
      routes: {
        [GET('/clusters/Cluster0')]: atlasError(400, 'CANNOT_USE_FLEX_CLUSTER_IN_CLUSTER_API'),
        [GET('/flexClusters/Cluster0')]: cluster({ paused: undefined })
      }
    })
    expect(statusOf(outcome)).toBe('pass')
    expect(outcome.data).toMatchObject({ type: 'flex', stateName: 'IDLE' })
    expect(http.calls.map(c => c.headers?.['accept'])).toEqual([
      'application/vnd.atlas.2024-08-05+json',
      'application/vnd.atlas.2024-11-13+json'
    ])
  })

  it('atlas-cluster/not-found: names the dedicated and flex clusters the project has', async () => {
    const { outcome } = await runCheck(atlasClusterCheck, {
      inputs: { ...INPUTS, cluster: 'cluster1' },
      routes: {
        [GET('/clusters/cluster1')]: atlasError(404, 'CLUSTER_NOT_FOUND'),
        [GET('/flexClusters/cluster1')]: atlasError(404, 'CLUSTER_NOT_FOUND'),
        [GET('/clusters')]: page('Cluster0', 'Cluster1'),
        [GET('/flexClusters')]: page('Flex0')
      }
    })
    expect(problems(outcome)).toEqual([['atlas-cluster/not-found', 'error']])
    expect(seenOf(outcome)).toContain(
      'Its clusters: Cluster0 (dedicated), Cluster1 (dedicated), Flex0 (flex)'
    )
    expect(seenOf(outcome)).toContain('did you mean Cluster1?')
    expect(outcome.outputs).toEqual({ 'cluster-state': '' })
  })

  it('atlas-cluster/not-found: says when no cluster is visible at all', async () => {
    const { outcome } = await runCheck(atlasClusterCheck, {
      inputs: INPUTS,
      routes: {
        [GET('/clusters/Cluster0')]: atlasError(404, 'CLUSTER_NOT_FOUND'),
        [GET('/flexClusters/Cluster0')]: atlasError(404, 'CLUSTER_NOT_FOUND'),
        [GET('/clusters')]: page(),
        [GET('/flexClusters')]: page()
      }
    })
    expect(problems(outcome)).toEqual([['atlas-cluster/not-found', 'error']])
    expect(seenOf(outcome)).toContain('no cluster at all is visible to this credential')
  })

  it.each([
    ['atlas-cluster/paused', { paused: true }, 'PAUSED', 'error'],
    ['atlas-cluster/not-ready', { stateName: 'CREATING', connectionStrings: {} }, 'CREATING', 'error'],
    ['atlas-cluster/not-ready', { stateName: 'DELETING' }, 'DELETING', 'error'],
    ['atlas-cluster/changing', { stateName: 'UPDATING' }, 'UPDATING', 'warning'],
    ['atlas-cluster/changing', { stateName: 'REPAIRING' }, 'REPAIRING', 'warning'],
    ['atlas-cluster/no-connection-string', { connectionStrings: {} }, 'IDLE', 'warning']
  ])('%s (%j)', async (id, extra, state, severity) => {
    const { outcome } = await runCheck(atlasClusterCheck, {
      inputs: INPUTS,
      routes: { [GET('/clusters/Cluster0')]: cluster(extra) }
    })
    expect(problems(outcome)).toEqual([[id, severity]])
    expect(outcome.outputs).toEqual({ 'cluster-state': state })
  })

  it('atlas-cluster/uri-other-cluster: mongodb-uri names another cluster than Atlas gives', async () => {
    const { outcome } = await runCheck(atlasClusterCheck, {
      inputs: { ...INPUTS, 'mongodb-uri': 'mongodb+srv://u:p@other0.zzzzz.example.org/' },
      routes: { [GET('/clusters/Cluster0')]: cluster() }
    })
    expect(problems(outcome)).toEqual([['atlas-cluster/uri-other-cluster', 'warning']])
    expect(JSON.stringify(outcome)).not.toContain('other0')
  })

  it('atlas-cluster/unreadable without Project Read Only; shared failures (atlas-cluster/atlas-unavailable)', async () => {
    const a = await runCheck(atlasClusterCheck, {
      inputs: INPUTS,
      routes: { [GET('/clusters/Cluster0')]: atlasError(401, 'USER_UNAUTHORIZED') }
    })
    expect(problems(a.outcome)).toEqual([['atlas-cluster/unreadable', 'warning']])
    const b = await runCheck(atlasClusterCheck, {
      inputs: INPUTS,
      routes: { [GET('/clusters/Cluster0')]: atlasError(503, 'SERVICE_UNAVAILABLE') }
    })
    expect(problems(b.outcome)).toEqual([['atlas-cluster/atlas-unavailable', 'error']])
  })

  it('a missing project is atlas-read’s to report: skipped', async () => {
    const { outcome } = await runCheck(atlasClusterCheck, {
      inputs: INPUTS,
      routes: { [GET('/clusters/Cluster0')]: atlasError(404, 'GROUP_NOT_FOUND') }
    })
    expect(statusOf(outcome)).toBe('skipped')
  })

  it('applies only with cluster and atlas-project-id', () => {
    expect(
      atlasClusterCheck.applies({ cluster: undefined, atlas: { projectId: PROJECT_ID } } as never)
    ).not.toBe(true)
    expect(atlasClusterCheck.applies({ cluster: 'c', atlas: {} } as never)).not.toBe(true)
    expect(atlasClusterCheck.applies({ cluster: 'c', atlas: { projectId: PROJECT_ID } } as never)).toBe(true)
  })
})
