/**
 * The cross-input rules: what no single input's parser can see. Each is named after what it guards and has one case
 * in __tests__/config/config.test.ts. A rule's `context` runs before any input is parsed (what a parser needs from
 * another input); its `apply` runs after every input is parsed, may adjust the values, and returns its findings.
 */
import type { Finding } from '../core/finding.js'
import { INPUTS, type InputName, type RawInputs, type Values } from './inputs.js'
import { about, INPUT_FINDINGS as F } from './findings.js'
import { parseList } from './lists.js'
import { parseInput, type ParseContext } from './parsers.js'

export interface Rule {
  name: string
  context?(raw: RawInputs): Partial<ParseContext>
  apply?(values: Values, raw: RawInputs): Finding[]
}

export const DEFAULT_ECHO_URLS: readonly string[] = [
  'https://checkip.amazonaws.com',
  'https://api.ipify.org?format=json',
  'https://ipv4.icanhazip.com',
  'https://api64.ipify.org?format=json'
]

export const DEFAULT_CONTEXT: ParseContext = { allowCustomEndpoints: false }

const given = (raw: RawInputs, name: InputName): boolean => Boolean(raw[name]?.trim())
const NEVER_FIRST = 'The warning threshold is lower than the failure threshold, so it can never warn first.'

/** The base URLs are judged knowing whether custom endpoints are allowed (its own finding comes from the loop). */
export const allowCustomEndpoints: Rule = {
  name: 'allowCustomEndpoints',
  context: raw => {
    const spec = INPUTS.find(i => i.name === 'allow-custom-endpoints')
    const parsed = spec && parseInput(spec, raw[spec.name], DEFAULT_CONTEXT)
    return { allowCustomEndpoints: parsed?.value === true }
  }
}

export const warnBelowMin: Rule = {
  name: 'warnBelowMin',
  apply: v => {
    const [min, warn] = [v['min-credits'], v['warn-credits']]
    return min !== undefined && warn !== undefined && warn < min ? [F['warn-below-min'](NEVER_FIRST)] : []
  }
}

export const daysWarnBelowMin: Rule = {
  name: 'daysWarnBelowMin',
  apply: v => {
    const [min, warn] = [v['min-days-left'], v['warn-days-left']]
    return min !== undefined && warn !== undefined && warn < min
      ? [F['warn-days-below-min'](NEVER_FIRST)]
      : []
  }
}

/** Atlas spells project roles GROUP_*: PROJECT_* is reported and mapped, so the run still compares the right names. */
export const projectRoleNames: Rule = {
  name: 'projectRoleNames',
  apply: v => {
    const projectStyle = v['allowed-roles'].filter(r => r.startsWith('PROJECT_'))
    if (projectStyle.length === 0) return []
    const toGroup = (r: string) => r.replace(/^PROJECT_/, 'GROUP_')
    v['allowed-roles'] = v['allowed-roles'].map(toGroup)
    return [
      F['project-role-names'](
        `\`allowed-roles\` uses ${projectStyle.join(', ')}; the Atlas API spells project roles GROUP_*.`,
        about('allowed-roles', `Write ${projectStyle.map(toGroup).join(', ')} instead.`)
      )
    ]
  }
}

export const revokeAndExport: Rule = {
  name: 'revokeAndExport',
  apply: v =>
    v['revoke-token'] && v['export-token']
      ? [
          F['revoke-and-export'](
            'Both are true: a revoked token would be useless to the later steps it is exported for.'
          )
        ]
      : []
}

/** No `ip-echo-urls` means the default services; a list whose every entry was bad means none (each was reported). */
export const echoUrlsDefault: Rule = {
  name: 'echoUrlsDefault',
  apply: (v, raw) => {
    if (parseList(raw['ip-echo-urls']).length === 0) v['ip-echo-urls'] = [...DEFAULT_ECHO_URLS]
    return []
  }
}

/** The lease writes to one project's network access list: without the project there is nothing to lease. */
export const leaseNeedsProject: Rule = {
  name: 'leaseNeedsProject',
  apply: (v, raw) =>
    v['lease-network-access'] && !given(raw, 'atlas-project-id')
      ? [
          F['lease-needs-project'](
            "`lease-network-access: true` was given without `atlas-project-id`, and the lease writes to one project's network access list.",
            { data: { input: 'lease-network-access' } }
          )
        ]
      : []
}

/**
 * A cluster and a database user are looked up in a project. `mongodb-uri` alone names a cluster's hosts, so with it
 * `cluster` may go without the project; `database-user` may not.
 */
export const clusterNeedsProject: Rule = {
  name: 'clusterNeedsProject',
  apply: (v, raw) => {
    if (given(raw, 'atlas-project-id')) return []
    const out: Finding[] = []
    if (v.cluster !== undefined && !given(raw, 'mongodb-uri'))
      out.push(
        F['cluster-needs-project']('`cluster` was given without `atlas-project-id` (or `mongodb-uri`).', {
          title: '`cluster` needs `atlas-project-id`',
          fix: "Set `atlas-project-id` to the cluster's project, or give the deploy's `mongodb-uri` to probe its hosts without the Atlas API.",
          data: { input: 'cluster' }
        })
      )
    if (v['database-user'] !== undefined)
      out.push(
        F['cluster-needs-project']('`database-user` was given without `atlas-project-id`.', {
          title: '`database-user` needs `atlas-project-id`',
          fix: 'Set `atlas-project-id` to the project the database user belongs to.',
          data: { input: 'database-user' }
        })
      )
    return out
  }
}

/**
 * One organization-scope target as `targets` spells it; `service-account:self` is the scanning service account
 * (its client id is a secret input, masked in every output, so a plan names it so).
 */
export const TARGET_SYNTAX =
  /^(project|api-key):[0-9a-f]{24}$|^service-account:(mdb_sa_id_[0-9a-f]{24}|self)$/i

/** `targets` picks organization-scope targets: each must be well formed, and only that scope reads them. */
export const fleetTargets: Rule = {
  name: 'fleetTargets',
  apply: v => {
    if (v.targets.length === 0) return []
    if (v.scope !== 'organization') {
      v.targets = []
      return [
        F['targets-need-organization']('`targets` was given while `scope` is `project`.', {
          data: { input: 'targets' }
        })
      ]
    }
    const bad = v.targets.filter(t => !TARGET_SYNTAX.test(t))
    v.targets = v.targets
      .filter(t => TARGET_SYNTAX.test(t))
      .map(t => {
        const [kind, ...rest] = t.split(':')
        return `${kind!.toLowerCase()}:${kind!.toLowerCase() === 'service-account' ? rest.join(':') : rest.join(':').toLowerCase()}`
      })
    return bad.length
      ? [
          F['target-invalid'](
            `\`targets\` holds ${bad.length} entr${bad.length === 1 ? 'y' : 'ies'} that name no target (${bad
              .slice(0, 3)
              .map(b => `\`${b.slice(0, 60)}\``)
              .join(', ')}${bad.length > 3 ? ', …' : ''}).`,
            { data: { input: 'targets' } }
          )
        ]
      : []
  }
}

/** In order: context rules before parsing, then the others on the parsed values. */
export const RULES: readonly Rule[] = [
  allowCustomEndpoints,
  warnBelowMin,
  daysWarnBelowMin,
  projectRoleNames,
  revokeAndExport,
  echoUrlsDefault,
  leaseNeedsProject,
  clusterNeedsProject,
  fleetTargets
]
