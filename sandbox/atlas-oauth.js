// OAuth 2.0 client credentials for service accounts (docs/reference/atlas-round2.md §4): POST /api/oauth/token
// mints tokens from any address (rate-limited per address and client, capped per account), POST /api/oauth/revoke
// revokes them (RFC 7009). Methods of AtlasService (composed in atlas.js).
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
import { randomBytes } from 'node:crypto'
import { readBody, sendJson } from './http-util.js'
import { apiError } from './atlas-common.js'

const TOKEN_LIMIT_DESCRIPTION =
  'Access Token limit reached. Please use the existing Access Tokens or create a new Service Account.'

export class OAuthTokens {
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
}
