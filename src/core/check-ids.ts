/**
 * Every check's id, in report order: the one list the id type, the `checks`/`ignore` inputs, the report schema's
 * enum and the docs are derived from. The registry (src/checks/index.ts) must hold exactly these, which the
 * compiler checks.
 */
export const CHECK_IDS = [
  'secrets',
  'egress-ip',
  'atlas-auth',
  'atlas-api-access-list',
  'atlas-read',
  'atlas-privilege',
  'atlas-network-access-list',
  'atlas-network-lease',
  'atlas-cluster',
  'cluster-reachability',
  'atlas-database-user',
  'atlas-secret-expiry',
  'ai-auth',
  'ai-credits',
  'model-api-key'
] as const

export type CheckId = (typeof CHECK_IDS)[number]

/**
 * What a finding belongs to: a check, the inputs themselves (a bad input is reported before any check runs), or the
 * organization-scope scan (`fleet`, src/fleet/: not a check of the registry, it runs after atlas-auth in that scope).
 */
export type FindingSource = CheckId | 'inputs' | 'fleet'

/** Sources that are not checks, in report order after them. */
export const EXTRA_SOURCES = ['fleet'] as const
