/** Atlas Administration API v2 shapes the checks read (shared/reference/atlas-admin-api.md). */

export interface ApiError {
  error?: number
  errorCode?: string
  reason?: string
  detail?: string
  parameters?: unknown[]
}

export interface Paginated<T> {
  results: T[]
  totalCount?: number
  links?: { href: string; rel: string }[]
}

export interface RoleAssignment {
  orgId?: string
  groupId?: string
  roleName: string
}

export interface AccessEntry {
  cidrBlock?: string
  ipAddress?: string
}

/** GET /api/atlas/v2 (getSystemStatus). */
export interface SystemStatus {
  apiKey?: { id: string; publicKey?: string; roles: RoleAssignment[]; accessList: AccessEntry[] }
  appName?: string
  build?: string
  throttling?: boolean
}

export interface Org {
  id: string
  name?: string
}

export interface Group {
  id: string
  name?: string
  orgId?: string
}

export interface OrgSettings {
  apiAccessListRequired?: boolean
}

export interface ServiceAccountSecret {
  id: string
  createdAt: string
  expiresAt: string
  lastUsedAt?: string
  maskedSecretValue?: string
}

export interface ServiceAccount {
  clientId: string
  name?: string
  roles?: string[]
  secrets?: ServiceAccountSecret[]
}

export interface NetworkPermissionEntry {
  ipAddress?: string
  cidrBlock?: string
  awsSecurityGroup?: string
  comment?: string
  deleteAfterDate?: string
  groupId?: string
}

export interface AccessListStatus {
  STATUS: 'PENDING' | 'FAILED' | 'ACTIVE' | string
}

export interface IpInfo {
  currentIpv4Address?: string
}
