/**
 * The URI options a MongoDB driver knows, their value types and the rules between them, as MongoDB's URI Options
 * specification states them (github.com/mongodb/specifications, source/uri-options/). What the spec calls invalid
 * is an `error` issue (the driver refuses the string before connecting); what it calls "valid with a warning" (an
 * unknown option, a value of the wrong type, a repeated option) is a `warning` issue (the driver ignores the value).
 *
 * Issue texts are this module's own words: they name an option only when it is one of the spec's (a constant of
 * this file), never a name or value taken from the string, which is a secret.
 */

export type IssueLevel = 'error' | 'warning'

export interface UriIssue {
  level: IssueLevel
  /** The spec's rule, short and stable (e.g. `tls-conflict`, `option-incomplete`). */
  rule: string
  /** What is wrong, in this module's words (no text of the connection string). */
  text: string
}

type Kind =
  | { t: 'bool' }
  | { t: 'int'; min: number; max?: number }
  | { t: 'enum'; values: readonly string[] }
  | { t: 'string' }
  | { t: 'w' }
  | { t: 'tags' }
  | { t: 'props' }
  | { t: 'compressors' }
  | { t: 'staleness' }

const bool: Kind = { t: 'bool' }
const int0: Kind = { t: 'int', min: 0 }
const str: Kind = { t: 'string' }

/** Every option of the URI Options spec, by its name as the spec spells it. */
export const URI_OPTIONS: Readonly<Record<string, Kind>> = {
  appname: str,
  authMechanism: {
    t: 'enum',
    values: [
      'GSSAPI',
      'MONGODB-CR',
      'MONGODB-X509',
      'PLAIN',
      'SCRAM-SHA-1',
      'SCRAM-SHA-256',
      'MONGODB-AWS',
      'MONGODB-OIDC'
    ]
  },
  authMechanismProperties: { t: 'props' },
  authSource: str,
  compressors: { t: 'compressors' },
  connectTimeoutMS: int0,
  directConnection: bool,
  enableOverloadRetargeting: bool,
  heartbeatFrequencyMS: { t: 'int', min: 500 },
  journal: bool,
  loadBalanced: bool,
  localThresholdMS: int0,
  maxAdaptiveRetries: int0,
  maxConnecting: { t: 'int', min: 1 },
  maxIdleTimeMS: int0,
  maxPoolSize: int0,
  maxStalenessSeconds: { t: 'staleness' },
  minPoolSize: int0,
  proxyHost: str,
  proxyPassword: str,
  proxyPort: { t: 'int', min: 0, max: 65535 },
  proxyUsername: str,
  readConcernLevel: str,
  readPreference: {
    t: 'enum',
    values: ['primary', 'primaryPreferred', 'secondary', 'secondaryPreferred', 'nearest']
  },
  readPreferenceTags: { t: 'tags' },
  replicaSet: str,
  retryReads: bool,
  retryWrites: bool,
  serverMonitoringMode: { t: 'enum', values: ['auto', 'stream', 'poll'] },
  serverSelectionTimeoutMS: int0,
  serverSelectionTryOnce: bool,
  socketTimeoutMS: int0,
  srvMaxHosts: int0,
  srvServiceName: str,
  ssl: bool,
  timeoutMS: int0,
  tls: bool,
  tlsAllowInvalidCertificates: bool,
  tlsAllowInvalidHostnames: bool,
  tlsCAFile: str,
  tlsCertificateKeyFile: str,
  tlsCertificateKeyFilePassword: str,
  tlsDisableCertificateRevocationCheck: bool,
  tlsDisableOCSPEndpointCheck: bool,
  tlsInsecure: bool,
  w: { t: 'w' },
  waitQueueTimeoutMS: int0,
  wTimeoutMS: int0,
  zlibCompressionLevel: { t: 'int', min: -1, max: 9 }
}

const CANONICAL = new Map(Object.keys(URI_OPTIONS).map(k => [k.toLowerCase(), k]))

/** The spec's spelling of an option name given in any case; undefined for an option the spec does not know. */
export function canonicalOption(name: string): string | undefined {
  return CANONICAL.get(name.toLowerCase())
}

/** Whether `value` is a valid value of the known option `name` (spec spelling). */
export function validValue(name: string, value: string): boolean {
  const kind = URI_OPTIONS[name]
  if (!kind) return false
  switch (kind.t) {
    case 'bool':
      return value === 'true' || value === 'false'
    case 'int': {
      if (!/^-?\d+$/.test(value)) return false
      const n = Number(value)
      return n >= kind.min && (kind.max === undefined || n <= kind.max)
    }
    case 'staleness':
      return /^-?\d+$/.test(value) && (Number(value) === -1 || Number(value) >= 0)
    case 'enum':
      return kind.values.includes(value)
    case 'string':
      return value !== ''
    case 'w':
      return value !== '' && (!/^-?\d+$/.test(value) || Number(value) >= 0)
    case 'tags':
      return value === '' || value.split(',').every(p => /^[^:]+:[^:]*$/.test(p))
    case 'props':
      return value !== '' && value.split(',').every(p => /^[^:]+:.*$/.test(p))
    case 'compressors':
      return value !== '' && value.split(',').every(c => ['snappy', 'zlib', 'zstd'].includes(c))
  }
}

/** Options whose pairs the TLS section of the URI Options spec forbids together, whatever their values. */
const TLS_EXCLUSIVE: readonly (readonly [string, string])[] = [
  ['tlsInsecure', 'tlsAllowInvalidCertificates'],
  ['tlsInsecure', 'tlsAllowInvalidHostnames'],
  ['tlsInsecure', 'tlsDisableOCSPEndpointCheck'],
  ['tlsInsecure', 'tlsDisableCertificateRevocationCheck'],
  ['tlsAllowInvalidCertificates', 'tlsDisableOCSPEndpointCheck'],
  ['tlsAllowInvalidCertificates', 'tlsDisableCertificateRevocationCheck'],
  ['tlsDisableOCSPEndpointCheck', 'tlsDisableCertificateRevocationCheck']
]

const PROXY = ['proxyHost', 'proxyPort', 'proxyUsername', 'proxyPassword'] as const

/** One option as given: its name (as written), value (percent-decoded). */
export type OptionPair = [string, string]

/** What the options of one connection string amount to, and the issues the URI Options spec names. */
export interface OptionsVerdict {
  /** The last valid value of each known option, by the spec's spelling (what a driver would use). */
  values: Map<string, string>
  issues: UriIssue[]
}

/**
 * The options read as a driver reads them. `srv` and `hostCount` are the parts of the string the rules between
 * options need (`directConnection` with several hosts, `srvMaxHosts` without `+srv`…).
 */
export function readOptions(pairs: readonly OptionPair[], srv: boolean, hostCount: number): OptionsVerdict {
  const issues: UriIssue[] = []
  const values = new Map<string, string>()
  const given = new Map<string, string[]>()
  let unknown = 0
  const badValues = new Set<string>()
  for (const [rawName, value] of pairs) {
    const name = canonicalOption(rawName)
    if (!name) {
      unknown++
      continue
    }
    given.set(name, [...(given.get(name) ?? []), value])
    if (!validValue(name, value)) {
      badValues.add(name)
      continue
    }
    values.set(name, value)
  }
  if (unknown > 0)
    issues.push({
      level: 'warning',
      rule: 'option-unknown',
      text: `${unknown} option name(s) that no MongoDB driver knows (a driver ignores them)`
    })
  for (const name of badValues)
    issues.push({
      level: 'warning',
      rule: 'option-value',
      text: `\`${name}\` has a value the URI Options specification does not accept (a driver ignores it)`
    })
  const repeated = [...given].filter(
    ([n, vs]) => vs.length > 1 && n !== 'readPreferenceTags' && !PROXY.includes(n as (typeof PROXY)[number])
  )
  for (const [name] of repeated)
    issues.push({
      level: 'warning',
      rule: 'option-repeated',
      text: `\`${name}\` is given more than once (a driver keeps one value and warns)`
    })

  const err = (rule: string, text: string) => issues.push({ level: 'error', rule, text })
  const has = (n: string) => given.has(n)
  const v = (n: string) => values.get(n)

  // TLS: tls and ssl must agree; the insecure switches exclude one another.
  if (v('tls') !== undefined && v('ssl') !== undefined && v('tls') !== v('ssl'))
    err('tls-conflict', '`tls` and `ssl` are given with different values')
  for (const [a, b] of TLS_EXCLUSIVE)
    if (has(a) && has(b)) err('tls-conflict', `\`${a}\` and \`${b}\` are given together`)

  // Proxy: the other options need proxyHost; user name and password go together; none may repeat.
  if (!has('proxyHost') && PROXY.some(p => has(p)))
    err('proxy-options', 'proxy options are given without `proxyHost`')
  if (has('proxyUsername') !== has('proxyPassword'))
    err('proxy-options', '`proxyUsername` and `proxyPassword` must be given together')
  for (const p of PROXY)
    if ((given.get(p)?.length ?? 0) > 1) err('proxy-options', `\`${p}\` is given more than once`)

  // Topology: a direct connection is to one host; load balancing excludes several hosts, a replica set name and
  // a direct connection.
  if (v('directConnection') === 'true' && srv)
    err('direct-connection', '`directConnection=true` is given with the SRV form (`mongodb+srv://`)')
  if (v('directConnection') === 'true' && hostCount > 1)
    err('direct-connection', '`directConnection=true` is given with several hosts')
  if (v('loadBalanced') === 'true') {
    if (!srv && hostCount > 1) err('load-balanced', '`loadBalanced=true` is given with several hosts')
    if (v('replicaSet') !== undefined) err('load-balanced', '`loadBalanced=true` is given with `replicaSet`')
    if (v('directConnection') === 'true')
      err('load-balanced', '`loadBalanced=true` is given with `directConnection=true`')
  }

  // SRV options: only with `+srv`; a positive srvMaxHosts excludes replicaSet and loadBalanced=true.
  if (!srv && has('srvServiceName'))
    err('srv-options', '`srvServiceName` is given without the SRV form (`mongodb+srv://`)')
  if (!srv && has('srvMaxHosts'))
    err('srv-options', '`srvMaxHosts` is given without the SRV form (`mongodb+srv://`)')
  const maxHosts = Number(v('srvMaxHosts') ?? 0)
  if (srv && maxHosts > 0 && v('replicaSet') !== undefined)
    err('srv-max-hosts', '`srvMaxHosts` above 0 is given with `replicaSet`')
  if (srv && maxHosts > 0 && v('loadBalanced') === 'true')
    err('srv-max-hosts', '`srvMaxHosts` above 0 is given with `loadBalanced=true`')
  return { values, issues }
}
