/**
 * The `mongodb-uri` lint, part of the secrets check: no network, the connection string read by the model the
 * prober shares (../net/connection-string.ts, which follows MongoDB's Connection String and URI Options
 * specifications). What the specs call invalid is an error (the driver refuses the string; the prober does not
 * probe it), what they call "valid with a warning" a warning. On top, kept apart and titled "Atlas advice": a host
 * that is not the cluster's, Atlas's `<db_password>` placeholder left in, an Atlas API credential where the
 * database user's belongs, TLS turned off to Atlas (which the specs allow and Atlas refuses).
 *
 * The connection string is a secret. Findings describe it and never quote it, whole or in part: no host, option
 * value or character of it is copied into a title, seen, fix or data (the redactor would hide it anyway, but a
 * finding must read right without it). Only this module's own words, and the cluster name the user gave, appear.
 */
import type { Config } from '../config/config.js'
import { defineFindings, type Finding } from '../core/finding.js'
import { untrusted } from '../core/untrusted.js'
import {
  optionValues,
  parseConnectionString,
  type ConnectionString,
  type UriIssue
} from '../net/connection-string.js'
import { SHAPE_NAMES, shapeOf, type Shape } from './secret-formats.js'
import { cleaned } from '../core/pasted.js'

export const MONGODB_URI_FINDINGS = defineFindings('secrets', {
  'mongodb-uri-scheme': {
    severity: 'error',
    title: '`mongodb-uri` is not a MongoDB connection string',
    fix: 'Copy the string from Atlas → the cluster → Connect → Drivers: it starts with `mongodb` then `+srv://` (or `://` for the standard form).'
  },
  'mongodb-uri-malformed': {
    severity: 'error',
    title: "`mongodb-uri`'s hosts are not what the Connection String specification allows",
    fix: 'Copy the connection string again from Atlas → the cluster → Connect → Drivers. It needs at least one host; ports from 1 to 65535 after a single `:`; IPv6 addresses in brackets (`[::1]:27017`); a Unix socket path percent-encoded and ending in `.sock`; a database name without `/`, `\\`, spaces, `"` or `$`.'
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
    title: 'Atlas advice: `mongodb-uri` does not seem to point at `cluster`',
    fix: 'Copy the connection string of the cluster named in `cluster` (Atlas → that cluster → Connect), or set `cluster` to the cluster the string belongs to.'
  },
  'mongodb-uri-password-encoding': {
    severity: 'error',
    title: "`mongodb-uri`'s user name or password is not percent-encoded",
    fix: 'Percent-encode the reserved characters of the user name and password (`:` %3A, `/` %2F, `?` %3F, `#` %23, `[` %5B, `]` %5D, `@` %40, `%` %25), e.g. with `encodeURIComponent`, and save the secret again.'
  },
  'mongodb-uri-placeholder': {
    severity: 'error',
    title: "Atlas advice: `mongodb-uri` still holds Atlas's placeholder",
    fix: "Replace the placeholder in angle brackets (brackets included) with the database user's password, percent-encoded, and save the secret again."
  },
  'mongodb-uri-atlas-credential': {
    severity: 'error',
    title: 'Atlas advice: `mongodb-uri` carries an Atlas API credential, not a database user',
    fix: 'Put a database user (Atlas → Database Access) in the connection string. API keys and service accounts manage Atlas; they cannot log in to a cluster, and sending one to the database exposes it. Rotate that credential if the string was shared.'
  },
  'mongodb-uri-tls-off': {
    severity: 'error',
    title: 'Atlas advice: `mongodb-uri` turns TLS off, which Atlas refuses',
    fix: 'Remove the `tls` or `ssl` option set to false (Atlas accepts TLS connections only; the SRV form turns TLS on by itself).'
  },
  'mongodb-uri-options-conflict': {
    severity: 'error',
    title: "`mongodb-uri`'s options contradict each other",
    fix: 'Keep one of the options the finding names and remove the other; drivers refuse such a string before connecting.'
  },
  'mongodb-uri-option-invalid': {
    severity: 'error',
    title: "`mongodb-uri`'s options are refused by the URI Options specification",
    fix: 'Give every option as `name=value`; use `srvServiceName` and `srvMaxHosts` only with `mongodb+srv://`; give `proxyPort`, `proxyUsername` and `proxyPassword` only with `proxyHost`, the user name and password together, each once. Drivers refuse such a string before connecting.'
  },
  'mongodb-uri-option-warning': {
    severity: 'warning',
    title: "A driver ignores some of `mongodb-uri`'s options",
    fix: 'Remove the options drivers do not know, give each option once, and give each a value of its type (`true`/`false`, a number in range, one of the listed values): see the Connection String Options page of the MongoDB manual. A driver warns and ignores such values, so the deploy may not run with the settings you meant.'
  }
})

const F = MONGODB_URI_FINDINGS
const INPUT = { input: 'mongodb-uri' }

/** Atlas's own host domains (commercial and government). */
const ATLAS_HOST = /\.mongodb(gov)?\.net$/
const PLACEHOLDER = /^(<[^>]*>|%3C.*%3E)$/i
const CREDENTIAL_SHAPES: readonly Shape[] = ['client-id', 'client-secret', 'private-key', 'ai-key']

/** Which finding carries each rule of the specs (./net/connection-string.ts, ./net/uri-options.ts). */
type UriFindingKey = Exclude<keyof typeof F, symbol>
const RULE_FINDING: Record<string, UriFindingKey> = {
  'host-missing': 'mongodb-uri-malformed',
  'host-port': 'mongodb-uri-malformed',
  'host-colons': 'mongodb-uri-malformed',
  'host-ip-literal': 'mongodb-uri-malformed',
  'host-unix-socket': 'mongodb-uri-malformed',
  'database-name': 'mongodb-uri-malformed',
  'srv-host-name': 'mongodb-uri-malformed',
  'srv-port': 'mongodb-uri-srv-port',
  'srv-one-host': 'mongodb-uri-srv-hosts',
  'userinfo-encoding': 'mongodb-uri-password-encoding',
  'tls-conflict': 'mongodb-uri-options-conflict',
  'direct-connection': 'mongodb-uri-options-conflict',
  'load-balanced': 'mongodb-uri-options-conflict',
  'srv-max-hosts': 'mongodb-uri-options-conflict',
  'srv-options': 'mongodb-uri-option-invalid',
  'proxy-options': 'mongodb-uri-option-invalid',
  'option-incomplete': 'mongodb-uri-option-invalid'
}

/** What the lint needs: the string, the cluster it should point at, and the credentials it must not carry. */
export interface UriLintContext {
  mongodbUri: string | undefined
  cluster?: string
  /** The run's Atlas and AI credentials (a connection string must not carry one). */
  credentials: readonly string[]
}

/** The lint's findings for `config.mongodbUri` (none when it is not given). */
export function mongodbUriFindings(config: Config): Finding[] {
  return lintConnectionString({
    mongodbUri: config.mongodbUri,
    ...(config.cluster !== undefined ? { cluster: config.cluster } : {}),
    credentials: [
      config.atlas.privateKey,
      config.atlas.clientSecret,
      config.atlas.clientId,
      config.atlas.publicKey,
      config.ai.apiKey
    ]
      .filter((x): x is string => !!x)
      .map(x => x.trim())
  })
}

/**
 * The lint proper: first what the specs say (an error where a driver refuses the string, a warning where they say
 * "valid with a warning"), then the Atlas advice, named as such (TLS off to Atlas, another cluster's host, the
 * placeholder left in, an API credential as the database user).
 */
export function lintConnectionString(ctx: UriLintContext): Finding[] {
  const raw = ctx.mongodbUri
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
  const placeholder = [cs.username, cs.password].some(x => x !== undefined && PLACEHOLDER.test(x))
  const byFinding = new Map<UriFindingKey, UriIssue[]>()
  for (const issue of cs.issues) {
    if (issue.level !== 'error') continue
    if (issue.rule === 'userinfo-encoding' && placeholder) continue
    const id = RULE_FINDING[issue.rule] ?? 'mongodb-uri-option-invalid'
    byFinding.set(id, [...(byFinding.get(id) ?? []), issue])
  }
  for (const [id, issues] of byFinding)
    out.push(
      raise(
        F[id],
        `A driver refuses this \`mongodb-uri\` before connecting: ${issues.map(i => `${i.text} (rule \`${i.rule}\`)`).join('; ')}.`,
        { rules: [...new Set(issues.map(i => i.rule))] }
      )
    )
  const warnings = cs.issues.filter(i => i.level === 'warning')
  if (warnings.length > 0)
    out.push(
      raise(
        F['mongodb-uri-option-warning'],
        `The URI Options specification calls this \`mongodb-uri\` valid with a warning: ${warnings.map(i => `${i.text} (rule \`${i.rule}\`)`).join('; ')}.`,
        { rules: [...new Set(warnings.map(i => i.rule))] }
      )
    )
  // Atlas advice, on top of the specs.
  const other = otherCluster(cs, ctx.cluster)
  if (other) out.push(raise(F['mongodb-uri-other-cluster'], other, { advice: 'atlas' }))
  out.push(...userinfoFindings(cs, ctx, placeholder, raise))
  out.push(...tlsFindings(cs, ctx, raise))
  return out
}

type RaiseFn = (f: (typeof F)['mongodb-uri-scheme'], seen: string, data?: Record<string, unknown>) => Finding

function userinfoFindings(
  cs: ConnectionString,
  ctx: UriLintContext,
  placeholder: boolean,
  raise: RaiseFn
): Finding[] {
  const out: Finding[] = []
  if (cs.username === undefined) return out
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s)
    } catch {
      return s
    }
  }
  if (placeholder)
    out.push(
      raise(
        F['mongodb-uri-placeholder'],
        '`mongodb-uri` has a placeholder in angle brackets where the user name or password belongs (the string Atlas shows holds one until the password is put in).',
        { advice: 'atlas' }
      )
    )
  const secrets = ctx.credentials
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
    out.push(
      raise(F['mongodb-uri-atlas-credential'], `\`mongodb-uri\`'s ${part} is ${what}.`, {
        part,
        advice: 'atlas'
      })
    )
    break
  }
  return out
}

function tlsFindings(cs: ConnectionString, config: UriLintContext, raise: RaiseFn): Finding[] {
  const atlas = config.cluster !== undefined || cs.hosts.some(h => ATLAS_HOST.test(h.host))
  const off = ['tls', 'ssl'].filter(n => optionValues(cs, n).some(v => v.toLowerCase() === 'false'))
  if (!atlas || off.length === 0) return []
  return [
    raise(
      F['mongodb-uri-tls-off'],
      `\`mongodb-uri\` sets ${off.map(n => `\`${n}\``).join(' and ')} to false for ${config.cluster ? `cluster ${untrusted(config.cluster, 64)}` : 'an Atlas host'}. The specifications allow it; Atlas does not.`,
      { advice: 'atlas' }
    )
  ]
}

/**
 * Whether the string's host names another cluster than `cluster`, from names alone (no network): an Atlas SRV
 * host starts with the cluster's name in lower case, and a legacy standard host with `<name>-shard-`. Only a clear
 * difference is reported; hosts of the newer `ac-…` form say nothing. atlas-cluster compares with the API's own
 * strings when it can.
 */
/**
 * Whether the lint already says that `mongodb-uri` names another cluster than `cluster` (the Atlas advice above):
 * atlas-cluster then does not say it twice. A predicate on the inputs, not a read of the secrets check's findings.
 */
export function uriNamesOtherCluster(config: Pick<Config, 'mongodbUri' | 'cluster'>): boolean {
  const raw = config.mongodbUri
  if (raw === undefined || raw.trim() === '') return false
  const cs = parseConnectionString(cleaned(raw))
  return !!cs && cs.scheme !== 'other' && otherCluster(cs, config.cluster) !== undefined
}

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
