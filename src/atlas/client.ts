/**
 * Typed Atlas Administration API reads, with the versioned Accept header each endpoint was released with
 * (docs/reference/atlas-admin-api.md §1), authenticated by Digest (API key) or Bearer (service account). Every read is memoized for
 * the run, so checks that need the same data share one call, and `orgs/{id}/settings` (a bucket of 10) is read
 * at most once.
 */
import type { HttpClient } from '../http/client.js'
import type { Authorizer } from './auth/authorizer.js'
import { classify, type AtlasFailure } from './errors.js'
import * as shapes from './shapes.js'
import type { NetworkPermissionEntryInput, OrgSettings } from './types.js'
import { PAGE_SIZE as PAGE, pagePath, readAllPages } from './paging.js'

const SHAPE_IDS = new WeakMap<object, number>()
let shapesSeen = 0
/**
 * The memo's key: one answer per path, version and shape. Two shapes of one path are two reads, since each keeps
 * only its own fields (the check's access list and the fleet's, with use data).
 */
function memoKey(path: string, version: string | null, shape: object): string {
  let id = SHAPE_IDS.get(shape)
  if (id === undefined) SHAPE_IDS.set(shape, (id = ++shapesSeen))
  return `${version}|${id}|${path}`
}

export type AtlasCall<T> = { ok: true; status: number; data: T } | { ok: false; failure: AtlasFailure }

/** Reads whose answer is only advice get one short attempt: they never hold a check to the deadline. */
export interface Advisory {
  maxAttempts?: number
  timeoutMs?: number
}
const ADVISORY: Advisory = { maxAttempts: 1, timeoutMs: 5000 }

const V2023 = '2023-01-01'
const V_SERVICE_ACCOUNTS = '2024-08-05'
const V_CLUSTERS = '2024-08-05'
const V_FLEX = '2024-11-13'
/** The AI model API keys and rate limits (atlas-round3.md §4). */
const V_AI_MODELS = '2025-03-12'

export class AtlasClient {
  private readonly memo = new Map<string, Promise<AtlasCall<unknown>>>()
  /** Calls started and not yet answered: the connections they will need are opened as they start (`warm`). */
  private inFlight = 0

  constructor(
    private readonly http: HttpClient,
    readonly baseUrl: string,
    readonly auth: Authorizer
  ) {}

  get method(): 'api-key' | 'service-account' {
    return this.auth.method
  }

  /**
   * One GET, memoized by path, its answer checked against `shape` (only the declared fields come back). `version`
   * null means plain JSON (the private ipinfo endpoint).
   */
  get<T>(
    path: string,
    version: string | null,
    shape: shapes.Shape<T>,
    opts: Advisory = {}
  ): Promise<AtlasCall<T>> {
    const key = memoKey(path, version, shape)
    let p = this.memo.get(key)
    if (!p) {
      p = this.fetch<T>(path, version, shape, opts)
      this.memo.set(key, p)
    }
    return p as Promise<AtlasCall<T>>
  }

  private async fetch<T>(
    path: string,
    version: string | null,
    shape: shapes.Shape<T>,
    opts: Advisory
  ): Promise<AtlasCall<T>> {
    // Calls that start together (the checks' reads once atlas-auth commits) wait for the same token or challenge:
    // their connections open while they wait, so they leave together when it arrives.
    this.inFlight++
    this.http.warm(this.baseUrl, this.inFlight)
    try {
      return await this.fetchOnce(path, version, shape, opts)
    } finally {
      this.inFlight--
    }
  }

  private async fetchOnce<T>(
    path: string,
    version: string | null,
    shape: shapes.Shape<T>,
    opts: Advisory
  ): Promise<AtlasCall<T>> {
    const headers: Record<string, string> = {
      accept: version ? `application/vnd.atlas.${version}+json` : 'application/json'
    }
    const authorized = await this.auth.authorize(headers)
    if (!authorized.ok) return authorized
    const result = await this.http.request({
      method: 'GET',
      url: `${this.baseUrl}${path}`,
      headers,
      credentialed: true,
      idempotent: true,
      transport: authorized.transport,
      ...opts
    })
    const failure = classify(result, this.auth.kind)
    if (failure) return { ok: false, failure }
    if (!result.ok) return { ok: false, failure: { kind: 'unreachable', message: result.message } }
    if (result.json === undefined || typeof result.json !== 'object' || result.json === null) {
      return {
        ok: false,
        failure: { kind: 'unexpected', status: result.status, message: 'the answer was not JSON' }
      }
    }
    const checked = shapes.check(shape, result.json)
    if (!checked.ok)
      return { ok: false, failure: { kind: 'unexpected', status: result.status, message: checked.problem } }
    return { ok: true, status: result.status, data: checked.value }
  }

  /**
   * Every page of a list endpoint (paging.ts: until `totalCount` or the last `next` link, never stopping at a short
   * page, at most MAX_PAGES pages). Every list the tool reads goes through here; the fleet run reads its lists with it.
   * `fresh` reads around the memo (a read that must follow a write).
   */
  list<T>(
    path: string,
    version: string,
    item: shapes.Shape<T>,
    opts: Advisory = {},
    fresh = false
  ): Promise<AtlasCall<T[]>> {
    const shape = shapes.page(item)
    return readAllPages<T>(async pageNum => {
      const p = pagePath(path, pageNum)
      const r = await (fresh ? this.fetch(p, version, shape, opts) : this.get(p, version, shape, opts))
      return r.ok ? { ok: true, page: r.data } : { ok: false, failure: r.failure }
    }).then(all => {
      if (all.ok) return { ok: true as const, status: 200, data: all.items }
      if ('unbounded' in all)
        return {
          ok: false as const,
          failure: {
            kind: 'unexpected' as const,
            message: `the list did not end within ${all.pages} pages (${all.items} entries read)`
          }
        }
      return { ok: false as const, failure: all.failure as AtlasFailure }
    })
  }

  identity() {
    return this.get('/api/atlas/v2', V2023, shapes.systemStatus)
  }
  orgs() {
    return this.get('/api/atlas/v2/orgs', V2023, shapes.page(shapes.org))
  }
  org(orgId: string) {
    return this.get(`/api/atlas/v2/orgs/${orgId}`, V2023, shapes.org)
  }
  /** Advisory and in a bucket of 10 per minute: one attempt, never a wait. */
  orgSettings(orgId: string) {
    return this.get(`/api/atlas/v2/orgs/${orgId}/settings`, V2023, shapes.orgSettings, ADVISORY)
  }
  /** The org settings only if some check already asked for them: never a call of its own (a bucket of 10). */
  orgSettingsIfRead(orgId: string): Promise<AtlasCall<OrgSettings>> | undefined {
    return this.memo.get(memoKey(`/api/atlas/v2/orgs/${orgId}/settings`, V2023, shapes.orgSettings)) as
      Promise<AtlasCall<OrgSettings>> | undefined
  }
  groups() {
    return this.get(
      `/api/atlas/v2/groups?itemsPerPage=${PAGE}&includeCount=true`,
      V2023,
      shapes.page(shapes.group)
    )
  }
  group(groupId: string) {
    return this.get(`/api/atlas/v2/groups/${groupId}`, V2023, shapes.group)
  }
  projectAccessList(groupId: string) {
    return this.list(`/api/atlas/v2/groups/${groupId}/accessList`, V2023, shapes.networkPermissionEntry)
  }
  accessListStatus(groupId: string, entry: string) {
    return this.get(
      `/api/atlas/v2/groups/${groupId}/accessList/${encodeURIComponent(entry)}/status`,
      V2023,
      shapes.accessListStatus,
      ADVISORY
    )
  }
  serviceAccount(orgId: string, clientId: string) {
    return this.get(
      `/api/atlas/v2/orgs/${orgId}/serviceAccounts/${encodeURIComponent(clientId)}`,
      V_SERVICE_ACCOUNTS,
      shapes.serviceAccount
    )
  }
  groupServiceAccount(groupId: string, clientId: string) {
    return this.get(
      `/api/atlas/v2/groups/${groupId}/serviceAccounts/${encodeURIComponent(clientId)}`,
      V_SERVICE_ACCOUNTS,
      shapes.serviceAccount
    )
  }
  /** The service account's own API access list in a project's view: Project Read Only suffices. */
  groupServiceAccountAccessList(groupId: string, clientId: string) {
    return this.list(
      `/api/atlas/v2/groups/${groupId}/serviceAccounts/${encodeURIComponent(clientId)}/accessList`,
      V_SERVICE_ACCOUNTS,
      shapes.accessEntry,
      ADVISORY
    )
  }
  serviceAccountAccessList(orgId: string, clientId: string) {
    return this.list(
      `/api/atlas/v2/orgs/${orgId}/serviceAccounts/${encodeURIComponent(clientId)}/accessList`,
      V_SERVICE_ACCOUNTS,
      shapes.accessEntry,
      ADVISORY
    )
  }
  // --- Project IP access-list writes (the network lease) and the fresh reads that must follow a write. ---------
  // Never memoized: the endpoint "doesn't support concurrent POST requests", so a write is only known to have
  // landed when a read made after it says so.

  /** POST one or more entries (a JSON array). Not idempotent: the HTTP layer never retries it. */
  addAccessListEntries(groupId: string, entries: NetworkPermissionEntryInput[]) {
    return this.write(
      'POST',
      `/api/atlas/v2/groups/${groupId}/accessList`,
      shapes.accessListWrite,
      JSON.stringify(entries)
    )
  }
  /** The project's list as it is now (every page), for a lease's verify and the post step. */
  projectAccessListNow(groupId: string) {
    return this.list(
      `/api/atlas/v2/groups/${groupId}/accessList`,
      V2023,
      shapes.networkPermissionEntry,
      {},
      true
    )
  }
  /** One entry (`203.0.113.7`, or a CIDR sent with `/` as %2F), read fresh. 404 when it is not on the list. */
  accessListEntryNow(groupId: string, entry: string) {
    return this.fetch(
      `/api/atlas/v2/groups/${groupId}/accessList/${encodeURIComponent(entry)}`,
      V2023,
      shapes.networkPermissionEntry,
      {}
    )
  }
  /** The entry's status (PENDING, ACTIVE, FAILED), read fresh: a lease polls it until ACTIVE. */
  accessListStatusNow(groupId: string, entry: string) {
    return this.fetch(
      `/api/atlas/v2/groups/${groupId}/accessList/${encodeURIComponent(entry)}/status`,
      V2023,
      shapes.accessListStatus,
      {}
    )
  }
  /** DELETE one entry (204). Idempotent: retried like a read. */
  deleteAccessListEntry(groupId: string, entry: string) {
    return this.write(
      'DELETE',
      `/api/atlas/v2/groups/${groupId}/accessList/${encodeURIComponent(entry)}`,
      null
    )
  }

  /**
   * One write, never memoized. With an API key, a 401 that carries a fresh Digest challenge is retried once with
   * it before the key is called bad: concurrent writes draw spurious replay rejections (PR #4623).
   */
  private async write<T>(
    method: 'POST' | 'DELETE',
    path: string,
    shape: shapes.Shape<T> | null,
    body?: string
  ): Promise<AtlasCall<T | null>> {
    const headers: Record<string, string> = { accept: `application/vnd.atlas.${V2023}+json` }
    if (body !== undefined) headers['content-type'] = `application/vnd.atlas.${V2023}+json`
    const authorized = await this.auth.authorize(headers)
    if (!authorized.ok) return authorized
    const send = () =>
      this.http.request({
        method,
        url: `${this.baseUrl}${path}`,
        headers,
        ...(body !== undefined ? { body } : {}),
        credentialed: true,
        idempotent: method === 'DELETE',
        transport: authorized.transport
      })
    let result = await send()
    const first = classify(result, this.auth.kind)
    if (first?.kind === 'bad-api-key' && this.auth.renew(result)) result = await send()
    const failure = classify(result, this.auth.kind)
    if (failure) return { ok: false, failure }
    if (!result.ok) return { ok: false, failure: { kind: 'unreachable', message: result.message } }
    if (shape === null || result.status === 204) return { ok: true, status: result.status, data: null }
    const checked = shapes.check(shape, result.json)
    if (!checked.ok)
      return { ok: false, failure: { kind: 'unexpected', status: result.status, message: checked.problem } }
    return { ok: true, status: result.status, data: checked.value }
  }

  // --- The cluster path (atlas-round2.md §2–3): Project Read Only reads. ---------------------------------------
  cluster(groupId: string, name: string) {
    return this.get(
      `/api/atlas/v2/groups/${groupId}/clusters/${encodeURIComponent(name)}`,
      V_CLUSTERS,
      shapes.cluster
    )
  }
  /** A flex cluster (also former shared tier), on its own path and version. */
  flexCluster(groupId: string, name: string) {
    return this.get(
      `/api/atlas/v2/groups/${groupId}/flexClusters/${encodeURIComponent(name)}`,
      V_FLEX,
      shapes.cluster
    )
  }
  clusters(groupId: string) {
    return this.list(`/api/atlas/v2/groups/${groupId}/clusters`, V_CLUSTERS, shapes.cluster)
  }
  flexClusters(groupId: string) {
    return this.list(`/api/atlas/v2/groups/${groupId}/flexClusters`, V_FLEX, shapes.cluster)
  }
  databaseUser(groupId: string, databaseName: string, username: string) {
    return this.get(
      `/api/atlas/v2/groups/${groupId}/databaseUsers/${encodeURIComponent(databaseName)}/${encodeURIComponent(username)}`,
      V2023,
      shapes.databaseUser
    )
  }
  /** The project's model API keys (Voyage AI through Atlas); never their secrets. */
  aiModelApiKeys(groupId: string) {
    return this.list(`/api/atlas/v2/groups/${groupId}/aiModelApiKeys`, V_AI_MODELS, shapes.aiModelApiKey)
  }
  /** The project's model rate limits (RPM/TPM per model group). */
  aiModelApiRateLimits(groupId: string) {
    return this.list(
      `/api/atlas/v2/groups/${groupId}/aiModelApiRateLimits`,
      V_AI_MODELS,
      shapes.aiModelRateLimit
    )
  }
  /** The address Atlas sees (what the Atlas CLI uses). Private, not a public contract: never the only source. */
  ipinfo() {
    return this.get('/api/private/ipinfo', null, shapes.ipInfo)
  }

  // --- Organization scope (the fleet, atlas-round3.md §3): Organization Read Only reads, every list fully paged. ---
  orgGroups(orgId: string) {
    return this.list(`/api/atlas/v2/orgs/${orgId}/groups`, V2023, shapes.group)
  }
  orgApiKeys(orgId: string) {
    return this.list(`/api/atlas/v2/orgs/${orgId}/apiKeys`, V2023, shapes.apiKeyUser)
  }
  /** Another key's list needs a user administrator (API_KEY_ACCESS_LIST_ACCESS_DENIED otherwise). */
  apiKeyAccessList(orgId: string, apiUserId: string) {
    return this.list(
      `/api/atlas/v2/orgs/${orgId}/apiKeys/${encodeURIComponent(apiUserId)}/accessList`,
      V2023,
      shapes.credentialAccessEntry
    )
  }
  orgServiceAccounts(orgId: string) {
    return this.list(`/api/atlas/v2/orgs/${orgId}/serviceAccounts`, V_SERVICE_ACCOUNTS, shapes.serviceAccount)
  }
  /** The service account's list with its use data (createdAt, lastUsedAt, requestCount). */
  serviceAccountUse(orgId: string, clientId: string) {
    return this.list(
      `/api/atlas/v2/orgs/${orgId}/serviceAccounts/${encodeURIComponent(clientId)}/accessList`,
      V_SERVICE_ACCOUNTS,
      shapes.credentialAccessEntry
    )
  }
  /**
   * The org settings for the fleet: waited for (429 and Retry-After honoured within the deadline), unlike the
   * advisory read. Shares the advisory read's answer when a check already made it.
   */
  orgSettingsPatient(orgId: string) {
    return (
      this.orgSettingsIfRead(orgId) ??
      this.get(`/api/atlas/v2/orgs/${orgId}/settings`, V2023, shapes.orgSettings)
    )
  }
}
