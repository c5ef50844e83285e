/**
 * The `mongodb-uri` lint, part of the secrets check: no network, the connection string read as a driver would
 * and its usual mistakes named: the scheme, `+srv` with a port or several hosts, a host that is not the cluster's,
 * reserved characters in the password not percent-encoded, Atlas's `<db_password>` placeholder left in, an Atlas
 * API credential where the database user's belongs, TLS turned off to Atlas, options that contradict each other.
 *
 * The connection string is a secret. Findings describe it and never quote it, whole or in part: no host, option
 * value or character of it is copied into a title, seen, fix or data (the redactor would hide it anyway, but a
 * finding must read right without it). Only this module's own words, and the cluster name the user gave, appear.
 */
import type { Config } from '../config/config.js'
import { defineFindings, type Finding } from '../core/finding.js'
import { untrusted } from '../core/untrusted.js'
import {
  option,
  optionValues,
  parseConnectionString,
  type ConnectionString
} from '../net/connection-string.js'
import { SHAPE_NAMES, cleaned, shapeOf, type Shape } from './secret-formats.js'

export const MONGODB_URI_FINDINGS = defineFindings('secrets', {
  'mongodb-uri-scheme': {
    severity: 'error',
    title: '`mongodb-uri` is not a MongoDB connection string',
    fix: 'Copy the string from Atlas → the cluster → Connect → Drivers: it starts with `mongodb` then `+srv://` (or `://` for the standard form).'
  },
  'mongodb-uri-malformed': {
    severity: 'error',
    title: '`mongodb-uri` has no usable host',
    fix: 'Copy the connection string again from Atlas → the cluster → Connect → Drivers; it needs at least one host, and ports from 1 to 65535.'
  },
  'mongodb-uri-srv-port': {
    severity: 'error',
    title: '`mongodb-uri` gives a port with `+srv`',
    fix: 'Remove the `:port` after the host: an SRV connection string names one host without a port, and DNS gives the ports.'
  },
  'mongodb-uri-srv-hosts': {
    severity: 'error',
    title: '`mongodb-uri` lists several hosts with `+srv`',
    fix: 'Use the SRV form with its one host name, or the standard form with every host and port (both are on Atlas → Connect → Drivers).'
  },
  'mongodb-uri-other-cluster': {
    severity: 'warning',
    title: '`mongodb-uri` does not seem to point at `cluster`',
    fix: 'Copy the connection string of the cluster named in `cluster` (Atlas → that cluster → Connect), or set `cluster` to the cluster the string belongs to.'
  },
  'mongodb-uri-password-encoding': {
    severity: 'error',
    title: "`mongodb-uri`'s user name or password is not percent-encoded",
    fix: 'Percent-encode the reserved characters of the user name and password (`:` %3A, `/` %2F, `?` %3F, `#` %23, `[` %5B, `]` %5D, `@` %40, `%` %25), e.g. with `encodeURIComponent`, and save the secret again.'
  },
  'mongodb-uri-placeholder': {
    severity: 'error',
    title: "`mongodb-uri` still holds Atlas's placeholder",
    fix: "Replace the placeholder in angle brackets (brackets included) with the database user's password, percent-encoded, and save the secret again."
  },
  'mongodb-uri-atlas-credential': {
    severity: 'error',
    title: '`mongodb-uri` carries an Atlas API credential, not a database user',
    fix: 'Put a database user (Atlas → Database Access) in the connection string. API keys and service accounts manage Atlas; they cannot log in to a cluster, and sending one to the database exposes it. Rotate that credential if the string was shared.'
  },
  'mongodb-uri-tls-off': {
    severity: 'error',
    title: '`mongodb-uri` turns TLS off, which Atlas refuses',
    fix: 'Remove the `tls` or `ssl` option set to false (Atlas accepts TLS connections only; the SRV form turns TLS on by itself).'
  },
  'mongodb-uri-options-conflict': {
    severity: 'error',
    title: "`mongodb-uri`'s options contradict each other",
    fix: 'Keep one of the options the finding names and remove the other; drivers refuse such a string before connecting.'
  }
})

const F = MONGODB_URI_FINDINGS
const INPUT = { input: 'mongodb-uri' }

/** Atlas's own host domains (commercial and government). */
const ATLAS_HOST = /\.mongodb(gov)?\.net$/
const PLACEHOLDER = /^(<[^>]*>|%3C.*%3E)$/i
const CREDENTIAL_SHAPES: readonly Shape[] = ['client-id', 'client-secret', 'private-key', 'ai-key']

/** The lint's findings for `config.mongodbUri` (none when it is not given). */
export function mongodbUriFindings(config: Config): Finding[] {
  const raw = config.mongodbUri
  if (raw === undefined || raw.trim() === '') return []
  const raise = (f: (typeof F)['mongodb-uri-scheme'], seen: string, data: Record<string, unknown> = {}) =>
    f(seen, { data: { ...INPUT, ...data } })
  const cs = parseConnectionString(cleaned(raw))
  if (!cs || cs.scheme === 'other')
    return [
      raise(
        F['mongodb-uri-scheme'],
        cs
          ? '`mongodb-uri` starts with a scheme other than the two MongoDB ones.'
          : '`mongodb-uri` does not start with a scheme followed by `://`.'
      )
    ]
  const out: Finding[] = []
  if (cs.hosts.length === 0 || cs.hosts.some(h => !h.host))
    out.push(raise(F['mongodb-uri-malformed'], '`mongodb-uri` has an empty host.'))
  else if (cs.hosts.some(h => h.badPort !== undefined))
    out.push(
      raise(F['mongodb-uri-malformed'], '`mongodb-uri` has a port that is not a number from 1 to 65535.')
    )
  if (cs.srv && cs.hosts.some(h => h.port !== undefined || h.badPort !== undefined))
    out.push(
      raise(
        F['mongodb-uri-srv-port'],
        '`mongodb-uri` is an SRV connection string with a port after its host.'
      )
    )
  if (cs.srv && cs.hosts.length > 1)
    out.push(
      raise(
        F['mongodb-uri-srv-hosts'],
        `\`mongodb-uri\` is an SRV connection string with ${cs.hosts.length} hosts; the SRV form takes exactly one.`
      )
    )
  const other = otherCluster(cs, config.cluster)
  if (other) out.push(raise(F['mongodb-uri-other-cluster'], other))
  out.push(...userinfoFindings(cs, config, raise))
  out.push(...tlsFindings(cs, config, raise))
  out.push(...conflicts(cs, raise))
  return out
}

type RaiseFn = (f: (typeof F)['mongodb-uri-scheme'], seen: string, data?: Record<string, unknown>) => Finding

function userinfoFindings(cs: ConnectionString, config: Config, raise: RaiseFn): Finding[] {
  const out: Finding[] = []
  if (cs.username === undefined) return out
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s)
    } catch {
      return s
    }
  }
  const placeholder = [cs.username, cs.password].some(x => x !== undefined && PLACEHOLDER.test(x))
  if (placeholder)
    out.push(
      raise(
        F['mongodb-uri-placeholder'],
        '`mongodb-uri` has a placeholder in angle brackets where the user name or password belongs (the string Atlas shows holds one until the password is put in).'
      )
    )
  else if (cs.userinfoNeedsEncoding)
    out.push(
      raise(
        F['mongodb-uri-password-encoding'],
        `\`mongodb-uri\`'s user name or password contains a reserved character (one of : / ? # [ ] @, or a % not followed by two hex digits) that is not percent-encoded${cs.userinfoAmbiguous ? ', so a driver cannot tell where the password ends and the hosts begin' : ''}.`
      )
    )
  const secrets = [
    config.atlas.privateKey,
    config.atlas.clientSecret,
    config.atlas.clientId,
    config.atlas.publicKey,
    config.ai.apiKey
  ]
    .filter((x): x is string => !!x)
    .map(x => x.trim())
  for (const [part, value] of [
    ['password', cs.password],
    ['user name', cs.username]
  ] as const) {
    if (value === undefined || value === '') continue
    const v = decode(value)
    const shape = shapeOf(v)
    const same = secrets.includes(v)
    if (!CREDENTIAL_SHAPES.includes(shape) && !same) continue
    const what = CREDENTIAL_SHAPES.includes(shape)
      ? SHAPE_NAMES[shape].replace(/ \(.*\)$/, '')
      : 'the same value as one of the Atlas credentials given to this action'
    out.push(raise(F['mongodb-uri-atlas-credential'], `\`mongodb-uri\`'s ${part} is ${what}.`, { part }))
    break
  }
  return out
}

function tlsFindings(cs: ConnectionString, config: Config, raise: RaiseFn): Finding[] {
  const atlas = config.cluster !== undefined || cs.hosts.some(h => ATLAS_HOST.test(h.host))
  const off = ['tls', 'ssl'].filter(n => optionValues(cs, n).some(v => v.toLowerCase() === 'false'))
  if (!atlas || off.length === 0) return []
  return [
    raise(
      F['mongodb-uri-tls-off'],
      `\`mongodb-uri\` sets ${off.map(n => `\`${n}\``).join(' and ')} to false for ${config.cluster ? `cluster ${untrusted(config.cluster, 64)}` : 'an Atlas host'}.`
    )
  ]
}

/** Options drivers refuse together; each named by this module's words, never by the string's own text. */
function conflicts(cs: ConnectionString, raise: RaiseFn): Finding[] {
  const out: string[] = []
  const bool = (n: string) => option(cs, n)?.toLowerCase()
  const tls = bool('tls')
  const ssl = bool('ssl')
  if (tls !== undefined && ssl !== undefined && tls !== ssl)
    out.push('`tls` and `ssl` are given with different values')
  if (
    bool('tlsInsecure') !== undefined &&
    [
      'tlsAllowInvalidCertificates',
      'tlsAllowInvalidHostnames',
      'tlsDisableOCSPEndpointCheck',
      'tlsDisableCertificateRevocationCheck'
    ].some(n => bool(n) !== undefined)
  )
    out.push(
      'the option that turns every TLS check off is given together with one of the narrower options it already implies'
    )
  if (bool('directConnection') === 'true' && (cs.srv || cs.hosts.length > 1))
    out.push(
      `a single-server (direct) link is asked for ${cs.srv ? 'with the SRV form' : 'with several hosts'}`
    )
  if (
    bool('loadBalanced') === 'true' &&
    (cs.hosts.length > 1 || option(cs, 'replicaSet') !== undefined || bool('directConnection') === 'true')
  )
    out.push(
      'load balancing is asked for together with several hosts, a replica set name or a direct connection'
    )
  const seen = new Map<string, Set<string>>()
  for (const [k, v] of cs.options) {
    const key = k.toLowerCase()
    if (key === 'readpreferencetags') continue
    seen.set(key, (seen.get(key) ?? new Set()).add(v))
  }
  const repeated = [...seen.values()].filter(values => values.size > 1).length
  if (repeated > 0) out.push(`${repeated} option(s) appear more than once with different values`)
  if (out.length === 0) return []
  return [
    raise(F['mongodb-uri-options-conflict'], `In \`mongodb-uri\`, ${out.join('; ')}.`, {
      conflicts: out.length
    })
  ]
}

/**
 * Whether the string's host names another cluster than `cluster`, from names alone (no network): an Atlas SRV
 * host starts with the cluster's name in lower case, and a legacy standard host with `<name>-shard-`. Only a clear
 * difference is reported; hosts of the newer `ac-…` form say nothing. atlas-cluster compares with the API's own
 * strings when it can.
 */
function otherCluster(cs: ConnectionString, cluster: string | undefined): string | undefined {
  if (!cluster || cs.hosts.length === 0) return undefined
  const name = cluster.toLowerCase()
  const labels = cs.hosts.filter(h => ATLAS_HOST.test(h.host)).map(h => h.host.split('.')[0]!)
  if (labels.length === 0) return undefined
  const matches = (l: string) => l === name || l.startsWith(name) || name.startsWith(l)
  if (cs.srv) {
    const l = labels[0]!
    if (matches(l)) return undefined
    return `The SRV host of \`mongodb-uri\` does not start with the name of cluster ${untrusted(cluster, 64)}, as an Atlas SRV host does.`
  }
  const legacy = labels
    .filter(l => !l.startsWith('ac-'))
    .map(l => /^(.+)-shard-\d+-\d+$/.exec(l)?.[1])
    .filter((x): x is string => !!x)
  if (legacy.length === 0 || legacy.some(matches)) return undefined
  return `No host of \`mongodb-uri\` carries the name of cluster ${untrusted(cluster, 64)}, as Atlas's host names do.`
}
