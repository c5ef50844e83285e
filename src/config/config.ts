/**
 * Raw inputs → one typed Config. Each input is parsed by the parser of its kind (inputs.ts `type`, parsers.ts),
 * then the cross-input rules run (rules.ts). Bad values never throw: each becomes an `inputs` finding that names the
 * input, what is wrong and the fix, and a safe default is used so the rest of the run can still report. Every
 * problem is reported at once.
 */
import type { CheckId } from '../core/check-ids.js'
import type { FailOn } from '../core/policy.js'
import type { Finding } from '../core/finding.js'
import { INPUTS, type RawInputs, type Values } from './inputs.js'
import { parseInput } from './parsers.js'
import { DEFAULT_CONTEXT, RULES } from './rules.js'

export type { RawInputs } from './inputs.js'

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
    /** Atlas Cloud Management API key (`mgmt-…`): read only, sent only to the Management API. */
    managementKey?: string
    /** The Atlas Cloud project whose monthly budget applies. */
    projectId?: string
    /** The public id (`ak_…`) of the key the pipeline spends with. */
    keyId?: string
  }
  /** The Atlas model API key (Voyage AI embeddings through ai.mongodb.com). */
  model: { apiKey?: string; baseUrl: string; proof: boolean }
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
  lease: { enabled: boolean; minutes: number; cleanup: 'report' | 'remove' }
  /** The cluster path. */
  cluster?: string
  databaseUser?: { database: string; username: string }
  mongodbUri?: string
  /** Atlas Cloud AI runway thresholds, in days. */
  warnDaysLeft?: number
  minDaysLeft?: number
  /** `organization`: the fleet scan (src/fleet/) instead of the project checks. */
  scope: 'project' | 'organization'
  /** Organization scope: the targets to read (empty: all), as `kind:id`, validated by the rules. */
  targets: string[]
  previousReport?: string
  mergeReports?: string
  fleetPlan?: string
  issueKey?: string
}

export function parseConfig(raw: RawInputs): { config: Config; findings: Finding[] } {
  const ctx = { ...DEFAULT_CONTEXT }
  for (const rule of RULES) Object.assign(ctx, rule.context?.(raw))
  const findings: Finding[] = []
  const parsed: Record<string, unknown> = {}
  for (const spec of INPUTS) {
    const r = parseInput(spec, raw[spec.name], ctx)
    parsed[spec.name] = r.value
    findings.push(...r.findings)
  }
  // Filled above for every input, each by the parser of the kind its spec declares (which is what `Values` states).
  const v = parsed as Values
  for (const rule of RULES) findings.push(...(rule.apply?.(v, raw) ?? []))
  return { config: configOf(v), findings }
}

function configOf(v: Values): Config {
  return {
    atlas: {
      publicKey: v['atlas-public-key'],
      privateKey: v['atlas-private-key'],
      clientId: v['atlas-client-id'],
      clientSecret: v['atlas-client-secret'],
      orgId: v['atlas-org-id'],
      projectId: v['atlas-project-id'],
      baseUrl: v['atlas-base-url']
    },
    ai: {
      apiKey: v['ai-api-key'],
      clientId: v['ai-client-id'],
      clientSecret: v['ai-client-secret'],
      baseUrl: v['ai-base-url'],
      requiredModels: v['ai-required-models'],
      managementKey: v['ai-management-key'],
      projectId: v['ai-project-id'],
      keyId: v['ai-key-id']
    },
    model: { apiKey: v['model-api-key'], baseUrl: v['model-base-url'], proof: v['model-key-proof'] },
    minCredits: v['min-credits'],
    warnCredits: v['warn-credits'],
    ipEchoUrls: v['ip-echo-urls'],
    egressIp: v['egress-ip'],
    checks: v.checks.size > 0 ? v.checks : undefined,
    ignore: v.ignore,
    failOn: v['fail-on'],
    timeoutSeconds: v['timeout-seconds'],
    reportPath: v['report-path'],
    allowedRoles: v['allowed-roles'].length > 0 ? v['allowed-roles'] : undefined,
    secretExpiryDays: v['secret-expiry-days'],
    revokeToken: v['revoke-token'],
    exportToken: v['export-token'],
    allowCustomEndpoints: v['allow-custom-endpoints'],
    openIssue: v['open-issue'],
    lease: { enabled: v['lease-network-access'], minutes: v['lease-minutes'], cleanup: v['lease-cleanup'] },
    cluster: v.cluster,
    databaseUser: v['database-user'],
    mongodbUri: v['mongodb-uri'],
    warnDaysLeft: v['warn-days-left'],
    minDaysLeft: v['min-days-left'],
    scope: v.scope,
    targets: v.targets,
    previousReport: v['previous-report'],
    mergeReports: v['merge-reports'],
    fleetPlan: v['fleet-plan'],
    issueKey: v['issue-key']
  }
}

/** Which Atlas credential the run authenticates with. A service account wins when both are given (as the SDKs do). */
export function atlasAuthMethod(config: Config): 'api-key' | 'service-account' | 'none' {
  const a = config.atlas
  if (a.clientId !== undefined && a.clientSecret !== undefined) return 'service-account'
  if (a.publicKey !== undefined && a.privateKey !== undefined) return 'api-key'
  return 'none'
}
