/**
 * A probe report read as a verdict: which hosts answered TLS, what stopped the others (grouped by kind), and each
 * host's observations in words, with their times. Server-given text (host names from DNS, certificate names) is
 * passed through `untrusted`; the writers sanitise it.
 */
import type { HostOutcome, HostProbe } from '../net/probe.js'
import type { ProbeReport } from '../net/prober.js'
import { untrusted } from '../core/untrusted.js'

export type Reachable = 'yes' | 'no' | 'partial' | 'unknown'

/** What stopped a host, as the check's findings are keyed. */
export type Blocker = 'dns' | 'timeout' | 'refused' | 'closed-before-tls' | 'tls-certificate' | 'tls-failed'

export interface Verdict {
  reachable: Reachable
  ok: HostProbe[]
  /** Hosts by what stopped them (aborted hosts are in none). */
  blocked: Map<Blocker, HostProbe[]>
  /** The SRV or TXT lookup failed in a way a driver does not accept. */
  srvFailed: boolean
  /** The SRV/TXT answers break a seedlist rule: the driver refuses the string; nothing was probed. */
  refused: boolean
  aborted: number
}

export function blockerOf(outcome: HostOutcome): Blocker | undefined {
  switch (outcome) {
    case 'ok':
    case 'aborted':
      return undefined
    case 'dns':
      return 'dns'
    case 'tcp-timeout':
    case 'tls-timeout':
      return 'timeout'
    case 'refused':
      return 'refused'
    case 'closed-before-tls':
      return 'closed-before-tls'
    case 'tls-certificate':
      return 'tls-certificate'
    default:
      return 'tls-failed'
  }
}

/** A TXT answer of "no record" is fine (the options are optional); any other failure stops a driver. */
function txtFailed(r: ProbeReport): boolean {
  const code = r.srv?.txt.ok === false ? r.srv.txt.code : undefined
  return code !== undefined && code !== 'ENODATA' && code !== 'ENOTFOUND' && code !== 'ABORTED'
}

export function verdictOf(r: ProbeReport): Verdict {
  const ok = r.hosts.filter(h => h.outcome === 'ok')
  const blocked = new Map<Blocker, HostProbe[]>()
  for (const h of r.hosts) {
    const b = blockerOf(h.outcome)
    if (b) blocked.set(b, [...(blocked.get(b) ?? []), h])
  }
  const aborted = r.hosts.filter(h => h.outcome === 'aborted').length
  const srvFailed = (r.srv !== undefined && !r.srv.srv.ok && r.srv.srv.code !== 'ABORTED') || txtFailed(r)
  const refused = r.srv?.refusal !== undefined
  if (refused) return { reachable: 'no', ok, blocked, srvFailed, refused, aborted }
  const reachable: Reachable =
    ok.length > 0 && !srvFailed
      ? ok.length === r.hosts.length
        ? 'yes'
        : 'partial'
      : blocked.size > 0 || srvFailed
        ? 'no'
        : 'unknown'
  return { reachable, ok, blocked, srvFailed, refused, aborted }
}

const ms = (n: number) => `${n} ms`

/** One host's observations: `host:port: DNS 2 ms (127.0.0.1), TCP 1 ms, TLS …`. */
export function describeHost(h: HostProbe): string {
  const parts: string[] = []
  const name = `${untrusted(h.host, 120)}:${h.port}`
  if (!h.dns.ok) parts.push(`DNS ${dnsWords(h.dns.code)} after ${ms(h.dns.ms)}`)
  else if (h.dns.ms > 0 || h.dns.addresses?.[0] !== h.host)
    parts.push(`DNS ${ms(h.dns.ms)} (${untrusted(h.dns.addresses?.slice(0, 2).join(', '), 90)})`)
  if (h.tcp) {
    if (h.tcp.ok) parts.push(`TCP connected in ${ms(h.tcp.ms)}`)
    else if (h.tcp.code === 'ETIMEOUT') parts.push(`TCP connect got no answer in ${ms(h.tcp.ms)}`)
    else if (h.tcp.code === 'ECONNREFUSED') parts.push(`TCP connect refused after ${ms(h.tcp.ms)}`)
    else if (h.tcp.code === 'ABORTED') parts.push(`TCP connect cut by the deadline after ${ms(h.tcp.ms)}`)
    else parts.push(`TCP connect failed after ${ms(h.tcp.ms)} (${untrusted(h.tcp.code, 30)})`)
  }
  if (h.tls) {
    const cert = [
      h.tls.subject ? `certificate for "${untrusted(h.tls.subject, 80)}"` : '',
      h.tls.issuer ? `issued by "${untrusted(h.tls.issuer, 80)}"` : ''
    ]
      .filter(Boolean)
      .join(', ')
    switch (h.outcome) {
      case 'ok':
        parts.push(
          `TLS handshake completed in ${ms(h.tls.ms)}${h.tls.protocol ? ` (${untrusted(h.tls.protocol, 10)})` : ''}`
        )
        break
      case 'closed-before-tls':
        parts.push(`then closed by the other side before the TLS handshake completed (after ${ms(h.tls.ms)})`)
        break
      case 'tls-timeout':
        parts.push(`but the TLS handshake got no answer in ${ms(h.tls.ms)}`)
        break
      case 'tls-certificate':
        parts.push(
          `TLS handshake in ${ms(h.tls.ms)} with a certificate that does not verify (${untrusted(h.tls.code, 40)}${cert ? `; ${cert}` : ''})`
        )
        break
      case 'aborted':
        parts.push(`TLS handshake cut by the deadline after ${ms(h.tls.ms)}`)
        break
      default:
        parts.push(`TLS handshake failed after ${ms(h.tls.ms)} (${untrusted(h.tls.code, 40)})`)
    }
  }
  return `${name}: ${parts.join(', ')}`
}

export function dnsWords(code: string | undefined): string {
  switch (code) {
    case 'ENOTFOUND':
      return 'says the name does not exist (NXDOMAIN)'
    case 'ENODATA':
      return 'has no address for the name'
    case 'ESERVFAIL':
      return 'failed (SERVFAIL)'
    case 'ETIMEOUT':
      return 'gave no answer'
    case 'ECONNREFUSED':
      return 'server refused the query'
    case 'ABORTED':
      return 'was cut by the deadline'
    default:
      return `failed (${untrusted(code ?? 'unknown', 30)})`
  }
}

/** The SRV and TXT lookups in words, when the target was a `mongodb+srv://` name. */
export function describeSrv(r: ProbeReport): string | undefined {
  if (!r.srv) return undefined
  const name = untrusted(r.srv.name, 120)
  const record = untrusted(r.srv.record, 160)
  const kept = r.srv.kept
    ? ` (\`srvMaxHosts\` keeps ${r.srv.kept.kept} of ${r.srv.kept.of}: a driver picks them at random; the probe took the first ${r.srv.kept.kept} in DNS order)`
    : ''
  const srv = r.srv.srv.ok
    ? `SRV ${record}: ${r.srv.srv.targets} host(s) in ${ms(r.srv.srv.ms)}${kept}`
    : `SRV ${record}: DNS ${dnsWords(r.srv.srv.code)} after ${ms(r.srv.srv.ms)}`
  const txt = r.srv.txt.ok
    ? `TXT ${name}: ${r.srv.txt.records?.length ?? 0} record(s) in ${ms(r.srv.txt.ms)}`
    : `TXT ${name}: DNS ${dnsWords(r.srv.txt.code)} after ${ms(r.srv.txt.ms)}`
  return `${srv}; ${txt}`
}

/** The hosts' lines, at most `max` of them. */
export function hostLines(hosts: readonly HostProbe[], max = 6): string {
  const lines = hosts.slice(0, max).map(describeHost)
  if (hosts.length > max) lines.push(`and ${hosts.length - max} more`)
  return lines.join('; ')
}
