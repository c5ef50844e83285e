/**
 * cluster-reachability: from this runner, for every host of the cluster (from `mongodb-uri`, resolving
 * `mongodb+srv://` through DNS SRV and TXT, else from the API's `standard` string), DNS answer, TCP connect and TLS
 * handshake with the host's name, each timed. A string the `mongodb-uri` lint refuses is not probed (a driver would
 * not connect); SRV/TXT answers that break a seedlist rule are a finding naming the rule, and nothing is probed;
 * Unix domain sockets are not probed from here. An Atlas host name that resolves to a loopback, link-local or
 * private address is named (DNS that does not point at Atlas). The probes start as soon as the hosts are known (the URI's at the
 * start of the run, the API's when atlas-cluster's read answers) and run beside the other checks, under the one
 * deadline. Nothing is sent after the handshake: no database credential leaves the runner.
 *
 * What stopped the hosts is read together with atlas-network-access-list: hosts that do not answer while the list
 * includes this runner point at egress (or an entry still PENDING); hosts that refuse or close before TLS while the
 * list does not include it point at the list.
 */
import { defineFindings } from '../core/finding.js'
import { startEarly, type CheckDeclaration } from '../check-support/check.js'
import { uriTarget } from '../check-support/cluster-path.js'
import type { Reachable } from '../check-support/reachability.js'
import type { ProbeReport } from '../net/prober.js'

export const FINDINGS = defineFindings('cluster-reachability', {
  reachable: {
    severity: 'notice',
    title: "The cluster's hosts answer from this runner",
    fix: 'Nothing to do.'
  },
  dns: {
    severity: 'error',
    title: "DNS does not resolve the cluster's hosts",
    fix: "Check the runner's DNS (a resolver that blocks or cannot reach public names, or a split-horizon zone): `nslookup -type=SRV _mongodb._tcp.<host>` must list the hosts. If SRV lookups are blocked, use the standard (non-SRV) connection string from Atlas → Connect."
  },
  timeout: {
    severity: 'error',
    title: "The cluster's hosts do not answer",
    fix: "Allow TCP to the cluster's hosts on ports 27015–27017 from this runner (an egress firewall or security group), and make sure the project's network access list includes the runner's address and the entry is ACTIVE."
  },
  refused: {
    severity: 'error',
    title: "The cluster's hosts refuse the connection",
    fix: "Check the port in the connection string (Atlas uses 27017) and any firewall on the way that rejects (rather than drops) connections; add the runner's address to the project's network access list if it is missing."
  },
  'closed-before-tls': {
    severity: 'error',
    title: 'The hosts close the connection before TLS: likely the network access list',
    fix: "Add the runner's address to the project's network access list (see atlas-network-access-list), or wait until its entry is ACTIVE. A shared or flex cluster's proxy accepts TCP and then closes the connection before TLS for addresses not on the list."
  },
  'tls-certificate': {
    severity: 'error',
    title: "The cluster's TLS certificate does not verify: a TLS-inspecting proxy?",
    fix: "Exempt the cluster's hosts (*.mongodb.net, port 27017) from TLS inspection on the proxy or firewall. Do not turn certificate checks off in the driver (`tlsAllowInvalidCertificates`): the database password would then go to whoever presents a certificate."
  },
  'tls-failed': {
    severity: 'error',
    title: 'The TLS handshake with the cluster failed',
    fix: "Something between the runner and Atlas interferes with TLS on port 27017 (a proxy or firewall): exempt the cluster's hosts, and check that the runner's Node.js and OpenSSL support TLS 1.2 or later."
  },
  partial: {
    severity: 'warning',
    title: "Some of the cluster's hosts do not answer",
    fix: 'A driver can still connect through the hosts that answer, but elections and reads from the others will fail: allow every host of the cluster (ports 27015–27017) through the egress firewall.'
  },
  'srv-refused': {
    severity: 'error',
    title: 'The driver will refuse this string: its DNS records break a seedlist rule',
    fix: "Use the connection string exactly as Atlas → the cluster → Connect gives it, and check the runner's DNS: Atlas publishes SRV targets under the SRV name's parent domain and one TXT record with only `authSource` and `replicaSet` (a different answer comes from another DNS zone or a resolver in the way). Remove `srvMaxHosts` when the string or the TXT record sets `replicaSet` or `loadBalanced=true`."
  },
  'dns-not-atlas': {
    severity: 'warning',
    title: "An Atlas host name resolves to an address that is not Atlas's",
    fix: "Check the runner's DNS (a hosts-file entry, a split-horizon zone, a resolver that rewrites answers): Atlas's public host names resolve to public addresses. Private addresses are expected only through a private endpoint (hosts named `-pl-`) or network peering set up for this runner; a loopback or link-local (169.254.x.x, the cloud metadata service) answer never is. Nothing was sent to these addresses after the TLS handshake."
  },
  incomplete: {
    severity: 'warning',
    title: 'The probes did not finish before the deadline',
    fix: 'Raise `timeout-seconds` so DNS, TCP and TLS to the cluster have time to answer.'
  }
})

export interface ReachabilityData extends Record<string, unknown> {
  source: 'mongodb-uri' | 'atlas'
  reachable: Reachable
  ms?: number
  srv?: ProbeReport['srv']
  hosts?: {
    host: string
    port: number
    outcome: string
    address?: string
    dnsMs?: number
    tcpMs?: number
    tlsMs?: number
    code?: string
  }[]
}

export const clusterReachabilityDeclaration: CheckDeclaration<ReachabilityData> = {
  id: 'cluster-reachability',
  title: 'Cluster reachability',
  summary:
    "With `cluster` or `mongodb-uri`: from this runner, every host of the cluster (`mongodb+srv://` resolved through DNS SRV and TXT): DNS answer, TCP connect, TLS handshake with the host's name, each timed; the verdict read together with `atlas-network-access-list`; `cluster-reachable`. Nothing is sent after the handshake.",
  needs: [],
  // Under a lease, the probes wait for it: the lease opens the list (ACTIVE), then the hosts are probed as the
  // deploy will meet them. Without a lease they start at once (prefetch) and this order costs nothing.
  after: ['atlas-cluster', 'atlas-network-access-list', 'atlas-network-lease'],
  findings: FINDINGS,
  applies: c =>
    c.mongodbUri || (c.cluster && c.atlas.projectId)
      ? true
      : 'no `cluster` (with `atlas-project-id`) or `mongodb-uri` given',
  /** The URI's hosts are known from the inputs: probe them from the start (the API's start in atlas-cluster). */
  prefetch({ config, services }) {
    if (config.lease.enabled) return
    const target = uriTarget(config)
    if (target && services.net) startEarly(services.net.probe(target))
  }
}

/**
 * The finding a blocked cluster follows from when the network access list excludes this runner: the summary groups
 * this check's finding under it, with its one fix (adding the entry) instead of ports and firewalls.
 */
export const LIST_CAUSE = 'atlas-network-access-list/not-on-list'
