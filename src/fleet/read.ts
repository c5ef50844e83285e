/**
 * The organization-scope reads: the org's projects, API keys and service accounts (every page), the org settings,
 * each project's network access list and each credential's API access list. Reads only. Every read goes through
 * one bound (4 in flight by default) and the run's one deadline; 429 answers are waited out by the HTTP layer as
 * Retry-After asks. A read that fails makes its target unread, with the role it needs when a role is what lacked:
 * never a failure of the whole run, never a silent pass.
 */
import type { AtlasClient, AtlasCall } from '../atlas/client.js'
import type { AtlasFailure } from '../atlas/errors.js'
import type { ApiKeyUser, CredentialAccessEntry, Group, ServiceAccount } from '../atlas/types.js'
import type { Target } from '../core/finding.js'
import { untrusted } from '../core/untrusted.js'
import type {
  CredentialEntry,
  CredentialRead,
  FleetRead,
  NetworkEntry,
  ProjectRead,
  Unread
} from './model.js'
import { limiter } from './pool.js'

/** The role each read needs (atlas-admin-api.md §9, atlas-round3.md §3). */
export const ROLE_FOR = {
  projects: 'Organization Member (Organization Read Only to see every project)',
  'api-keys': 'Organization Member',
  'service-accounts': 'Organization Read Only',
  settings: 'Organization Member',
  project: 'Organization Read Only (or Project Read Only on the project)',
  'api-key':
    "Organization Owner (another API key's access list is readable only by the key itself or a user administrator)",
  'service-account': 'Organization Read Only'
} as const

export interface ReadOptions {
  orgId: string
  /** `kind:id` targets to read (empty: all). */
  targets: readonly string[]
  concurrency?: number
  /**
   * The scanning service account's client id: answers arrive with it redacted (`***`, a secret input), so its own
   * list is read under the id the run was given. `targets` names it `service-account:self`.
   */
  selfClientId?: string
  /** The run's deadline: when it aborts, whatever is still unread is named so. */
  signal: AbortSignal
}

export async function readFleet(atlas: AtlasClient, opts: ReadOptions): Promise<FleetRead> {
  const limit = limiter(opts.concurrency ?? 4)
  const { orgId } = opts
  const wanted = new Set(opts.targets)
  const picks = (t: Target) => wanted.size === 0 || wanted.has(targetKeyOf(t))
  const out: FleetRead = {
    org: { kind: 'organization', id: orgId, name: orgId },
    projects: [],
    apiKeys: [],
    serviceAccounts: [],
    listsUnread: [],
    missing: []
  }
  const deadlineReached = new Promise<'deadline'>(resolve => {
    if (opts.signal.aborted) resolve('deadline')
    opts.signal.addEventListener('abort', () => resolve('deadline'), { once: true })
  })
  // A chunk reads only the lists its targets are in (every chunk of a plan would otherwise page every list, and the
  // org settings' bucket holds 10 requests): projects, API keys, service accounts; the settings for credentials.
  const wants = (kind: 'project' | 'api-key' | 'service-account') =>
    wanted.size === 0 || [...wanted].some(t => t.startsWith(`${kind}:`))
  const wantsCredentials = wants('api-key') || wants('service-account')

  const work: Promise<unknown>[] = []
  // Which lists answered (read or refused). One still being paged at the deadline is unread: its targets were never
  // listed, so without this they would vanish from the run instead of being named.
  const answered = new Set<FleetRead['listsUnread'][number]['list']>()
  // Reads that answer after the deadline change nothing: the read returned has been judged already.
  let closed = false
  const orgRead = limit(() => atlas.org(orgId)).then(r => {
    if (closed) return
    if (r.ok && r.data.name) out.org.name = untrusted(r.data.name, 100)
  })
  const settingsRead = wantsCredentials
    ? limit(() => atlas.orgSettingsPatient(orgId)).then(r => {
        if (closed) return
        if (r.ok) out.settings = { apiAccessListRequired: r.data.apiAccessListRequired }
        else out.settingsUnread = unreadOf(r.failure, ROLE_FOR.settings)
      })
    : Promise.resolve()
  const projectsRead = !wants('project')
    ? Promise.resolve()
    : limit(() => atlas.orgGroups(orgId)).then(r => {
        if (closed) return
        answered.add('projects')
        if (!r.ok) {
          out.listsUnread.push({ list: 'projects', unread: unreadOf(r.failure, ROLE_FOR.projects) })
          return
        }
        for (const g of r.data) {
          const target = projectTarget(g)
          if (!picks(target)) continue
          const p: ProjectRead = { target, unread: NOT_REACHED }
          out.projects.push(p)
          work.push(
            limit(() => atlas.projectAccessList(g.id)).then(list => {
              if (closed) return
              if (list.ok) {
                p.entries = list.data.map(networkEntry).filter((e): e is NetworkEntry => e !== undefined)
                delete p.unread
              } else p.unread = unreadOf(list.failure, ROLE_FOR.project)
            })
          )
        }
      })
  const keysRead = wants('api-key')
    ? limit(() => atlas.orgApiKeys(orgId)).then(r => {
        if (closed) return
        answered.add('api-keys')
        if (!r.ok) {
          out.listsUnread.push({ list: 'api-keys', unread: unreadOf(r.failure, ROLE_FOR['api-keys']) })
          return
        }
        for (const k of r.data) {
          const c = apiKeyRead(k)
          if (!picks(c.target)) continue
          out.apiKeys.push(c)
          work.push(
            limit(() => atlas.apiKeyAccessList(orgId, k.id)).then(
              list => closed || settle(c, list, 'api-key')
            )
          )
        }
      })
    : Promise.resolve()
  const accountsRead = wants('service-account')
    ? limit(() => atlas.orgServiceAccounts(orgId)).then(r => {
        if (closed) return
        answered.add('service-accounts')
        if (!r.ok) {
          out.listsUnread.push({
            list: 'service-accounts',
            unread: unreadOf(r.failure, ROLE_FOR['service-accounts'])
          })
          return
        }
        for (const sa of r.data) {
          const c = serviceAccountRead(sa)
          if (!picks(c.target)) continue
          out.serviceAccounts.push(c)
          const clientId = isMasked(sa.clientId) && opts.selfClientId ? opts.selfClientId : sa.clientId
          work.push(
            limit(() => atlas.serviceAccountUse(orgId, clientId)).then(
              list => closed || settle(c, list, 'service-account')
            )
          )
        }
      })
    : Promise.resolve()

  const lists = Promise.all([orgRead, settingsRead, projectsRead, keysRead, accountsRead])
  // Per-target reads are queued as the lists arrive: wait for the lists, then for every read they queued.
  const everything = lists.then(() => Promise.all(work))
  const ended = await Promise.race([everything.then(() => 'done' as const), deadlineReached])
  closed = true
  if (ended === 'deadline') {
    const late: Unread = { why: "the preflight's deadline (`timeout-seconds`) passed before it was read" }
    if (!out.settings && !out.settingsUnread && wantsCredentials) out.settingsUnread = late
    const lists = [
      ['projects', wants('project')],
      ['api-keys', wants('api-key')],
      ['service-accounts', wants('service-account')]
    ] as const
    for (const [list, asked] of lists)
      if (asked && !answered.has(list)) out.listsUnread.push({ list, unread: late })
    for (const t of [...out.projects, ...out.apiKeys, ...out.serviceAccounts])
      if (t.unread === NOT_REACHED) t.unread = late
  }
  // Targets asked for that no list holds (a typo, a deleted project) are named, never silently skipped.
  const listed = new Set(
    [...out.projects, ...out.apiKeys, ...out.serviceAccounts].map(t => targetKeyOf(t.target))
  )
  const listsRead = out.listsUnread.length === 0
  if (listsRead && ended === 'done') out.missing = [...wanted].filter(t => !listed.has(t))
  return out
}

/** An id the HTTP layer redacted on arrival: the scanning credential's own. */
export function isMasked(id: string): boolean {
  return id.includes('***')
}

/** How `targets` names a target: `kind:id`, and the scanning service account (its id masked) `service-account:self`. */
export function targetKeyOf(t: Target): string {
  return t.kind === 'service-account' && isMasked(t.id) ? 'service-account:self' : `${t.kind}:${t.id}`
}

/** A placeholder until a target's read settles: still there at the deadline means it was never read. */
const NOT_REACHED: Unread = { why: 'not read' }

function settle(
  c: CredentialRead,
  list: AtlasCall<CredentialAccessEntry[]>,
  kind: 'api-key' | 'service-account'
) {
  if (list.ok) {
    c.entries = list.data.map(credentialEntry).filter((e): e is CredentialEntry => e !== undefined)
    delete c.unread
  } else c.unread = unreadOf(list.failure, ROLE_FOR[kind])
}

function projectTarget(g: Group): Target {
  return { kind: 'project', id: g.id, name: g.name ? untrusted(g.name, 100) : g.id }
}

function apiKeyRead(k: ApiKeyUser): CredentialRead {
  return {
    target: { kind: 'api-key', id: k.id, name: k.desc ? untrusted(k.desc, 100) : (k.publicKey ?? k.id) },
    roles: k.roles
      .filter(r => r.orgId !== undefined || r.groupId === undefined)
      .map(r => untrusted(r.roleName, 60)),
    unread: NOT_REACHED
  }
}

function serviceAccountRead(sa: ServiceAccount): CredentialRead {
  return {
    target: {
      kind: 'service-account',
      id: sa.clientId,
      name: sa.name ? untrusted(sa.name, 100) : sa.clientId
    },
    roles: (sa.roles ?? []).map(r => untrusted(r, 60)),
    secrets: (sa.secrets ?? []).map(s => ({ id: s.id, createdAt: s.createdAt, expiresAt: s.expiresAt })),
    unread: NOT_REACHED
  }
}

function networkEntry(e: {
  cidrBlock?: string
  ipAddress?: string
  awsSecurityGroup?: string
  comment?: string
  deleteAfterDate?: string
}): NetworkEntry | undefined {
  const entry = e.cidrBlock ?? (e.ipAddress ? hostCidr(e.ipAddress) : e.awsSecurityGroup)
  if (!entry) return undefined
  return {
    entry: untrusted(entry, 100),
    ...(e.comment ? { comment: untrusted(e.comment, 100) } : {}),
    ...(e.deleteAfterDate ? { deleteAfterDate: untrusted(e.deleteAfterDate, 40) } : {})
  }
}

function credentialEntry(e: CredentialAccessEntry): CredentialEntry | undefined {
  const entry = e.cidrBlock ?? (e.ipAddress ? hostCidr(e.ipAddress) : undefined)
  if (!entry) return undefined
  const createdAt = e.createdAt ?? e.created
  const lastUsedAt = e.lastUsedAt ?? e.lastUsed
  return {
    entry: untrusted(entry, 100),
    ...(createdAt ? { createdAt: untrusted(createdAt, 40) } : {}),
    ...(lastUsedAt ? { lastUsedAt: untrusted(lastUsedAt, 40) } : {}),
    ...(e.lastUsedAddress ? { lastUsedAddress: untrusted(e.lastUsedAddress, 60) } : {}),
    tracksUse: e.count !== undefined || e.requestCount !== undefined || lastUsedAt !== undefined
  }
}

function hostCidr(ip: string): string {
  return ip.includes('/') ? ip : `${ip}/${ip.includes(':') ? 128 : 32}`
}

/** Why a read failed, in words, with the role when a role is what lacked. */
export function unreadOf(f: AtlasFailure, role: string): Unread {
  const code = f.errorCode ? ` ${untrusted(f.errorCode, 60)}` : ''
  const status = f.status ? `HTTP ${f.status}${code}` : 'no answer'
  switch (f.kind) {
    case 'missing-role':
      return { why: `Atlas refused it (${status}): the credential lacks the role`, role }
    case 'ip-not-allowed':
      if (f.errorCode === 'API_KEY_ACCESS_LIST_ACCESS_DENIED')
        return { why: `Atlas refused it (${status}): the credential lacks the role`, role }
      return { why: `Atlas refused it (${status}): the runner is not on the credential's API access list` }
    case 'rate-limited':
      return {
        why: `Atlas rate-limited it (${status})${f.retryAfterS !== undefined ? ` and asked to wait ${f.retryAfterS} s, longer than the time left` : ''}`
      }
    case 'not-found':
      return { why: `Atlas answered ${status}: it no longer exists or the credential cannot see it`, role }
    case 'unreachable':
      return { why: `no answer from Atlas (${untrusted(f.message ?? 'network error', 120)})` }
    default:
      return { why: `Atlas answered ${status}${f.message ? ` (${untrusted(f.message, 120)})` : ''}` }
  }
}
