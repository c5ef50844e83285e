/**
 * A MongoDB connection string read the way MongoDB's Connection String specification reads it (github.com/
 * mongodb/specifications, source/connection-string/), with its URI options read by ./uri-options.ts: one model the
 * lint (check-support/mongodb-uri.ts) and the prober share, so the prober never probes a string the lint refuses.
 *
 * Parsing is lenient on purpose: a string a driver would refuse still yields as much structure as can be read,
 * with every problem in `issues` (an `error` where the specs say invalid, a `warning` where they say "valid with a
 * warning"), so the lint can say what is wrong instead of "invalid". No Atlas knowledge here.
 *
 * The spec's order: the scheme; the host information ends at the first `/` (or `?` when the `/` is left out); in
 * it, the user information ends at the last `@`; hosts are split on `,`; the options follow the `?`.
 */
import { cleaned } from '../core/pasted.js'
import { readOptions, type OptionPair, type UriIssue } from './uri-options.js'

export type { UriIssue } from './uri-options.js'

export type HostType = 'hostname' | 'ipv4' | 'ip_literal' | 'unix'

export interface HostPort {
  /** Lower-cased host name, IP address (IPv6 without brackets), or the decoded socket path. */
  host: string
  type: HostType
  /** As written; undefined when none was given. */
  port?: number
  /** The port text when it is not a number from 1 to 65535. */
  badPort?: string
}

export interface ConnectionString {
  scheme: 'mongodb' | 'mongodb+srv' | 'other'
  srv: boolean
  hosts: HostPort[]
  /** Raw (still percent-encoded) user name and password; undefined when absent. Never print these. */
  username?: string
  password?: string
  /** Some character of the user info must be percent-encoded and is not (`: / ? # [ ] @`, or a stray `%`). */
  userinfoNeedsEncoding: boolean
  /** An `@` beyond the one that ends the user info: the split between password and hosts is a guess. */
  userinfoAmbiguous: boolean
  /** The auth database (decoded), when given. */
  database?: string
  /** Options in order, names as written, values percent-decoded. */
  options: [string, string][]
  /** The last valid value of each option the spec knows, by the spec's spelling. */
  values: Map<string, string>
  /** Everything the specs say of this string: errors (a driver refuses it) and warnings. */
  issues: UriIssue[]
}

export const DEFAULT_PORT = 27017

/** Whether the specs refuse the string (any `error` issue). */
export function refused(cs: ConnectionString): boolean {
  return cs.scheme === 'other' || cs.issues.some(i => i.level === 'error')
}

/** Parse one connection string; undefined only when there is no `scheme://` at all. */
export function parseConnectionString(text: string): ConnectionString | undefined {
  const value = text.trim()
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/(.*)$/s.exec(value)
  if (!m) return undefined
  const schemeText = m[1]!.toLowerCase()
  const scheme = schemeText === 'mongodb' ? 'mongodb' : schemeText === 'mongodb+srv' ? 'mongodb+srv' : 'other'
  const srv = scheme === 'mongodb+srv'
  const rest = m[2]!
  const issues: UriIssue[] = []
  const err = (rule: string, t: string) => issues.push({ level: 'error', rule, text: t })

  // The spec: the host information ends at the first `/` (or `?`), and the user information in it at the last
  // `@`. When an `@` comes after that `/` but before the options, a `/` in the password ended the host information
  // too early: the user information is then read up to that `@` (the driver refuses the string either way).
  const firstQ = rest.indexOf('?')
  const preQuery = firstQ < 0 ? rest : rest.slice(0, firstQ)
  const slash = preQuery.indexOf('/')
  const lastAt = preQuery.lastIndexOf('@')
  const lateAt = slash >= 0 && lastAt > slash
  const infoStart = lateAt ? lastAt + 1 : 0
  const afterInfo = rest.slice(infoStart)
  const authorityEnd = afterInfo.search(/[/?]/)
  const authority = lateAt
    ? rest.slice(0, infoStart) + (authorityEnd < 0 ? afterInfo : afterInfo.slice(0, authorityEnd))
    : authorityEnd < 0
      ? afterInfo
      : afterInfo.slice(0, authorityEnd)
  const tail = authorityEnd < 0 ? '' : afterInfo.slice(authorityEnd)
  const at = authority.lastIndexOf('@')
  const userinfo = at < 0 ? undefined : authority.slice(0, at)
  const hostText = at < 0 ? authority : authority.slice(at + 1)
  const query = tail.indexOf('?')
  const path = query < 0 ? tail : tail.slice(0, query)

  let username: string | undefined
  let password: string | undefined
  if (userinfo !== undefined) {
    const colon = userinfo.indexOf(':')
    username = colon < 0 ? userinfo : userinfo.slice(0, colon)
    password = colon < 0 ? undefined : userinfo.slice(colon + 1)
  }
  const needsEncoding = (s: string | undefined, colonAllowed: boolean) =>
    s !== undefined && ((colonAllowed ? /[/?#[\]@]/ : /[:/?#[\]@]/).test(s) || /%(?![0-9A-Fa-f]{2})/.test(s))
  const userinfoNeedsEncoding = needsEncoding(username, false) || needsEncoding(password, false)
  const userinfoAmbiguous = userinfo !== undefined && userinfo.includes('@')
  if (userinfoNeedsEncoding || userinfoAmbiguous)
    err(
      'userinfo-encoding',
      'the user name or password holds a reserved character (`:` `/` `?` `#` `[` `]` `@`, or a `%` not followed by two hex digits) that is not percent-encoded'
    )

  const hosts = hostText === '' ? [] : hostText.split(',').map(h => parseHost(h, err))
  if (hosts.length === 0) err('host-missing', 'no host is given')
  if (srv) {
    if (hosts.length > 1) err('srv-one-host', 'the SRV form (`mongodb+srv://`) takes exactly one host')
    if (hosts.some(h => h.port !== undefined || h.badPort !== undefined))
      err('srv-port', 'the SRV form (`mongodb+srv://`) takes no port: DNS gives the ports')
    if (hosts.some(h => h.type !== 'hostname'))
      err('srv-host-name', 'the SRV form (`mongodb+srv://`) takes a host name, not an address or a socket')
  }

  let database: string | undefined
  const dbText = path.replace(/^\//, '')
  if (dbText !== '') {
    database = safeDecode(dbText)
    if (/[/\\ "$]/.test(database) && !/^\$external$/.test(database))
      err('database-name', 'the database name after the hosts holds a character a database name cannot have')
  }

  const options: [string, string][] = []
  const queryText = query < 0 ? '' : tail.slice(query + 1)
  let incomplete = false
  for (const pair of queryText.split('&')) {
    if (pair === '') continue
    const eq = pair.indexOf('=')
    if (eq <= 0) {
      incomplete = true
      continue
    }
    options.push([safeDecode(pair.slice(0, eq)), safeDecode(pair.slice(eq + 1))])
  }
  if (incomplete) err('option-incomplete', 'an option is given without `=` and a value')
  const read = readOptions(options as OptionPair[], srv, hosts.length)
  issues.push(...read.issues)
  if (scheme === 'other') err('scheme', 'the scheme is neither `mongodb://` nor `mongodb+srv://`')

  return {
    scheme,
    srv,
    hosts,
    ...(username !== undefined ? { username } : {}),
    ...(password !== undefined ? { password } : {}),
    userinfoNeedsEncoding,
    userinfoAmbiguous,
    ...(database !== undefined ? { database } : {}),
    options,
    values: read.values,
    issues: dedupe(issues)
  }
}

function dedupe(issues: UriIssue[]): UriIssue[] {
  const seen = new Set<string>()
  return issues.filter(i => {
    const k = `${i.level} ${i.rule} ${i.text}`
    if (seen.has(k)) return false
    seen.add(k)
    return true
  })
}

function parseHost(text: string, err: (rule: string, t: string) => void): HostPort {
  const t = text
  if (t.startsWith('[')) {
    const close = t.indexOf(']')
    if (close < 0) {
      err('host-ip-literal', 'an IPv6 address opens `[` without closing `]`')
      return { host: t.slice(1).toLowerCase(), type: 'ip_literal' }
    }
    const host = t.slice(1, close).toLowerCase()
    const after = t.slice(close + 1)
    if (after === '') return { host, type: 'ip_literal' }
    if (!after.startsWith(':')) {
      err('host-ip-literal', 'an IPv6 address in brackets is followed by something other than `:port`')
      return { host, type: 'ip_literal' }
    }
    return withPort({ host, type: 'ip_literal' }, after.slice(1), err)
  }
  const decoded = safeDecode(t)
  if (/\.sock$/i.test(decoded) && decoded.includes('/')) return { host: decoded, type: 'unix' }
  const colons = (t.match(/:/g) ?? []).length
  if (colons > 1) {
    err(
      'host-colons',
      'a host has more than one `:` (an IPv6 address must be in brackets, and a port follows one `:`)'
    )
    return { host: t.slice(0, t.indexOf(':')).toLowerCase(), type: 'hostname' }
  }
  const [name, portText] = colons === 1 ? [t.slice(0, t.indexOf(':')), t.slice(t.indexOf(':') + 1)] : [t]
  const host = safeDecode(name!).toLowerCase()
  if (host === '') err('host-missing', 'a host is empty')
  else if (host.includes('/') || t.includes('%2F') || t.includes('%2f'))
    err('host-unix-socket', 'a host holds a `/` but is not a Unix domain socket path ending in `.sock`')
  const type: HostType =
    /^\d{1,3}(\.\d{1,3}){3}$/.test(host) && host.split('.').every(o => Number(o) <= 255) ? 'ipv4' : 'hostname'
  return portText === undefined ? { host, type } : withPort({ host, type }, portText, err)
}

function withPort(h: HostPort, portText: string, err: (rule: string, t: string) => void): HostPort {
  const port = /^\d{1,5}$/.test(portText) ? Number(portText) : NaN
  if (port >= 1 && port <= 65535) return { ...h, port }
  err('host-port', 'a port is not a number from 1 to 65535')
  return { ...h, badPort: portText }
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s)
  } catch {
    return s
  }
}

/** Every value given for an option (case-insensitive name). */
export function optionValues(cs: ConnectionString, name: string): string[] {
  const n = name.toLowerCase()
  return cs.options.filter(([k]) => k.toLowerCase() === n).map(([, v]) => v)
}

/** What the Initial DNS Seedlist Discovery rules need from the string, besides the SRV name. */
export interface SrvUriOptions {
  /** `srvServiceName` (default `mongodb`): the SRV record is `_<service>._tcp.<name>`. */
  serviceName: string
  /** `srvMaxHosts` (0: no limit). */
  maxHosts: number
  replicaSet?: string
  loadBalanced?: boolean
  directConnection?: boolean
}

/** What to probe for a connection string: an SRV name to resolve, or host:port pairs (default port 27017). */
export type ProbeTarget =
  ({ kind: 'srv'; name: string } & SrvUriOptions) | { kind: 'hosts'; hosts: { host: string; port: number }[] }

/** Why a parsed string gives nothing to probe. */
export type NotProbed = 'refused' | 'unix-socket' | 'no-host'

/**
 * What the prober may probe for this string: nothing when the specs refuse it (a driver would not connect, so
 * neither does the probe), nothing for Unix domain sockets (a path on the deploy's machine, not a network host).
 * A string mixing sockets and network hosts probes the network hosts only.
 */
export function probePlanOf(cs: ConnectionString): { target: ProbeTarget } | { notProbed: NotProbed } {
  if (refused(cs)) return { notProbed: 'refused' }
  const network = cs.hosts.filter(h => h.type !== 'unix')
  if (network.length === 0) return { notProbed: cs.hosts.length > 0 ? 'unix-socket' : 'no-host' }
  if (cs.srv) {
    const lb = cs.values.get('loadBalanced')
    const dc = cs.values.get('directConnection')
    const rs = cs.values.get('replicaSet')
    return {
      target: {
        kind: 'srv',
        name: network[0]!.host.replace(/\.$/, ''),
        serviceName: cs.values.get('srvServiceName') ?? 'mongodb',
        maxHosts: Number(cs.values.get('srvMaxHosts') ?? 0),
        ...(rs !== undefined ? { replicaSet: rs } : {}),
        ...(lb !== undefined ? { loadBalanced: lb === 'true' } : {}),
        ...(dc !== undefined ? { directConnection: dc === 'true' } : {})
      }
    }
  }
  return {
    target: { kind: 'hosts', hosts: network.map(h => ({ host: h.host, port: h.port ?? DEFAULT_PORT })) }
  }
}

/** The probe target of a string, or undefined when there is none (see `probePlanOf` for why). */
export function probeTargetOf(cs: ConnectionString): ProbeTarget | undefined {
  const plan = probePlanOf(cs)
  return 'target' in plan ? plan.target : undefined
}

/** A stable key for a target (no user info ever enters it). */
export function targetKey(t: ProbeTarget): string {
  return t.kind === 'srv'
    ? `srv:${t.serviceName}:${t.name}:${t.maxHosts}:${t.replicaSet ?? ''}:${t.loadBalanced ?? ''}`
    : `hosts:${t.hosts.map(h => `${h.host}:${h.port}`).join(',')}`
}

/**
 * The secret parts of a connection string: its password, raw and percent-decoded, or, when the split between
 * password and hosts is ambiguous (an unencoded `@`), everything before the last `@`. The engine redacts these in
 * any piece; the whole string only whole.
 */
export function connectionStringSecrets(given: string | undefined): string[] {
  if (!given) return []
  // As the lint and the prober read it: with paste mistakes (quotes, spaces) undone.
  const uri = cleaned(given)
  const cs = parseConnectionString(uri)
  if (!cs) return []
  const out = new Set<string>()
  const userinfo = /^[^:]+:\/\/(.*)@/s.exec(uri)?.[1]
  if (cs.userinfoAmbiguous && userinfo) out.add(userinfo)
  if (cs.password) {
    out.add(cs.password)
    try {
      out.add(decodeURIComponent(cs.password))
    } catch {
      // Not valid percent-encoding: the raw form is what appears.
    }
  }
  return [...out].filter(s => s.length >= 4)
}
