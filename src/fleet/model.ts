/**
 * What an organization-scope run read: the organization's targets, each with its list or the reason it is unread.
 * Plain data (no secrets: entries, roles, dates and names), so evaluation, the snapshot and the merge are pure.
 */
import type { Target } from '../core/finding.js'

/** Why a target (or one of its lists) was not read, and the role that would read it when a role is what lacked. */
export interface Unread {
  why: string
  role?: string
}

export interface NetworkEntry {
  /** The CIDR block (x/32 for one address) or the AWS security group. */
  entry: string
  comment?: string
  deleteAfterDate?: string
}

export interface CredentialEntry {
  entry: string
  createdAt?: string
  lastUsedAt?: string
  lastUsedAddress?: string
  /** Whether the answer carried use data at all (a count, or a last use). */
  tracksUse: boolean
}

export interface ProjectRead {
  target: Target
  entries?: NetworkEntry[]
  unread?: Unread
}

export interface SecretInfo {
  id: string
  createdAt: string
  expiresAt: string
}

export interface CredentialRead {
  target: Target
  /** Organization roles (ORG_*). */
  roles: string[]
  entries?: CredentialEntry[]
  secrets?: SecretInfo[]
  unread?: Unread
}

export interface FleetRead {
  org: Target
  settings?: { apiAccessListRequired?: boolean }
  settingsUnread?: Unread
  projects: ProjectRead[]
  apiKeys: CredentialRead[]
  serviceAccounts: CredentialRead[]
  /** Whole lists that could not be read (then their targets are unknown, not clean). */
  listsUnread: { list: 'projects' | 'api-keys' | 'service-accounts'; unread: Unread }[]
  /** Targets asked for by `targets` that the organization's lists do not hold. */
  missing: string[]
}

export function describeTarget(t: Target): string {
  const kind = {
    organization: 'organization',
    project: 'project',
    'api-key': 'API key',
    'service-account': 'service account'
  }[t.kind]
  return t.name && t.name !== t.id ? `${kind} "${t.name}" (${t.id})` : `${kind} ${t.id}`
}

/** The largest report, plan or previous-report file organization scope reads (a chunk's report is far smaller). */
export const MAX_FILE = 50_000_000
