// API keys in the Atlas Administration API stand-in: GET /api/atlas/v2 (who the caller is; an API key also sees its
// own key, roles and access list there) and GET /orgs/{orgId}/apiKeys/{id}/accessList (the key itself or an
// Organization Owner). The keys authenticate with HTTP Digest (atlas-auth.js). Routes for atlas.js's router.
import { sendJson } from './http-util.js'
import { apiError, cidrOf } from './atlas-common.js'

/** GET /api/atlas/v2: the identity answer. */
function identity(svc, r) {
  const { who } = r
  const body = {
    appName: 'MongoDB Atlas',
    build: 'f84b8e4300000000000000000000000000000000',
    links: [{ href: r.self, rel: 'self' }],
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
  return r.ok(body)
}

/** GET /orgs/{orgId}/apiKeys/{apiUserId}/accessList. */
function apiKeyAccessList(svc, r, m) {
  const { res, who } = r
  const key = svc.s.atlas.apiKeys.find(k => k.id === m[1])
  if (!key)
    return sendJson(
      res,
      400,
      apiError(400, 'API_KEY_NOT_FOUND', `No API key with ID ${m[1]} exists.`, [m[1]])
    )
  if (who.id !== key.id && !svc.orgRoles(who).includes('ORG_OWNER'))
    return sendJson(
      res,
      401,
      apiError(
        401,
        'API_KEY_ACCESS_LIST_ACCESS_DENIED',
        'API key access lists are only accessible by the API key or by a user administrator.'
      )
    )
  return r.ok(
    svc.page(
      r.url,
      key.accessList.map(c => ({
        cidrBlock: c.includes('/') ? c : `${c}/32`,
        ipAddress: c.split('/')[0],
        count: 0,
        created: new Date(svc.started).toISOString(),
        links: []
      })),
      r.self
    )
  )
}

/** Reads at the root of v2. */
export const IDENTITY_ROUTES = [[/^\/$/, identity]]
/** Reads below /orgs/{orgId}. */
export const ORG_API_KEY_ROUTES = [[/^\/apiKeys\/([^/]+)\/accessList$/, apiKeyAccessList]]
