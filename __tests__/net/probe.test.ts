/**
 * The prober (src/net) against the sandbox's real listeners and its real DNS responder: every host kind (TLS with
 * the test CA, an untrusted certificate, a close before TLS, a host that never answers TLS, a refused port), SRV
 * and TXT resolution and its failures (hang, NXDOMAIN, SERVFAIL), the one deadline, and the promise that nothing is
 * ever sent after the handshake. The only timers are the probe's own timeouts, set short, whose firing is the
 * behaviour under test; nothing sleeps.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { startSandbox } from '../../sandbox/index.js'
import { Prober, type NetOptions } from '../../src/net/prober.js'
import { ABORTED, ProbeDns, timed } from '../../src/net/dns.js'
import { probeHost } from '../../src/net/probe.js'
import { parseConnectionString, probeTargetOf, type ProbeTarget } from '../../src/net/connection-string.js'
import { Deadline } from '../../src/http/deadline.js'
import { inTestDomain, testNetOptions } from '../../src/net/test-hooks.js'

const GROUP = '65a1b2c3d4e5f60718293a4c'
type Sandbox = Awaited<ReturnType<typeof startSandbox>>

let sandbox: Sandbox
beforeAll(async () => {
  sandbox = await startSandbox({
    scenario: {
      extends: 'healthy',
      atlas: {
        projects: [
          {
            id: GROUP,
            name: 'production',
            accessList: [],
            clusters: [
              { name: 'Cluster0', hosts: ['tls', 'tls', 'tls'] },
              { name: 'Sharded0', hosts: ['tls', 'tls', 'tls'], txt: ['authSource=admin'] },
              { name: 'Mixed0', hosts: ['tls', 'tls-untrusted', 'close-before-tls', 'silent', 'refused'] },
              { name: 'Hang0', hosts: ['tls'], dns: { srv: 'hang', txt: 'ok', a: 'ok' } },
              { name: 'Fail0', hosts: ['tls'], dns: 'servfail' },
              { name: 'Txt0', hosts: ['tls'], dns: { srv: 'ok', txt: 'servfail', a: 'ok' } },
              { name: 'Gone0', hosts: ['tls'], dns: { srv: 'ok', txt: 'ok', a: 'nxdomain' } }
            ]
          }
        ]
      }
    }
  })
})
afterAll(() => sandbox.stop())

const cluster = (name: string) => sandbox.clusters.find(c => c.name === name)!
const FAST = { dnsMs: 400, tcpMs: 400, tlsMs: 400 }
function options(extra: Partial<NetOptions> = {}): NetOptions {
  return {
    dns: { servers: [sandbox.dnsServer], serversFor: inTestDomain },
    ca: { pem: sandbox.tls.ca, for: inTestDomain },
    timeouts: FAST,
    ...extra
  }
}
function prober(extra: Partial<NetOptions> = {}, deadlineMs = 20_000) {
  const deadline = new Deadline(deadlineMs)
  return { p: new Prober(deadline, options(extra)), deadline }
}
const srv = (name: string): Extract<ProbeTarget, { kind: 'srv' }> => ({
  kind: 'srv',
  name: cluster(name).srvName,
  serviceName: 'mongodb',
  maxHosts: 0
})
const standard = (name: string): ProbeTarget =>
  probeTargetOf(parseConnectionString(cluster(name).standard!)!)!

describe('the seedlist rules before any connection', () => {
  it('srvMaxHosts=1 (a sharded cluster: no replicaSet in TXT) probes one host, the first in DNS order', async () => {
    const { p, deadline } = prober()
    const r = await p.probe({ ...srv('Sharded0'), maxHosts: 1 })
    deadline.dispose()
    expect(r.hosts.map(h => h.host)).toEqual([cluster('Sharded0').hosts[0]!.name])
    expect(cluster('Sharded0').hosts.map(h => h.accepted)).toEqual([1, 0, 0])
    expect(r.srv?.kept).toEqual({ of: 3, kept: 1 })
  })

  it('srvServiceName replaces mongodb in the SRV name asked', async () => {
    const name = cluster('Cluster0').srvName
    sandbox.dns.addSrv(`_custom._tcp.${name}`, {
      port: cluster('Cluster0').hosts[0]!.port,
      target: cluster('Cluster0').hosts[0]!.name
    })
    const { p, deadline } = prober()
    const r = await p.probe({ ...srv('Cluster0'), serviceName: 'custom' })
    deadline.dispose()
    expect(r.srv?.record).toBe(`_custom._tcp.${name}`)
    expect(r.hosts.map(h => h.outcome)).toEqual(['ok'])
  })

  it("srvMaxHosts with the replicaSet of Atlas's TXT record: refused (as drivers refuse it), nothing probed", async () => {
    const before = cluster('Cluster0').hosts.map(h => h.accepted)
    const { p, deadline } = prober()
    const r = await p.probe({ ...srv('Cluster0'), maxHosts: 2 })
    deadline.dispose()
    expect(r.srv?.refusal?.rule).toBe('srv-max-hosts')
    expect(r.hosts).toEqual([])
    expect(cluster('Cluster0').hosts.map(h => h.accepted)).toEqual(before)
  })
})

describe('probing a healthy cluster', () => {
  it('resolves SRV and TXT, then completes TCP and a verified TLS handshake with every host, each timed', async () => {
    const { p, deadline } = prober()
    const r = await p.probe(srv('Cluster0'))
    deadline.dispose()
    const c = cluster('Cluster0')
    expect(r.srv).toMatchObject({
      srv: { ok: true, targets: 3 },
      txt: { ok: true, records: [`authSource=admin&replicaSet=${c.replicaSet}`] }
    })
    expect(r.hosts.map(h => [h.host, h.port, h.outcome]).sort()).toEqual(
      c.hosts.map(h => [h.name, h.port, 'ok']).sort()
    )
    for (const h of r.hosts) {
      expect(h.dns).toMatchObject({ ok: true, addresses: ['127.0.0.1'] })
      expect(h.tcp).toMatchObject({ ok: true, address: '127.0.0.1' })
      expect(h.tls).toMatchObject({ ok: true })
      expect(typeof h.tls!.ms).toBe('number')
    }
  })

  it('sends the host name as TLS server name, and nothing at all after the handshake', async () => {
    const { p, deadline } = prober()
    await p.probe(standard('Cluster0'))
    deadline.dispose()
    for (const h of cluster('Cluster0').hosts) {
      expect(h.serverNames.every(n => n === h.name)).toBe(true)
      expect(h.handshakes).toBeGreaterThan(0)
      expect(h.bytesAfterHandshake).toBe(0)
    }
  })

  it('probes a target once, whoever asks (memoized)', async () => {
    const { p, deadline } = prober()
    const before = cluster('Cluster0').hosts[0]!.handshakes
    const t = standard('Cluster0')
    expect(p.started(t)).toBe(false)
    const [a, b] = await Promise.all([p.probe(t), p.probe(standard('Cluster0'))])
    deadline.dispose()
    expect(a).toBe(b)
    expect(cluster('Cluster0').hosts[0]!.handshakes).toBe(before + 1)
  })
})

describe('each kind of host gets its own outcome', () => {
  it('tls, tls-untrusted, close-before-tls, silent, refused', async () => {
    const { p, deadline } = prober()
    const r = await p.probe(standard('Mixed0'))
    deadline.dispose()
    const byKind = Object.fromEntries(
      cluster('Mixed0').hosts.map(h => [h.kind, r.hosts.find(x => x.port === h.port)!])
    )
    expect(byKind['tls']!.outcome).toBe('ok')
    expect(byKind['tls-untrusted']).toMatchObject({ outcome: 'tls-certificate', tls: { ok: false } })
    expect(byKind['tls-untrusted']!.tls!.code).toMatch(
      /UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT_LOCALLY|SELF_SIGNED/
    )
    expect(byKind['tls-untrusted']!.tls!.issuer).toBeTruthy()
    expect(byKind['close-before-tls']).toMatchObject({ outcome: 'closed-before-tls', tcp: { ok: true } })
    expect(byKind['silent']).toMatchObject({
      outcome: 'tls-timeout',
      tcp: { ok: true },
      tls: { ok: false, code: 'ETIMEOUT' }
    })
    expect(byKind['refused']).toMatchObject({ outcome: 'refused', tcp: { ok: false, code: 'ECONNREFUSED' } })
    expect(cluster('Mixed0').hosts.every(h => h.bytesAfterHandshake === 0)).toBe(true)
  })

  it('without the test CA, the healthy host is a certificate problem (the system CAs do not know it)', async () => {
    const { p, deadline } = prober({ ca: undefined })
    const h = cluster('Cluster0').hosts[0]!
    const r = await p.probe({ kind: 'hosts', hosts: [{ host: h.name, port: h.port }] })
    deadline.dispose()
    expect(r.hosts[0]!.outcome).toBe('tls-certificate')
  })

  it('the test CA is trusted only for names its predicate accepts', async () => {
    const { p, deadline } = prober({ ca: { pem: sandbox.tls.ca, for: () => false } })
    const h = cluster('Cluster0').hosts[1]!
    const r = await p.probe({ kind: 'hosts', hosts: [{ host: h.name, port: h.port }] })
    deadline.dispose()
    expect(r.hosts[0]!.outcome).toBe('tls-certificate')
  })
})

describe('DNS', () => {
  it('an SRV query that never gets an answer ends on its timeout, with no host probed', async () => {
    const { p, deadline } = prober()
    const r = await p.probe(srv('Hang0'))
    deadline.dispose()
    expect(r.srv!.srv).toMatchObject({ ok: false, code: 'ETIMEOUT' })
    expect(r.hosts).toEqual([])
  })

  it('SERVFAIL for SRV, TXT and A', async () => {
    const { p, deadline } = prober()
    const r = await p.probe(srv('Fail0'))
    const s = await p.probe(standard('Fail0'))
    deadline.dispose()
    expect(r.srv).toMatchObject({
      srv: { ok: false, code: 'ESERVFAIL' },
      txt: { ok: false, code: 'ESERVFAIL' }
    })
    expect(s.hosts[0]).toMatchObject({ outcome: 'dns', dns: { ok: false, code: 'ESERVFAIL' } })
  })

  it('a TXT failure is reported beside working SRV answers; NXDOMAIN for a host', async () => {
    const { p, deadline } = prober()
    const r = await p.probe(srv('Txt0'))
    const g = await p.probe(standard('Gone0'))
    deadline.dispose()
    expect(r.srv).toMatchObject({ srv: { ok: true }, txt: { ok: false, code: 'ESERVFAIL' } })
    expect(r.hosts[0]!.outcome).toBe('ok')
    expect(g.hosts[0]).toMatchObject({ outcome: 'dns', dns: { code: 'ENOTFOUND' } })
  })

  it('names outside the test domain never go to the test resolver', async () => {
    const dns = new ProbeDns({ servers: [sandbox.dnsServer], serversFor: inTestDomain })
    const before = sandbox.dns.queries.length
    const r = await dns.lookup('localhost', 2000, new AbortController().signal)
    expect(r.ok).toBe(true)
    expect(sandbox.dns.queries.length).toBe(before)
  })
})

describe('the one deadline', () => {
  it('an aborted deadline ends a hung handshake and a hung SRV query at once, and cancels the query', async () => {
    const slow = { dnsMs: 60_000, tcpMs: 60_000, tlsMs: 60_000 }
    const deadline = new Deadline(60_000)
    const p = new Prober(deadline, options({ timeouts: slow }))
    const silent = cluster('Mixed0').hosts.find(h => h.kind === 'silent')!
    const hung = p.probe({ kind: 'hosts', hosts: [{ host: silent.name, port: silent.port }] })
    const hungSrv = p.probe(srv('Hang0'))
    const t0 = Date.now()
    // Abort as the deadline's timer would (its controller is private: abort through a probe-level signal instead).
    ;(deadline as unknown as { controller: AbortController }).controller.abort(new Error('deadline'))
    const [a, b] = await Promise.all([hung, hungSrv])
    deadline.dispose()
    expect(Date.now() - t0).toBeLessThan(2000)
    expect(a.hosts[0]!.outcome).toBe('aborted')
    expect(b.srv!.srv.code).toBe('ABORTED')
  })

  it('a query started once the deadline has ended is cancelled, and its rejection does not end the process', async () => {
    // The cluster probes load on first use, so a deadline can end before their first query starts: the query is
    // cancelled at once, and c-ares then rejects it (ECANCELLED). Left unhandled, that rejection ends the action's
    // process; here Jest fails the test on it.
    const ended = new AbortController()
    ended.abort(new Error('deadline'))
    let rejectQuery: (e: unknown) => void = () => undefined
    const query = new Promise<never>((_, reject) => (rejectQuery = reject))
    const cancelled = Object.assign(new Error('queryA ECANCELLED'), { code: 'ECANCELLED' })
    const r = await timed(query, 60_000, ended.signal, () => rejectQuery(cancelled))
    expect(r).toMatchObject({ ok: false, code: ABORTED })
    // Node reports an unhandled rejection once this turn's microtasks are done: wait one macrotask, inside the test.
    await new Promise(resolve => setImmediate(resolve))
  })

  it('stage timeouts are cut to what is left of the deadline', async () => {
    // The prober keeps a reserve before the deadline (so the check, not the runner, names the verdict): a deadline
    // comfortably longer than the reserve leaves the TCP connect time and cuts the silent TLS handshake.
    const deadline = new Deadline(4000)
    const p = new Prober(deadline, options({ timeouts: { dnsMs: 60_000, tcpMs: 60_000, tlsMs: 60_000 } }))
    const silent = cluster('Mixed0').hosts.find(h => h.kind === 'silent')!
    const t0 = Date.now()
    const r = await p.probe({ kind: 'hosts', hosts: [{ host: silent.name, port: silent.port }] })
    deadline.dispose()
    expect(r.hosts[0]!.outcome).toBe('tls-timeout')
    expect(Date.now() - t0).toBeLessThan(4000)
  })

  it('probeHost on an IP literal skips DNS and sends no server name', async () => {
    const h = cluster('Cluster0').hosts[2]!
    const before = h.serverNames.length
    const r = await probeHost('127.0.0.1', h.port, {
      dns: new ProbeDns(),
      timeouts: FAST,
      signal: new AbortController().signal,
      budgetMs: 2000
    })
    expect(r.dns).toEqual({ ok: true, ms: 0, addresses: ['127.0.0.1'] })
    expect(r.outcome).toBe('tls-certificate') // the certificate names the cluster hosts, not 127.0.0.1
    expect(h.serverNames.length).toBe(before)
  })
})

describe('the test-only hooks', () => {
  const CA = '-----BEGIN CERTIFICATE-----\nQUJD\n-----END CERTIFICATE-----'
  it('are honoured only with NODE_ENV=test, a loopback DNS server and one PEM certificate', () => {
    const env = { NODE_ENV: 'test', ATLAS_PREFLIGHT_TEST_DNS: '127.0.0.1:5353', ATLAS_PREFLIGHT_TEST_CA: CA }
    const o = testNetOptions(env)!
    expect(o.dns!.servers).toEqual(['127.0.0.1:5353'])
    expect(o.ca!.pem).toBe(CA)
    expect(testNetOptions({ ...env, NODE_ENV: 'production' })).toBeUndefined()
    expect(testNetOptions({ ...env, NODE_ENV: undefined })).toBeUndefined()
    expect(
      testNetOptions({ ...env, ATLAS_PREFLIGHT_TEST_DNS: '8.8.8.8:53', ATLAS_PREFLIGHT_TEST_CA: 'x' })
    ).toBeUndefined()
  })

  it('apply only to names under sandbox.test', () => {
    const o = testNetOptions({ NODE_ENV: 'test', ATLAS_PREFLIGHT_TEST_DNS: '127.0.0.1:5353' })!
    for (const [name, yes] of [
      ['cluster0-shard-00-00.a1b2c.sandbox.test', true],
      ['CLUSTER0.A1B2C.SANDBOX.TEST.', true],
      ['cluster0.abcde.mongodb.net', false],
      ['sandbox.test.evil.example', false],
      ['evilsandbox.test', false]
    ] as const)
      expect([name, o.dns!.serversFor!(name)]).toEqual([name, yes])
  })
})
