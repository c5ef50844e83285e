/**
 * OAuth 2.0 client credentials for Atlas service accounts (RFC 6749 §4.4). Client authentication is HTTP Basic
 * built from the raw id and secret (not form-encoded first, as MongoDB's own clients note). The token is cached
 * for the run, shared by concurrent callers (one request in flight), refreshed ahead of expiry, and registered
 * for redaction the moment it arrives.
 */
import type { HttpClient, HttpResult } from '../../http/client.js'

export interface TokenOk {
  ok: true
  accessToken: string
  expiresAt: number
  refreshAt: number
  tokenType: string
}
export interface TokenFail {
  ok: false
  result: HttpResult
}
export type TokenResult = TokenOk | TokenFail

/** Shorter than any real access token. */
const MIN_TOKEN_LENGTH = 16

export class TokenProvider {
  private cached: TokenOk | undefined
  private inFlight: Promise<TokenResult> | undefined
  /**
   * A refused token request answers the calls that come after it, until `until`, with no second request: a wrong
   * credential (400, 401) or the live-token limit (403) for the rest of the run, a rate limit (429) until its
   * Retry-After (1 s when it names none). A server error or a network failure is not kept: the HTTP layer has retried
   * it, and a later caller (the post step's release, with its own backoff) may try again. Whether a check asks while
   * the request travels or just after its refusal is timing; either way it costs one request.
   */
  private refused: { result: TokenResult; until: number } | undefined
  /** Token requests made, for the benchmark and tests. */
  requests = 0

  constructor(
    private readonly http: HttpClient,
    private readonly baseUrl: string,
    private readonly clientId: string,
    private readonly clientSecret: string,
    private readonly onToken: (token: string) => void,
    private readonly now: () => number = Date.now
  ) {}

  get tokenUrl(): string {
    return `${this.baseUrl}/api/oauth/token`
  }

  private basic(): string {
    return `Basic ${Buffer.from(`${this.clientId}:${this.clientSecret}`, 'utf8').toString('base64')}`
  }

  /** A valid token; refreshed once it reaches `refreshAt` (ahead of its real expiry). */
  async token(): Promise<TokenResult> {
    const c = this.cached
    if (c && this.now() < c.refreshAt) return c
    if (this.refused && this.now() < this.refused.until) return this.refused.result
    if (!this.inFlight) {
      this.inFlight = this.fetchToken()
        .then(r => {
          const until = refusedUntil(r, this.now())
          this.refused = until === undefined ? undefined : { result: r, until }
          return r
        })
        .finally(() => {
          this.inFlight = undefined
        })
    }
    return this.inFlight
  }

  current(): string | undefined {
    return this.cached?.accessToken
  }

  private async fetchToken(): Promise<TokenResult> {
    this.requests++
    const result = await this.http.request({
      method: 'POST',
      url: this.tokenUrl,
      headers: {
        authorization: this.basic(),
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json'
      },
      body: 'grant_type=client_credentials',
      credentialed: true,
      // Minting a token changes nothing on the server: safe to retry on 5xx and network errors.
      idempotent: true
    })
    if (!result.ok || result.status !== 200) return { ok: false, result }
    const body = result.json as
      { access_token?: unknown; expires_in?: unknown; token_type?: unknown } | undefined
    // Atlas's tokens are JWTs, hundreds of characters long. Anything short is not a token (and could not be
    // redacted without mangling ordinary words), so it is never used or echoed.
    if (!body || typeof body.access_token !== 'string' || body.access_token.trim().length < MIN_TOKEN_LENGTH)
      return { ok: false, result }
    this.onToken(body.access_token)
    const expiresIn =
      typeof body.expires_in === 'number' && Number.isFinite(body.expires_in) && body.expires_in > 0
        ? body.expires_in
        : 3600
    const lifetime = expiresIn * 1000
    const token: TokenOk = {
      ok: true,
      accessToken: body.access_token,
      expiresAt: this.now() + lifetime,
      // Refresh ahead of expiry: a tenth of its life early, at most five minutes early.
      refreshAt: this.now() + lifetime - Math.min(lifetime / 10, 300_000),
      tokenType: typeof body.token_type === 'string' ? body.token_type : 'Bearer'
    }
    this.cached = token
    return token
  }

  /** RFC 7009 revocation, as Atlas documents it (Basic client auth, form body). */
  async revoke(): Promise<HttpResult | undefined> {
    const token = this.cached?.accessToken
    if (!token) return undefined
    const result = await this.http.request({
      method: 'POST',
      url: `${this.baseUrl}/api/oauth/revoke`,
      headers: {
        authorization: this.basic(),
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json'
      },
      body: `token=${encodeURIComponent(token)}&token_type_hint=access_token`,
      credentialed: true,
      idempotent: true
    })
    if (result.ok && result.status === 200) this.cached = undefined
    return result
  }
}

/** Until when a token answer stands for the calls after it (see `TokenProvider.refused`); undefined: not kept. */
function refusedUntil(r: TokenResult, now: number): number | undefined {
  if (r.ok || !r.result.ok) return undefined
  const status = r.result.status
  if (status === 400 || status === 401 || status === 403) return Number.POSITIVE_INFINITY
  if (status === 429) return now + 1000 * (r.result.retryAfterS ?? 1)
  return undefined
}
