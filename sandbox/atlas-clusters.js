// Clusters and database users in the Atlas Administration API stand-in (atlas-round2.md §2–3): GET
// …/clusters[/{clusterName}] at three versions, …/flexClusters[/{name}] and …/databaseUsers[/{db}/{user}], with
// connection strings from the sandbox's live cluster listeners (clusters.js). Methods of AtlasService (composed in
// atlas.js) and the route atlas.js's router takes from here.
import { hexId } from './clusters.js'
import { sendJson } from './http-util.js'
import { DAY, VERSIONS, apiError, isoSeconds, notImplemented } from './atlas-common.js'

/** The versions GET …/clusters[/{clusterName}] is served at (atlas-round2.md §2). */
const CLUSTER_VERSIONS = ['2023-01-01', '2023-02-01', '2024-08-05']

/** Reads below /groups/{groupId}. */
export const CLUSTER_ROUTES = [
  [
    /^\/(clusters|flexClusters|databaseUsers)(\/|$)/,
    (svc, r) => svc.clusterRead(r.req, r.res, r.url, r.g, r.rest, r.self, r.ok)
  ]
]

export class ClusterReads {
  /**
   * GET …/clusters[/{clusterName}] (2023-01-01, 2023-02-01, 2024-08-05: the answer is served at the latest of those
   * not after the asked date, and says which), …/flexClusters[/{name}] (2024-11-13) and
   * …/databaseUsers[/{databaseName}/{username}] (2023-01-01). Project Read Only suffices (checked by the caller).
   */
  clusterRead(req, res, url, g, rest, self, ok) {
    const gid = g.id
    const clusters = g.clusters ?? []
    const asked =
      /application\/vnd\.atlas\.(\d{4}-\d{2}-\d{2})\+json/.exec(String(req.headers.accept))?.[1] ?? ''
    const fail = (status, code, detail, params) =>
      sendJson(res, status, apiError(status, code, detail, params))
    let m
    if ((m = /^\/clusters(?:\/([^/]+))?$/.exec(rest))) {
      const served = [...CLUSTER_VERSIONS].reverse().find(v => v <= asked) ?? CLUSTER_VERSIONS[0]
      if ((this.s.atlas.clusterVersionsGone ?? []).includes(served))
        return fail(
          410,
          'VERSION_GONE',
          `Version ${served} of api/atlas/v2/groups/${gid}/clusters is no longer available`,
          [served, `api/atlas/v2/groups/${gid}/clusters`]
        )
      if (!m[1])
        return ok(
          this.page(
            url,
            clusters
              .filter(c => c.type !== 'flex')
              .map(c => this.clusterView(g, c, served, `${self}/${c.name}`)),
            self
          ),
          served
        )
      const name = decodeURIComponent(m[1])
      const c = clusters.find(x => x.name === name)
      if (!c)
        return fail(404, 'CLUSTER_NOT_FOUND', `No cluster named ${name} exists in group ${gid}.`, [name, gid])
      if (c.type === 'flex')
        // errorCode and detail as seen in terraform-provider-mongodbatlas CI logs and mongodb-atlas-cli code
        // (FIELD); the spec only says 400.
        return fail(
          400,
          'CANNOT_USE_FLEX_CLUSTER_IN_CLUSTER_API',
          `Flex cluster ${name} cannot be used in the Cluster API.`,
          [name]
        )
      return ok(this.clusterView(g, c, served, self), served)
    }
    if ((m = /^\/flexClusters(?:\/([^/]+))?$/.exec(rest))) {
      if (!m[1])
        return ok(
          this.page(
            url,
            clusters.filter(c => c.type === 'flex').map(c => this.flexView(g, c, `${self}/${c.name}`)),
            self
          ),
          VERSIONS.flex
        )
      const name = decodeURIComponent(m[1])
      const c = clusters.find(x => x.name === name)
      // GUESS: errorCode of a missing flex cluster (CLUSTER_NOT_FOUND, as on the dedicated path; unconfirmed).
      if (!c)
        return fail(404, 'CLUSTER_NOT_FOUND', `No cluster named ${name} exists in group ${gid}.`, [name, gid])
      if (c.type !== 'flex')
        // errorCode seen in terraform-provider-mongodbatlas CI logs (FIELD); GUESS: the status 400 and the detail.
        return fail(
          400,
          'CANNOT_USE_NON_FLEX_CLUSTER_IN_FLEX_API',
          `Cluster ${name} is not a flex cluster and cannot be used in the Flex Cluster API.`,
          [name]
        )
      return ok(this.flexView(g, c, self), VERSIONS.flex)
    }
    const users = g.databaseUsers ?? []
    if (rest === '/databaseUsers')
      return ok(
        this.page(
          url,
          users.map(u =>
            this.databaseUserView(
              g,
              u,
              `${self}/${encodeURIComponent(u.databaseName ?? 'admin')}/${encodeURIComponent(u.username)}`
            )
          ),
          self
        )
      )
    if ((m = /^\/databaseUsers\/([^/]+)\/([^/]+)$/.exec(rest))) {
      const [db, username] = [decodeURIComponent(m[1]), decodeURIComponent(m[2])]
      const u = users.find(x => (x.databaseName ?? 'admin') === db && x.username === username)
      // GUESS: errorCode and detail of a missing database user (USERNAME_NOT_FOUND is recalled from Atlas's error
      // list, not confirmed by the reference sheets).
      if (!u) return fail(404, 'USERNAME_NOT_FOUND', `No user with username ${username} exists.`, [username])
      return ok(this.databaseUserView(g, u, self))
    }
    return sendJson(res, 501, notImplemented(req.method ?? 'GET', `/api/atlas/v2/groups/${gid}${rest}`))
  }

  /** Connection strings from the cluster's live hosts ({} while it has none). */
  connectionStrings(g, c) {
    const net = this.clusterNet.find(g.id, c.name)
    if (!net?.standard) return {}
    return { standard: net.standard, standardSrv: net.standardSrv }
  }

  /**
   * A dedicated cluster as the asked version shapes it (field subset): 2023-01-01 LegacyAtlasCluster (with the
   * legacy mongoURI/srvAddress fields), 2023-02-01 AdvancedClusterDescription (replicationSpecs with numShards),
   * 2024-08-05 ClusterDescription20240805 (one replicationSpec per shard, zoneId, disk size per region config).
   */
  clusterView(g, c, version, self) {
    const net = this.clusterNet.find(g.id, c.name)
    const cs = this.connectionStrings(g, c)
    const mongoDBVersion = c.mongoDBVersion ?? '8.0.4'
    const region = c.regionName ?? 'US_EAST_1'
    const size = c.instanceSize ?? 'M10'
    const nodes = Math.max(3, (c.hosts ?? []).length)
    const specId = hexId(`${g.id}/${c.name}/spec`)
    const v = {
      id: net?.id ?? hexId(`${g.id}/${c.name}`),
      name: c.name,
      groupId: g.id,
      clusterType: 'REPLICASET',
      stateName: c.stateName ?? 'IDLE',
      paused: !!c.paused,
      mongoDBVersion,
      mongoDBMajorVersion: mongoDBVersion.split('.').slice(0, 2).join('.'),
      createDate: isoSeconds(this.started - 90 * DAY),
      connectionStrings: cs,
      backupEnabled: false,
      pitEnabled: false,
      terminationProtectionEnabled: false,
      versionReleaseSystem: 'LTS',
      rootCertType: 'ISRGROOTX1',
      encryptionAtRestProvider: 'NONE',
      links: [{ href: self, rel: 'self' }]
    }
    if (version === '2023-01-01') {
      const hosts = cs.standard ? cs.standard.replace(/^mongodb:\/\//, '').replace(/\/\?.*$/, '') : ''
      return {
        ...v,
        diskSizeGB: 10,
        numShards: 1,
        replicationFactor: nodes,
        providerSettings: { providerName: 'AWS', regionName: region, instanceSizeName: size },
        replicationSpecs: [
          {
            id: specId,
            numShards: 1,
            zoneName: 'Zone 1',
            regionsConfig: {
              [region]: { electableNodes: nodes, priority: 7, readOnlyNodes: 0, analyticsNodes: 0 }
            }
          }
        ],
        ...(cs.standard
          ? {
              mongoURI: `mongodb://${hosts}`,
              mongoURIWithOptions: cs.standard,
              srvAddress: cs.standardSrv,
              mongoURIUpdated: isoSeconds(this.started - 90 * DAY)
            }
          : {})
      }
    }
    const regionConfig = {
      providerName: 'AWS',
      regionName: region,
      priority: 7,
      electableSpecs: {
        instanceSize: size,
        nodeCount: nodes,
        ...(version >= '2024-08-05' ? { diskSizeGB: 10 } : {})
      }
    }
    if (version === '2023-02-01')
      return {
        ...v,
        diskSizeGB: 10,
        replicationSpecs: [{ id: specId, numShards: 1, zoneName: 'Zone 1', regionConfigs: [regionConfig] }]
      }
    return {
      ...v,
      replicationSpecs: [
        {
          id: specId,
          zoneId: hexId(`${g.id}/${c.name}/zone`),
          zoneName: 'Zone 1',
          regionConfigs: [regionConfig]
        }
      ]
    }
  }

  /** A flex cluster (FlexClusterDescription20241113, field subset): no `paused`. */
  flexView(g, c, self) {
    const net = this.clusterNet.find(g.id, c.name)
    return {
      id: net?.id ?? hexId(`${g.id}/${c.name}`),
      name: c.name,
      groupId: g.id,
      clusterType: 'REPLICASET',
      stateName: c.stateName ?? 'IDLE',
      mongoDBVersion: c.mongoDBVersion ?? '8.0.4',
      createDate: isoSeconds(this.started - 90 * DAY),
      connectionStrings: this.connectionStrings(g, c),
      providerSettings: {
        providerName: 'FLEX',
        backingProviderName: 'AWS',
        regionName: c.regionName ?? 'US_EAST_1',
        diskSizeGB: 5
      },
      backupSettings: { enabled: true },
      terminationProtectionEnabled: false,
      versionReleaseSystem: 'LTS',
      tags: [],
      links: [{ href: self, rel: 'self' }]
    }
  }

  /**
   * CloudDatabaseUser: never a password (a scenario's `password`, if any, stays in the sandbox). A temporary user
   * carries deleteAfterDate (`deleteAfterDate`, or `deleteAfterHours` from sandbox start, negative = past) and is
   * still answered after it: Atlas's deletion is not instant, and the check must say so.
   */
  databaseUserView(g, u, self) {
    const expires = this.expiresAt(u)
    const db = u.databaseName ?? 'admin'
    return {
      databaseName: db,
      groupId: g.id,
      username: u.username,
      roles: (u.roles ?? []).map(r => ({
        roleName: r.roleName,
        databaseName: r.databaseName ?? 'admin',
        ...(r.collectionName ? { collectionName: r.collectionName } : {})
      })),
      scopes: (u.scopes ?? []).map(s => ({ name: s.name, type: s.type ?? 'CLUSTER' })),
      labels: [],
      ...(u.description ? { description: u.description } : {}),
      ...(expires !== undefined ? { deleteAfterDate: isoSeconds(expires) } : {}),
      awsIAMType: u.awsIAMType ?? 'NONE',
      ldapAuthType: u.ldapAuthType ?? 'NONE',
      oidcAuthType: u.oidcAuthType ?? 'NONE',
      x509Type: u.x509Type ?? 'NONE',
      links: [{ href: self, rel: 'self' }]
    }
  }
}
