// The Atlas Administration API v2 stand-in: versioned Accept per endpoint, HTTP Digest for API keys, OAuth 2.0
// client credentials for service accounts (tokens minted from any address, expiring for real), roles enforced
// (a missing role is 401 USER_UNAUTHORIZED), the credential's API access list enforced (403
// IP_ADDRESS_NOT_ON_ACCESS_LIST or ORG_REQUIRES_ACCESS_LIST with the caller address in detail and parameters),
// pagination and token-bucket rate limits as docs/reference/atlas-admin-api.md describes them.
//
// Reads only, except the project IP access list (docs/reference/atlas-round2.md §1), which takes writes with
// Atlas's semantics: POST …/groups/{groupId}/accessList (a JSON array of entries, exactly one of ipAddress,
// cidrBlock, awsSecurityGroup each; comment ≤ 80; deleteAfterDate later than now and at most a week ahead, never
// on a security group; Project Network Access Manager, Project Owner or Organization Owner; at most 200 entries),
// GET …/accessList/{entryValue}, GET …/{entryValue}/status (PENDING for `accessListPendingSeconds` of sandbox
// time, then ACTIVE, or FAILED), DELETE …/{entryValue} (204; `/` of a CIDR written %2F). Entries past their
// deleteAfterDate vanish from every read. The endpoint "doesn't support concurrent POST requests": a POST that
// arrives while another POST to the same project is being written (each write takes `accessListWriteMs` of real
// time) is refused, or answered 201 yet never stored, as `concurrentWrites` says. As real Atlas answers (recorded,
// atlas-round3.md §1): POST 201 with the list page, DELETE 204 with the versioned content type, a full list 403
// ATLAS_NETWORK_PERMISSIONS_LIMIT_EXCEEDED, RateLimit-Limit/RateLimit-Remaining on every answer, X-Error-Code on errors. Every write, refusal, loss,
// delete and expiry goes to `events` (an activity log). Scenario options, all under `atlas` (defaults in base.json):
//   accessListPendingSeconds  2        sandbox seconds (ctx.now) a new entry stays PENDING
//   accessListOutcome         'ACTIVE' status after PENDING: 'ACTIVE' | 'FAILED'
//   accessListWriteMs         25       real milliseconds a POST (or DELETE) is "in flight"
//   accessListMaxEntries      200      entries a project may hold
//   accessListDuplicate       'ignore' POST of a listed entry: 'ignore' (201, no new entry, nothing changes) |
//                                      'update' (201, comment and deleteAfterDate replaced; UNCONFIRMED) |
//                                      'conflict' (409)
//   concurrentWrites          'ok'     a contended POST: 'ok' | 'refuse' | 'lose' | 'both' (refuse, lose, refuse, …
//                                      in arrival order of the contended POSTs, per project)
//   concurrentRefusalStatus   409      409 (errorCode guessed) or 500 (UNEXPECTED_ERROR) for a refused POST
//   accessListPageSize        —        HOSTILE: list pages of the project access list hold at most this many
//                                      entries, whatever itemsPerPage asked (totalCount and `next` links stay true)
//   accessListReadBack        'true'   HOSTILE 'other': GET …/accessList/{entry} answers a different address
//   accessListDeleteNoop      false    HOSTILE true: DELETE …/accessList/{entry} answers 204 and deletes nothing
//   accessListExpiryLagMinutes 0       entries stay listed this long past their deleteAfterDate (Atlas running late)
//   spuriousDigest401         false    true: the first Digest-authenticated write (POST or DELETE) that arrives
//                                      while another write to the project is in flight answers 401 with a fresh
//                                      challenge although its nonce was valid, once per window of overlapping
//                                      writes (terraform-provider-mongodbatlas PR #4623); a retry succeeds.
//
// Service-account limits (docs/reference/atlas-round2.md §4), also under `atlas`:
//   tokenRateLimit            { requests: 10, perSeconds: 60 }  token requests per (address Atlas sees, client id)
//                                      in a sliding window of sandbox time; beyond: 429 RATE_LIMITED (FIELD body)
//   maxLiveTokens             100      live (unexpired, unrevoked) tokens per service account; beyond: 403 OAuth
//                                      access_denied "Access Token limit reached…" (wording FIELD, body UNCONFIRMED)
//   revokeFreesSlot           true     a revoked token stops counting at once (UNCONFIRMED; false: until expiry)
//   revokeForeignToken        'ignore' POST /api/oauth/revoke of another client's token: 'ignore' (200, nothing
//                                      revoked) | 'error' (400 invalid_grant); the reference does not say which
//   maxSecretsPerServiceAccount 2      secrets per account, expired ones keeping their slot (POST …/secrets: 400)
// and per service account: `recentTokenRequests` (token requests other jobs made from the same address just
// before the account's first token request here), `liveTokens` (tokens other jobs hold, expiring `liveTokensExpireInMinutes`
// (60) after start), `accessList` entries as strings or { cidrBlock | ipAddress, lastUsedAddress,
// lastUsedAt | lastUsedHoursAgo, requestCount } (calls with the account's token update the matching entry).
// `org.maxServiceAccountSecretValidityInHours` (8760) is what GET /orgs/{orgId}/settings reports and caps new
// secrets at.
//
// Closer to the real API: endpoints the sandbox does not implement answer 501 SANDBOX_NOT_IMPLEMENTED (never a
// realistic 404 that a client could read as "nothing there"); real resources that do not exist still answer
// their real 404s. A later Accept date than an endpoint offers is served at the latest version not after it
// (INFERRED, atlas-admin-api.md §1), and the Content-Type names the served version.
import { randomBytes } from 'node:crypto'
import { isIP } from 'node:net'
import { DigestVerifier } from './digest.js'
import { hexId } from './clusters.js'
import { inCidr, readBody, sendJson } from './http-util.js'
import { AI_MODELS_VERSION, AI_MODEL_WRITES, aiModelRead, isAiModelRead } from './atlas-ai-models.js'
import { expandFleet, orgLists } from './org.js'

const VERSIONS = /** @type {const} */ ({ v2023: '2023-01-01', sa: '2024-08-05', flex: '2024-11-13' })
/** The versions GET …/clusters[/{clusterName}] is served at (atlas-round2.md §2). */
const CLUSTER_VERSIONS = ['2023-01-01', '2023-02-01', '2024-08-05']
const DAY = 86_400_000
const WEEK = 7 * DAY
/** Roles that may write the project IP access list ("Project Network Access Manager", or more). */
const NETWORK_WRITERS = ['GROUP_NETWORK_ACCESS_MANAGER', 'GROUP_OWNER']
const ENTRY_PATH = /^\/api\/atlas\/v2\/groups\/([^/]+)\/accessList(?:\/([^/]+))?$/
const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/
const sleep = (/** @type {number} */ ms) => new Promise(r => setTimeout(r, ms))
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
const SECRET_PATH =
  /^\/api\/atlas\/v2\/(orgs|groups)\/([^/]+)\/serviceAccounts\/([^/]+)\/secrets(?:\/([^/]+))?$/
const TOKEN_LIMIT_DESCRIPTION =
  'Access Token limit reached. Please use the existing Access Tokens or create a new Service Account.'

/** A sandbox gap, said plainly: 501 with an Atlas-shaped body no client can mistake for a real answer. */
export function notImplemented(/** @type {string} */ method, /** @type {string} */ path) {
  return apiError(
    501,
    'SANDBOX_NOT_IMPLEMENTED',
    `The atlas-preflight sandbox does not implement ${method} ${path}. This is not an answer of the real Atlas API.`,
    [method, path]
  )
}

/** @param {number} status @param {string} errorCode @param {string} detail @param {unknown[]} [parameters] */
export function apiError(status, errorCode, detail, parameters) {
  const reason =
    {
      400: 'Bad Request',
      401: 'Unauthorized',
      403: 'Forbidden',
      404: 'Not Found',
      405: 'Method Not Allowed',
      406: 'Not Acceptable',
      409: 'Conflict',
      410: 'Gone',
      415: 'Unsupported Media Type',
      429: 'Too Many Requests',
      500: 'Internal Server Error',
      501: 'Not Implemented'
    }[status] ?? 'Error'
  return { detail, error: status, errorCode, ...(parameters ? { parameters } : {}), reason }
}

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

  /** The access-list write options of the scenario, with their defaults (see the header). */
  get writeOptions() {
    const a = this.s.atlas
    return {
      pendingSeconds: a.accessListPendingSeconds ?? 2,
      outcome: a.accessListOutcome ?? 'ACTIVE',
      writeMs: a.accessListWriteMs ?? 25,
      maxEntries: a.accessListMaxEntries ?? 200,
      duplicate: a.accessListDuplicate ?? 'ignore',
      concurrentWrites: a.concurrentWrites ?? 'ok',
      refusalStatus: a.concurrentRefusalStatus ?? 409,
      spuriousDigest401: !!a.spuriousDigest401,
      pageSize: a.accessListPageSize,
      readBack: a.accessListReadBack ?? 'true',
      deleteNoop: !!a.accessListDeleteNoop
    }
  }

  /** @param {string} gid */
  writesOf(gid) {
    let st = this.writeState.get(gid)
    if (!st) this.writeState.set(gid, (st = { posts: 0, writes: 0, contended: 0, spent401: false }))
    return st
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

  // --- authentication -------------------------------------------------------------------------------

  /** @returns {any} the caller (api key or service account record), or undefined when answered already */
  authenticate(req, res, url) {
    const auth = req.headers.authorization ?? ''
    const unauthorizedBody = apiError(401, 'UNEXPECTED_ERROR', 'You are not authorized for this resource.')
    if (/^bearer\s/i.test(auth)) {
      const t = this.tokens.get(auth.slice(7).trim())
      if (!t || t.revoked || t.expiresAt <= this.now()) {
        // GUESS: what Atlas answers for an unknown, revoked or expired Bearer token is UNCONFIRMED
        // (atlas-admin-api.md §6, §10); this is Atlas's generic failed-authentication body (SNAP), with no
        // WWW-Authenticate challenge since no Digest exchange is under way.
        sendJson(res, 401, apiError(401, 'UNEXPECTED_ERROR', 'You are not authorized for this resource.'))
        return undefined
      }
      const sa = this.s.atlas.serviceAccounts.find(x => x.clientId === t.clientId)
      return { kind: 'service-account', ...sa, record: sa }
    }
    if (/^digest\s/i.test(auth)) {
      const uri = url.pathname + url.search
      const r = this.digest.verify(
        auth,
        req.method ?? 'GET',
        uri,
        user => this.s.atlas.apiKeys.find(k => k.publicKey === user)?.privateKey
      )
      if (r.ok) return { kind: 'api-key', ...this.s.atlas.apiKeys.find(k => k.publicKey === r.user) }
      this.stats.digestChallenges++
      sendJson(res, 401, unauthorizedBody, { 'www-authenticate': this.digest.challenge(r.stale) })
      return undefined
    }
    this.stats.digestChallenges++
    sendJson(res, 401, unauthorizedBody, { 'www-authenticate': this.digest.challenge(false) })
    return undefined
  }

  /** The credential's own API access list, and the org's `apiAccessListRequired`. */
  accessListDenial(who, ip) {
    const list = (who.accessList ?? []).map(cidrOf)
    if (list.length > 0) {
      if (list.some(c => inCidr(ip, c))) return undefined
      return apiError(
        403,
        'IP_ADDRESS_NOT_ON_ACCESS_LIST',
        `IP address ${ip} is not allowed to access this resource.`,
        [ip]
      )
    }
    if (this.s.atlas.org.apiAccessListRequired)
      return apiError(
        403,
        'ORG_REQUIRES_ACCESS_LIST',
        'This organization requires access through an access list of ip ranges.',
        [ip]
      )
    return undefined
  }

  /**
   * PR #4623's spurious replay rejection: with `spuriousDigest401`, the first Digest write that arrives while
   * another write to the project is in flight is answered 401 once per window of overlapping writes.
   * @param {string} gid
   */
  spurious401(gid) {
    if (!this.writeOptions.spuriousDigest401) return false
    const st = this.writesOf(gid)
    if (st.writes === 0 || st.spent401) return false
    st.spent401 = true
    return true
  }

  /** The limits of docs/reference/atlas-round2.md §4, with the scenario's overrides. */
  get tokenLimits() {
    const a = this.s.atlas
    return {
      requests: a.tokenRateLimit?.requests ?? 10,
      perSeconds: a.tokenRateLimit?.perSeconds ?? 60,
      maxLive: a.maxLiveTokens ?? 100,
      revokeFreesSlot: a.revokeFreesSlot ?? true,
      foreign: a.revokeForeignToken ?? 'ignore',
      maxSecrets: a.maxSecretsPerServiceAccount ?? 2
    }
  }

  /** Tokens of this client that count against the limit of live tokens: unexpired, and unrevoked (unless…). */
  liveTokens(clientId) {
    const now = this.now()
    const o = this.tokenLimits
    let n = 0
    for (const t of this.tokens.values())
      if (t.clientId === clientId && t.expiresAt > now && !(t.revoked && o.revokeFreesSlot)) n++
    const seeded = this.seededTokens.get(clientId)
    if (seeded && seeded.expiresAt > now) n += seeded.count
    return n
  }

  /** Client credentials from a Basic header (raw, never form-decoded), or undefined. */
  basicCredentials(req) {
    const basic = /^basic\s+(.+)$/i.exec(req.headers.authorization ?? '')
    if (!basic) return undefined
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8')
    const sep = decoded.indexOf(':')
    if (sep < 0) return undefined
    return { id: decoded.slice(0, sep), secret: decoded.slice(sep + 1) }
  }

  /** The service account and the live secret these credentials name, or undefined. */
  clientOf(creds) {
    if (!creds) return undefined
    const sa = this.s.atlas.serviceAccounts.find(x => x.clientId === creds.id)
    const match = sa?.secrets.find(s => s.secret === creds.secret)
    if (!sa || !match || this.secretExpiresAt(match) <= this.now()) return undefined
    return { sa, secret: match }
  }

  async token(req, res) {
    this.stats.tokenRequests++
    const body = await readBody(req)
    const invalid = { error_description: 'Invalid credentials provided.', error: 'invalid_client' }
    const creds = this.basicCredentials(req)
    if (!creds) return sendJson(res, 401, invalid)
    const limits = this.tokenLimits
    // 10 requests a minute per (address, service account), counted before anything else is checked.
    const key = `${this.s.runner.ipv4}|${creds.id}`
    const now = this.now()
    const window = limits.perSeconds * 1000
    const seeded = this.seededRequests.get(key)
    if (seeded) {
      this.seededRequests.delete(key)
      this.tokenRequests.set(key, [...(this.tokenRequests.get(key) ?? []), ...Array(seeded).fill(now)])
    }
    const recent = (this.tokenRequests.get(key) ?? []).filter(at => at > now - window)
    if (recent.length >= limits.requests) {
      this.tokenRequests.set(key, recent)
      this.stats.tokenRateLimited = (this.stats.tokenRateLimited ?? 0) + 1
      const retryAfter = Math.max(1, Math.ceil((recent[0] + window - now) / 1000))
      const minutes = limits.perSeconds / 60
      // errorCode and detail as terraform-provider-mongodbatlas PR #3791 shows them (FIELD); GUESS: the
      // parameters (after the SPEC's "Resource %s is limited to %s requests every %s minutes.") and Retry-After.
      return sendJson(
        res,
        429,
        apiError(
          429,
          'RATE_LIMITED',
          `Resource /api/oauth/token is limited to ${limits.requests} requests every ${minutes} minutes.`,
          ['/api/oauth/token', limits.requests, minutes]
        ),
        { 'retry-after': String(retryAfter) }
      )
    }
    recent.push(now)
    this.tokenRequests.set(key, recent)
    if (!/application\/x-www-form-urlencoded/.test(req.headers['content-type'] ?? ''))
      return sendJson(res, 400, {
        error: 'invalid_request',
        error_description: 'Content-Type must be application/x-www-form-urlencoded.'
      })
    const form = new URLSearchParams(body)
    if (!form.get('grant_type'))
      return sendJson(res, 400, { error: 'invalid_request', error_description: 'grant_type is required.' })
    if (form.get('grant_type') !== 'client_credentials')
      return sendJson(res, 400, {
        error: 'unsupported_grant_type',
        error_description: 'Only client_credentials is supported.'
      })
    const client = this.clientOf(creds)
    if (!client) return sendJson(res, 401, invalid)
    if (this.liveTokens(creds.id) >= limits.maxLive) {
      this.stats.tokenLimitReached = (this.stats.tokenLimitReached ?? 0) + 1
      // The wording is documented and seen in the field (atlas-round2.md §4); UNCONFIRMED: the exact body (the
      // docs' 403 "access-denied" tab was never seen), here in the OAuth error shape of the other token errors.
      return sendJson(res, 403, { error: 'access_denied', error_description: TOKEN_LIMIT_DESCRIPTION })
    }
    const accessToken = `eyJhbGciOiJFUzUxMiJ9.${randomBytes(24).toString('base64url')}.${randomBytes(32).toString('base64url')}`
    const ttl = this.s.atlas.tokenTtlSeconds
    this.tokens.set(accessToken, {
      clientId: creds.id,
      secretId: client.secret.id,
      expiresAt: now + ttl * 1000,
      revoked: false
    })
    client.secret.lastUsedAt = new Date(now).toISOString()
    return sendJson(res, 200, { access_token: accessToken, expires_in: ttl, token_type: 'Bearer' })
  }

  /**
   * POST /api/oauth/revoke (RFC 7009): the client authenticates as on the token endpoint (Basic), else 401
   * invalid_client. An unknown, expired or already revoked token: 200 (RFC 7009 §2.2). A token issued to another
   * client: `revokeForeignToken` 'ignore' (default: 200, nothing revoked, the token's existence not disclosed) or
   * 'error' (400 invalid_grant; RFC 7009 §2.1 says such a request "is refused"). Atlas's choice is UNCONFIRMED.
   */
  async revoke(req, res) {
    this.stats.revocations++
    const form = new URLSearchParams(await readBody(req))
    const client = this.clientOf(this.basicCredentials(req))
    if (!client)
      return sendJson(res, 401, {
        error: 'invalid_client',
        error_description: 'Invalid credentials provided.'
      })
    const value = form.get('token')
    if (!value)
      return sendJson(res, 400, { error: 'invalid_request', error_description: 'token is required.' })
    const t = this.tokens.get(value)
    if (t && t.clientId !== client.sa.clientId) {
      this.stats.foreignRevocations = (this.stats.foreignRevocations ?? 0) + 1
      if (this.tokenLimits.foreign === 'error')
        return sendJson(res, 400, {
          error: 'invalid_grant',
          error_description: 'The token was not issued to this client.'
        })
    } else if (t && !t.revoked) {
      t.revoked = true
      t.revokedAt = this.now()
    }
    res.writeHead(200)
    res.end()
  }

  /** A call with a service account's token: the matching entry of its access list records it (lastUsed*). */
  recordUse(who, ip) {
    const list = who.record?.accessList
    if (!Array.isArray(list)) return
    const i = list.findIndex(e => inCidr(ip, cidrOf(e)))
    if (i < 0) return
    const e = typeof list[i] === 'string' ? { cidrBlock: list[i] } : list[i]
    e.lastUsedAddress = ip
    e.lastUsedAt = isoSeconds(this.now())
    delete e.lastUsedHoursAgo
    e.requestCount = (e.requestCount ?? 0) + 1
    list[i] = e
  }

  /** One entry of a service account's own access list (ServiceAccountIPAccessListEntry). */
  serviceAccountEntryView(e) {
    const cidr = cidrOf(e)
    const [net, bits] = cidr.split('/')
    const single = (isIP(net) === 4 && bits === '32') || (isIP(net) === 6 && bits === '128')
    const o = typeof e === 'string' ? {} : e
    const lastUsedAt =
      o.lastUsedAt ??
      (o.lastUsedHoursAgo !== undefined
        ? isoSeconds(this.started - o.lastUsedHoursAgo * 3_600_000)
        : undefined)
    return {
      cidrBlock: cidr,
      ...(single ? { ipAddress: net } : {}),
      createdAt: isoSeconds(o.createdAt ? Date.parse(o.createdAt) : this.started - 30 * DAY),
      // lastUsed* appear only once the address has made a request (atlas-admin-api.md §4).
      ...(lastUsedAt ? { lastUsedAt } : {}),
      ...(o.lastUsedAddress ? { lastUsedAddress: o.lastUsedAddress } : {}),
      requestCount: o.requestCount ?? 0
    }
  }

  /**
   * POST …/serviceAccounts/{clientId}/secrets ({ secretExpiresAfterHours }) and DELETE …/secrets/{secretId}, on
   * the org path (Organization Owner) and the project path (Project Owner of a project the account is in): at
   * most `maxSecretsPerServiceAccount` secrets, expired ones keeping their slot; a new secret cuts every other
   * one to at most 7 days; deleting a secret revokes its tokens at once (atlas-round2.md §4).
   */
  async secretWrite(req, res, who, m) {
    const [, scope, scopeId, rawClientId, secretId] = m
    const clientId = decodeURIComponent(rawClientId)
    const org = this.s.atlas.org
    if (scope === 'orgs' && scopeId !== org.id)
      return sendJson(
        res,
        404,
        apiError(404, 'ORG_NOT_FOUND', `No organization with ID ${scopeId} exists.`, [scopeId])
      )
    if (scope === 'groups' && !this.s.atlas.projects.some(g => g.id === scopeId))
      return sendJson(
        res,
        404,
        apiError(404, 'GROUP_NOT_FOUND', `No group with ID ${scopeId} exists.`, [scopeId])
      )
    const allowed =
      this.orgRoles(who).includes('ORG_OWNER') ||
      (scope === 'groups' && this.projectRoles(who, scopeId).includes('GROUP_OWNER'))
    if (!allowed)
      return sendJson(
        res,
        401,
        apiError(401, 'USER_UNAUTHORIZED', 'Current user is not authorized to perform this action.')
      )
    const sa = this.s.atlas.serviceAccounts.find(
      x => x.clientId === clientId && (scope === 'orgs' || x.projectRoles?.[scopeId])
    )
    if (!sa)
      return sendJson(
        res,
        404,
        apiError(404, 'RESOURCE_NOT_FOUND', `Cannot find resource ${clientId}.`, [clientId])
      )
    const headers = { 'content-type': `application/vnd.atlas.${VERSIONS.sa}+json;charset=utf-8` }
    const now = this.now()
    if (req.method === 'DELETE') {
      const s = sa.secrets.find(x => x.id === secretId)
      if (!s)
        return sendJson(
          res,
          404,
          apiError(404, 'RESOURCE_NOT_FOUND', `Cannot find resource ${secretId}.`, [secretId])
        )
      sa.secrets = sa.secrets.filter(x => x !== s)
      for (const t of this.tokens.values())
        if (t.clientId === clientId && t.secretId === s.id && !t.revoked)
          Object.assign(t, { revoked: true, revokedAt: now })
      res.writeHead(204)
      return res.end()
    }
    let body
    try {
      body = JSON.parse(await readBody(req))
    } catch {
      return sendJson(res, 400, apiError(400, 'INVALID_JSON', 'Received JSON is malformed.')) // GUESS: errorCode
    }
    const max = org.maxServiceAccountSecretValidityInHours ?? 8760
    const hours = body?.secretExpiresAfterHours
    if (!Number.isInteger(hours) || hours < 8 || hours > max)
      // GUESS: errorCode and detail; the bounds (8 hours, the org's maximum) are documented.
      return sendJson(
        res,
        400,
        apiError(
          400,
          'INVALID_ATTRIBUTE',
          `Invalid attribute secretExpiresAfterHours specified: it must be between 8 and ${max} hours.`,
          ['secretExpiresAfterHours']
        )
      )
    if (sa.secrets.length >= this.tokenLimits.maxSecrets)
      // GUESS: status and errorCode; the 2-secret limit (expired secrets keep their slot) is documented.
      return sendJson(
        res,
        400,
        apiError(
          400,
          'SERVICE_ACCOUNT_SECRET_LIMIT_REACHED',
          `Service account ${clientId} already has ${sa.secrets.length} of ${this.tokenLimits.maxSecrets} secrets; delete one first (expired secrets keep their slot).`,
          [clientId]
        )
      )
    for (const other of sa.secrets)
      if (this.secretExpiresAt(other) > now + WEEK) other.expiresAt = isoSeconds(now + WEEK)
    const secret = {
      id: hexId(`${clientId}/secret/${now}/${sa.secrets.length}/${randomBytes(4).toString('hex')}`),
      secret: `mdb_sa_sk_${randomBytes(30).toString('base64url').replace(/-/g, '_').slice(0, 40)}`,
      createdAt: isoSeconds(now),
      expiresAt: isoSeconds(now + hours * 3_600_000)
    }
    sa.secrets.push(secret)
    // The only time the secret itself is returned.
    return sendJson(res, 201, { ...this.secretView(secret), secret: secret.secret }, headers)
  }

  secretView(s) {
    return {
      id: s.id,
      createdAt: s.createdAt ?? isoSeconds(this.started - 30 * DAY),
      expiresAt: isoSeconds(this.secretExpiresAt(s)),
      ...(s.lastUsedAt ? { lastUsedAt: s.lastUsedAt } : {}),
      maskedSecretValue: `mdb_sa_sk_...${s.secret.slice(-4)}`
    }
  }

  secretExpiresAt(secret) {
    if (secret.expiresAt) return Date.parse(secret.expiresAt)
    return this.started + secret.expiresInDays * DAY
  }

  // --- v2 resources ---------------------------------------------------------------------------------

  /** @returns {boolean} true when the Accept header asks for a version this endpoint has */
  acceptOk(req, res, version) {
    const accept = String(req.headers.accept ?? '')
    const m = /application\/vnd\.atlas\.(\d{4}-\d{2}-\d{2})\+json/.exec(accept)
    // Resolution (atlas-admin-api.md §1: a later date works in the field, e.g. MongoDB's MCP server sends 2025-03-12
    // everywhere; the rule itself is INFERRED): the latest version of the endpoint not after the asked date is
    // served, and the answer's Content-Type names it. A date before the endpoint's first version, or no versioned
    // Accept at all: 406 INVALID_VERSION_DATE. Single-version endpoints pass their one version here.
    if (!m || m[1] < version) {
      sendJson(res, 406, apiError(406, 'INVALID_VERSION_DATE', 'Invalid accept header or version date.'))
      return false
    }
    return true
  }

  /**
   * RateLimit-Limit / RateLimit-Remaining on every Administration API answer, as real Atlas sends them: a window of a
   * minute of sandbox time (a configured bucket, `rateLimited`, sets its own figures over these).
   */
  rateHeaders(res) {
    const minute = Math.floor(this.now() / 60_000)
    if (this.rateWindow?.minute !== minute) this.rateWindow = { minute, used: 0 }
    this.rateWindow.used++
    const limit = 1200
    res.setHeader('ratelimit-limit', String(limit))
    res.setHeader('ratelimit-remaining', String(Math.max(0, limit - this.rateWindow.used)))
  }

  /** Token bucket per endpoint set; answers 429 RATE_LIMITED_TOKEN_BUCKET when empty. */
  rateLimited(res, set, path) {
    const conf = this.s.atlas.rateLimits?.[set]
    if (!conf) return false
    const now = this.now()
    const b = this.buckets.get(set) ?? { tokens: conf.capacity, at: now }
    b.tokens = Math.min(conf.capacity, b.tokens + ((now - b.at) / 60_000) * conf.refillPerMinute)
    b.at = now
    this.buckets.set(set, b)
    const headers = { 'ratelimit-limit': String(conf.capacity) }
    if (b.tokens < 1) {
      const wait = Math.ceil(((1 - b.tokens) / conf.refillPerMinute) * 60)
      sendJson(
        res,
        429,
        apiError(
          429,
          'RATE_LIMITED_TOKEN_BUCKET',
          `Rate limit exceeded for ${path}. Please retry after ${wait} seconds. Request capacity: ${conf.capacity}. Refill rate: ${conf.refillPerMinute} per 60 seconds.`,
          [path, wait, conf.capacity, conf.refillPerMinute, 60]
        ),
        { ...headers, 'ratelimit-remaining': '0', 'retry-after': String(wait) }
      )
      return true
    }
    b.tokens -= 1
    res.setHeader('ratelimit-limit', String(conf.capacity))
    res.setHeader('ratelimit-remaining', String(Math.floor(b.tokens)))
    return false
  }

  orgRoles(who) {
    if (who.kind === 'service-account') return who.roles ?? []
    return (who.roles ?? []).filter(r => r.orgId).map(r => r.roleName)
  }

  projectRoles(who, gid) {
    if (who.kind === 'service-account') return who.projectRoles?.[gid] ?? []
    return (who.roles ?? []).filter(r => r.groupId === gid).map(r => r.roleName)
  }

  orgReadOnly(who) {
    return this.orgRoles(who).some(r => r === 'ORG_OWNER' || r === 'ORG_READ_ONLY')
  }

  projectReadOnly(who, gid) {
    return this.orgReadOnly(who) || this.projectRoles(who, gid).length > 0
  }

  v2(req, res, url, p, who) {
    const ok = (body, version = VERSIONS.v2023) =>
      sendJson(res, 200, body, { 'content-type': `application/vnd.atlas.${version}+json;charset=utf-8` })
    const forbidden = () =>
      sendJson(
        res,
        401,
        apiError(401, 'USER_UNAUTHORIZED', 'Current user is not authorized to perform this action.')
      )
    const org = this.s.atlas.org
    const self = `${this.baseUrl}/api/atlas/v2${p}`
    const version = /^\/groups\/[^/]+\/aiModelApi/.test(p)
      ? AI_MODELS_VERSION
      : /serviceAccounts/.test(p)
        ? VERSIONS.sa
        : /^\/groups\/[^/]+\/flexClusters/.test(p)
          ? VERSIONS.flex
          : VERSIONS.v2023
    if (!this.acceptOk(req, res, version)) return
    let m

    if (p === '/') {
      const body = {
        appName: 'MongoDB Atlas',
        build: 'f84b8e4300000000000000000000000000000000',
        links: [{ href: self, rel: 'self' }],
        throttling: false
      }
      if (who.kind === 'api-key')
        Object.assign(body, {
          apiKey: {
            accessList: (who.accessList ?? []).map(e => ({
              cidrBlock: cidrOf(e),
              ipAddress: cidrOf(e).split('/')[0]
            })),
            id: who.id,
            publicKey: who.publicKey,
            roles: who.roles
          }
        })
      return ok(body)
    }
    if (p === '/orgs')
      return ok(
        this.page(
          url,
          [{ id: org.id, isDeleted: false, name: org.name, skipDefaultAlertsSettings: false, links: [] }],
          self
        )
      )
    if ((m = /^\/orgs\/([^/]+)(\/.*)?$/.exec(p))) {
      const [, orgId, rest = ''] = m
      if (orgId !== org.id)
        return sendJson(
          res,
          404,
          apiError(404, 'ORG_NOT_FOUND', `No organization with ID ${orgId} exists.`, [orgId])
        )
      if (rest === '')
        return ok({ id: org.id, isDeleted: false, name: org.name, links: [{ href: self, rel: 'self' }] })
      if (rest === '/settings') {
        if (this.rateLimited(res, 'orgSettings', `api/atlas/v2/orgs/${orgId}/settings`)) return
        return ok({
          apiAccessListRequired: !!org.apiAccessListRequired,
          multiFactorAuthRequired: false,
          restrictEmployeeAccess: false,
          genAIFeaturesEnabled: true,
          maxServiceAccountSecretValidityInHours: org.maxServiceAccountSecretValidityInHours ?? 8760
        })
      }
      if ((m = /^\/apiKeys\/([^/]+)\/accessList$/.exec(rest))) {
        const key = this.s.atlas.apiKeys.find(k => k.id === m[1])
        if (!key)
          return sendJson(
            res,
            400,
            apiError(400, 'API_KEY_NOT_FOUND', `No API key with ID ${m[1]} exists.`, [m[1]])
          )
        if (who.id !== key.id && !this.orgRoles(who).includes('ORG_OWNER'))
          return sendJson(
            res,
            401,
            apiError(
              401,
              'API_KEY_ACCESS_LIST_ACCESS_DENIED',
              'API key access lists are only accessible by the API key or by a user administrator.'
            )
          )
        return ok(
          this.page(
            url,
            key.accessList.map(c => ({
              cidrBlock: c.includes('/') ? c : `${c}/32`,
              ipAddress: c.split('/')[0],
              count: 0,
              created: new Date(this.started).toISOString(),
              links: []
            })),
            self
          )
        )
      }
      if ((m = /^\/serviceAccounts\/([^/]+)(\/accessList)?$/.exec(rest))) {
        if (!this.orgReadOnly(who)) return forbidden()
        const sa = this.s.atlas.serviceAccounts.find(x => x.clientId === decodeURIComponent(m[1]))
        if (!sa)
          return sendJson(
            res,
            404,
            apiError(404, 'RESOURCE_NOT_FOUND', `Cannot find resource ${m[1]}.`, [m[1]])
          )
        if (m[2])
          return ok(
            this.page(
              url,
              sa.accessList.map(e => this.serviceAccountEntryView(e)),
              self
            ),
            VERSIONS.sa
          )
        return ok(this.serviceAccountView(sa, sa.roles), VERSIONS.sa)
      }
      if (orgLists(this, res, url, rest, who, self)) return
      return sendJson(res, 501, notImplemented(req.method ?? 'GET', `/api/atlas/v2${p}`))
    }
    if (p === '/groups') {
      const visible = this.s.atlas.projects.filter(g => this.projectReadOnly(who, g.id))
      return ok(
        this.page(
          url,
          visible.map(g => ({
            id: g.id,
            name: g.name,
            orgId: org.id,
            clusterCount: (g.clusters ?? []).length,
            created: new Date(this.started).toISOString(),
            links: []
          })),
          self
        )
      )
    }
    if ((m = /^\/groups\/([^/]+)(\/.*)?$/.exec(p))) {
      const [, gid, rest = ''] = m
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
        return forbidden()
      }
      if (rest.startsWith('/accessList')) this.expire(g)
      if (req.method === 'POST') return this.postAccessList(req, res, url, g, who, self)
      if (req.method === 'DELETE') return this.deleteAccessListEntry(req, res, g, who, rest)
      if (rest === '')
        return ok({
          id: g.id,
          name: g.name,
          orgId: org.id,
          clusterCount: (g.clusters ?? []).length,
          created: new Date(this.started).toISOString(),
          links: [{ href: self, rel: 'self' }]
        })
      if (isAiModelRead(rest)) return aiModelRead(this, url, res, g, rest, self, ok)
      if (rest === '/accessList')
        return ok(
          this.page(
            url,
            g.accessList.map(e => this.entryView(e, gid)),
            self,
            this.writeOptions.pageSize
          )
        )
      if ((m = /^\/accessList\/([^/]+)(\/status)?$/.exec(rest))) {
        const value = decodeURIComponent(m[1])
        const e = findEntry(g.accessList, value)
        if (!e) return sendJson(res, 404, entryNotFound(value, gid))
        if (m[2]) return ok({ STATUS: this.statusOf(e) })
        if (this.writeOptions.readBack === 'other') {
          // HOSTILE: the read-back names another address (another entry of the list, or a made-up one).
          const other = g.accessList.find(x => x !== e && !x.awsSecurityGroup)
          return ok(other ? this.entryView(other, gid) : this.entryView({ ipAddress: '192.0.2.254' }, gid))
        }
        return ok(this.entryView(e, gid))
      }
      if (/^\/(clusters|flexClusters|databaseUsers)(\/|$)/.test(rest))
        return this.clusterRead(req, res, url, g, rest, self, ok)
      if ((m = /^\/serviceAccounts\/([^/]+)(\/accessList)?$/.exec(rest))) {
        const sa = this.s.atlas.serviceAccounts.find(
          x => x.clientId === decodeURIComponent(m[1]) && x.projectRoles?.[gid]
        )
        if (!sa)
          return sendJson(
            res,
            404,
            apiError(404, 'RESOURCE_NOT_FOUND', `Cannot find resource ${m[1]}.`, [m[1]])
          )
        // GET /groups/{groupId}/serviceAccounts/{clientId}/accessList: Project Read Only, 2024-08-05.
        if (m[2])
          return ok(
            this.page(
              url,
              sa.accessList.map(e => this.serviceAccountEntryView(e)),
              self
            ),
            VERSIONS.sa
          )
        return ok(this.serviceAccountView(sa, sa.projectRoles[gid]), VERSIONS.sa)
      }
    }
    return sendJson(res, 501, notImplemented(req.method ?? 'GET', `/api/atlas/v2${p}`))
  }

  // --- clusters and database users (atlas-round2.md §2–3) ----------------------------------------------

  /**
   * GET …/clusters[/{clusterName}] (2023-01-01, 2023-02-01, 2024-08-05: the answer is served at the latest of those
   * not after the asked date, and says which), …/flexClusters[/{name}] (2024-11-13) and
   * …/databaseUsers[/{databaseName}/{username}] (2023-01-01). Project Read Only suffices (checked by the caller).
   */
  clusterRead(req, res, url, g, rest, self, ok) {
    const gid = g.id
    const clusters = g.clusters ?? []
    const asked =
      /application\/vnd\.atlas\.(\d{4}-\d{2}-\d{2})\+json/.exec(String(req.headers.accept))?.[1] ?? ''
    const fail = (status, code, detail, params) =>
      sendJson(res, status, apiError(status, code, detail, params))
    let m
    if ((m = /^\/clusters(?:\/([^/]+))?$/.exec(rest))) {
      const served = [...CLUSTER_VERSIONS].reverse().find(v => v <= asked) ?? CLUSTER_VERSIONS[0]
      if ((this.s.atlas.clusterVersionsGone ?? []).includes(served))
        return fail(
          410,
          'VERSION_GONE',
          `Version ${served} of api/atlas/v2/groups/${gid}/clusters is no longer available`,
          [served, `api/atlas/v2/groups/${gid}/clusters`]
        )
      if (!m[1])
        return ok(
          this.page(
            url,
            clusters
              .filter(c => c.type !== 'flex')
              .map(c => this.clusterView(g, c, served, `${self}/${c.name}`)),
            self
          ),
          served
        )
      const name = decodeURIComponent(m[1])
      const c = clusters.find(x => x.name === name)
      if (!c)
        return fail(404, 'CLUSTER_NOT_FOUND', `No cluster named ${name} exists in group ${gid}.`, [name, gid])
      if (c.type === 'flex')
        // errorCode and detail as seen in terraform-provider-mongodbatlas CI logs and mongodb-atlas-cli code
        // (FIELD); the spec only says 400.
        return fail(
          400,
          'CANNOT_USE_FLEX_CLUSTER_IN_CLUSTER_API',
          `Flex cluster ${name} cannot be used in the Cluster API.`,
          [name]
        )
      return ok(this.clusterView(g, c, served, self), served)
    }
    if ((m = /^\/flexClusters(?:\/([^/]+))?$/.exec(rest))) {
      if (!m[1])
        return ok(
          this.page(
            url,
            clusters.filter(c => c.type === 'flex').map(c => this.flexView(g, c, `${self}/${c.name}`)),
            self
          ),
          VERSIONS.flex
        )
      const name = decodeURIComponent(m[1])
      const c = clusters.find(x => x.name === name)
      // GUESS: errorCode of a missing flex cluster (CLUSTER_NOT_FOUND, as on the dedicated path; unconfirmed).
      if (!c)
        return fail(404, 'CLUSTER_NOT_FOUND', `No cluster named ${name} exists in group ${gid}.`, [name, gid])
      if (c.type !== 'flex')
        // errorCode seen in terraform-provider-mongodbatlas CI logs (FIELD); GUESS: the status 400 and the detail.
        return fail(
          400,
          'CANNOT_USE_NON_FLEX_CLUSTER_IN_FLEX_API',
          `Cluster ${name} is not a flex cluster and cannot be used in the Flex Cluster API.`,
          [name]
        )
      return ok(this.flexView(g, c, self), VERSIONS.flex)
    }
    const users = g.databaseUsers ?? []
    if (rest === '/databaseUsers')
      return ok(
        this.page(
          url,
          users.map(u =>
            this.databaseUserView(
              g,
              u,
              `${self}/${encodeURIComponent(u.databaseName ?? 'admin')}/${encodeURIComponent(u.username)}`
            )
          ),
          self
        )
      )
    if ((m = /^\/databaseUsers\/([^/]+)\/([^/]+)$/.exec(rest))) {
      const [db, username] = [decodeURIComponent(m[1]), decodeURIComponent(m[2])]
      const u = users.find(x => (x.databaseName ?? 'admin') === db && x.username === username)
      // GUESS: errorCode and detail of a missing database user (USERNAME_NOT_FOUND is recalled from Atlas's error
      // list, not confirmed by the reference sheets).
      if (!u) return fail(404, 'USERNAME_NOT_FOUND', `No user with username ${username} exists.`, [username])
      return ok(this.databaseUserView(g, u, self))
    }
    return sendJson(res, 501, notImplemented(req.method ?? 'GET', `/api/atlas/v2/groups/${gid}${rest}`))
  }

  /** Connection strings from the cluster's live hosts ({} while it has none). */
  connectionStrings(g, c) {
    const net = this.clusterNet.find(g.id, c.name)
    if (!net?.standard) return {}
    return { standard: net.standard, standardSrv: net.standardSrv }
  }

  /**
   * A dedicated cluster as the asked version shapes it (field subset): 2023-01-01 LegacyAtlasCluster (with the
   * legacy mongoURI/srvAddress fields), 2023-02-01 AdvancedClusterDescription (replicationSpecs with numShards),
   * 2024-08-05 ClusterDescription20240805 (one replicationSpec per shard, zoneId, disk size per region config).
   */
  clusterView(g, c, version, self) {
    const net = this.clusterNet.find(g.id, c.name)
    const cs = this.connectionStrings(g, c)
    const mongoDBVersion = c.mongoDBVersion ?? '8.0.4'
    const region = c.regionName ?? 'US_EAST_1'
    const size = c.instanceSize ?? 'M10'
    const nodes = Math.max(3, (c.hosts ?? []).length)
    const specId = hexId(`${g.id}/${c.name}/spec`)
    const v = {
      id: net?.id ?? hexId(`${g.id}/${c.name}`),
      name: c.name,
      groupId: g.id,
      clusterType: 'REPLICASET',
      stateName: c.stateName ?? 'IDLE',
      paused: !!c.paused,
      mongoDBVersion,
      mongoDBMajorVersion: mongoDBVersion.split('.').slice(0, 2).join('.'),
      createDate: isoSeconds(this.started - 90 * DAY),
      connectionStrings: cs,
      backupEnabled: false,
      pitEnabled: false,
      terminationProtectionEnabled: false,
      versionReleaseSystem: 'LTS',
      rootCertType: 'ISRGROOTX1',
      encryptionAtRestProvider: 'NONE',
      links: [{ href: self, rel: 'self' }]
    }
    if (version === '2023-01-01') {
      const hosts = cs.standard ? cs.standard.replace(/^mongodb:\/\//, '').replace(/\/\?.*$/, '') : ''
      return {
        ...v,
        diskSizeGB: 10,
        numShards: 1,
        replicationFactor: nodes,
        providerSettings: { providerName: 'AWS', regionName: region, instanceSizeName: size },
        replicationSpecs: [
          {
            id: specId,
            numShards: 1,
            zoneName: 'Zone 1',
            regionsConfig: {
              [region]: { electableNodes: nodes, priority: 7, readOnlyNodes: 0, analyticsNodes: 0 }
            }
          }
        ],
        ...(cs.standard
          ? {
              mongoURI: `mongodb://${hosts}`,
              mongoURIWithOptions: cs.standard,
              srvAddress: cs.standardSrv,
              mongoURIUpdated: isoSeconds(this.started - 90 * DAY)
            }
          : {})
      }
    }
    const regionConfig = {
      providerName: 'AWS',
      regionName: region,
      priority: 7,
      electableSpecs: {
        instanceSize: size,
        nodeCount: nodes,
        ...(version >= '2024-08-05' ? { diskSizeGB: 10 } : {})
      }
    }
    if (version === '2023-02-01')
      return {
        ...v,
        diskSizeGB: 10,
        replicationSpecs: [{ id: specId, numShards: 1, zoneName: 'Zone 1', regionConfigs: [regionConfig] }]
      }
    return {
      ...v,
      replicationSpecs: [
        {
          id: specId,
          zoneId: hexId(`${g.id}/${c.name}/zone`),
          zoneName: 'Zone 1',
          regionConfigs: [regionConfig]
        }
      ]
    }
  }

  /** A flex cluster (FlexClusterDescription20241113, field subset): no `paused`. */
  flexView(g, c, self) {
    const net = this.clusterNet.find(g.id, c.name)
    return {
      id: net?.id ?? hexId(`${g.id}/${c.name}`),
      name: c.name,
      groupId: g.id,
      clusterType: 'REPLICASET',
      stateName: c.stateName ?? 'IDLE',
      mongoDBVersion: c.mongoDBVersion ?? '8.0.4',
      createDate: isoSeconds(this.started - 90 * DAY),
      connectionStrings: this.connectionStrings(g, c),
      providerSettings: {
        providerName: 'FLEX',
        backingProviderName: 'AWS',
        regionName: c.regionName ?? 'US_EAST_1',
        diskSizeGB: 5
      },
      backupSettings: { enabled: true },
      terminationProtectionEnabled: false,
      versionReleaseSystem: 'LTS',
      tags: [],
      links: [{ href: self, rel: 'self' }]
    }
  }

  /**
   * CloudDatabaseUser: never a password (a scenario's `password`, if any, stays in the sandbox). A temporary user
   * carries deleteAfterDate (`deleteAfterDate`, or `deleteAfterHours` from sandbox start, negative = past) and is
   * still answered after it: Atlas's deletion is not instant, and the check must say so.
   */
  databaseUserView(g, u, self) {
    const expires = this.expiresAt(u)
    const db = u.databaseName ?? 'admin'
    return {
      databaseName: db,
      groupId: g.id,
      username: u.username,
      roles: (u.roles ?? []).map(r => ({
        roleName: r.roleName,
        databaseName: r.databaseName ?? 'admin',
        ...(r.collectionName ? { collectionName: r.collectionName } : {})
      })),
      scopes: (u.scopes ?? []).map(s => ({ name: s.name, type: s.type ?? 'CLUSTER' })),
      labels: [],
      ...(u.description ? { description: u.description } : {}),
      ...(expires !== undefined ? { deleteAfterDate: isoSeconds(expires) } : {}),
      awsIAMType: u.awsIAMType ?? 'NONE',
      ldapAuthType: u.ldapAuthType ?? 'NONE',
      oidcAuthType: u.oidcAuthType ?? 'NONE',
      x509Type: u.x509Type ?? 'NONE',
      links: [{ href: self, rel: 'self' }]
    }
  }

  entryView(e, gid) {
    const value = entryKey(e)
    const v = {
      groupId: gid,
      links: [
        {
          href: `${this.baseUrl}/api/atlas/v2/groups/${gid}/accessList/${encodeURIComponent(value)}`,
          rel: 'self'
        }
      ]
    }
    if (e.awsSecurityGroup) return { ...v, awsSecurityGroup: e.awsSecurityGroup, comment: e.comment }
    Object.assign(v, { cidrBlock: value, comment: e.comment })
    // A single address comes back with both ipAddress and cidrBlock x/32 (x/128), as Atlas shows it.
    const [net, bits] = value.split('/')
    if (e.ipAddress || (isIP(net) === 4 && bits === '32') || (isIP(net) === 6 && bits === '128'))
      Object.assign(v, { ipAddress: e.ipAddress ?? net })
    const expires = this.expiresAt(e)
    if (expires !== undefined) Object.assign(v, { deleteAfterDate: isoSeconds(expires) })
    return v
  }

  // --- project IP access list: writes -------------------------------------------------------------

  /** Project Network Access Manager, Project Owner or Organization Owner. */
  canWriteNetwork(who, gid) {
    return (
      this.orgRoles(who).includes('ORG_OWNER') ||
      this.projectRoles(who, gid).some(r => NETWORK_WRITERS.includes(r))
    )
  }

  whoName(who) {
    return who.kind === 'api-key' ? who.publicKey : who.clientId
  }

  /** @returns {number | undefined} when Atlas deletes the entry (ms), if it is temporary */
  expiresAt(e) {
    if (e.deleteAfterDate) return Date.parse(e.deleteAfterDate)
    if (e.deleteAfterHours !== undefined) return this.started + e.deleteAfterHours * 3_600_000
    return undefined
  }

  /** Seed entries carry a fixed `status`; written ones are PENDING for a while, then the scenario's outcome. */
  statusOf(e) {
    if (e.status) return e.status
    if (e.createdAt === undefined) return 'ACTIVE'
    const o = this.writeOptions
    return this.now() - e.createdAt < o.pendingSeconds * 1000 ? 'PENDING' : o.outcome
  }

  /** Applies deleteAfterDate: entries past it (and `accessListExpiryLagMinutes`) are gone from every read and write. */
  expire(g) {
    const now = this.now()
    const lag = (this.s.atlas.accessListExpiryLagMinutes ?? 0) * 60_000
    const kept = []
    for (const e of g.accessList) {
      const at = this.expiresAt(e)
      if (at !== undefined && at + lag <= now)
        this.events.push({
          at: new Date(at).toISOString(),
          type: 'NETWORK_PERMISSION_ENTRY_EXPIRED', // the name of this event in Atlas's feed is a guess
          groupId: g.id,
          status: 0,
          entry: entryKey(e),
          ...(e.comment !== undefined ? { comment: e.comment } : {})
        })
      else kept.push(e)
    }
    if (kept.length !== g.accessList.length) g.accessList = kept
  }

  /** Holds the project's write window open for `accessListWriteMs`, then runs `fn`. */
  async inWriteWindow(gid, post, fn) {
    const st = this.writesOf(gid)
    st.writes++
    if (post) st.posts++
    try {
      await sleep(this.writeOptions.writeMs)
      return fn()
    } finally {
      st.writes--
      if (post) st.posts--
      if (st.writes === 0) st.spent401 = false
    }
  }

  async postAccessList(req, res, url, g, who, self) {
    const o = this.writeOptions
    const by = this.whoName(who)
    const raw = await readBody(req)
    /** @param {number} status @param {string} code @param {string} detail @param {unknown[]} [params] */
    const fail = (status, code, detail, params) => {
      this.event({ type: 'SANDBOX_WRITE_REJECTED', groupId: g.id, status, by, detail: `${code}: ${detail}` })
      return sendJson(res, status, apiError(status, code, detail, params))
    }
    const type = String(req.headers['content-type'] ?? '')
    if (!/^application\/(json|vnd\.atlas\.\d{4}-\d{2}-\d{2}\+json)\s*(;|$)/i.test(type))
      // GUESS: status and errorCode; the docs only say POST needs application/json or the versioned type.
      return fail(415, 'UNSUPPORTED_MEDIA_TYPE', `Unsupported Content-Type ${type || '(none)'}.`)
    let body
    try {
      body = JSON.parse(raw)
    } catch {
      return fail(400, 'INVALID_JSON', 'Received JSON is malformed.') // GUESS: errorCode
    }
    if (!Array.isArray(body))
      // GUESS: errorCode (VALIDATION_ERROR is a real code; its use here is not confirmed).
      return fail(400, 'VALIDATION_ERROR', 'The request body must be a JSON array of access list entries.')
    const now = this.now()
    /** @type {any[]} */
    const wanted = []
    for (const item of body) {
      const checked = checkEntry(item, now)
      if ('error' in checked) return fail(400, 'INVALID_ATTRIBUTE', checked.error, [checked.field]) // GUESS: code
      if (!wanted.some(w => entryKey(w) === entryKey(checked.entry))) wanted.push(checked.entry)
    }

    const st = this.writesOf(g.id)
    let mode = 'ok'
    if (st.posts > 0 && o.concurrentWrites !== 'ok') {
      // Another POST to this project is being written: the spec says concurrent POSTs are not supported.
      mode = o.concurrentWrites === 'both' ? (st.contended % 2 === 0 ? 'refuse' : 'lose') : o.concurrentWrites
      st.contended++
    }
    return this.inWriteWindow(g.id, true, () => {
      const entries = wanted.map(e => entryKey(e)).join(', ')
      if (mode === 'refuse') {
        this.event({
          type: 'SANDBOX_WRITE_REFUSED',
          groupId: g.id,
          status: o.refusalStatus,
          by,
          entry: entries
        })
        return sendJson(
          res,
          o.refusalStatus,
          o.refusalStatus === 500
            ? apiError(500, 'UNEXPECTED_ERROR', 'Unexpected error.')
            : apiError(
                409,
                // GUESS: errorCode (no source shows what a refused concurrent POST answers).
                'CANNOT_MODIFY_ACCESS_LIST_CONCURRENTLY',
                `Another change to the IP access list of group ${g.id} is in progress. Submit POST requests one at a time.`,
                [g.id]
              )
        )
      }
      this.expire(g)
      const duplicates = wanted.filter(w => findEntry(g.accessList, entryKey(w)))
      if (duplicates.length > 0 && o.duplicate === 'conflict') {
        const dup = entryKey(duplicates[0])
        this.event({ type: 'SANDBOX_DUPLICATE_CONFLICT', groupId: g.id, status: 409, by, entry: dup })
        return sendJson(
          res,
          409,
          apiError(
            409,
            'DUPLICATE_NETWORK_PERMISSION_ENTRY', // GUESS: errorCode (MCP server code only says "409")
            `${dup} is already on the IP access list of group ${g.id}.`,
            [dup, g.id]
          )
        )
      }
      const fresh = wanted.filter(w => !duplicates.includes(w))
      if (g.accessList.length + fresh.length > o.maxEntries)
        return fail(
          403,
          // LIKELY (atlas-round3.md §1: an older revision of Atlas's error-code page).
          'ATLAS_NETWORK_PERMISSIONS_LIMIT_EXCEEDED',
          `Too many network permission entries. Only ${o.maxEntries} entries are supported.`,
          [o.maxEntries]
        )
      // "Accepted but lost": the answer shows the entry, the list never gets it.
      const list = mode === 'lose' ? [...g.accessList] : g.accessList
      for (const w of fresh) list.push({ ...w, createdAt: this.now(), createdBy: by })
      for (const w of duplicates) {
        const e = findEntry(g.accessList, entryKey(w))
        if (o.duplicate === 'update' && mode !== 'lose') {
          if (w.comment !== undefined) e.comment = w.comment
          if (w.deleteAfterDate !== undefined) e.deleteAfterDate = w.deleteAfterDate
          else delete e.deleteAfterDate
        }
        this.event({
          type:
            o.duplicate === 'update' && mode !== 'lose'
              ? 'NETWORK_PERMISSION_ENTRY_UPDATED'
              : 'SANDBOX_DUPLICATE_IGNORED',
          groupId: g.id,
          status: 201,
          by,
          entry: entryKey(w),
          ...(w.comment !== undefined ? { comment: w.comment } : {})
        })
      }
      for (const w of fresh)
        this.event({
          type: mode === 'lose' ? 'SANDBOX_WRITE_LOST' : 'NETWORK_PERMISSION_ENTRY_ADDED',
          groupId: g.id,
          status: 201,
          by,
          entry: entryKey(w),
          ...(w.comment !== undefined ? { comment: w.comment } : {}),
          ...(w.deleteAfterDate !== undefined ? { deleteAfterDate: w.deleteAfterDate } : {})
        })
      // 201 Created with the list page (421 of 421 recorded real answers).
      return sendJson(
        res,
        201,
        this.page(
          url,
          list.map(e => this.entryView(e, g.id)),
          self
        ),
        { 'content-type': `application/vnd.atlas.${VERSIONS.v2023}+json;charset=utf-8` }
      )
    })
  }

  async deleteAccessListEntry(req, res, g, who, rest) {
    const m = /^\/accessList\/([^/]+)$/.exec(rest)
    const value = decodeURIComponent(m?.[1] ?? '')
    const by = this.whoName(who)
    return this.inWriteWindow(g.id, false, () => {
      this.expire(g)
      const e = findEntry(g.accessList, value)
      if (!e) {
        this.event({ type: 'SANDBOX_WRITE_REJECTED', groupId: g.id, status: 404, by, entry: value })
        return sendJson(res, 404, entryNotFound(value, g.id))
      }
      const noop = this.writeOptions.deleteNoop
      if (!noop) g.accessList = g.accessList.filter(x => x !== e)
      this.event({
        type: noop ? 'SANDBOX_DELETE_IGNORED' : 'NETWORK_PERMISSION_ENTRY_REMOVED',
        groupId: g.id,
        status: 204,
        by,
        entry: entryKey(e),
        ...(e.comment !== undefined ? { comment: e.comment } : {})
      })
      // 204 with the versioned content type, as Atlas answers it.
      res.writeHead(204, { 'content-type': `application/vnd.atlas.${VERSIONS.v2023}+json;charset=utf-8` })
      res.end()
    })
  }

  serviceAccountView(sa, roles) {
    return {
      clientId: sa.clientId,
      name: sa.name,
      description: 'sandbox service account',
      createdAt: new Date(this.started - 30 * DAY).toISOString(),
      roles,
      secrets: sa.secrets.map(s => this.secretView(s))
    }
  }

  /** Atlas pagination: pageNum, itemsPerPage (1..500), includeCount, results, totalCount, links. */
  page(url, items, self, cap) {
    const asked = Math.min(500, Math.max(1, Number(url.searchParams.get('itemsPerPage') ?? 100) || 100))
    // `cap` (HOSTILE accessListPageSize): a server that pages below the size asked.
    const per = cap ? Math.min(asked, cap) : asked
    const num = Math.max(1, Number(url.searchParams.get('pageNum') ?? 1) || 1)
    const results = items.slice((num - 1) * per, num * per)
    const links = [{ href: `${self}?pageNum=${num}&itemsPerPage=${per}`, rel: 'self' }]
    // A `next` link while more pages exist, as real list answers carry (atlas-round3.md §1).
    if (num * per < items.length)
      links.push({ href: `${self}?pageNum=${num + 1}&itemsPerPage=${per}`, rel: 'next' })
    const body = { links, results }
    if (url.searchParams.get('includeCount') !== 'false') Object.assign(body, { totalCount: items.length })
    return body
  }
}

/** The CIDR of a credential's access-list entry: a string (address or CIDR) or { cidrBlock | ipAddress, … }. */
function cidrOf(e) {
  const v = typeof e === 'string' ? e : (e.cidrBlock ?? e.ipAddress)
  return v.includes('/') ? v : `${v}/${isIP(v) === 6 ? 128 : 32}`
}

/** The entry's value as its path names it: the CIDR block (x/32 for one address) or the security group. */
function entryKey(e) {
  if (e.awsSecurityGroup) return e.awsSecurityGroup
  if (e.cidrBlock) return e.cidrBlock
  return `${e.ipAddress}/${isIP(e.ipAddress) === 6 ? 128 : 32}`
}

/** Lookup by exact entry (an address also finds its x/32 entry), never by containment. */
function findEntry(list, value) {
  return list.find(
    x =>
      entryKey(x) === value ||
      x.ipAddress === value ||
      (isIP(value) === 4 && entryKey(x) === `${value}/32`) ||
      (isIP(value) === 6 && entryKey(x) === `${value}/128`)
  )
}

function entryNotFound(value, gid) {
  return apiError(
    404,
    'ATLAS_NETWORK_PERMISSION_ENTRY_NOT_FOUND',
    `IP Address ${value} not on Atlas access list for group ${gid}.`,
    [value, gid]
  )
}

/** An ISO 8601 date-time at whole seconds, as Atlas writes them (2026-08-10T03:08:14Z). */
function isoSeconds(ms) {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/**
 * One NetworkPermissionEntry of a POST body, checked as the spec states it.
 * @returns {{ entry: any } | { error: string, field: string }}
 */
function checkEntry(item, now) {
  if (item === null || typeof item !== 'object' || Array.isArray(item))
    return { error: 'Each access list entry must be a JSON object.', field: 'entry' }
  const kinds = ['ipAddress', 'cidrBlock', 'awsSecurityGroup'].filter(
    k => item[k] !== undefined && item[k] !== null
  )
  if (kinds.length !== 1)
    return {
      error: 'Each access list entry needs exactly one of ipAddress, cidrBlock and awsSecurityGroup.',
      field: kinds.length ? kinds.join(',') : 'ipAddress'
    }
  const [kind] = kinds
  const value = item[kind]
  /** @type {any} */
  const entry = {}
  if (kind === 'ipAddress') {
    if (typeof value !== 'string' || !isIP(value))
      return { error: `Invalid attribute ipAddress specified: ${String(value)}.`, field: 'ipAddress' }
    Object.assign(entry, { ipAddress: value, cidrBlock: `${value}/${isIP(value) === 6 ? 128 : 32}` })
  } else if (kind === 'cidrBlock') {
    const [net, bits, extra] = typeof value === 'string' ? value.split('/') : []
    const width = isIP(net ?? '') === 6 ? 128 : 32
    if (!isIP(net ?? '') || extra !== undefined || !/^\d{1,3}$/.test(bits ?? '') || Number(bits) > width)
      return { error: `Invalid attribute cidrBlock specified: ${String(value)}.`, field: 'cidrBlock' }
    entry.cidrBlock = value
  } else {
    if (typeof value !== 'string' || !/^([0-9]*\/)?sg-[0-9a-f]+$/.test(value))
      return {
        error: `Invalid attribute awsSecurityGroup specified: ${String(value)}.`,
        field: 'awsSecurityGroup'
      }
    entry.awsSecurityGroup = value
  }
  if (item.comment !== undefined) {
    if (typeof item.comment !== 'string' || item.comment.length > 80)
      return { error: 'The comment of an access list entry is at most 80 characters.', field: 'comment' }
    entry.comment = item.comment
  }
  if (item.deleteAfterDate !== undefined) {
    if (kind === 'awsSecurityGroup')
      return {
        error: 'An AWS security group cannot be a temporary access list entry.',
        field: 'deleteAfterDate'
      }
    const at = typeof item.deleteAfterDate === 'string' ? Date.parse(item.deleteAfterDate) : NaN
    if (!ISO_8601.test(String(item.deleteAfterDate)) || Number.isNaN(at))
      return { error: 'deleteAfterDate must be an ISO 8601 date and time.', field: 'deleteAfterDate' }
    if (at <= now) return { error: 'deleteAfterDate must be in the future.', field: 'deleteAfterDate' }
    if (at > now + WEEK)
      return {
        error: 'deleteAfterDate must be no later than one week after the request.',
        field: 'deleteAfterDate'
      }
    entry.deleteAfterDate = isoSeconds(at)
  }
  return { entry }
}
