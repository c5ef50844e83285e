// The Atlas Administration API v2 stand-in: versioned Accept per endpoint, HTTP Digest for API keys, OAuth 2.0
// client credentials for service accounts (tokens minted from any address, expiring for real), roles enforced
// (a missing role is 401 USER_UNAUTHORIZED), the credential's API access list enforced (403
// IP_ADDRESS_NOT_ON_ACCESS_LIST or ORG_REQUIRES_ACCESS_LIST with the caller address in detail and parameters),
// pagination and token-bucket rate limits as docs/reference/atlas-admin-api.md describes them.
//
// Split by resource, as the real API is; AtlasService holds the state (scenario, clock, tokens, the activity log),
// authenticates and routes, and each resource module adds its methods (`compose`) and its routes:
//   atlas-common.js           versions, error bodies, the versioned Accept check, pagination
//   atlas-rate-limits.js      RateLimit-* headers and the token buckets
//   atlas-auth.js             Digest and Bearer authentication, the credential's API access list, roles
//   atlas-oauth.js            service-account tokens: POST /api/oauth/token and /revoke (limits and options there)
//   atlas-service-accounts.js service accounts, their secrets and their own access lists
//   atlas-api-keys.js         the identity answer, API keys' access lists
//   atlas-projects.js         the organization, its settings, the projects
//   atlas-access-list.js      the project IP access list, reads and writes (options and concurrency faults there)
//   atlas-clusters.js         clusters, flex clusters, database users
//   atlas-ai-models.js        AI model API keys and rate limits
//   org.js                    the org's lists (projects, users, teams, keys, accounts) and the fleet
//
// Closer to the real API: endpoints the sandbox does not implement answer 501 SANDBOX_NOT_IMPLEMENTED (never a
// realistic 404 that a client could read as "nothing there"); real resources that do not exist still answer
// their real 404s. A later Accept date than an endpoint offers is served at the latest version not after it
// (INFERRED, atlas-admin-api.md §1), and the Content-Type names the served version.
import { DigestVerifier } from './digest.js'
import { sendJson } from './http-util.js'
import { AI_MODELS_VERSION, AI_MODEL_WRITES, aiModelRead, isAiModelRead } from './atlas-ai-models.js'
import { expandFleet, orgLists } from './org.js'
import { ApiConventions, VERSIONS, apiError, compose, dispatch, notImplemented } from './atlas-common.js'
import { RateLimits } from './atlas-rate-limits.js'
import { Authentication } from './atlas-auth.js'
import { OAuthTokens } from './atlas-oauth.js'
import {
  ORG_SERVICE_ACCOUNT_ROUTES,
  PROJECT_SERVICE_ACCOUNT_ROUTES,
  SECRET_PATH,
  ServiceAccounts
} from './atlas-service-accounts.js'
import { IDENTITY_ROUTES, ORG_API_KEY_ROUTES } from './atlas-api-keys.js'
import { ORG_ROUTES, PROJECT_ROUTES, ROOT_ROUTES } from './atlas-projects.js'
import { ACCESS_LIST_ROUTES, ENTRY_PATH, ProjectAccessList } from './atlas-access-list.js'
import { CLUSTER_ROUTES, ClusterReads } from './atlas-clusters.js'

export { apiError, notImplemented }

/**
 * Writes the real API has (SPEC) but the sandbox does not implement: 501, not 405 (405 stays for method and path
 * pairs the real API does not have either).
 */
const REAL_WRITES = /** @type {[string, RegExp][]} */ ([
  ['POST', /^\/(groups|orgs)$/],
  ['PATCH', /^\/(groups|orgs)\/[^/]+$/],
  ['DELETE', /^\/(groups|orgs)\/[^/]+$/],
  ['PATCH', /^\/orgs\/[^/]+\/settings$/],
  ['POST', /^\/groups\/[^/]+\/(clusters|flexClusters|databaseUsers|serviceAccounts)$/],
  ['PATCH', /^\/groups\/[^/]+\/(clusters|flexClusters|serviceAccounts)\/[^/]+$/],
  ['DELETE', /^\/groups\/[^/]+\/(clusters|flexClusters|serviceAccounts)\/[^/]+$/],
  ['PATCH', /^\/groups\/[^/]+\/databaseUsers\/[^/]+\/[^/]+$/],
  ['DELETE', /^\/groups\/[^/]+\/databaseUsers\/[^/]+\/[^/]+$/],
  ['POST', /^\/orgs\/[^/]+\/(serviceAccounts|apiKeys)$/],
  ['PATCH', /^\/orgs\/[^/]+\/(serviceAccounts|apiKeys)\/[^/]+$/],
  ['DELETE', /^\/orgs\/[^/]+\/(serviceAccounts|apiKeys)\/[^/]+$/],
  ['POST', /^\/(orgs|groups)\/[^/]+\/(serviceAccounts|apiKeys)\/[^/]+\/accessList$/],
  ['DELETE', /^\/(orgs|groups)\/[^/]+\/(serviceAccounts|apiKeys)\/[^/]+\/accessList\/[^/]+$/],
  ...AI_MODEL_WRITES
])
/** First path segments of real v2 resources (SPEC); an unknown one is a realistic 404, the rest 501 if unserved. */
const REAL_ROOTS = [
  'orgs',
  'groups',
  'clusters',
  'users',
  'federationSettings',
  'alertConfigs',
  'eventTypes',
  'rateLimits',
  'unauth',
  'defaultGroupLimits'
]

/** The version an endpoint is served at, by its v2 path: the first match, else 2023-01-01. */
const VERSION_OF_PATH = /** @type {[RegExp, string][]} */ ([
  [/^\/groups\/[^/]+\/aiModelApi/, AI_MODELS_VERSION],
  [/serviceAccounts/, VERSIONS.sa],
  [/^\/groups\/[^/]+\/flexClusters/, VERSIONS.flex]
])

/** The AI model reads (atlas-ai-models.js), as a route pattern. */
const AI_MODEL_READ = { exec: (/** @type {string} */ rest) => (isAiModelRead(rest) ? [rest] : null) }

/** Reads below /api/atlas/v2: the first route whose pattern matches the path answers; none: 501. */
const V2_ROUTES = [
  ...IDENTITY_ROUTES,
  ...ROOT_ROUTES,
  [/^\/orgs\/([^/]+)(\/.*)?$/, (svc, r, m) => svc.orgScoped(r, m[1], m[2] ?? '')],
  [/^\/groups\/([^/]+)(\/.*)?$/, (svc, r, m) => svc.projectScoped(r, m[1], m[2] ?? '')]
]
/** Reads below /orgs/{orgId}, then org.js's lists. */
const ORG_SCOPED_ROUTES = [...ORG_ROUTES, ...ORG_API_KEY_ROUTES, ...ORG_SERVICE_ACCOUNT_ROUTES]
/** Reads below /groups/{groupId}. */
const PROJECT_SCOPED_ROUTES = [
  ...PROJECT_ROUTES,
  [AI_MODEL_READ, (svc, r) => aiModelRead(svc, r.url, r.res, r.g, r.rest, r.self, r.ok)],
  ...ACCESS_LIST_ROUTES,
  ...CLUSTER_ROUTES,
  ...PROJECT_SERVICE_ACCOUNT_ROUTES
]

export class AtlasService {
  /** @param {any} scenario @param {{ now: () => number, log: (e: any) => void, stats: any }} ctx */
  constructor(scenario, ctx) {
    this.s = scenario
    this.now = ctx.now
    this.log = ctx.log
    this.stats = ctx.stats
    this.digest = new DigestVerifier({ ttlMs: scenario.atlas.nonceTtlSeconds * 1000, now: ctx.now })
    /** @type {Map<string, { clientId: string, secretId: string, expiresAt: number, revoked: boolean, revokedAt?: number }>} */
    this.tokens = new Map()
    /** Token requests per "address|clientId": their times (sandbox clock), for the 10-a-minute limit. */
    /** @type {Map<string, number[]>} */
    this.tokenRequests = new Map()
    /** Token requests other jobs made (scenario `recentTokenRequests`), not yet placed in `tokenRequests`. */
    /** @type {Map<string, number>} */
    this.seededRequests = new Map()
    /** Tokens other jobs hold at start (scenario `liveTokens`), per client id, with their expiry. */
    /** @type {Map<string, { count: number, expiresAt: number }>} */
    this.seededTokens = new Map()
    /** @type {Map<string, { tokens: number, at: number }>} */
    this.buckets = new Map()
    this.baseUrl = ''
    this.started = ctx.now()
    expandFleet(scenario, this.started)
    for (const sa of scenario.atlas.serviceAccounts ?? []) {
      // Made "just before" the first token request of this account (seeded then): Retry-After is then always the
      // full window, whatever the time between sandbox start and that request.
      if (sa.recentTokenRequests)
        this.seededRequests.set(`${scenario.runner.ipv4}|${sa.clientId}`, sa.recentTokenRequests)
      if (sa.liveTokens)
        this.seededTokens.set(sa.clientId, {
          count: sa.liveTokens,
          expiresAt: this.started + (sa.liveTokensExpireInMinutes ?? 60) * 60_000
        })
    }
    /**
     * The clusters' loopback hosts and DNS names (clusters.js), set by startSandbox once they listen: connection
     * strings come from here, with the listeners' real ports.
     * @type {{ find: (groupId: string, name: string) => import('./clusters.js').ClusterNetRecord | undefined }}
     */
    this.clusterNet = { find: () => undefined }
    /**
     * The activity log of project access-list writes: Atlas's own event names for what changed the list
     * (NETWORK_PERMISSION_ENTRY_ADDED / _UPDATED / _REMOVED / _EXPIRED), SANDBOX_* for what a real feed would not
     * show (a refused, lost, rejected or duplicate write; a spurious Digest 401).
     * @type {{ at: string, type: string, groupId: string, status: number, by?: string, entry?: string,
     *   comment?: string, deleteAfterDate?: string, detail?: string }[]}
     */
    this.events = []
    /** Per project: POSTs and writes (POST or DELETE) in flight, contended POSTs so far, the window's 401 spent. */
    /** @type {Map<string, { posts: number, writes: number, contended: number, spent401: boolean }>} */
    this.writeState = new Map()
  }

  /** @param {Omit<AtlasService['events'][number], 'at'>} e */
  event(e) {
    this.events.push({ at: new Date(this.now()).toISOString(), ...e })
  }

  /** Route key for fault injection. @param {string} method @param {string} path */
  route(method, path) {
    if (path === '/api/oauth/token') return 'atlas.token'
    if (path === '/api/oauth/revoke') return 'atlas.revoke'
    if (path === '/api/private/ipinfo') return 'atlas.ipinfo'
    if (path === '/api/atlas/v2') return 'atlas.identity'
    const p = path.replace('/api/atlas/v2', '')
    if (/^\/orgs\/[^/]+\/settings$/.test(p)) return 'atlas.orgSettings'
    if (/^\/orgs\/?$/.test(p)) return 'atlas.orgs'
    if (/^\/orgs\/[^/]+$/.test(p)) return 'atlas.org'
    if (/^\/groups\/[^/]+\/serviceAccounts\/[^/]+\/accessList$/.test(p))
      return 'atlas.groupServiceAccountAccessList'
    if (/serviceAccounts\/[^/]+\/accessList$/.test(p)) return 'atlas.serviceAccountAccessList'
    if (/serviceAccounts\/[^/]+\/secrets(\/[^/]+)?$/.test(p)) return 'atlas.serviceAccountSecrets'
    if (/serviceAccounts\/[^/]+$/.test(p)) return 'atlas.serviceAccount'
    if (/apiKeys/.test(p)) return 'atlas.apiKeys'
    if (/^\/groups\/?$/.test(p)) return 'atlas.groups'
    if (/^\/groups\/[^/]+$/.test(p)) return 'atlas.group'
    if (/^\/groups\/[^/]+\/accessList$/.test(p))
      return method === 'POST' ? 'atlas.accessListWrite' : 'atlas.accessList'
    if (/^\/groups\/[^/]+\/accessList\/[^/]+\/status$/.test(p)) return 'atlas.accessListStatus'
    if (/^\/groups\/[^/]+\/accessList\/[^/]+$/.test(p))
      return method === 'DELETE' ? 'atlas.accessListDelete' : 'atlas.accessListEntry'
    if (/^\/groups\/[^/]+\/clusters$/.test(p)) return 'atlas.clusters'
    if (/^\/groups\/[^/]+\/clusters\/[^/]+$/.test(p)) return 'atlas.cluster'
    if (/^\/groups\/[^/]+\/flexClusters$/.test(p)) return 'atlas.flexClusters'
    if (/^\/groups\/[^/]+\/flexClusters\/[^/]+$/.test(p)) return 'atlas.flexCluster'
    if (/^\/groups\/[^/]+\/databaseUsers$/.test(p)) return 'atlas.databaseUsers'
    if (/^\/groups\/[^/]+\/databaseUsers\/[^/]+\/[^/]+$/.test(p)) return 'atlas.databaseUser'
    return `atlas.other`
  }

  /** @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res @param {URL} url */
  async handle(req, res, url) {
    const path = url.pathname.replace(/\/+$/, '') || '/'
    if (url.protocol === 'http:' && this.s.atlas.requireHttps)
      return sendJson(res, 301, undefined, { location: `https://${url.host}${url.pathname}` })
    if (path === '/api/oauth/token' && req.method === 'POST') return this.token(req, res)
    if (path === '/api/oauth/revoke' && req.method === 'POST') return this.revoke(req, res)
    const method = req.method ?? 'GET'
    if (!path.startsWith('/api/atlas/v2') && path !== '/api/private/ipinfo') {
      // Real APIs the sandbox does not serve (v1.0, other private endpoints): 501; anything else: a real 404.
      if (/^\/api\/(atlas\/v1\.0|public\/v1\.0|private)(\/|$)/.test(path))
        return sendJson(res, 501, notImplemented(method, path))
      return sendJson(res, 404, apiError(404, 'RESOURCE_NOT_FOUND', `Cannot find resource ${path}.`, [path]))
    }
    this.rateHeaders(res)
    const v2path = path.replace('/api/atlas/v2', '') || '/'
    const root = v2path.split('/')[1] ?? ''
    if (path !== '/api/private/ipinfo' && v2path !== '/' && !REAL_ROOTS.includes(root))
      return sendJson(
        res,
        404,
        apiError(404, 'RESOURCE_NOT_FOUND', `Cannot find resource ${path}.`, [v2path])
      )
    const target = ENTRY_PATH.exec(path)
    const secret = SECRET_PATH.exec(path)
    const write =
      (method === 'POST' && !!target && !target[2]) ||
      (method === 'DELETE' && !!target?.[2]) ||
      (method === 'POST' && !!secret && !secret[4]) ||
      (method === 'DELETE' && !!secret?.[4])
    if (method !== 'GET' && !write) {
      if (REAL_WRITES.some(([m, re]) => m === method && re.test(v2path)))
        return sendJson(res, 501, notImplemented(method, path))
      return sendJson(
        res,
        405,
        apiError(405, 'METHOD_NOT_ALLOWED', `The Atlas Administration API has no ${method} ${path}.`)
      )
    }

    const who = this.authenticate(req, res, url)
    if (!who) return
    if (write && who.kind === 'api-key' && this.spurious401(target[1])) {
      this.event({ type: 'SANDBOX_DIGEST_REJECTED', groupId: target[1], status: 401, by: who.publicKey })
      this.stats.digestChallenges++
      return sendJson(
        res,
        401,
        apiError(401, 'UNEXPECTED_ERROR', 'You are not authorized for this resource.'),
        {
          'www-authenticate': this.digest.challenge(false)
        }
      )
    }
    const ip = this.s.runner.ipv4
    const denied = this.accessListDenial(who, ip)
    if (denied) return sendJson(res, 403, denied)
    if (who.kind === 'service-account') this.recordUse(who, ip)
    if (secret && write) {
      if (!this.acceptOk(req, res, VERSIONS.sa)) return
      return this.secretWrite(req, res, who, secret)
    }

    if (path === '/api/private/ipinfo') return sendJson(res, 200, { currentIpv4Address: ip })
    return this.v2(req, res, url, path.replace('/api/atlas/v2', '') || '/', who)
  }

  /** GET /api/atlas/v2…: the Accept check at the endpoint's version, then the routes. */
  v2(req, res, url, p, who) {
    const ok = (body, version = VERSIONS.v2023) =>
      sendJson(res, 200, body, { 'content-type': `application/vnd.atlas.${version}+json;charset=utf-8` })
    const forbidden = () =>
      sendJson(
        res,
        401,
        apiError(401, 'USER_UNAUTHORIZED', 'Current user is not authorized to perform this action.')
      )
    const self = `${this.baseUrl}/api/atlas/v2${p}`
    const version = VERSION_OF_PATH.find(([re]) => re.test(p))?.[1] ?? VERSIONS.v2023
    if (!this.acceptOk(req, res, version)) return
    const routed = dispatch(V2_ROUTES, p, this, { req, res, url, p, who, self, ok, forbidden })
    if (routed) return routed.answer
    return sendJson(res, 501, notImplemented(req.method ?? 'GET', `/api/atlas/v2${p}`))
  }

  /** Below /orgs/{orgId}: the one organization, then its reads (its routes, then org.js's lists); none: 501. */
  orgScoped(r, orgId, rest) {
    const { res } = r
    if (orgId !== this.s.atlas.org.id)
      return sendJson(
        res,
        404,
        apiError(404, 'ORG_NOT_FOUND', `No organization with ID ${orgId} exists.`, [orgId])
      )
    const routed = dispatch(ORG_SCOPED_ROUTES, rest, this, r)
    if (routed) return routed.answer
    if (orgLists(this, res, r.url, rest, r.who, r.self)) return
    return sendJson(res, 501, notImplemented(r.req.method ?? 'GET', `/api/atlas/v2${r.p}`))
  }

  /**
   * Below /groups/{groupId}: a valid id of an existing project the caller may read (and, to write, write its
   * network access list), the access list's expiry applied, the writes, then the reads; none: 501.
   */
  projectScoped(r, gid, rest) {
    const { req, res, who } = r
    if (!/^[a-f0-9]{24}$/.test(gid))
      return sendJson(
        res,
        400,
        apiError(400, 'INVALID_GROUP_ID', `An invalid group ID ${gid} was specified.`, [gid])
      )
    const g = this.s.atlas.projects.find(x => x.id === gid)
    if (!g)
      return sendJson(res, 404, apiError(404, 'GROUP_NOT_FOUND', `No group with ID ${gid} exists.`, [gid]))
    const writing = req.method === 'POST' || req.method === 'DELETE'
    if (!this.projectReadOnly(who, gid) || (writing && !this.canWriteNetwork(who, gid))) {
      if (writing)
        this.event({ type: 'SANDBOX_WRITE_REJECTED', groupId: gid, status: 401, by: this.whoName(who) })
      return r.forbidden()
    }
    if (rest.startsWith('/accessList')) this.expire(g)
    if (req.method === 'POST') return this.postAccessList(req, res, r.url, g, who, r.self)
    if (req.method === 'DELETE') return this.deleteAccessListEntry(req, res, g, who, rest)
    const routed = dispatch(PROJECT_SCOPED_ROUTES, rest, this, { ...r, g, rest })
    if (routed) return routed.answer
    return sendJson(res, 501, notImplemented(req.method ?? 'GET', `/api/atlas/v2${r.p}`))
  }
}

compose(
  AtlasService,
  ApiConventions,
  RateLimits,
  Authentication,
  OAuthTokens,
  ServiceAccounts,
  ProjectAccessList,
  ClusterReads
)
