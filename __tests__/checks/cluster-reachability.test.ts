import { describe, expect, it } from '@jest/globals'
import { LIST_CAUSE } from '../../src/checks/cluster-reachability.js'
import { clusterReachabilityCheck } from '../../src/checks/index.js'
import type { ClusterData } from '../../src/check-support/cluster-path.js'
import { type NetworkData } from '../../src/checks/atlas-network-access-list.js'
import { atlasNetworkAccessListCheck } from '../../src/checks/index.js'
import { declaredFindings } from '../../src/core/finding.js'
import type { HostOutcome, HostProbe } from '../../src/net/probe.js'
import type { ProbeReport, Prober } from '../../src/net/prober.js'
import type { ProbeTarget } from '../../src/net/connection-string.js'
import {
  API_KEY_INPUTS,
  PROJECT_ID,
  checkContext,
  problems,
  seenOf,
  statusOf
} from '../helpers/check-context.js'

const INPUTS = { ...API_KEY_INPUTS, 'atlas-project-id': PROJECT_ID, cluster: 'Cluster0' }
const H = (i: number) => `cluster0-shard-00-0${i}.abcde.mongodb.net`
const CLUSTER: ClusterData = {
  name: 'Cluster0',
  found: true,
  type: 'dedicated',
  stateName: 'IDLE',
  connectable: true,
  standard: `mongodb://${H(0)}:27017,${H(1)}:27017,${H(2)}:27017/?ssl=true`
}

/** A host as the prober reports one that ended with `outcome`. */
function host(i: number, outcome: HostOutcome): HostProbe {
  const dns = {
    ok: outcome !== 'dns',
    ms: 3,
    ...(outcome === 'dns' ? { code: 'ESERVFAIL' } : { addresses: ['192.0.2.1'] })
  }
  const base = { host: H(i), port: 27017, outcome, dns }
  if (outcome === 'dns') return base
  const tcpFails = outcome === 'tcp-timeout' || outcome === 'refused'
  const tcp = {
    ok: !tcpFails,
    ms: 5,
    address: '192.0.2.1',
    ...(outcome === 'tcp-timeout'
      ? { code: 'ETIMEOUT' }
      : outcome === 'refused'
        ? { code: 'ECONNREFUSED' }
        : {})
  }
  if (tcpFails) return { ...base, tcp }
  const code: Partial<Record<HostOutcome, string>> = {
    'closed-before-tls': 'ECONNRESET',
    'tls-timeout': 'ETIMEOUT',
    'tls-certificate': 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    'tls-error': 'ERR_SSL_WRONG_VERSION_NUMBER'
  }
  return {
    ...base,
    tcp,
    tls: {
      ok: outcome === 'ok',
      ms: 20,
      ...(code[outcome] ? { code: code[outcome] } : {}),
      ...(outcome === 'tls-certificate'
        ? { issuer: 'Corp Inspection CA ::error::x', subject: '*.mongodb.net' }
        : {})
    }
  }
}

async function run(
  outcomes: HostOutcome[],
  opts: {
    list?: Partial<NetworkData>
    cluster?: ClusterData
    inputs?: Record<string, string>
    srv?: ProbeReport['srv']
  } = {}
) {
  const targets: ProbeTarget[] = []
  const t = await checkContext({
    inputs: opts.inputs ?? INPUTS,
    results: {
      'atlas-cluster': { data: opts.cluster ?? CLUSTER },
      ...(opts.list ? { 'atlas-network-access-list': { data: { verdict: 'unknown', ...opts.list } } } : {})
    }
  })
  t.ctx.services.net = {
    probe: async (target: ProbeTarget): Promise<ProbeReport> => {
      targets.push(target)
      return {
        target,
        ...(opts.srv ? { srv: opts.srv } : {}),
        hosts: outcomes.map((o, i) => host(i, o)),
        ms: 30
      }
    }
  } as unknown as Prober
  const outcome = await clusterReachabilityCheck.run(t.ctx)
  return { outcome, targets }
}

describe('cluster-reachability', () => {
  it('cluster-reachability/reachable: every host completes TLS (yes)', async () => {
    const { outcome, targets } = await run(['ok', 'ok', 'ok'])
    expect(statusOf(outcome)).toBe('pass')
    expect(outcome.findings.map(f => f.id)).toEqual(['cluster-reachability/reachable'])
    expect(outcome.outputs).toEqual({ 'cluster-reachable': 'yes' })
    expect(targets[0]).toMatchObject({ kind: 'hosts' })
    expect(seenOf(outcome)).toContain('Nothing was sent after the handshake')
  })

  it('cluster-reachability/dns: no host resolves (no)', async () => {
    const { outcome } = await run(['dns', 'dns', 'dns'])
    expect(problems(outcome)).toEqual([['cluster-reachability/dns', 'error']])
    expect(outcome.outputs).toEqual({ 'cluster-reachable': 'no' })
    expect(seenOf(outcome)).toContain('SERVFAIL')
  })

  it('cluster-reachability/dns: the SRV lookup of mongodb-uri fails', async () => {
    const { outcome, targets } = await run([], {
      inputs: { ...INPUTS, 'mongodb-uri': 'mongodb+srv://u:p@cluster0.abcde.mongodb.net/' },
      srv: {
        name: 'cluster0.abcde.mongodb.net',
        record: '_mongodb._tcp.cluster0.abcde.mongodb.net',
        srv: { ok: false, ms: 5000, code: 'ETIMEOUT' },
        txt: { ok: true, ms: 3 }
      }
    })
    expect(targets).toEqual([
      { kind: 'srv', name: 'cluster0.abcde.mongodb.net', serviceName: 'mongodb', maxHosts: 0 }
    ])
    expect(problems(outcome)).toEqual([['cluster-reachability/dns', 'error']])
    expect(seenOf(outcome)).toContain('gave no answer')
  })

  it('cluster-reachability/timeout, the list includes the runner: egress or PENDING', async () => {
    const { outcome } = await run(['tcp-timeout', 'tls-timeout', 'tcp-timeout'], {
      list: { verdict: 'allowed', ip: '203.0.113.10', entry: '203.0.113.0/24', status: 'ACTIVE' }
    })
    expect(problems(outcome)).toEqual([['cluster-reachability/timeout', 'error']])
    expect(seenOf(outcome)).toContain(
      'The list includes this address but the hosts do not answer: an egress firewall'
    )
    // Not the list's doing: the finding stands on its own, with its own fix (ports, firewalls).
    expect(outcome.findings.map(f => f.cause)).toEqual([undefined])
  })

  it('cluster-reachability/timeout, the entry is PENDING', async () => {
    const { outcome } = await run(['tcp-timeout'], {
      list: { verdict: 'unknown', status: 'PENDING', entry: '203.0.113.10/32' }
    })
    expect(seenOf(outcome)).toContain('still PENDING')
  })

  it('cluster-reachability/refused, the list does not include the runner: the list', async () => {
    const { outcome } = await run(['refused', 'refused'], { list: { verdict: 'denied', ip: '203.0.113.10' } })
    expect(problems(outcome)).toEqual([['cluster-reachability/refused', 'error']])
    expect(seenOf(outcome)).toContain('the list is what stops it')
    // One cause: the summary lists it under the network access list's finding, with that one fix.
    expect(outcome.findings.map(f => f.cause)).toEqual([LIST_CAUSE])
    expect(LIST_CAUSE).toBe('atlas-network-access-list/not-on-list')
    expect(declaredFindings(atlasNetworkAccessListCheck.findings).map(d => d.id)).toContain(LIST_CAUSE)
  })

  it('cluster-reachability/closed-before-tls: likely the network access list', async () => {
    const { outcome } = await run(['closed-before-tls', 'closed-before-tls', 'refused'], {
      list: { verdict: 'denied' }
    })
    expect(problems(outcome)).toEqual([
      ['cluster-reachability/closed-before-tls', 'error'],
      ['cluster-reachability/refused', 'error']
    ])
    expect(seenOf(outcome)).toMatch(/likely, not certain/)
    expect(outcome.findings.map(f => f.cause)).toEqual([LIST_CAUSE, LIST_CAUSE])
  })

  it('cluster-reachability/tls-certificate names the issuer (as data, never as a command)', async () => {
    const { outcome } = await run(['tls-certificate'])
    expect(problems(outcome)).toEqual([['cluster-reachability/tls-certificate', 'error']])
    expect(seenOf(outcome)).toContain('issued by "Corp Inspection CA')
  })

  it('cluster-reachability/tls-failed for other TLS errors', async () => {
    const { outcome } = await run(['tls-error'])
    expect(problems(outcome)).toEqual([['cluster-reachability/tls-failed', 'error']])
  })

  it('cluster-reachability/partial: some hosts answer', async () => {
    const { outcome } = await run(['ok', 'ok', 'tcp-timeout'])
    expect(problems(outcome)).toEqual([['cluster-reachability/partial', 'warning']])
    expect(outcome.outputs).toEqual({ 'cluster-reachable': 'partial' })
  })

  it('cluster-reachability/incomplete: the deadline cut every probe (unknown)', async () => {
    const { outcome } = await run(['aborted', 'aborted'])
    expect(problems(outcome)).toEqual([['cluster-reachability/incomplete', 'warning']])
    expect(outcome.outputs).toEqual({ 'cluster-reachable': 'unknown' })
  })

  it('skipped when the cluster is paused, not found, or has no hosts', async () => {
    for (const cluster of [
      { ...CLUSTER, paused: true, connectable: false },
      { name: 'Cluster0', found: false },
      { name: 'Cluster0', found: true, connectable: true }
    ] as ClusterData[]) {
      const { outcome, targets } = await run(['ok'], { cluster })
      expect([statusOf(outcome), outcome.outputs, targets]).toEqual([
        'skipped',
        { 'cluster-reachable': 'skipped' },
        []
      ])
    }
  })

  it('prefers mongodb-uri: its hosts are probed from the start of the run (prefetch)', async () => {
    const started: ProbeTarget[] = []
    const t = await checkContext({
      inputs: { 'mongodb-uri': 'mongodb://u:p@h1.example.net:27018,h2.example.net/' }
    })
    const net = {
      probe: (x: ProbeTarget) => (started.push(x), new Promise(() => undefined))
    } as unknown as Prober
    clusterReachabilityCheck.prefetch!({ config: t.config, services: { ...t.services, net } })
    expect(started).toEqual([
      {
        kind: 'hosts',
        hosts: [
          { host: 'h1.example.net', port: 27018 },
          { host: 'h2.example.net', port: 27017 }
        ]
      }
    ])
  })

  it('applies with mongodb-uri alone, or cluster with atlas-project-id', () => {
    expect(clusterReachabilityCheck.applies({ mongodbUri: 'x', atlas: {} } as never)).toBe(true)
    expect(
      clusterReachabilityCheck.applies({ cluster: 'c', atlas: { projectId: PROJECT_ID } } as never)
    ).toBe(true)
    expect(clusterReachabilityCheck.applies({ atlas: {} } as never)).not.toBe(true)
  })

  it('cluster-reachability/srv-refused: an SRV target outside the parent domain names the rule, quotes the record and probes nothing', async () => {
    const { outcome } = await run([], {
      inputs: { ...INPUTS, 'mongodb-uri': 'mongodb+srv://u:p@cluster0.abcde.mongodb.net/' },
      srv: {
        name: 'cluster0.abcde.mongodb.net',
        record: '_mongodb._tcp.cluster0.abcde.mongodb.net',
        srv: { ok: true, ms: 4, targets: 2 },
        txt: { ok: true, ms: 3, records: [] },
        refusal: {
          rule: 'srv-parent-domain',
          text: "an SRV target is not under the SRV name's parent domain",
          record: 'db.attacker.example:27017'
        }
      }
    })
    expect(problems(outcome)).toEqual([['cluster-reachability/srv-refused', 'error']])
    expect(seenOf(outcome)).toContain('`srv-parent-domain`')
    expect(seenOf(outcome)).toContain('"db.attacker.example:27017"')
    expect(seenOf(outcome)).toContain('the driver will refuse this string'.replace('the', 'The'))
    expect(outcome.outputs).toEqual({ 'cluster-reachable': 'no' })
  })

  it('a string the lint refuses is not probed (appName=ci@github does not become a host)', async () => {
    const { outcome, targets } = await run(['ok'], {
      inputs: {
        ...INPUTS,
        'mongodb-uri': 'mongodb://u:p@cluster0.abcde.mongodb.net::27017/?appName=ci@github'
      }
    })
    expect(targets).toEqual([])
    expect(outcome.skipped).toContain('a driver refuses `mongodb-uri`')
  })

  it('Unix domain sockets are named as not probed from here', async () => {
    const { outcome, targets } = await run(['ok'], {
      inputs: { ...INPUTS, 'mongodb-uri': 'mongodb://u:p@%2Ftmp%2Fmongodb-27017.sock/admin' }
    })
    expect(targets).toEqual([])
    expect(outcome.skipped).toContain('Unix domain sockets')
    expect(outcome.skipped).toContain('not probed from here')
  })
})

describe('cluster-reachability under a network lease', () => {
  it('waits for the lease (no prefetch) and reads its entry instead of the list as it was before the lease', async () => {
    const t = await checkContext({
      inputs: {
        ...INPUTS,
        'lease-network-access': 'true',
        'mongodb-uri': 'mongodb+srv://u:p@cluster0.abcde.mongodb.net/'
      },
      results: {
        'atlas-cluster': { data: CLUSTER },
        'atlas-network-access-list': { data: { verdict: 'denied', ip: '192.0.2.44' } },
        'atlas-network-lease': { data: { lease: 'created', entry: '192.0.2.44/32', status: 'ACTIVE' } }
      }
    })
    const started: ProbeTarget[] = []
    t.ctx.services.net = {
      probe: async (target: ProbeTarget): Promise<ProbeReport> => {
        started.push(target)
        return { target, hosts: [host(0, 'ok')], ms: 5 }
      }
    } as unknown as Prober
    clusterReachabilityCheck.prefetch!({ config: t.ctx.config, services: t.ctx.services } as never)
    expect(started).toEqual([])
    expect(clusterReachabilityCheck.after).toContain('atlas-network-lease')
    const outcome = await clusterReachabilityCheck.run(t.ctx)
    expect(problems(outcome)).toEqual([])
    expect(seenOf(outcome)).toContain('The network lease added 192.0.2.44/32 (ACTIVE) before the probes ran')
    expect(seenOf(outcome)).not.toContain('does not include')
  })
})

describe('cluster-reachability/dns-not-atlas: an Atlas name that resolves to an address Atlas never has', () => {
  const withAddresses = async (addresses: string[], name = H(0)) => {
    const targets: ProbeTarget[] = []
    const t = await checkContext({ inputs: INPUTS, results: { 'atlas-cluster': { data: CLUSTER } } })
    t.ctx.services.net = {
      probe: async (target: ProbeTarget): Promise<ProbeReport> => {
        targets.push(target)
        const h = host(0, 'ok')
        return { target, hosts: [{ ...h, host: name, dns: { ok: true, ms: 2, addresses } }], ms: 5 }
      }
    } as unknown as Prober
    return clusterReachabilityCheck.run(t.ctx)
  }

  it.each([
    ['169.254.169.254', 'link-local'],
    ['127.0.0.1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['::ffff:169.254.169.254', 'link-local']
  ])('%s is a warning naming it %s', async (address, scope) => {
    const outcome = await withAddresses([address])
    expect(problems(outcome)).toEqual([['cluster-reachability/dns-not-atlas', 'warning']])
    expect(seenOf(outcome)).toContain(`(${scope})`)
    expect(seenOf(outcome)).toContain('sent nothing after the TLS handshake')
  })

  it('a public address, or a private one behind a private endpoint (-pl-), says nothing', async () => {
    expect(problems(await withAddresses(['52.1.2.3']))).toEqual([])
    expect(
      problems(await withAddresses(['10.1.2.3'], 'cluster0-shard-00-00-pl-0.abcde.mongodb.net'))
    ).toEqual([])
  })
})
