/**
 * The data other checks read from atlas-auth and egress-ip (through atlas-context.ts). Declared here, below the
 * checks, so check support never imports a check.
 */
import type { RoleAssignment, AccessEntry } from '../atlas/types.js'

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
