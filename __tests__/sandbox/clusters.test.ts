/**
 * The sandbox's cluster path (issue 14), tested on its own, over real sockets: the cluster, flex-cluster and
 * database-user routes over HTTP (Bearer and Digest, roles, versions, pagination, errors, fault route keys), the
 * DNS responder through Node's own resolver pointed at it (SRV, TXT, A, and hang / NXDOMAIN / SERVFAIL), and each
 * kind of cluster host: TLS with the test CA (and nothing sent after the handshake), an untrusted certificate, a
 * close before TLS, a host that never answers, a refused port. Nothing here sleeps; the only timers are the
 * client-side timeouts whose firing is the behaviour under test.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { promises as dnsPromises } from 'node:dns'
import { connect as netConnect, type Socket } from 'node:net'
import { connect as tlsConnect, type TLSSocket } from 'node:tls'
import { startSandbox } from '../../sandbox/index.js'
import { DnsResponder } from '../../sandbox/dns.js'
import { DigestSession } from '../../src/atlas/auth/digest.js'
import { testHttp } from '../helpers/http.js'
import { requestToken } from '../helpers/token.js'

const GROUP = '65a1b2c3d4e5f60718293a4c'
const STAGING = '65a1b2c3d4e5f60718293a4d'
const CID = 'mdb_sa_id_65a1b2c3d4e5f60718293a51'
const SECRET = 'mdb_sa_sk_SandboxSecret0123456789abcdefABCDEF012345'
const V = (date: string) => `application/vnd.atlas.${date}+json`
const V1 = V('2023-01-01')
const VF = V('2024-11-13')

type Sandbox = Awaited<ReturnType<typeof startSandbox>>
type Host = Sandbox['clusters'][number]['hosts'][number]
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any

async function tokenFor(s: Sandbox) {
  const res = await requestToken(s.atlasUrl, CID, SECRET)
  return ((await res.json()) as { access_token: string }).access_token
}

/** A world from a scenario (name or object), with a Bearer GET on its project. */
async function world(scenario: string | object) {
  const sandbox = await startSandbox({ scenario })
  const token = await tokenFor(sandbox)
  const get = async (path: string, accept = V1, group = GROUP) => {
    const res = await fetch(`${sandbox.atlasUrl}/api/atlas/v2/groups/${group}${path}`, {
      headers: { authorization: `Bearer ${token}`, accept }
    })
    return {
      status: res.status,
      type: res.headers.get('content-type') ?? '',
      body: (await res.json()) as Json
    }
  }
  const resolver = () => {
    const r = new dnsPromises.Resolver({ timeout: 250, tries: 1 })
    r.setServers([sandbox.dnsServer])
    return r
  }
  const cluster = (name = 'Cluster0') => sandbox.clusters.find(c => c.name === name)!
  return { sandbox, get, resolver, cluster }
}

/** The error code a promise rejects with. */
async function code(p: Promise<unknown>) {
  try {
    await p
    return 'resolved'
  } catch (e) {
    return (e as { code?: string }).code
  }
}

/** A TLS connection's outcome: 'secure' (with the bytes it received until the server ended), or its error. */
function tlsTry(host: Host, options: Record<string, unknown>) {
  return new Promise<{
    outcome: string
    error?: Error & { code?: string }
    received?: number
    socket?: TLSSocket
  }>(resolve => {
    const s = tlsConnect({ host: '127.0.0.1', port: host.port, servername: host.name, ...options })
    s.once('secureConnect', () => resolve({ outcome: 'secure', socket: s }))
    s.once('error', error => resolve({ outcome: 'error', error: error as Error & { code?: string } }))
  })
}

/** Half-closes `s` after writing `payload`, then counts what the server sends until it ends the connection. */
function drain(s: Socket, payload?: string) {
  return new Promise<number>(resolve => {
    let n = 0
    s.on('data', d => (n += d.length))
    s.once('end', () => resolve(n))
    s.once('close', () => resolve(n))
    s.on('error', () => undefined)
    if (payload) s.write(payload)
    s.end()
  })
}

describe('the Atlas cluster and database-user routes', () => {
  let w: Awaited<ReturnType<typeof world>>
  beforeAll(async () => {
    w = await world({
      extends: 'cluster-flex',
      atlas: {
        projects: [
          {
            id: GROUP,
            name: 'production',
            accessList: [{ cidrBlock: '203.0.113.0/24', status: 'ACTIVE' }],
            clusters: [
              { name: 'Cluster0', hosts: ['tls', 'tls', 'tls'] },
              { name: 'Cluster1', stateName: 'UPDATING', hosts: ['tls'] },
              { name: 'Flex0', type: 'flex', hosts: ['tls', 'tls', 'tls'] }
            ],
            databaseUsers: [
              {
                username: 'app-deploy',
                databaseName: 'admin',
                password: 'never-shown-p@ss',
                roles: [{ roleName: 'readWrite', databaseName: 'app' }],
                scopes: [{ name: 'Cluster0', type: 'CLUSTER' }]
              },
              {
                username: 'arn:aws:iam::123456789012:role/deploy',
                databaseName: '$external',
                awsIAMType: 'ROLE',
                roles: [{ roleName: 'read', databaseName: 'app', collectionName: 'orders' }],
                scopes: [],
                deleteAfterHours: -1
              }
            ]
          },
          { id: STAGING, name: 'staging', accessList: [] }
        ]
      }
    })
  })
  afterAll(() => w.sandbox.stop())

  it('answers a dedicated cluster with its state and the live hosts in its connection strings', async () => {
    const r = await w.get('/clusters/Cluster0')
    expect([r.status, r.type]).toEqual([200, `${V1};charset=utf-8`])
    expect(r.body).toMatchObject({ name: 'Cluster0', groupId: GROUP, stateName: 'IDLE', paused: false })
    const c = w.cluster()
    const hostPorts = c.hosts.map(h => `${h.name}:${h.port}`).join(',')
    expect(r.body.connectionStrings).toEqual({
      standard: `mongodb://${hostPorts}/?ssl=true&authSource=admin&replicaSet=${c.replicaSet}`,
      standardSrv: 'mongodb+srv://cluster0.a1b2c.sandbox.test'
    })
    expect(c.hosts.map(h => h.name)).toEqual([
      'cluster0-shard-00-00.a1b2c.sandbox.test',
      'cluster0-shard-00-01.a1b2c.sandbox.test',
      'cluster0-shard-00-02.a1b2c.sandbox.test'
    ])
    expect(JSON.stringify(r.body)).not.toContain(':27017')
  })

  it.each([
    ['2023-01-01', '2023-01-01'],
    ['2023-02-01', '2023-02-01'],
    ['2024-08-05', '2024-08-05'],
    ['2023-06-01', '2023-02-01'],
    ['2025-03-12', '2024-08-05']
  ])('serves Accept %s at version %s, shaped for it', async (asked, served) => {
    const r = await w.get('/clusters/Cluster0', V(asked))
    expect([r.status, r.type]).toEqual([200, `${V(served)};charset=utf-8`])
    expect(r.body.srvAddress).toBe(served === '2023-01-01' ? r.body.connectionStrings.standardSrv : undefined)
    expect('numShards' in r.body.replicationSpecs[0]).toBe(served !== '2024-08-05')
  })

  it('refuses a version before the first, and a version the scenario says is gone', async () => {
    const r = await w.get('/clusters/Cluster0', V('2022-12-31'))
    expect([r.status, r.body.errorCode]).toEqual([406, 'INVALID_VERSION_DATE'])
    const s = await world({ extends: 'healthy', atlas: { clusterVersionsGone: ['2023-02-01'] } })
    const gone = await s.get('/clusters', V('2023-02-01'))
    expect([gone.status, gone.body.errorCode]).toEqual([410, 'VERSION_GONE'])
    expect(gone.body.detail).toBe(
      `Version 2023-02-01 of api/atlas/v2/groups/${GROUP}/clusters is no longer available`
    )
    expect((await s.get('/clusters', V('2024-08-05'))).status).toBe(200)
    await s.sandbox.stop()
  })

  it('lists dedicated clusters (not flex) page by page', async () => {
    const all = await w.get('/clusters?itemsPerPage=1&pageNum=2', V('2024-08-05'))
    expect(all.status).toBe(200)
    expect(all.body.totalCount).toBe(2)
    expect(all.body.results.map((c: Json) => [c.name, c.stateName])).toEqual([['Cluster1', 'UPDATING']])
    const flex = await w.get('/flexClusters', VF)
    expect(flex.body.results.map((c: Json) => c.name)).toEqual(['Flex0'])
  })

  it('answers a flex cluster on its own path only: 400 on the dedicated one, 406 below 2024-11-13', async () => {
    const dedicated = await w.get('/clusters/Flex0')
    expect([dedicated.status, dedicated.body.errorCode, dedicated.body.parameters]).toEqual([
      400,
      'CANNOT_USE_FLEX_CLUSTER_IN_CLUSTER_API',
      ['Flex0']
    ])
    const r = await w.get('/flexClusters/Flex0', VF)
    expect([r.status, r.type]).toEqual([200, `${VF};charset=utf-8`])
    expect(r.body).toMatchObject({
      name: 'Flex0',
      stateName: 'IDLE',
      providerSettings: { providerName: 'FLEX' }
    })
    expect(r.body.paused).toBeUndefined()
    expect(r.body.connectionStrings.standardSrv).toBe('mongodb+srv://flex0.a1b2c.sandbox.test')
    expect((await w.get('/flexClusters/Flex0', V('2024-08-05'))).status).toBe(406)
    const other = await w.get('/flexClusters/Cluster0', VF)
    expect([other.status, other.body.errorCode]).toEqual([400, 'CANNOT_USE_NON_FLEX_CLUSTER_IN_FLEX_API'])
  })

  it('404 CLUSTER_NOT_FOUND names the cluster and the project', async () => {
    for (const [path, accept] of [
      ['/clusters/Cluster9', V1],
      ['/flexClusters/Cluster9', VF]
    ]) {
      const r = await w.get(path!, accept)
      expect([r.status, r.type, r.body.errorCode, r.body.parameters]).toEqual([
        404,
        'application/json',
        'CLUSTER_NOT_FOUND',
        ['Cluster9', GROUP]
      ])
    }
  })

  it('answers a database user without its password, $external and temporary users too', async () => {
    const r = await w.get('/databaseUsers/admin/app-deploy')
    expect([r.status, r.type]).toEqual([200, `${V1};charset=utf-8`])
    expect(r.body).toMatchObject({
      databaseName: 'admin',
      username: 'app-deploy',
      groupId: GROUP,
      roles: [{ roleName: 'readWrite', databaseName: 'app' }],
      scopes: [{ name: 'Cluster0', type: 'CLUSTER' }]
    })
    expect(JSON.stringify(r.body)).not.toContain('never-shown')
    expect(r.body.password).toBeUndefined()
    const iam = await w.get(
      `/databaseUsers/%24external/${encodeURIComponent('arn:aws:iam::123456789012:role/deploy')}`
    )
    expect(iam.status).toBe(200)
    expect(iam.body).toMatchObject({ databaseName: '$external', awsIAMType: 'ROLE', scopes: [] })
    expect(iam.body.roles).toEqual([{ roleName: 'read', databaseName: 'app', collectionName: 'orders' }])
    expect(Date.parse(iam.body.deleteAfterDate)).toBeLessThan(Date.now()) // past its date, still answered
    const list = await w.get('/databaseUsers')
    expect(list.body.results.map((u: Json) => u.username)).toEqual([
      'app-deploy',
      'arn:aws:iam::123456789012:role/deploy'
    ])
    expect(JSON.stringify(list.body)).not.toContain('never-shown')
  })

  it('404 USERNAME_NOT_FOUND for a user that does not exist (or is in the other database)', async () => {
    for (const path of ['/databaseUsers/admin/nobody', '/databaseUsers/%24external/app-deploy']) {
      const r = await w.get(path)
      expect([r.status, r.body.errorCode]).toEqual([404, 'USERNAME_NOT_FOUND'])
    }
  })

  it('needs a project role (Project Read Only suffices): 401 USER_UNAUTHORIZED without one', async () => {
    for (const path of ['/clusters/Cluster0', '/clusters', '/databaseUsers/admin/app-deploy'])
      expect((await w.get(path, V1, STAGING)).body.errorCode).toBe('USER_UNAUTHORIZED')
    const r = await w.get('/flexClusters/Flex0', VF, STAGING)
    expect([r.status, r.body.errorCode]).toEqual([401, 'USER_UNAUTHORIZED'])
  })

  it('answers API keys over Digest like the other reads', async () => {
    const t = testHttp([w.sandbox.atlasUrl])
    const transport = new DigestSession('sbxpubky', '3f6c1b2a-8d4e-4f7a-9b1c-2d3e4f5a6b7c').transport
    const read = (path: string, accept: string) =>
      t.http.request({
        method: 'GET',
        url: `${w.sandbox.atlasUrl}/api/atlas/v2/groups/${GROUP}${path}`,
        headers: { accept },
        credentialed: true,
        idempotent: true,
        transport
      })
    const c = await read('/clusters/Cluster0', V('2024-08-05'))
    expect(c.ok && [c.status, (c.json as Json).stateName]).toEqual([200, 'IDLE'])
    const f = await read('/flexClusters/Flex0', VF)
    expect(f.ok && f.status).toBe(200)
    const u = await read('/databaseUsers/admin/app-deploy', V1)
    expect(u.ok && (u.json as Json).username).toBe('app-deploy')
    await t.close()
  })

  it('has route keys for fault injection', async () => {
    const before = { ...w.sandbox.stats.byRoute }
    await w.get('/clusters/Cluster0')
    await w.get('/clusters')
    await w.get('/flexClusters/Flex0', VF)
    await w.get('/flexClusters', VF)
    await w.get('/databaseUsers/admin/app-deploy')
    await w.get('/databaseUsers')
    const delta = Object.fromEntries(
      Object.entries(w.sandbox.stats.byRoute).map(([k, v]) => [k, v - (before[k] ?? 0)])
    )
    for (const key of [
      'atlas.cluster',
      'atlas.clusters',
      'atlas.flexCluster',
      'atlas.flexClusters',
      'atlas.databaseUser',
      'atlas.databaseUsers'
    ])
      expect([key, delta[key]]).toEqual([key, 1])
    w.sandbox.faults.add({ route: 'atlas.cluster', fault: 'status', status: 503, first: 1 })
    expect((await w.get('/clusters/Cluster0')).status).toBe(503)
    expect((await w.get('/clusters/Cluster0')).status).toBe(200)
  })
})

describe('the DNS responder, through node:dns', () => {
  let w: Awaited<ReturnType<typeof world>>
  beforeAll(async () => {
    w = await world({
      extends: 'cluster-flex',
      atlas: {
        projects: [
          {
            id: GROUP,
            name: 'production',
            accessList: [],
            clusters: [
              { name: 'Cluster0', hosts: ['tls', 'close-before-tls', 'refused'] },
              { name: 'Hang0', hosts: ['tls'], dns: { srv: 'hang', txt: 'nxdomain', a: 'servfail' } },
              { name: 'Fail0', hosts: ['tls'], dns: 'servfail' },
              { name: 'Creating0', stateName: 'CREATING', hosts: [] }
            ]
          }
        ]
      }
    })
  })
  afterAll(() => w.sandbox.stop())

  it('listens on a loopback port of its own', () => {
    expect(w.sandbox.dnsServer).toMatch(/^127\.0\.0\.1:\d+$/)
  })

  it('answers SRV _mongodb._tcp.<srvName> with every host at its real port, TXT with the options, A with 127.0.0.1', async () => {
    const r = w.resolver()
    const c = w.cluster()
    const srv = await r.resolveSrv(`_mongodb._tcp.${c.srvName}`)
    expect(srv.map(x => [x.name, x.port]).sort()).toEqual(c.hosts.map(h => [h.name, h.port]).sort())
    expect(await r.resolveTxt(c.srvName)).toEqual([[`authSource=admin&replicaSet=${c.replicaSet}`]])
    for (const h of c.hosts) expect(await r.resolve4(h.name)).toEqual(['127.0.0.1'])
    expect(await r.resolve4(c.hosts[0]!.name.toUpperCase())).toEqual(['127.0.0.1'])
    expect(await code(r.resolve6(c.hosts[0]!.name))).toBe('ENODATA')
    expect(await code(r.resolveTxt(c.hosts[0]!.name))).toBe('ENODATA')
  })

  it('answers NXDOMAIN for names it does not know, and for a cluster being created', async () => {
    const r = w.resolver()
    expect(await code(r.resolveSrv('_mongodb._tcp.nothing.a1b2c.sandbox.test'))).toBe('ENOTFOUND')
    const creating = w.cluster('Creating0')
    expect(creating.standard).toBeUndefined()
    expect(await code(r.resolveSrv(`_mongodb._tcp.${creating.srvName}`))).toBe('ENOTFOUND')
  })

  it('hangs, answers NXDOMAIN or SERVFAIL as the cluster says', async () => {
    const r = w.resolver()
    const hang = w.cluster('Hang0')
    expect(await code(r.resolveSrv(`_mongodb._tcp.${hang.srvName}`))).toBe('ETIMEOUT')
    expect(await code(r.resolveTxt(hang.srvName))).toBe('ENOTFOUND')
    expect(await code(r.resolve4(hang.hosts[0]!.name))).toBe('ESERVFAIL')
    const fail = w.cluster('Fail0')
    expect(await code(r.resolveSrv(`_mongodb._tcp.${fail.srvName}`))).toBe('ESERVFAIL')
    expect(await code(r.resolveTxt(fail.srvName))).toBe('ESERVFAIL')
    const log = w.sandbox.dns.queries.filter(q => q.name.includes('hang0'))
    expect(log.map(q => [q.type, q.answer])).toEqual([
      ['SRV', 'hang'],
      ['TXT', 'nxdomain'],
      ['A', 'servfail']
    ])
  })

  it('can be told to misbehave at run time', async () => {
    const c = w.cluster()
    w.sandbox.dns.behave(c.srvName, 'TXT', 'servfail')
    expect(await code(w.resolver().resolveTxt(c.srvName))).toBe('ESERVFAIL')
    w.sandbox.dns.behave(c.srvName, 'TXT', 'ok')
    expect(await code(w.resolver().resolveTxt(c.srvName))).toBe('resolved')
  })

  it('answers FORMERR to a query without a question, and nothing to a runt', () => {
    const d = new DnsResponder()
    const header = Buffer.from([0x12, 0x34, 0x01, 0x00, 0, 0, 0, 0, 0, 0, 0, 0])
    const reply = d.answer(header)!
    expect([reply.readUInt16BE(0), reply.readUInt16BE(2) & 0x800f]).toEqual([0x1234, 0x8001])
    expect(d.answer(Buffer.from([1, 2, 3]))).toBeUndefined()
  })
})

describe('the cluster hosts', () => {
  let w: Awaited<ReturnType<typeof world>>
  beforeAll(async () => {
    w = await world({
      extends: 'healthy',
      atlas: {
        projects: [
          {
            id: GROUP,
            name: 'production',
            accessList: [],
            clusters: [
              { name: 'Cluster0', hosts: ['tls', 'tls-untrusted', 'close-before-tls', 'silent', 'refused'] }
            ]
          }
        ]
      }
    })
  })
  afterAll(() => w.sandbox.stop())
  const host = (kind: string) => w.cluster().hosts.find(h => h.kind === kind)!

  it('a healthy host completes TLS with the right name and the test CA, then sends nothing', async () => {
    const h = host('tls')
    const r = await tlsTry(h, { ca: w.sandbox.tls.ca })
    expect(r.outcome).toBe('secure')
    expect(r.socket!.authorized).toBe(true)
    expect(await drain(r.socket!)).toBe(0)
    expect(h).toMatchObject({ handshakes: 1, bytesAfterHandshake: 0, serverNames: [h.name] })
  })

  it('counts what a client sends after the handshake (which the action must never do)', async () => {
    const h = host('tls')
    const r = await tlsTry(h, { ca: w.sandbox.tls.ca })
    expect(await drain(r.socket!, 'hello')).toBe(0)
    expect(h.bytesAfterHandshake).toBe(5)
  })

  it('connects by name when the lookup goes through the DNS responder', async () => {
    const resolver = w.resolver()
    const h = host('tls')
    type Cb = (
      err: Error | null,
      address: string | { address: string; family: number }[],
      family?: number
    ) => void
    const lookup = (name: string, opts: { all?: boolean }, cb: Cb) =>
      void resolver.resolve4(name).then(
        ([address]) => (opts.all ? cb(null, [{ address: address!, family: 4 }]) : cb(null, address!, 4)),
        err => cb(err as Error, '')
      )
    const s = await new Promise<TLSSocket>((resolve, reject) => {
      const sock = tlsConnect({ host: h.name, port: h.port, ca: w.sandbox.tls.ca, lookup } as never)
      sock.once('secureConnect', () => resolve(sock))
      sock.once('error', reject)
    })
    expect([s.authorized, s.remoteAddress]).toEqual([true, '127.0.0.1'])
    expect(await drain(s)).toBe(0)
  })

  it('the certificate fails without the test CA, and for a name it does not cover', async () => {
    const h = host('tls')
    const noCa = await tlsTry(h, {})
    expect(noCa.error?.code).toMatch(/UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT_LOCALLY/)
    const wrong = await tlsTry({ ...h, name: 'cluster0.example.net' }, { ca: w.sandbox.tls.ca })
    expect(wrong.error?.code).toBe('ERR_TLS_CERT_ALTNAME_INVALID')
  })

  it('an intercepting proxy presents a certificate from a CA the test does not trust', async () => {
    const r = await tlsTry(host('tls-untrusted'), { ca: w.sandbox.tls.ca })
    expect(r.outcome).toBe('error')
    expect(r.error?.code).toMatch(/UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT_LOCALLY/)
  })

  it('the close-before-TLS host accepts TCP and closes once the ClientHello arrives', async () => {
    const h = host('close-before-tls')
    const r = await tlsTry(h, { ca: w.sandbox.tls.ca })
    expect(r.outcome).toBe('error')
    expect(r.error?.code).toBe('ECONNRESET')
    expect(r.error?.message).toMatch(/disconnected before secure TLS connection was established/)
    expect(h.accepted).toBe(1)
  })

  it('the silent host accepts TCP and never sends a byte', async () => {
    const h = host('silent')
    const s = netConnect({ host: '127.0.0.1', port: h.port })
    await new Promise(resolve => s.once('connect', resolve))
    expect(await drain(s, '\x16\x03\x01 not really a ClientHello')).toBe(0)
    expect(h.accepted).toBe(1)
  })

  it('the silent host never completes TLS: the client ends on its own timeout', async () => {
    const s = tlsConnect({ host: '127.0.0.1', port: host('silent').port, servername: host('silent').name })
    const outcome = await new Promise(resolve => {
      s.setTimeout(200, () => resolve('timeout'))
      s.once('secureConnect', () => resolve('secure'))
      s.once('error', () => resolve('error'))
    })
    s.destroy()
    expect(outcome).toBe('timeout')
  })

  it('the refused port refuses', async () => {
    const s = netConnect({ host: '127.0.0.1', port: host('refused').port })
    const err = await new Promise<Error & { code?: string }>(resolve => s.once('error', resolve))
    expect(err.code).toBe('ECONNREFUSED')
  })
})

describe('the sandbox lifecycle', () => {
  it('starts no listener and no responder for a scenario without clusters', async () => {
    const s = await startSandbox({ scenario: 'project-not-on-network-list' })
    expect([s.dnsServer, s.clusters]).toEqual(['', []])
    await s.stop()
  })

  it('fills live connection strings into inputs, and closes every host on stop', async () => {
    const s = await startSandbox({ scenario: 'cluster-healthy' })
    const inputs = s.inputs({
      'mongodb-uri': 'mongodb+srv://u:p@{{cluster:Cluster0.srvName}}/?x={{cluster:Cluster0.standard}}'
    })
    const c = s.clusters[0]!
    expect(inputs['mongodb-uri']).toBe(`mongodb+srv://u:p@${c.srvName}/?x=${c.standard}`)
    expect(inputs.cluster).toBe('Cluster0')
    await s.stop()
    const err = await new Promise<Error & { code?: string }>(resolve =>
      netConnect({ host: '127.0.0.1', port: c.hosts[0]!.port }).once('error', resolve)
    )
    expect(err.code).toBe('ECONNREFUSED')
  })
})
