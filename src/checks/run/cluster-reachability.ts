/**
 * The run of `cluster-reachability`, loaded when the check runs: src/checks/cluster-reachability.ts declares the check, and the registry
 * (src/checks/index.ts) puts the two together.
 */
import type { LeaseData } from '../../lease/take.js'
import type { Finding } from '../../core/finding.js'
import { untrusted } from '../../core/untrusted.js'
import { needClient, type CheckContext, type CheckOutcome } from '../../check-support/check.js'
import { apiTarget, uriPlan } from '../../check-support/cluster-path.js'
import {
  describeSrv,
  hostLines,
  verdictOf,
  type Blocker,
  type Verdict
} from '../../check-support/reachability.js'
import type { NetworkData } from '../atlas-network-access-list.js'
import type { HostProbe } from '../../net/probe.js'
import { addressScope } from '../../net/address-scope.js'
import type { ProbeReport } from '../../net/prober.js'
import { FINDINGS, ReachabilityData, LIST_CAUSE } from '../cluster-reachability.js'

export async function run(ctx: CheckContext): Promise<CheckOutcome<ReachabilityData>> {
  const cluster = ctx.result('atlas-cluster')
  const skip = (why: string) => ({
    findings: [],
    skipped: why,
    outputs: { 'cluster-reachable': 'skipped' }
  })
  if (cluster?.data.found && cluster.data.connectable === false)
    return skip(`the cluster is ${cluster.data.paused ? 'paused' : 'not ready'} (see atlas-cluster)`)
  const plan = uriPlan(ctx.config)
  if (plan && 'notProbed' in plan)
    return skip(
      plan.notProbed === 'unix-socket'
        ? '`mongodb-uri` names Unix domain sockets only: paths on the machine the deploy runs on, not probed from here'
        : plan.notProbed === 'refused'
          ? 'a driver refuses `mongodb-uri` (see secrets), so nothing is probed'
          : '`mongodb-uri` names no host that can be probed (see secrets)'
    )
  const fromUri = plan?.target
  const target = fromUri ?? (cluster?.data.found ? apiTarget(cluster.data) : undefined)
  if (!target) {
    if (cluster?.data.found === false) return skip('the cluster was not found (see atlas-cluster)')
    return skip("the cluster's hosts are not known (see atlas-cluster)")
  }
  const net = needClient(ctx.services.net, 'the prober')
  const report = await net.probe(target)
  const v = verdictOf(report)
  const list =
    leaseView(ctx.result('atlas-network-lease')?.data) ??
    listView(ctx.result('atlas-network-access-list')?.data)
  const source = fromUri ? 'mongodb-uri' : 'atlas'
  const where = fromUri
    ? 'the hosts of `mongodb-uri`'
    : "the cluster's hosts (from Atlas's connection string)"
  const data: ReachabilityData = {
    source,
    reachable: v.reachable,
    ms: report.ms,
    ...(report.srv ? { srv: report.srv } : {}),
    hosts: report.hosts.map(h => ({
      host: h.host,
      port: h.port,
      outcome: h.outcome,
      ...(h.tcp?.address ? { address: h.tcp.address } : {}),
      dnsMs: h.dns.ms,
      ...(h.tcp ? { tcpMs: h.tcp.ms } : {}),
      ...(h.tls ? { tlsMs: h.tls.ms } : {}),
      ...(failedCode(h) ? { code: failedCode(h) } : {})
    }))
  }
  const findings = [...findingsFor(v, report, list, where), ...notAtlas(report)]
  return { findings, data, outputs: { 'cluster-reachable': v.reachable } }
}

/** What atlas-network-access-list says of this runner, for the cross-check. */
interface ListView {
  includes: boolean
  excludes: boolean
  pending: boolean
  text: string
}

function failedCode(h: HostProbe): string | undefined {
  return h.tls?.code ?? h.tcp?.code ?? h.dns.code
}

/**
 * What atlas-network-lease says of its entry (its data, typed by the check-data map). Under a lease the list check's
 * view is the list before the lease wrote to it, so the lease's word wins.
 */
function leaseView(d: LeaseData | undefined): ListView | undefined {
  if (!d?.lease || d.lease === 'failed' || !d.entry) return undefined
  const entry = untrusted(d.entry, 50)
  const status = d.status ? untrusted(d.status, 10) : 'status unknown'
  const active = d.status === 'ACTIVE'
  return {
    includes: true,
    excludes: false,
    pending: !active,
    text: `The network lease ${d.lease === 'created' ? 'added' : 'relies on'} ${entry} (${status}) before the probes ran`
  }
}

function listView(d: NetworkData | undefined): ListView | undefined {
  if (!d) return undefined
  const entry = d.entry
    ? ` (entry ${untrusted(d.entry, 50)}${d.status ? `, ${untrusted(d.status, 10)}` : ''})`
    : ''
  const ip = d.ip ? untrusted(d.ip, 45) : "this runner's address"
  if (d.verdict === 'allowed' || d.verdict === 'open-to-world')
    return {
      includes: true,
      excludes: false,
      pending: false,
      text: `The project's network access list includes ${ip}${entry}`
    }
  if (d.verdict === 'denied')
    return {
      includes: false,
      excludes: true,
      pending: false,
      text: `The project's network access list does not include ${ip} (see atlas-network-access-list)`
    }
  if (d.status === 'PENDING')
    return {
      includes: true,
      excludes: false,
      pending: true,
      text: `The project's network access list includes ${ip}${entry}, but the entry is still PENDING`
    }
  return undefined
}

function findingsFor(v: Verdict, r: ProbeReport, list: ListView | undefined, where: string): Finding[] {
  const srvText = describeSrv(r)
  const prefix = srvText ? `${srvText}. ` : ''
  const all = hostLines(r.hosts)
  if (v.refused && r.srv?.refusal) {
    const x = r.srv.refusal
    return [
      FINDINGS['srv-refused'](
        `${prefix}Rule \`${x.rule}\` of the Initial DNS Seedlist Discovery specification: ${x.text}${x.record !== undefined ? `; the record: "${untrusted(x.record, 200)}"` : ''}. The driver will refuse this string before connecting, so no host was probed.`,
        { data: { rule: x.rule } }
      )
    ]
  }
  if (v.reachable === 'yes')
    return [
      FINDINGS.reachable(
        `${prefix}All ${r.hosts.length} of ${where} completed DNS, TCP and a verified TLS handshake: ${all}. Nothing was sent after the handshake.${list ? ` ${list.text}.` : ''}`
      )
    ]
  if (v.reachable === 'unknown')
    return [
      FINDINGS.incomplete(
        `${prefix}The deadline passed while ${where} were being probed${r.hosts.length ? `: ${all}` : ''}.`
      )
    ]
  if (v.srvFailed) {
    return [
      FINDINGS.dns(
        `${prefix}A driver resolving this SRV name fails at this step${r.hosts.length ? `; the hosts: ${all}` : ''}.`
      )
    ]
  }
  if (v.reachable === 'partial') {
    const failing = r.hosts.filter(h => h.outcome !== 'ok')
    return [
      FINDINGS.partial(
        `${prefix}${v.ok.length} of ${r.hosts.length} of ${where} completed TLS; the others did not: ${hostLines(failing)}.${list ? ` ${list.text}.` : ''}`
      )
    ]
  }
  const out: Finding[] = []
  for (const [blocker, hosts] of v.blocked)
    out.push(raise(blocker, hosts, r.hosts.length, list, where, prefix))
  return out
}

function raise(
  blocker: Blocker,
  hosts: HostProbe[],
  total: number,
  list: ListView | undefined,
  where: string,
  prefix: string
): Finding {
  const count =
    hosts.length === total ? `All ${total} of ${where}` : `${hosts.length} of ${total} of ${where}`
  const lines = hostLines(hosts)
  const listText = list ? ` ${list.text}.` : ''
  const byList = list?.excludes ? { cause: LIST_CAUSE } : undefined
  switch (blocker) {
    case 'dns':
      return FINDINGS.dns(`${prefix}${count}: ${lines}.`)
    case 'timeout':
      return FINDINGS.timeout(
        `${prefix}${count} gave no answer: ${lines}.${listText}${
          list?.pending
            ? ' Connections wait until the entry is ACTIVE.'
            : list?.includes
              ? ' The list includes this address but the hosts do not answer: an egress firewall between this runner and Atlas, or an entry still PENDING.'
              : list?.excludes
                ? ' The list is the likely cause: Atlas drops connections from addresses it does not include.'
                : ''
        }`,
        byList
      )
    case 'refused':
      return FINDINGS.refused(
        `${prefix}${count} refused the connection: ${lines}.${listText}${
          list?.excludes
            ? ' The list does not include this address and the hosts refuse: the list is what stops it.'
            : ''
        }`,
        byList
      )
    case 'closed-before-tls':
      return FINDINGS['closed-before-tls'](
        `${prefix}${count} accepted TCP and closed before TLS completed: ${lines}. This is the signature of Atlas's shared/flex-tier proxy refusing an address that is not on the project's network access list (likely, not certain).${listText}${
          list?.includes && !list.pending
            ? ' Yet the list includes this address: a proxy or firewall that cuts TLS on port 27017 is the other explanation.'
            : ''
        }`,
        byList
      )
    case 'tls-certificate':
      return FINDINGS['tls-certificate'](
        `${prefix}${count} completed TLS with a certificate this runner does not trust: ${lines}. Atlas's certificates chain to public CAs; a certificate from another issuer means something on the way (a TLS-inspecting proxy) answered in Atlas's place.`
      )
    default:
      return FINDINGS['tls-failed'](`${prefix}${count}: ${lines}.`)
  }
}

/** Atlas's public host names (commercial and government). */
const ATLAS_HOST = /\.mongodb(gov)?\.net$/

/** A private endpoint's host names carry `-pl-`: private addresses are theirs by design. */
const PRIVATE_ENDPOINT = /-pl-/

/** Atlas host names whose DNS answer is loopback, link-local or (outside a private endpoint) private. */
function notAtlas(r: ProbeReport): Finding[] {
  const odd = r.hosts.flatMap(h => {
    if (!ATLAS_HOST.test(h.host) || !h.dns.ok) return []
    const bad = (h.dns.addresses ?? []).filter(a => {
      const scope = addressScope(a)
      return (
        scope === 'loopback' ||
        scope === 'link-local' ||
        scope === 'unspecified' ||
        (scope === 'private' && !PRIVATE_ENDPOINT.test(h.host))
      )
    })
    return bad.length ? [{ h, bad }] : []
  })
  if (odd.length === 0) return []
  const lines = odd.slice(0, 6).map(
    ({ h, bad }) =>
      `${untrusted(h.host, 120)} → ${bad
        .slice(0, 3)
        .map(a => `${untrusted(a, 45)} (${addressScope(a)})`)
        .join(', ')}`
  )
  return [
    FINDINGS['dns-not-atlas'](
      `DNS answered addresses that cannot be Atlas's public hosts: ${lines.join('; ')}${odd.length > 6 ? `; and ${odd.length - 6} more` : ''}. The probes sent nothing after the TLS handshake.`,
      { data: { hosts: odd.length } }
    )
  ]
}
