// Who is calling the Atlas Administration API stand-in, and what they may read: HTTP Digest for API keys, Bearer
// tokens for service accounts (minted by atlas-oauth.js), the credential's own API access list (403
// IP_ADDRESS_NOT_ON_ACCESS_LIST, or ORG_REQUIRES_ACCESS_LIST when the org demands a list), and the roles of the
// organization and its projects. Methods of AtlasService (composed in atlas.js).
import { inCidr, sendJson } from './http-util.js'
import { apiError, cidrOf } from './atlas-common.js'

export class Authentication {
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

  whoName(who) {
    return who.kind === 'api-key' ? who.publicKey : who.clientId
  }
}
