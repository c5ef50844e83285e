// startSandbox(): the Atlas Administration API, the Atlas Cloud AI API and an IP echo service, each a real HTTP
// server on its own loopback port (free ports, never fixed), for one scenario. Faults are scriptable at run time
// (sandbox.faults.add(...) or POST /_sandbox/faults on the echo origin); /_sandbox/stats counts token requests and
// Digest challenges; /_sandbox/events (and sandbox.events) is the Atlas project access-list activity log.
// When the scenario has clusters, their hosts are real loopback listeners (TLS, close-before-TLS, silent, refused)
// and a DNS responder answers SRV/TXT/A for their names (clusters.js, dns.js): `sandbox.dnsServer` is its
// "127.0.0.1:PORT", `sandbox.clusters` the hosts with their ports and what each saw, `sandbox.tls.ca` the CA the
// healthy hosts' certificate chains to.
//
// HTTPS mode: `startSandbox({ https: true })` serves Atlas, AI and echo over TLS with sandbox/tls/leaf.pem (issued
// by the test CA, naming localhost and 127.0.0.1), so `atlasUrl`, `aiUrl`, `echoUrl` are https:// URLs and the
// action's real https path (not its loopback-http exception) runs end to end. Trusting the CA, only in tests:
//   - a child process (the action through scripts/runner-harness.js, `node -e "fetch(…)"`): set the environment
//     variable NODE_EXTRA_CA_CERTS to `sandbox.tls.caFile` (Node reads it once, at process start);
//   - in-process undici: `fetch(url, { dispatcher: new Agent({ connect: { ca: sandbox.tls.ca } }) })` with
//     `fetch` and `Agent` from the same undici (Node's global fetch is a different undici copy).
// Never set NODE_TLS_REJECT_UNAUTHORIZED=0: that proves nothing about the TLS path.
import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import { join } from 'node:path'
import { AtlasService } from './atlas.js'
import { AiService } from './ai.js'
import { ClusterNet, TLS_DIR } from './clusters.js'
import { EchoService } from './echo.js'
import { ModelHostService } from './model-host.js'
import { Faults, applyFault } from './faults.js'
import { loadScenario } from './scenarios.js'
import { readBody, sendJson } from './http-util.js'

/**
 * @param {{ scenario?: string | object, now?: () => number, latencyMs?: number, host?: string, https?: boolean,
 *   ports?: { atlas?: number, ai?: number, echo?: number } }} [options] ports: fixed ports (default: free ones);
 *   https: serve all three over TLS with the test CA's leaf (see above)
 */
export async function startSandbox(options = {}) {
  const scenario = loadScenario(options.scenario ?? 'healthy')
  const now = options.now ?? Date.now
  const latencyMs = options.latencyMs ?? scenario.latencyMs ?? 0
  const host = options.host ?? '127.0.0.1'
  const scheme = options.https ? 'https' : 'http'
  const tlsFiles = options.https
    ? { cert: readFileSync(join(TLS_DIR, 'leaf.pem')), key: readFileSync(join(TLS_DIR, 'leaf-key.pem')) }
    : undefined
  const stats = {
    requests: 0,
    tokenRequests: 0,
    digestChallenges: 0,
    revocations: 0,
    /** Management API writes (ai.js): this tool must never make one. */
    managementWrites: 0,
    stolen: [],
    byRoute: /** @type {Record<string, number>} */ ({})
  }
  /** @type {any[]} */
  const log = []
  const faults = new Faults(scenario.faults ?? [])
  const hung = new Set()
  const ctx = { now, stats, log: e => log.push(e) }
  const services = {
    atlas: new AtlasService(scenario, ctx),
    ai: new AiService(scenario, ctx),
    echo: new EchoService(scenario, ctx),
    model: new ModelHostService(scenario, ctx)
  }
  /** @type {Record<string, string>} */
  const urls = {}

  const makeServer = name => {
    const service = services[name]
    /** @type {import('node:http').RequestListener} */
    const listener = async (req, res) => {
      const url = new URL(req.url ?? '/', `${scheme}://${req.headers.host ?? host}`)
      try {
        if (name === 'echo' && url.pathname.startsWith('/_sandbox/')) return await control(req, res, url)
        const route = service.route(req.method, url.pathname.replace(/\/+$/, '') || '/')
        stats.requests++
        stats.byRoute[route] = (stats.byRoute[route] ?? 0) + 1
        const started = now()
        res.on('finish', () =>
          log.push({
            service: name,
            route,
            method: req.method,
            path: url.pathname,
            search: url.search,
            status: res.statusCode,
            auth: authKind(req.headers.authorization),
            // Which credential family rode on the request (a Bearer value's prefix), to prove where each went.
            family: familyOf(req.headers.authorization),
            accept: req.headers.accept,
            at: started,
            end: now()
          })
        )
        if (latencyMs > 0) await new Promise(r => setTimeout(r, latencyMs))
        const fault = faults.take(route)
        if (
          fault &&
          (await applyFault(fault, req, res, { otherOrigin: name === 'echo' ? urls.atlas : urls.echo, hung }))
        )
          return
        await service.handle(req, res, url)
      } catch (err) {
        if (!res.headersSent)
          sendJson(res, 500, {
            error: 500,
            errorCode: 'UNEXPECTED_ERROR',
            reason: 'Internal Server Error',
            detail: 'sandbox error'
          })
        else res.destroy()
        log.push({ service: name, error: String(err) })
      }
    }
    return tlsFiles ? createHttpsServer(tlsFiles, listener) : createServer(listener)
  }

  async function control(req, res, url) {
    if (url.pathname === '/_sandbox/stats') return sendJson(res, 200, { ...stats, log })
    if (url.pathname === '/_sandbox/events') return sendJson(res, 200, services.atlas.events)
    if (url.pathname === '/_sandbox/faults' && req.method === 'POST') {
      const spec = JSON.parse(await readBody(req))
      for (const f of Array.isArray(spec) ? spec : [spec]) faults.add(f)
      return sendJson(res, 200, { ok: true })
    }
    if (url.pathname === '/_sandbox/faults' && req.method === 'DELETE') {
      faults.clear()
      return sendJson(res, 200, { ok: true })
    }
    return sendJson(res, 404, { error: 'unknown control path' })
  }

  const servers = {}
  for (const name of /** @type {const} */ (['atlas', 'ai', 'echo', 'model'])) {
    const srv = makeServer(name)
    srv.keepAliveTimeout = 30_000
    await new Promise((resolve, reject) => {
      srv.once('error', reject)
      srv.listen(options.ports?.[name] ?? 0, host, () => resolve(undefined))
    })
    const addr = /** @type {import('node:net').AddressInfo} */ (srv.address())
    urls[name] = `${scheme}://${host.includes(':') ? `[${host}]` : host}:${addr.port}`
    servers[name] = srv
  }
  services.atlas.baseUrl = urls.atlas
  const clusterNet = new ClusterNet(scenario)
  try {
    await clusterNet.start(host)
  } catch (err) {
    await clusterNet.stop()
    await Promise.all(
      Object.values(servers).map(s => new Promise(resolve => s.close(() => resolve(undefined))))
    )
    throw err
  }
  services.atlas.clusterNet = clusterNet
  clusterNet.atlas = services.atlas

  const echoUrls = [`${urls.echo}/echo/text`, `${urls.echo}/echo/json`]
  if (scenario.runner.ipv6) echoUrls.push(`${urls.echo}/echo/v6`)
  if (scenario.runner.echoAlternate) echoUrls.push(`${urls.echo}/echo/alternate`)

  return {
    scenario,
    atlasUrl: urls.atlas,
    aiUrl: urls.ai,
    echoUrl: urls.echo,
    /** The ai.mongodb.com stand-in (model-host.js). */
    modelUrl: urls.model,
    echoUrls,
    stats,
    log,
    /** Writes, refusals, losses, deletes and expiries of project access-list entries (AtlasService.events). */
    events: services.atlas.events,
    /**
     * "127.0.0.1:PORT" of the DNS responder for the clusters' names ('' when the scenario has no clusters). Point
     * a resolver at it from code or tests only: `resolver.setServers([sandbox.dnsServer])`.
     */
    dnsServer: clusterNet.dnsServer,
    /** The DNS responder itself (its `queries` log, and `behave(name, type, 'hang' | 'nxdomain' | 'servfail')`). */
    dns: clusterNet.dns,
    /**
     * Every cluster of every project: groupId, name, type, srvName, replicaSet, standard and standardSrv
     * connection strings (real ports), and hosts [{ name, kind, port, accepted, handshakes, bytesAfterHandshake,
     * serverNames }] counted live.
     */
    clusters: clusterNet.clusters,
    /**
     * The test-only CA (PEM) that the `tls` cluster hosts' certificates and, with `https: true`, the three
     * services' certificate chain to (`caFile`: its path, for NODE_EXTRA_CA_CERTS). Trust it only in tests.
     */
    tls: { ca: clusterNet.ca, caFile: join(TLS_DIR, 'ca.pem'), https: !!options.https },
    faults,
    services,
    /** The action inputs this scenario runs with, pointed at this sandbox. */
    inputs(extra = {}) {
      const all = {
        // The ai.mongodb.com stand-in, unless the scenario names another host (a wrong-host scenario).
        'model-base-url': `${urls.model}/v1`,
        ...scenario.action.inputs,
        'atlas-base-url': urls.atlas,
        'ai-base-url': urls.ai,
        'ip-echo-urls': echoUrls.join('\n'),
        ...extra
      }
      // A scenario removes an inherited input by setting it to null. `{{cluster:<name>.standard}}` (or
      // .standardSrv, .srvName) in a value becomes that cluster's live value: ports are only known at start.
      const live = (/** @type {unknown} */ v) =>
        String(v).replace(
          /\{\{cluster:([^.}]+)\.(standard|standardSrv|srvName)\}\}/g,
          (whole, name, field) => {
            const c = clusterNet.clusters.find(x => x.name === name)
            return c?.[field] ?? whole
          }
        )
      /** @type {Record<string, string>} */
      const out = Object.fromEntries(
        Object.entries(all)
          .filter(([, v]) => v !== null && v !== undefined)
          .map(([k, v]) => [k, live(v)])
      )
      return out
    },
    async stop() {
      for (const r of hung) r.destroy()
      await clusterNet.stop()
      await Promise.all(
        Object.values(servers).map(
          s =>
            new Promise(resolve => {
              s.close(() => resolve(undefined))
              s.closeAllConnections()
            })
        )
      )
    }
  }
}

function familyOf(h) {
  const m = /^bearer\s+(mgmt-|apikey-|al-|mdb_sa_|ey)/i.exec(String(h ?? ''))
  return m ? m[1].toLowerCase() : undefined
}

function authKind(h) {
  if (!h) return 'none'
  return String(h).split(' ')[0].toLowerCase()
}
