/**
 * Redaction used by every writer. GitHub masks `setSecret` values only on its runners; the CLI, the JSON report,
 * error text and other CI systems need this. Each secret is removed raw, URL-encoded, base64-encoded, inside a
 * Basic auth header, and JSON-escaped.
 */

const MIN_LENGTH = 4

export class Redactor {
  private readonly needles = new Set<string>()
  private readonly secrets = new Set<string>()
  private pattern: RegExp | undefined

  constructor(secrets: Iterable<string> = []) {
    for (const s of secrets) this.add(s)
  }

  /** Register a secret (and later, every token derived from one). Values are also added trimmed. */
  add(secret: string | undefined): void {
    if (secret === undefined) return
    for (const s of new Set([secret, secret.trim()])) {
      if (s.length < MIN_LENGTH || this.secrets.has(s)) continue
      this.secrets.add(s)
      for (const v of variants(s)) if (v.length >= MIN_LENGTH) this.needles.add(v)
    }
    // Basic auth headers combine two secrets: add every pair.
    for (const a of this.secrets)
      for (const b of this.secrets) {
        if (a === b) continue
        this.needles.add(Buffer.from(`${a}:${b}`).toString('base64'))
        this.needles.add(Buffer.from(`${a}:${b}`).toString('base64url'))
      }
    this.pattern = undefined
  }

  all(): string[] {
    return [...this.secrets]
  }

  redact(text: string): string {
    if (this.needles.size === 0 || text.length === 0) return text
    if (!this.pattern) {
      const sorted = [...this.needles].sort((x, y) => y.length - x.length).map(escapeRegExp)
      this.pattern = new RegExp(sorted.join('|'), 'g')
    }
    return text.replace(this.pattern, '***')
  }

  /** Redact every string inside a JSON-like value. */
  redactDeep<T>(value: T): T {
    if (typeof value === 'string') return this.redact(value) as T
    if (Array.isArray(value)) return value.map(v => this.redactDeep(v)) as T
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {}
      for (const [k, v] of Object.entries(value)) out[this.redact(k)] = this.redactDeep(v)
      return out as T
    }
    return value
  }
}

function variants(s: string): string[] {
  const b64 = Buffer.from(s).toString('base64')
  return [
    s,
    encodeURIComponent(s),
    encodeURIComponent(s).replace(/%20/g, '+'),
    JSON.stringify(s).slice(1, -1),
    b64,
    b64.replace(/=+$/, ''),
    Buffer.from(s).toString('base64url')
  ]
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
