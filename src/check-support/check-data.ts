/**
 * The data other checks read from atlas-auth and egress-ip (through atlas-context.ts). Declared here, below the
 * checks, so check support never imports a check.
 */
import type { RoleAssignment, AccessEntry } from '../atlas/types.js'

/**
 * What each check's result carries in `data`, by check id: the one typed map other checks read through
 * `ctx.result(id)` (no caller chooses the type). A check whose data others read declares its entry where the data
 * is defined, by declaration merging (`declare module '…/check-data.js' { interface CheckData { 'x': XData } }`),
 * so check support never imports a check. Ids not in the map have untyped data.
 */
export interface CheckData {
  'atlas-auth': AtlasAuthData
  'egress-ip': EgressData
}

export interface AtlasAuthData extends Record<string, unknown> {
  method: 'api-key' | 'service-account'
  authenticated: boolean
  /** The proving call was refused by the API access list (the credential itself is fine). */
  blocked?: { errorCode: string; ip?: string; detail?: string }
  orgId?: string
  apiKeyId?: string
  roles?: RoleAssignment[]
  accessList?: AccessEntry[]
  tokenRequests?: number
}

export interface EgressSource {
  source: string
  ip?: string
  error?: string
  /** A private, loopback or link-local address the source answered with: never used as the runner's. */
  notPublic?: string
}

export interface EgressData extends Record<string, unknown> {
  ipv4?: string
  ipv6?: string
  /** The address Atlas reported, when it did. */
  atlasView?: string
  sources: EgressSource[]
}
