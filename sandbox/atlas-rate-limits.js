// Rate limits of the Atlas Administration API stand-in (atlas-admin-api.md): RateLimit-Limit / RateLimit-Remaining
// on every answer, and a token bucket per configured endpoint set (`atlas.rateLimits`) that answers 429
// RATE_LIMITED_TOKEN_BUCKET when empty. Methods of AtlasService (composed in atlas.js).
import { sendJson } from './http-util.js'
import { apiError } from './atlas-common.js'

export class RateLimits {
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
}
