/** Backoff and Retry-After: full jitter (as aws-actions/configure-aws-credentials), Retry-After always honoured. */

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

export function backoffMs(attempt: number, baseMs: number, capMs: number, random: () => number): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** attempt)
  return Math.round(ceiling / 2 + random() * (ceiling / 2))
}
