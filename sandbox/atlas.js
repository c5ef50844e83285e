// The Atlas Administration API v2 stand-in: versioned Accept per endpoint, HTTP Digest for API keys, OAuth 2.0
// client credentials for service accounts (tokens minted from any address, expiring for real), roles enforced
// (a missing role is 401 USER_UNAUTHORIZED), the credential's API access list enforced (403
// IP_ADDRESS_NOT_ON_ACCESS_LIST or ORG_REQUIRES_ACCESS_LIST with the caller address in detail and parameters),
// pagination and token-bucket rate limits as shared/reference/atlas-admin-api.md describes them.
import { randomBytes } from 'node:crypto'
import { DigestVerifier } from './digest.js'
import { inCidr, readBody, sendJson } from './http-util.js'

const VERSIONS = /** @type {const} */ ({ v2023: '2023-01-01', sa: '2024-08-05' })
const DAY = 86_400_000

/** @param {number} status @param {string} errorCode @param {string} detail @param {unknown[]} [parameters] */
export function apiError(status, errorCode, detail, parameters) {
  const reason =
    {
      400: 'Bad Request',
      401: 'Unauthorized',
      403: 'Forbidden',
      404: 'Not Found',
      406: 'Not Acceptable',
      410: 'Gone',
      429: 'Too Many Requests',
      500: 'Internal Server Error'
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
    /** @type {Map<string, { clientId: string, expiresAt: number, revoked: boolean }>} */
    this.tokens = new Map()
    /** @type {Map<string, { tokens: number, at: number }>} */
    this.buckets = new Map()
    this.baseUrl = ''
    this.started = ctx.now()
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
    if (/serviceAccounts\/[^/]+\/accessList$/.test(p)) return 'atlas.serviceAccountAccessList'
    if (/serviceAccounts\/[^/]+$/.test(p)) return 'atlas.serviceAccount'
    if (/apiKeys/.test(p)) return 'atlas.apiKeys'
    if (/^\/groups\/?$/.test(p)) return 'atlas.groups'
    if (/^\/groups\/[^/]+$/.test(p)) return 'atlas.group'
    if (/^\/groups\/[^/]+\/accessList$/.test(p)) return 'atlas.accessList'
    if (/^\/groups\/[^/]+\/accessList\/[^/]+\/status$/.test(p)) return 'atlas.accessListStatus'
    return `atlas.other`
  }

  /** @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res @param {URL} url */
  async handle(req, res, url) {
    const path = url.pathname.replace(/\/+$/, '') || '/'
    if (url.protocol === 'http:' && this.s.atlas.requireHttps)
      return sendJson(res, 301, undefined, { location: `https://${url.host}${url.pathname}` })
    if (path === '/api/oauth/token' && req.method === 'POST') return this.token(req, res)
    if (path === '/api/oauth/revoke' && req.method === 'POST') return this.revoke(req, res)
    if (!path.startsWith('/api/atlas/v2') && path !== '/api/private/ipinfo')
      return sendJson(res, 404, apiError(404, 'RESOURCE_NOT_FOUND', `Cannot find resource ${path}.`, [path]))
    if (req.method !== 'GET')
      return sendJson(res, 405, apiError(405, 'METHOD_NOT_ALLOWED', 'The sandbox serves reads only.'))

    const who = this.authenticate(req, res, url)
    if (!who) return
    const ip = this.s.runner.ipv4
    const denied = this.accessListDenial(who, ip)
    if (denied) return sendJson(res, 403, denied)

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
        sendJson(res, 401, { detail: 'Invalid or expired access token.', error: 401, reason: 'Unauthorized' })
        return undefined
      }
      const sa = this.s.atlas.serviceAccounts.find(x => x.clientId === t.clientId)
      return { kind: 'service-account', ...sa }
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
    const list = who.accessList ?? []
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

  async token(req, res) {
    this.stats.tokenRequests++
    const body = await readBody(req)
    const basic = /^basic\s+(.+)$/i.exec(req.headers.authorization ?? '')
    const invalid = { error_description: 'Invalid credentials provided.', error: 'invalid_client' }
    if (!basic) return sendJson(res, 401, invalid)
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8')
    const sep = decoded.indexOf(':')
    const [id, secret] = [decoded.slice(0, sep), decoded.slice(sep + 1)]
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
    const sa = this.s.atlas.serviceAccounts.find(x => x.clientId === id)
    const match = sa?.secrets.find(s => s.secret === secret)
    if (!sa || !match || this.secretExpiresAt(match) <= this.now()) return sendJson(res, 401, invalid)
    const accessToken = `eyJhbGciOiJFUzUxMiJ9.${randomBytes(24).toString('base64url')}.${randomBytes(32).toString('base64url')}`
    const ttl = this.s.atlas.tokenTtlSeconds
    this.tokens.set(accessToken, { clientId: id, expiresAt: this.now() + ttl * 1000, revoked: false })
    match.lastUsedAt = new Date(this.now()).toISOString()
    return sendJson(res, 200, { access_token: accessToken, expires_in: ttl, token_type: 'Bearer' })
  }

  async revoke(req, res) {
    this.stats.revocations++
    const form = new URLSearchParams(await readBody(req))
    if (!/^basic\s/i.test(req.headers.authorization ?? ''))
      return sendJson(res, 401, {
        error: 'invalid_client',
        error_description: 'Invalid credentials provided.'
      })
    const t = this.tokens.get(form.get('token') ?? '')
    if (t) t.revoked = true
    res.writeHead(200)
    res.end()
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
    // Resolution as observed: a later date than the endpoint's release is served; an earlier one, or none, is not.
    if (!m || m[1] < version) {
      sendJson(res, 406, apiError(406, 'INVALID_VERSION_DATE', 'Invalid accept header or version date.'))
      return false
    }
    return true
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
    const version = /serviceAccounts/.test(p) ? VERSIONS.sa : VERSIONS.v2023
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
            accessList: (who.accessList ?? []).map(c => ({
              cidrBlock: c.includes('/') ? c : `${c}/32`,
              ipAddress: c.split('/')[0]
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
          maxServiceAccountSecretValidityInHours: 8760
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
              sa.accessList.map(c => ({
                cidrBlock: c.includes('/') ? c : `${c}/32`,
                ipAddress: c.split('/')[0],
                createdAt: new Date(this.started).toISOString(),
                requestCount: 0
              })),
              self
            ),
            VERSIONS.sa
          )
        return ok(this.serviceAccountView(sa, sa.roles), VERSIONS.sa)
      }
      return sendJson(
        res,
        404,
        apiError(404, 'RESOURCE_NOT_FOUND', `Cannot find resource /api/atlas/v2${p}.`, [p])
      )
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
            clusterCount: 0,
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
      if (!this.projectReadOnly(who, gid)) return forbidden()
      if (rest === '')
        return ok({
          id: g.id,
          name: g.name,
          orgId: org.id,
          clusterCount: 0,
          created: new Date(this.started).toISOString(),
          links: [{ href: self, rel: 'self' }]
        })
      if (rest === '/accessList')
        return ok(
          this.page(
            url,
            g.accessList.map(e => this.entryView(e, gid)),
            self
          )
        )
      if ((m = /^\/accessList\/([^/]+)(\/status)?$/.exec(rest))) {
        const value = decodeURIComponent(m[1])
        const e = g.accessList.find(
          x =>
            x.cidrBlock === value ||
            x.ipAddress === value ||
            x.awsSecurityGroup === value ||
            (x.ipAddress && `${x.ipAddress}/32` === value)
        )
        if (!e)
          return sendJson(
            res,
            404,
            apiError(
              404,
              'ATLAS_NETWORK_PERMISSION_ENTRY_NOT_FOUND',
              `IP Address ${value} not on Atlas access list for group ${gid}.`,
              [value, gid]
            )
          )
        if (m[2]) return ok({ STATUS: e.status ?? 'ACTIVE' })
        return ok(this.entryView(e, gid))
      }
      if ((m = /^\/serviceAccounts\/([^/]+)$/.exec(rest))) {
        const sa = this.s.atlas.serviceAccounts.find(
          x => x.clientId === decodeURIComponent(m[1]) && x.projectRoles?.[gid]
        )
        if (!sa)
          return sendJson(
            res,
            404,
            apiError(404, 'RESOURCE_NOT_FOUND', `Cannot find resource ${m[1]}.`, [m[1]])
          )
        return ok(this.serviceAccountView(sa, sa.projectRoles[gid]), VERSIONS.sa)
      }
    }
    return sendJson(
      res,
      404,
      apiError(404, 'RESOURCE_NOT_FOUND', `Cannot find resource /api/atlas/v2${p}.`, [p])
    )
  }

  entryView(e, gid) {
    const v = { groupId: gid, links: [] }
    if (e.awsSecurityGroup) return { ...v, awsSecurityGroup: e.awsSecurityGroup, comment: e.comment }
    const cidr = e.cidrBlock ?? `${e.ipAddress}/32`
    Object.assign(v, { cidrBlock: cidr, comment: e.comment })
    if (e.ipAddress || cidr.endsWith('/32'))
      Object.assign(v, { ipAddress: e.ipAddress ?? cidr.split('/')[0] })
    if (e.deleteAfterHours !== undefined)
      Object.assign(v, {
        deleteAfterDate: new Date(this.started + e.deleteAfterHours * 3_600_000).toISOString()
      })
    return v
  }

  serviceAccountView(sa, roles) {
    return {
      clientId: sa.clientId,
      name: sa.name,
      description: 'sandbox service account',
      createdAt: new Date(this.started - 30 * DAY).toISOString(),
      roles,
      secrets: sa.secrets.map(s => ({
        id: s.id,
        createdAt: new Date(this.started - 30 * DAY).toISOString(),
        expiresAt: new Date(this.secretExpiresAt(s)).toISOString(),
        ...(s.lastUsedAt ? { lastUsedAt: s.lastUsedAt } : {}),
        maskedSecretValue: `mdb_sa_sk_...${s.secret.slice(-4)}`
      }))
    }
  }

  /** Atlas pagination: pageNum, itemsPerPage (1..500), includeCount, results, totalCount, links. */
  page(url, items, self) {
    const per = Math.min(500, Math.max(1, Number(url.searchParams.get('itemsPerPage') ?? 100) || 100))
    const num = Math.max(1, Number(url.searchParams.get('pageNum') ?? 1) || 1)
    const results = items.slice((num - 1) * per, num * per)
    const body = { links: [{ href: `${self}?pageNum=${num}&itemsPerPage=${per}`, rel: 'self' }], results }
    if (url.searchParams.get('includeCount') !== 'false') Object.assign(body, { totalCount: items.length })
    return body
  }
}
