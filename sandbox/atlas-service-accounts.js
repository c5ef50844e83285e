// Service accounts of the Atlas Administration API stand-in (2024-08-05): GET …/serviceAccounts/{clientId} and its
// own access list on the org and project paths, the secrets (POST …/secrets, DELETE …/secrets/{secretId}), and the
// access-list entry a call with the account's token records (lastUsed*). Methods of AtlasService (composed in
// atlas.js) and the routes atlas.js's router takes from here. Limits and scenario options: atlas-oauth.js.
import { randomBytes } from 'node:crypto'
import { isIP } from 'node:net'
import { hexId } from './clusters.js'
import { inCidr, readBody, sendJson } from './http-util.js'
import { DAY, VERSIONS, WEEK, apiError, cidrOf, isoSeconds } from './atlas-common.js'

/** POST …/secrets and DELETE …/secrets/{secretId}, on the org and the project path. */
export const SECRET_PATH =
  /^\/api\/atlas\/v2\/(orgs|groups)\/([^/]+)\/serviceAccounts\/([^/]+)\/secrets(?:\/([^/]+))?$/

/** @param {any} r @param {string} raw */
function notFound(r, raw) {
  return sendJson(r.res, 404, apiError(404, 'RESOURCE_NOT_FOUND', `Cannot find resource ${raw}.`, [raw]))
}

/** GET /orgs/{orgId}/serviceAccounts/{clientId}[/accessList]: Organization Read Only. */
function orgServiceAccount(svc, r, m) {
  if (!svc.orgReadOnly(r.who)) return r.forbidden()
  const sa = svc.s.atlas.serviceAccounts.find(x => x.clientId === decodeURIComponent(m[1]))
  if (!sa) return notFound(r, m[1])
  if (m[2]) return accessListPage(svc, r, sa)
  return r.ok(svc.serviceAccountView(sa, sa.roles), VERSIONS.sa)
}

/** A service account's API access list, one page of it (2024-08-05). */
function accessListPage(svc, r, sa) {
  return r.ok(
    svc.page(
      r.url,
      sa.accessList.map(e => svc.serviceAccountEntryView(e)),
      r.self
    ),
    VERSIONS.sa
  )
}

/** GET /groups/{groupId}/serviceAccounts/{clientId}[/accessList]: Project Read Only (checked by the router). */
function projectServiceAccount(svc, r, m) {
  const sa = svc.s.atlas.serviceAccounts.find(
    x => x.clientId === decodeURIComponent(m[1]) && x.projectRoles?.[r.g.id]
  )
  if (!sa) return notFound(r, m[1])
  // GET /groups/{groupId}/serviceAccounts/{clientId}/accessList: Project Read Only, 2024-08-05.
  if (m[2]) return accessListPage(svc, r, sa)
  return r.ok(svc.serviceAccountView(sa, sa.projectRoles[r.g.id]), VERSIONS.sa)
}

/** Reads below /orgs/{orgId}. */
export const ORG_SERVICE_ACCOUNT_ROUTES = [[/^\/serviceAccounts\/([^/]+)(\/accessList)?$/, orgServiceAccount]]
/** Reads below /groups/{groupId}. */
export const PROJECT_SERVICE_ACCOUNT_ROUTES = [
  [/^\/serviceAccounts\/([^/]+)(\/accessList)?$/, projectServiceAccount]
]

export class ServiceAccounts {
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
}
