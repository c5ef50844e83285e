/** Atlas Administration API v2 shapes the checks read (docs/reference/atlas-admin-api.md). */

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
  /** Service accounts' entries: the address Atlas last saw a call from under this entry, and when. */
  lastUsedAddress?: string
  lastUsedAt?: string
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
  /** The longest a new service account secret may live (8 hours to 365 days). */
  maxServiceAccountSecretValidityInHours?: number
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

/** One entry of a POST …/accessList body (exactly one of ipAddress, cidrBlock, awsSecurityGroup). */
export interface NetworkPermissionEntryInput {
  ipAddress?: string
  cidrBlock?: string
  comment?: string
  deleteAfterDate?: string
}

export interface AccessListStatus {
  STATUS: 'PENDING' | 'FAILED' | 'ACTIVE' | string
}

export interface IpInfo {
  currentIpv4Address?: string
}

/** GET …/clusters/{name} and …/flexClusters/{name}: the fields the cluster path reads (atlas-round2.md §2). */
export interface Cluster {
  name: string
  stateName?: string
  /** Dedicated clusters only. */
  paused?: boolean
  mongoDBVersion?: string
  connectionStrings?: { standard?: string; standardSrv?: string }
}

/** GET …/databaseUsers/{databaseName}/{username} (CloudDatabaseUser; never a password). */
export interface DatabaseUser {
  username: string
  databaseName: string
  roles?: { roleName: string; databaseName?: string; collectionName?: string }[]
  scopes?: { name: string; type?: string }[]
  deleteAfterDate?: string
}

/**
 * GET …/groups/{groupId}/aiModelApiKeys (AiModelApiKeyResponse, version 2025-03-12; atlas-round3.md §4). A list
 * never carries the secret; `maskedSecret` (`al-****odu2`) shows its last four characters.
 */
export interface AiModelApiKey {
  apiKeyId?: string
  name?: string
  status?: string
  maskedSecret?: string
  /** The host the key works with, derived from `cloud` and `geography` (e.g. `ai.mongodb.com`). */
  endpoint?: string
  lastUsedAt?: string
  groupId?: string
}

/** GET …/groups/{groupId}/aiModelApiRateLimits (AiModelRateLimitResponse): RPM and TPM per model group. */
export interface AiModelRateLimit {
  modelGroupName?: string
  modelNames?: string[]
  requestsPerMinuteLimit?: number
  tokensPerMinuteLimit?: number
  endpoint?: string
}

/** GET /orgs/{orgId}/apiKeys: one organization API key (never its private key). */
export interface ApiKeyUser {
  id: string
  desc?: string
  publicKey?: string
  roles: RoleAssignment[]
}

/**
 * One entry of a credential's own API access list, both spellings: API keys (`created`, `lastUsed`, `count`) and
 * service accounts (`createdAt`, `lastUsedAt`, `requestCount`); `lastUsed*` appear only once the entry was used.
 */
export interface CredentialAccessEntry {
  cidrBlock?: string
  ipAddress?: string
  created?: string
  createdAt?: string
  lastUsed?: string
  lastUsedAt?: string
  lastUsedAddress?: string
  count?: number
  requestCount?: number
}
