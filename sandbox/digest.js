// Server side of HTTP Digest (RFC 7616) as Atlas speaks it: realm "MMS Public API", MD5, qop="auth", no opaque,
// `domain=""` and `stale=false` in the challenge. Nonces expire (answered with stale=true); a nonce count seen
// before for a nonce is a replay and fails.
import { createHash, randomBytes } from 'node:crypto'

export const REALM = 'MMS Public API'

const md5 = s => createHash('md5').update(s).digest('hex')

export class DigestVerifier {
  /** @param {{ ttlMs: number, now: () => number }} opts */
  constructor(opts) {
    this.ttlMs = opts.ttlMs
    this.now = opts.now
    /** @type {Map<string, { issued: number, seen: Set<string> }>} */
    this.nonces = new Map()
  }

  challenge(stale = false) {
    const nonce = randomBytes(16).toString('hex')
    this.nonces.set(nonce, { issued: this.now(), seen: new Set() })
    return `Digest realm="${REALM}", domain="", nonce="${nonce}", algorithm=MD5, qop="auth", stale=${stale}`
  }

  /**
   * @param {string} header Authorization header
   * @param {string} method
   * @param {string} uri request URI (path and query)
   * @param {(user: string) => string | undefined} passwordOf
   * @returns {{ ok: true, user: string } | { ok: false, stale: boolean }}
   */
  verify(header, method, uri, passwordOf) {
    const p = parseParams(header.replace(/^Digest\s+/i, ''))
    const user = p.username
    if (!user || !p.nonce || !p.response || p.realm !== REALM) return { ok: false, stale: false }
    const state = this.nonces.get(p.nonce)
    if (!state) return { ok: false, stale: true }
    if (this.now() - state.issued > this.ttlMs) {
      this.nonces.delete(p.nonce)
      return { ok: false, stale: true }
    }
    if (p.uri !== uri) return { ok: false, stale: false }
    const algorithm = (p.algorithm || 'MD5').toUpperCase()
    if (algorithm !== 'MD5') return { ok: false, stale: false }
    const password = passwordOf(user)
    if (password === undefined) return { ok: false, stale: false }
    const ha1 = md5(`${user}:${REALM}:${password}`)
    const ha2 = md5(`${method}:${uri}`)
    let expected
    if (p.qop) {
      if (p.qop !== 'auth' || !p.nc || !/^[0-9a-f]{8}$/i.test(p.nc) || !p.cnonce)
        return { ok: false, stale: false }
      if (state.seen.has(p.nc.toLowerCase())) return { ok: false, stale: false }
      expected = md5(`${ha1}:${p.nonce}:${p.nc}:${p.cnonce}:${p.qop}:${ha2}`)
      if (expected === p.response.toLowerCase()) state.seen.add(p.nc.toLowerCase())
    } else {
      expected = md5(`${ha1}:${p.nonce}:${ha2}`)
    }
    return expected === p.response.toLowerCase() ? { ok: true, user } : { ok: false, stale: false }
  }
}

/** @param {string} s */
export function parseParams(s) {
  /** @type {Record<string, string>} */
  const out = {}
  const re = /([a-z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/gi
  let m
  while ((m = re.exec(s))) out[m[1].toLowerCase()] = m[2] !== undefined ? m[2] : m[3]
  return out
}
