/**
 * Raw inputs → one typed Config. Bad values never throw: each becomes an `inputs` finding that names the input,
 * what is wrong and the fix, and a safe default is used so the rest of the run can still report.
 */
import { isIP } from 'node:net'
import { CHECK_IDS, type CheckId } from '../core/check-ids.js'
import type { FailOn } from '../core/policy.js'
import type { Finding } from '../core/finding.js'
import { finding } from '../core/finding.js'
import { parseList } from './lists.js'
import { AI_HOSTS, ATLAS_HOSTS, checkBaseUrl } from './endpoints.js'
import { INPUTS } from './inputs.js'

export const DEFAULT_ECHO_URLS = [
  'https://checkip.amazonaws.com',
  'https://api.ipify.org?format=json',
  'https://ipv4.icanhazip.com',
  'https://api64.ipify.org?format=json'
]

export interface Config {
  atlas: {
    publicKey?: string
    privateKey?: string
    clientId?: string
    clientSecret?: string
    orgId?: string
    projectId?: string
    baseUrl: string
  }
  ai: {
    apiKey?: string
    clientId?: string
    clientSecret?: string
    baseUrl: string
    requiredModels: string[]
  }
  minCredits?: number
  warnCredits?: number
  ipEchoUrls: string[]
  egressIp?: string
  checks?: ReadonlySet<CheckId>
  ignore: ReadonlySet<string>
  failOn: FailOn
  timeoutSeconds: number
  reportPath?: string
  allowedRoles?: string[]
  secretExpiryDays: number
  revokeToken: boolean
  exportToken: boolean
  allowCustomEndpoints: boolean
  openIssue: boolean
  /** The network lease (writes to the project's access list; opt-in). */
  lease: { enabled: boolean; minutes: number }
  /** The cluster path. */
  cluster?: string
  databaseUser?: { database: string; username: string }
  mongodbUri?: string
  /** Atlas Cloud AI runway thresholds, in days. */
  warnDaysLeft?: number
  minDaysLeft?: number
}

export type RawInputs = Readonly<Record<string, string | undefined>>

const HEX24 = /^[a-f0-9]{24}$/i

export function parseConfig(raw: RawInputs): { config: Config; findings: Finding[] } {
  const findings: Finding[] = []
  const bad = (input: string, id: string, seen: string, fix: string) =>
    findings.push(finding('inputs', id, 'error', `Invalid input \`${input}\``, seen, fix, { input }))

  const get = (name: string): string | undefined => {
    const v = raw[name]
    return v === undefined || v === '' ? undefined : v
  }
  const trimmed = (name: string): string | undefined => get(name)?.trim() || undefined

  const bool = (name: string): boolean => {
    const v = trimmed(name)
    const spec = INPUTS.find(i => i.name === name)
    const value = v ?? spec?.default ?? 'false'
    if (/^(true|True|TRUE)$/.test(value)) return true
    if (/^(false|False|FALSE)$/.test(value)) return false
    bad(
      name,
      'not-boolean',
      `\`${name}\` is not \`true\` or \`false\`.`,
      `Set \`${name}: true\` or \`${name}: false\`.`
    )
    return false
  }

  const allowCustomEndpoints = bool('allow-custom-endpoints')

  const baseUrl = (
    name: string,
    def: string,
    official: readonly string[],
    other: readonly string[]
  ): string => {
    const v = trimmed(name) ?? def
    const r = checkBaseUrl(v, official, allowCustomEndpoints)
    if ('url' in r) {
      if (/\/api\/atlas\/v\d|\/public\/v1|\/api\/v1|\/v1$/.test(new URL(r.url).pathname)) {
        bad(
          name,
          'base-url-path',
          `\`${name}\` includes an API path.`,
          `Give only the origin, e.g. \`${def}\`; the action adds the API paths.`
        )
        return def
      }
      return r.url
    }
    switch (r.kind) {
      case 'invalid':
        bad(
          name,
          'base-url-invalid',
          `\`${name}\` is not an http(s) URL.`,
          `Set \`${name}\` to a URL such as \`${def}\`, or remove it for the default.`
        )
        break
      case 'has-credentials':
        bad(
          name,
          'base-url-credentials',
          `\`${name}\` contains a user name or password.`,
          `Remove the credentials from the URL; pass them in their own inputs.`
        )
        break
      case 'insecure':
        bad(
          name,
          'base-url-insecure',
          `\`${name}\` uses plain HTTP to a host that is not loopback, so credentials would travel unencrypted.`,
          `Use https:// (${def}).`
        )
        break
      case 'untrusted':
        if (other.includes(r.host.toLowerCase())) {
          bad(
            name,
            'base-url-wrong-service',
            `\`${name}\` points at ${r.host}, which serves the other API (Atlas Administration API and Atlas Cloud AI are unrelated services).`,
            `Set \`${name}\` to ${def} (or remove it).`
          )
        } else {
          bad(
            name,
            'base-url-untrusted',
            `\`${name}\` points at ${r.host}, which is not an official host (${official.join(', ')}), so no credential is sent to it.`,
            `Use an official host, or set \`allow-custom-endpoints: true\` if this endpoint is yours (a proxy or a test server).`
          )
        }
        break
    }
    return def
  }

  const atlasBase = baseUrl('atlas-base-url', 'https://cloud.mongodb.com', ATLAS_HOSTS, AI_HOSTS)
  const aiBase = baseUrl('ai-base-url', 'https://api.atlascloud.ai', AI_HOSTS, ATLAS_HOSTS)

  const hexId = (name: string): string | undefined => {
    const v = trimmed(name)
    if (v === undefined) return undefined
    if (!HEX24.test(v)) {
      bad(
        name,
        'not-an-id',
        `\`${name}\` is not a 24-character hexadecimal id (it has ${v.length} characters).`,
        `Copy the id from the Atlas UI (Organization or Project Settings) or \`atlas projects list\`; it looks like \`5f1a2b3c4d5e6f7a8b9c0d1e\`.`
      )
      return undefined
    }
    return v.toLowerCase()
  }

  const number = (name: string): number | undefined => {
    const v = trimmed(name)
    if (v === undefined) return undefined
    if (!/^-?\d+(\.\d+)?$/.test(v)) {
      bad(
        name,
        'not-a-number',
        `\`${name}\` is not a number.`,
        `Set \`${name}\` to a number of US dollars, e.g. \`${name}: 10\` or \`${name}: 2.5\`.`
      )
      return undefined
    }
    return Number(v)
  }

  const integer = (name: string, min: number, max: number): number => {
    const spec = INPUTS.find(i => i.name === name)
    const v = trimmed(name) ?? spec?.default ?? '0'
    const def = Number(spec?.default ?? 0)
    if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) {
      bad(
        name,
        'out-of-range',
        `\`${name}\` must be a whole number from ${min} to ${max}.`,
        `Set \`${name}\` to a whole number from ${min} to ${max} (default ${spec?.default}).`
      )
      return def
    }
    return Number(v)
  }

  /** An optional whole number of days (0 to 3650): absent means the threshold is off. */
  const optionalDays = (name: string): number | undefined => {
    const v = trimmed(name)
    if (v === undefined) return undefined
    if (!/^\d+$/.test(v) || Number(v) > 3650) {
      bad(
        name,
        'out-of-range',
        `\`${name}\` must be a whole number of days from 0 to 3650.`,
        `Set \`${name}\` to a whole number of days, e.g. \`${name}: 7\`, or leave it out.`
      )
      return undefined
    }
    return Number(v)
  }

  const checkIds = (name: string, allowAll: boolean): Set<string> => {
    const ids = parseList(get(name))
    const out = new Set<string>()
    for (const id of ids) {
      if ((CHECK_IDS as readonly string[]).includes(id) || (allowAll && id === 'all')) out.add(id)
      else
        bad(
          name,
          'unknown-check',
          `\`${name}\` names an unknown check id.`,
          `Use check ids from: ${CHECK_IDS.join(', ')}${allowAll ? ', or `all`' : ''}.`
        )
    }
    return out
  }

  let failOn: FailOn = 'error'
  const fo = trimmed('fail-on')
  if (fo !== undefined) {
    if (fo === 'error' || fo === 'warning' || fo === 'never') failOn = fo
    else
      bad(
        'fail-on',
        'fail-on',
        '`fail-on` must be `error`, `warning` or `never`.',
        'Set `fail-on: error` (the default), `fail-on: warning` or `fail-on: never`.'
      )
  }

  const minCredits = number('min-credits')
  const warnCredits = number('warn-credits')
  if (minCredits !== undefined && warnCredits !== undefined && warnCredits < minCredits) {
    findings.push(
      finding(
        'inputs',
        'warn-below-min',
        'warning',
        '`warn-credits` is below `min-credits`',
        'The warning threshold is lower than the failure threshold, so it can never warn first.',
        'Set `warn-credits` above `min-credits` (e.g. twice as high).'
      )
    )
  }

  let egressIp = trimmed('egress-ip')
  if (egressIp !== undefined && !isIP(egressIp)) {
    bad(
      'egress-ip',
      'egress-ip',
      '`egress-ip` is not an IPv4 or IPv6 address.',
      'Set `egress-ip` to an address such as `203.0.113.10`, or remove it to detect the address.'
    )
    egressIp = undefined
  }

  const echoRaw = parseList(get('ip-echo-urls'))
  const ipEchoUrls: string[] = []
  for (const u of echoRaw) {
    try {
      const parsed = new URL(u)
      if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new Error('scheme')
      if (parsed.username || parsed.password) {
        // The URL is not quoted: the part before `@` may be a password.
        bad(
          'ip-echo-urls',
          'echo-url-credentials',
          'An `ip-echo-urls` entry carries a user name or password (`user:password@host`). Echo services are called without credentials, and such a URL would show in logs.',
          'Remove the `user:password@` part, or list a public echo service that needs no credentials (for example `https://checkip.amazonaws.com`).'
        )
        continue
      }
      ipEchoUrls.push(parsed.toString())
    } catch {
      bad(
        'ip-echo-urls',
        'echo-url',
        '`ip-echo-urls` contains an entry that is not an http(s) URL.',
        'List full URLs such as `https://checkip.amazonaws.com`, one per line or comma separated.'
      )
    }
  }

  let allowedRoles: string[] | undefined = parseList(get('allowed-roles')).map(r => r.toUpperCase())
  if (allowedRoles.length === 0) allowedRoles = undefined
  const projectStyle = allowedRoles?.filter(r => r.startsWith('PROJECT_'))
  if (projectStyle && projectStyle.length > 0) {
    bad(
      'allowed-roles',
      'project-role-names',
      `\`allowed-roles\` uses ${projectStyle.join(', ')}; the Atlas API spells project roles GROUP_*.`,
      `Write ${projectStyle.map(r => r.replace(/^PROJECT_/, 'GROUP_')).join(', ')} instead.`
    )
    allowedRoles = allowedRoles?.map(r => r.replace(/^PROJECT_/, 'GROUP_'))
  }

  const revokeToken = bool('revoke-token')
  const exportToken = bool('export-token')
  if (revokeToken && exportToken) {
    findings.push(
      finding(
        'inputs',
        'revoke-and-export',
        'warning',
        '`revoke-token` is ignored with `export-token`',
        'Both are true: a revoked token would be useless to the later steps it is exported for.',
        'Keep `export-token: true` and let the token expire (at most one hour), or drop `export-token` to revoke it at the end.'
      )
    )
  }

  const checks = checkIds('checks', false)
  const ignore = checkIds('ignore', true)

  const config: Config = {
    atlas: {
      publicKey: get('atlas-public-key'),
      privateKey: get('atlas-private-key'),
      clientId: get('atlas-client-id'),
      clientSecret: get('atlas-client-secret'),
      orgId: hexId('atlas-org-id'),
      projectId: hexId('atlas-project-id'),
      baseUrl: atlasBase
    },
    ai: {
      apiKey: get('ai-api-key'),
      clientId: get('ai-client-id'),
      clientSecret: get('ai-client-secret'),
      baseUrl: aiBase,
      requiredModels: parseList(get('ai-required-models'))
    },
    minCredits,
    warnCredits,
    ipEchoUrls: ipEchoUrls.length > 0 ? ipEchoUrls : echoRaw.length > 0 ? [] : DEFAULT_ECHO_URLS,
    egressIp,
    checks: checks.size > 0 ? (checks as Set<CheckId>) : undefined,
    ignore,
    failOn,
    timeoutSeconds: integer('timeout-seconds', 1, 600),
    reportPath: trimmed('report-path'),
    allowedRoles,
    secretExpiryDays: integer('secret-expiry-days', 0, 3650),
    revokeToken,
    exportToken,
    allowCustomEndpoints,
    lease: { enabled: bool('lease-network-access'), minutes: integer('lease-minutes', 1, 10080) },
    cluster: trimmed('cluster'),
    databaseUser: databaseUserOf(trimmed('database-user')),
    mongodbUri: get('mongodb-uri'),
    warnDaysLeft: optionalDays('warn-days-left'),
    minDaysLeft: optionalDays('min-days-left'),
    openIssue: bool('open-issue')
  }
  return { config, findings }
}

/** Which Atlas credential the run authenticates with. A service account wins when both are given (as the SDKs do). */
export function atlasAuthMethod(config: Config): 'api-key' | 'service-account' | 'none' {
  const a = config.atlas
  if (a.clientId !== undefined && a.clientSecret !== undefined) return 'service-account'
  if (a.publicKey !== undefined && a.privateKey !== undefined) return 'api-key'
  return 'none'
}

/** `name` is a SCRAM user in `admin`; `$external/name` a user of the `$external` database (X.509, LDAP, OIDC, AWS). */
function databaseUserOf(value: string | undefined): Config['databaseUser'] {
  if (!value) return undefined
  const m = /^\$external\/(.+)$/.exec(value)
  return m ? { database: '$external', username: m[1]! } : { database: 'admin', username: value }
}
