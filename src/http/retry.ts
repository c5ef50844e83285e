/** Backoff and Retry-After: equal jitter (see `backoffMs`), Retry-After always honoured. */

export const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504])

/** Retry-After in seconds (delta-seconds or an HTTP date), or undefined. */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (!value) return undefined
  const v = value.trim()
  if (/^\d+$/.test(v)) return Number(v)
  const t = Date.parse(v)
  if (!Number.isNaN(t)) return Math.max(0, Math.ceil((t - now) / 1000))
  return undefined
}

/**
 * Equal jitter (AWS's "Exponential Backoff and Jitter"): half of the exponential ceiling is kept, the other half is
 * random. Not full jitter (anywhere from 0 to the ceiling): a retry never comes back at once, which a rate limit
 * without Retry-After would only refuse again, while concurrent runs still spread out.
 */
export function backoffMs(attempt: number, baseMs: number, capMs: number, random: () => number): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** attempt)
  return Math.round(ceiling / 2 + random() * (ceiling / 2))
}
