/**
 * A MongoDB connection string taken apart, without any network and without Atlas knowledge: scheme, host list,
 * user info (kept raw, for the lint's encoding checks; never logged), options. Parsing is lenient on purpose: a
 * string a driver would refuse still yields as much structure as can be read, with the problems named, so the lint
 * can say what is wrong instead of "invalid".
 *
 * The user info is found as the driver does: the authority ends at the first `/` after the last `@`; a password with
 * an unencoded `@`, `/`, `?` or `#` makes that split ambiguous, which `userinfoAmbiguous` reports.
 */

export interface HostPort {
  host: string
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
  /** More than one `@` before the hosts: the split between password and hosts is a guess. */
  userinfoAmbiguous: boolean
  /** Options in order, names as written, values percent-decoded. */
  options: [string, string][]
}

const DEFAULT_PORT = 27017

/** Parse one connection string; undefined only when there is no `scheme://` at all. */
export function parseConnectionString(text: string): ConnectionString | undefined {
  const value = text.trim()
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/(.*)$/s.exec(value)
  if (!m) return undefined
  const schemeText = m[1]!.toLowerCase()
  const scheme = schemeText === 'mongodb' ? 'mongodb' : schemeText === 'mongodb+srv' ? 'mongodb+srv' : 'other'
  let rest = m[2]!
  // The hosts end at the first `/` or `?` after the last `@` that is followed by a plausible host list.
  const ats = [...rest.matchAll(/@/g)].map(x => x.index)
  let at = -1
  for (let i = ats.length - 1; i >= 0; i--) {
    const before = rest.slice(0, ats[i])
    const after = rest.slice(ats[i]! + 1)
    const hostPart = /^[^/?#]*/.exec(after)![0]
    // An `@` inside the options (`appName=ci@example`) is not the end of the user info.
    if (/\/[\w.-]*\?[A-Za-z]+=/.test(before)) continue
    if (/^[A-Za-z0-9.\-_:,[\]%]+$/.test(hostPart)) {
      at = ats[i]!
      break
    }
  }
  let userinfo: string | undefined
  if (at >= 0) {
    userinfo = rest.slice(0, at)
    rest = rest.slice(at + 1)
  }
  const hostEnd = rest.search(/[/?#]/)
  const hostText = hostEnd < 0 ? rest : rest.slice(0, hostEnd)
  const tail = hostEnd < 0 ? '' : rest.slice(hostEnd)
  const query = /\?([^#]*)/.exec(tail)?.[1] ?? ''

  let username: string | undefined
  let password: string | undefined
  if (userinfo !== undefined) {
    const colon = userinfo.indexOf(':')
    username = colon < 0 ? userinfo : userinfo.slice(0, colon)
    password = colon < 0 ? undefined : userinfo.slice(colon + 1)
  }
  const needsEncoding = (s: string | undefined) =>
    s !== undefined && (/[:/?#[\]@]/.test(s) || /%(?![0-9A-Fa-f]{2})/.test(s))

  return {
    scheme,
    srv: scheme === 'mongodb+srv',
    hosts: hostText === '' ? [] : hostText.split(',').map(parseHost),
    ...(username !== undefined ? { username } : {}),
    ...(password !== undefined ? { password } : {}),
    userinfoNeedsEncoding: needsEncoding(username) || needsEncoding(password),
    userinfoAmbiguous: userinfo !== undefined && userinfo.includes('@'),
    options: parseOptions(query)
  }
}

function parseHost(text: string): HostPort {
  const t = text.trim()
  const v6 = /^\[([^\]]*)\](?::(.*))?$/.exec(t)
  const [host, portText] = v6
    ? [v6[1]!, v6[2]]
    : t.lastIndexOf(':') >= 0
      ? [t.slice(0, t.lastIndexOf(':')), t.slice(t.lastIndexOf(':') + 1)]
      : [t, undefined]
  const decoded = safeDecode(host).toLowerCase()
  if (portText === undefined) return { host: decoded }
  const port = /^\d{1,5}$/.test(portText) ? Number(portText) : NaN
  if (!(port >= 1 && port <= 65535)) return { host: decoded, badPort: portText }
  return { host: decoded, port }
}

function parseOptions(query: string): [string, string][] {
  if (!query) return []
  return query
    .split('&')
    .filter(Boolean)
    .map(pair => {
      const eq = pair.indexOf('=')
      const k = eq < 0 ? pair : pair.slice(0, eq)
      const v = eq < 0 ? '' : pair.slice(eq + 1)
      return [safeDecode(k), safeDecode(v)] as [string, string]
    })
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s)
  } catch {
    return s
  }
}

/** The last value of an option, its name matched case-insensitively (as drivers do). */
export function option(cs: ConnectionString, name: string): string | undefined {
  const n = name.toLowerCase()
  let out: string | undefined
  for (const [k, v] of cs.options) if (k.toLowerCase() === n) out = v
  return out
}

/** Every value given for an option (case-insensitive name). */
export function optionValues(cs: ConnectionString, name: string): string[] {
  const n = name.toLowerCase()
  return cs.options.filter(([k]) => k.toLowerCase() === n).map(([, v]) => v)
}

/** What to probe for a connection string: an SRV name to resolve, or host:port pairs (default port 27017). */
export type ProbeTarget =
  { kind: 'srv'; name: string } | { kind: 'hosts'; hosts: { host: string; port: number }[] }

export function probeTargetOf(cs: ConnectionString): ProbeTarget | undefined {
  if (cs.scheme === 'other' || cs.hosts.length === 0 || cs.hosts.some(h => h.badPort || !h.host))
    return undefined
  if (cs.srv) return cs.hosts.length === 1 ? { kind: 'srv', name: cs.hosts[0]!.host } : undefined
  return { kind: 'hosts', hosts: cs.hosts.map(h => ({ host: h.host, port: h.port ?? DEFAULT_PORT })) }
}

/** A stable key for a target (no user info ever enters it). */
export function targetKey(t: ProbeTarget): string {
  return t.kind === 'srv' ? `srv:${t.name}` : `hosts:${t.hosts.map(h => `${h.host}:${h.port}`).join(',')}`
}

/**
 * The secret parts of a connection string: its password, raw and percent-decoded, or, when the split between
 * password and hosts is ambiguous (an unencoded `@`), everything before the last `@`. The engine redacts these in
 * any piece; the whole string only whole.
 */
export function connectionStringSecrets(uri: string | undefined): string[] {
  if (!uri) return []
  const cs = parseConnectionString(uri)
  if (!cs) return []
  const out = new Set<string>()
  const userinfo = /^[^:]+:\/\/(.*)@/s.exec(uri.trim())?.[1]
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
