// The data path of the scenario's clusters (docs/reference/atlas-round2.md §2): every host of every cluster in
// `atlas.projects[].clusters[]` is a real loopback listener on its own free port, and a small DNS responder
// (dns.js) answers for the clusters' names, so a client can resolve `mongodb+srv://`, connect and handshake for
// real. Connection strings carry the listeners' real ports.
//
// A cluster in a scenario (all but `name` optional):
//   name        'Cluster0'
//   type        'dedicated' | 'flex'           flex clusters answer only on …/flexClusters (version 2024-11-13)
//   stateName   'IDLE' | 'CREATING' | 'UPDATING' | 'DELETING' | 'REPAIRING'
//   paused      false                          (dedicated only)
//   hosts       ['tls', 'tls', 'tls']          one entry per host: a kind, or { kind, name } (see HOST_KINDS);
//                                              [] = no hosts yet (connectionStrings is {}, DNS knows no name)
//   dns         'ok' | 'hang' | 'nxdomain' | 'servfail', or { srv, txt, a } with one of those each: how the
//               responder treats SRV _mongodb._tcp.<srvName>, TXT <srvName> and A <each host>
//   srvName     '<name lowercased>.<project hostDomain>' (hostDomain defaults to 'a1b2c.sandbox.test')
//   txt         the TXT records of srvName, each a string or a list of character-strings (default: one record,
//               'authSource=admin&replicaSet=<replicaSet>'); [] publishes none
//   replicaSet  'atlas-<6 hex>-shard-0'
//   id, mongoDBVersion ('8.0.4'), instanceSize ('M10', dedicated), regionName ('US_EAST_1')
// Host names follow Atlas: '<name lowercased>-shard-00-0<i>.<hostDomain>'.
//
// Host kinds:
//   tls               completes the TLS handshake with sandbox/tls/leaf.pem (issued by the CA tests trust,
//                     `sandbox.tls.ca`), then waits silently: it never sends a byte of application data, and it
//                     counts what it receives after the handshake (the action must send nothing: 0).
//   tls-untrusted     the same with proxy-leaf.pem, issued by a CA nobody trusts (a TLS-inspecting proxy).
//   close-before-tls  accepts TCP, reads the first bytes (a ClientHello) and closes before any TLS answer: the
//                     shared/flex-tier proxy's answer to an address not on the project's network access list.
//   silent            accepts TCP and never sends a byte nor completes TLS. On loopback a dropped SYN cannot be
//                     emulated, so this is "never answers": the client's TCP connect succeeds at once and its TLS
//                     handshake must end on its own timeout (what a dedicated host behind the network access list,
//                     or a paused cluster's host, looks like to a deadline-bound prober).
//   refused           a port that was bound, then closed: connecting is refused (ECONNREFUSED). Another process
//                     could in principle take the freed port; on a test machine's loopback that is improbable.
//   listed            Atlas's own gate: while the project's network access list has no ACTIVE entry covering the
//                     scenario's runner address (runner.ipv4), it behaves as close-before-tls (the shared-tier
//                     proxy's answer); once one is ACTIVE (a lease's entry after its PENDING seconds), as tls. Each
//                     connection is judged when it arrives, from the sandbox Atlas's list (`clusterNet.atlas`).
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createServer as createTcpServer } from 'node:net'
import { dirname, join } from 'node:path'
import { createServer as createTlsServer } from 'node:tls'
import { fileURLToPath } from 'node:url'
import { DnsResponder } from './dns.js'
import { inCidr } from './http-util.js'

export const HOST_KINDS = /** @type {const} */ ([
  'tls',
  'tls-untrusted',
  'close-before-tls',
  'silent',
  'refused',
  'listed'
])
export const TLS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'tls')
export const DEFAULT_HOST_DOMAIN = 'a1b2c.sandbox.test'
const pem = (/** @type {string} */ f) => readFileSync(join(TLS_DIR, f), 'utf8')

/**
 * @typedef {{ name: string, kind: typeof HOST_KINDS[number], port: number, accepted: number, handshakes: number,
 *   bytesAfterHandshake: number, serverNames: string[] }} ClusterHost
 * @typedef {{ groupId: string, id: string, name: string, type: 'dedicated' | 'flex', srvName: string,
 *   replicaSet: string, hosts: ClusterHost[], standard?: string, standardSrv?: string, spec: any }} ClusterNetRecord
 */

/**
 * The environment that points a bundled action's cluster probes at a running sandbox: its DNS responder and its
 * test CA. The product honours it only with NODE_ENV=test and only for names under `.sandbox.test`
 * (src/net/test-hooks.ts); empty when the scenario has no clusters. The tests, `npm run demo` and `npm run sandbox`
 * all take it from here.
 * @param {{ dnsServer: string, tls: { ca: string } }} sandbox
 * @returns {Record<string, string>}
 */
export function clusterTestEnv(sandbox) {
  if (!sandbox.dnsServer) return {}
  return {
    NODE_ENV: 'test',
    ATLAS_PREFLIGHT_TEST_DNS: sandbox.dnsServer,
    ATLAS_PREFLIGHT_TEST_CA: sandbox.tls.ca.trim()
  }
}

/** A stable 24-hex id from some text (cluster ids in scenarios need not be written out). @param {string} text */
export function hexId(text, length = 24) {
  return createHash('sha256').update(text).digest('hex').slice(0, length)
}

export class ClusterNet {
  /** @param {any} scenario */
  constructor(scenario) {
    this.scenario = scenario
    /** @type {ClusterNetRecord[]} */
    this.clusters = []
    this.dns = new DnsResponder()
    /** "127.0.0.1:PORT" of the DNS responder, '' until started (and when the scenario has no clusters). */
    this.dnsServer = ''
    /** @type {{ close: () => void }[]} */
    this.servers = []
    /** @type {Set<import('node:net').Socket>} */
    this.sockets = new Set()
    /** The test-only CA every `tls` host's certificate chains to (PEM). */
    this.ca = pem('ca.pem')
    /**
     * The sandbox Atlas (set by server.js), whose network access list gates the `listed` hosts.
     * @type {any}
     */
    this.atlas = undefined
  }

  /**
   * Whether the project's network access list has an ACTIVE entry covering the runner's IPv4 address, as the
   * sandbox Atlas answers it now (entries past their deleteAfterDate are gone).
   * @param {string} groupId
   */
  admits(groupId) {
    const atlas = this.atlas
    const ip = this.scenario.runner?.ipv4
    const g = atlas?.s.atlas.projects.find((/** @type {any} */ p) => p.id === groupId)
    if (!g || !ip) return false
    atlas.expire(g)
    return (g.accessList ?? []).some((/** @type {any} */ e) => {
      if (e.awsSecurityGroup) return false
      const value = e.cidrBlock ?? (typeof e === 'string' ? e : `${e.ipAddress}/32`)
      return value.includes('.') && inCidr(ip, value) && atlas.statusOf(e) === 'ACTIVE'
    })
  }

  /** True when some project of the scenario has clusters (only then are listeners and the responder started). */
  get wanted() {
    return (this.scenario.atlas?.projects ?? []).some(p => (p.clusters ?? []).length > 0)
  }

  /** @param {string} [host] the loopback address to listen on */
  async start(host = '127.0.0.1') {
    if (!this.wanted) return this
    this.dnsServer = await this.dns.listen(host)
    for (const project of this.scenario.atlas.projects) {
      const domain = project.hostDomain ?? DEFAULT_HOST_DOMAIN
      for (const spec of project.clusters ?? []) {
        const base = String(spec.name)
          .toLowerCase()
          .replace(/[^a-z0-9-]/g, '-')
        const record = {
          groupId: project.id,
          id: spec.id ?? hexId(`${project.id}/${spec.name}`),
          name: spec.name,
          type: spec.type === 'flex' ? 'flex' : 'dedicated',
          srvName: spec.srvName ?? `${base}.${domain}`,
          replicaSet: spec.replicaSet ?? `atlas-${hexId(`${project.id}/${spec.name}`, 6)}-shard-0`,
          /** @type {ClusterHost[]} */
          hosts: [],
          spec
        }
        for (const [i, h] of (spec.hosts ?? []).entries()) {
          const kind = typeof h === 'string' ? h : h.kind
          if (!HOST_KINDS.includes(kind)) throw new Error(`unknown cluster host kind ${kind}`)
          const name = (typeof h === 'object' && h.name) || `${base}-shard-00-0${i}.${domain}`
          const stats = {
            name,
            kind,
            port: 0,
            accepted: 0,
            handshakes: 0,
            bytesAfterHandshake: 0,
            serverNames: []
          }
          stats.port = await this.listen(host, stats, project.id)
          record.hosts.push(stats)
        }
        if (record.hosts.length > 0) {
          record.standard =
            `mongodb://${record.hosts.map(h => `${h.name}:${h.port}`).join(',')}/` +
            `?ssl=true&authSource=admin&replicaSet=${record.replicaSet}`
          record.standardSrv = `mongodb+srv://${record.srvName}`
          this.publish(record)
        }
        this.clusters.push(record)
      }
    }
    return this
  }

  /** The DNS records of one cluster, and the misbehaviours its scenario asks for. @param {ClusterNetRecord} c */
  publish(c) {
    const srv = `_mongodb._tcp.${c.srvName}`
    for (const h of c.hosts) {
      this.dns.addSrv(srv, { priority: 0, weight: 0, port: h.port, target: h.name })
      this.dns.addA(h.name, '127.0.0.1')
    }
    for (const record of c.spec.txt ?? [`authSource=admin&replicaSet=${c.replicaSet}`])
      this.dns.addTxt(c.srvName, record)
    const d = c.spec.dns ?? 'ok'
    const [onSrv, onTxt, onA] =
      typeof d === 'string' ? [d, d, d] : [d.srv ?? 'ok', d.txt ?? 'ok', d.a ?? 'ok']
    if (onSrv !== 'ok') this.dns.behave(srv, '*', onSrv)
    if (onTxt !== 'ok') this.dns.behave(c.srvName, 'TXT', onTxt)
    if (onA !== 'ok') for (const h of c.hosts) this.dns.behave(h.name, '*', onA)
  }

  /**
   * Starts one host's listener.
   * @param {string} host @param {ClusterHost} stats @param {string} groupId @returns {Promise<number>}
   */
  async listen(host, stats, groupId) {
    const track = (/** @type {import('node:net').Socket} */ s) => {
      this.sockets.add(s)
      s.on('close', () => this.sockets.delete(s))
      s.on('error', () => undefined)
    }
    /** @type {import('node:net').Server} */
    let server
    /** A TLS server that completes handshakes and never writes; `listen`ed itself or fed sockets. */
    const tlsServer = (/** @type {string} */ key, /** @type {string} */ cert) => {
      const tls = createTlsServer({ key: pem(key), cert: pem(cert) }, socket => {
        stats.handshakes++
        if (socket.servername) stats.serverNames.push(socket.servername)
        track(socket)
        // Never write: only count what the client sends after the handshake.
        socket.on('data', d => (stats.bytesAfterHandshake += d.length))
      })
      tls.on('tlsClientError', () => undefined)
      return tls
    }
    if (stats.kind === 'tls' || stats.kind === 'tls-untrusted') {
      const [key, cert] =
        stats.kind === 'tls' ? ['leaf-key.pem', 'leaf.pem'] : ['proxy-leaf-key.pem', 'proxy-leaf.pem']
      const tls = tlsServer(key, cert)
      tls.on('connection', s => {
        stats.accepted++
        track(s)
      })
      server = tls
    } else if (stats.kind === 'listed') {
      const tls = tlsServer('leaf-key.pem', 'leaf.pem')
      server = createTcpServer(socket => {
        stats.accepted++
        track(socket)
        if (this.admits(groupId)) tls.emit('connection', socket)
        else socket.once('data', () => socket.destroy())
      })
    } else {
      server = createTcpServer(socket => {
        stats.accepted++
        track(socket)
        if (stats.kind === 'close-before-tls') socket.once('data', () => socket.destroy())
        else socket.resume() // silent: read and drop, never answer
      })
    }
    server.on('error', () => undefined)
    await new Promise((resolve, reject) => {
      server.once('error', reject)
      server.listen(0, host, () => resolve(undefined))
    })
    const port = /** @type {import('node:net').AddressInfo} */ (server.address()).port
    if (stats.kind === 'refused') {
      await new Promise(resolve => server.close(() => resolve(undefined)))
      return port
    }
    this.servers.push(server)
    return port
  }

  /** @param {string} groupId @param {string} name */
  find(groupId, name) {
    return this.clusters.find(c => c.groupId === groupId && c.name === name)
  }

  async stop() {
    for (const s of this.sockets) s.destroy()
    await Promise.all(this.servers.map(s => new Promise(resolve => s.close(() => resolve(undefined)))))
    await this.dns.close()
  }
}
