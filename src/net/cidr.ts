/** CIDR containment for IPv4 and IPv6 with ipaddr.js (well kept, handles IPv4-mapped IPv6 and every notation). */
import ipaddr from 'ipaddr.js'

/*
 * ipaddr.js's own `parse` and `parseCIDR` try the IPv6 parser first, on every text, IPv4 ones included; that parser
 * compiles its expressions on first use (about 2 ms, between two rounds of requests). An IPv6 text always has a
 * colon and an IPv4 one never does, so the parser is picked by that: the same answers (the tests hold them), and an
 * IPv4 runner never runs the IPv6 parser.
 */
const isIpv6Text = (s: string) => s.includes(':')

export function isValidIp(value: string): boolean {
  return ipaddr.IPv4.isValidFourPartDecimal(value) || (isIpv6Text(value) && ipaddr.IPv6.isValid(value))
}

/** A valid address (see `isValidIp`), parsed by its family's parser. */
function parseAddress(value: string): ipaddr.IPv4 | ipaddr.IPv6 {
  return isIpv6Text(value) ? ipaddr.IPv6.parse(value) : ipaddr.IPv4.parse(value)
}

function normalize(a: ipaddr.IPv4 | ipaddr.IPv6): ipaddr.IPv4 | ipaddr.IPv6 {
  return a.kind() === 'ipv6' && (a as ipaddr.IPv6).isIPv4MappedAddress()
    ? (a as ipaddr.IPv6).toIPv4Address()
    : a
}

/** Parse `a.b.c.d`, `a.b.c.d/n`, IPv6 and IPv6/n; undefined when invalid. A bare address is a /32 or /128. */
export function parseRange(entry: string): [ipaddr.IPv4 | ipaddr.IPv6, number] | undefined {
  const e = entry.trim()
  try {
    if (e.includes('/')) {
      const [addr, bits] = isIpv6Text(e) ? ipaddr.IPv6.parseCIDR(e) : ipaddr.IPv4.parseCIDR(e)
      return [addr, bits]
    }
    if (!isValidIp(e)) return undefined
    const a = normalize(parseAddress(e))
    return [a, a.kind() === 'ipv4' ? 32 : 128]
  } catch {
    return undefined
  }
}

/**
 * Whether `entry` holds `ip`. An IPv6 range (`…:…/n`) never holds an IPv4 address (ipaddr.js keeps the range's IPv6
 * kind), so that answer comes without parsing: a runner with an IPv4 address never pays for ipaddr.js's IPv6 parser,
 * which compiles its expressions on first use (about 2 ms, between two rounds of requests).
 */
export function contains(entry: string, ip: string): boolean {
  if (!isIpv6Text(ip) && isIpv6Text(entry) && entry.includes('/')) return false
  const range = parseRange(entry)
  if (!range || !isValidIp(ip)) return false
  const addr = normalize(parseAddress(ip))
  const [net, bits] = range
  if (addr.kind() !== net.kind()) return false
  return addr.match([net, bits] as [typeof addr, number])
}

/** 0.0.0.0/0 or ::/0 (or any /0). Only a range whose prefix is 0 is parsed (see `contains`). */
export function isWholeInternet(entry: string): boolean {
  const e = entry.trim()
  if (!/^0+$/.test(e.slice(e.lastIndexOf('/') + 1))) return false
  const r = parseRange(e)
  return r !== undefined && r[1] === 0
}

export function hostEntry(ip: string): string {
  return ip.includes(':') ? `${ip}/128` : `${ip}/32`
}

/** Ranges no echo service on the internet could see a runner come from (a proxy or NAT answered instead). */
const NOT_PUBLIC = new Set([
  'unspecified',
  'broadcast',
  'multicast',
  'linkLocal',
  'loopback',
  'carrierGradeNat',
  'private',
  'uniqueLocal'
])

/**
 * Whether an address can be the runner's public address. Documentation ranges (TEST-NET, 2001:db8::/32) count as
 * public here: ipaddr.js calls them reserved, and the sandbox uses them as it should.
 */
export function isPublicAddress(ip: string): boolean {
  if (!isValidIp(ip)) return false
  const a = normalize(parseAddress(ip))
  return !NOT_PUBLIC.has(a.range())
}
