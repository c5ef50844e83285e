/**
 * Redaction used by the HTTP layer (every answer, on arrival) and by every writer. GitHub masks `setSecret` values
 * only on its runners and only whole; the CLI, the JSON report, error text and other CI systems need this.
 *
 * - Each secret is removed raw, trimmed, URL-encoded, base64-encoded, inside a Basic auth header and JSON-escaped.
 * - Text that percent-encodes every byte is searched decoded as well.
 * - A fragment is a secret too: any run of 8 or more characters of a secret (half of it, for secrets shorter than
 *   16) is removed, so a server that echoes a secret cut short, or a writer that cut it, still leaks nothing. A
 *   public prefix (`mdb_sa_sk_`, `sk-`) is not a fragment by itself.
 * - Values that are words of the action's own vocabulary or short plain numbers (`secret`, `fail`, `true`, `1234`)
 *   are placeholders, already an input error; redacting them would corrupt statuses, ids and JSON, so they are not
 *   (the runner still masks them in its log).
 * - `redactDeep` redacts values, never keys, so the report's structure and field names stay intact, and walks
 *   without recursion, so no nesting depth can exhaust the stack.
 */

const MIN_LENGTH = 4
const FRAGMENT = 8
const MAX_DEPTH = 64

export class Redactor {
  private readonly needles = new Set<string>()
  private readonly secrets = new Set<string>()
  /** Fragment length → every k-long run of every secret body of that fragment length. */
  private readonly fragments = new Map<number, Set<string>>()
  private readonly bodies: string[] = []
  private pattern: RegExp | undefined

  /** `vocabulary`: more words of the action's own (check ids, output names) that are never redacted. */
  constructor(
    secrets: Iterable<string> = [],
    private readonly vocabulary: ReadonlySet<string> = new Set()
  ) {
    for (const s of secrets) this.add(s)
  }

  /**
   * Register a secret (and later, every token derived from one). Values are also added trimmed. An identifier
   * (`fragments: false`) is removed whole only: a piece of a client id is no secret.
   */
  add(secret: string | undefined, options: { fragments?: boolean } = {}): void {
    if (secret === undefined) return
    for (const s of new Set([secret, secret.trim()])) {
      if (s.length < MIN_LENGTH || this.secrets.has(s) || isPlaceholder(s, this.vocabulary)) continue
      this.secrets.add(s)
      for (const v of variants(s)) if (v.length >= MIN_LENGTH) this.needles.add(v)
      const k = fragmentLength(s.length)
      if (options.fragments !== false)
        for (const v of new Set(variants(s))) this.addFragments(stripPublicPrefix(v), k)
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

  private addFragments(body: string, k: number): void {
    if (body.length < k) return
    this.bodies.push(body)
    let set = this.fragments.get(k)
    if (!set) this.fragments.set(k, (set = new Set()))
    for (let i = 0; i + k <= body.length; i++) set.add(body.slice(i, i + k))
  }

  redact(text: string): string {
    if (this.needles.size === 0 || text.length === 0) return text
    const ranges = this.matches(text)
    // A server may percent-encode every byte (`%6D%64%62…`): look again at the decoded view, and map what it finds
    // back onto the text as it is.
    if (/%[0-9a-f]{2}/i.test(text)) {
      const view = percentView(text)
      for (const [from, to] of this.matches(view.text)) ranges.push([view.starts[from]!, view.ends[to - 1]!])
    }
    if (ranges.length === 0) return text
    ranges.sort((a, b) => a[0] - b[0])
    let out = ''
    let at = 0
    for (const [from, to] of ranges) {
      if (to <= at) continue
      out += `${text.slice(at, Math.max(at, from))}***`
      at = to
    }
    return out + text.slice(at)
  }

  /** Every [from, to) of `text` that is a whole secret (any form) or a long enough piece of one. */
  private matches(text: string): [number, number][] {
    if (!this.pattern) {
      const sorted = [...this.needles].sort((x, y) => y.length - x.length).map(escapeRegExp)
      this.pattern = new RegExp(sorted.join('|'), 'g')
    }
    const out: [number, number][] = []
    for (const m of text.matchAll(this.pattern)) out.push([m.index, m.index + m[0].length])
    for (const [k, grams] of this.fragments) {
      for (let i = 0; i + k <= text.length;) {
        if (!grams.has(text.slice(i, i + k))) {
          i++
          continue
        }
        let end = i + k
        while (end < text.length && this.bodies.some(b => b.includes(text.slice(i, end + 1)))) end++
        out.push([i, end])
        i = end
      }
    }
    return out
  }

  /**
   * Redact every string value inside a JSON-like value; keys are kept as they are. Iterative (no recursion), and
   * anything nested deeper than 64 levels is replaced by a marker: no answer's shape can exhaust the stack.
   */
  redactDeep<T>(value: T): T {
    return mapStrings(value, s => this.redact(s))
  }
}

/** Apply `f` to every string value of a JSON-like value (never to keys), without recursion. */
export function mapStrings<T>(value: T, f: (s: string) => string): T {
  const root: { v: unknown } = { v: undefined }
  const stack: { src: unknown; set: (v: unknown) => void; depth: number }[] = [
    { src: value, set: v => (root.v = v), depth: 0 }
  ]
  while (stack.length > 0) {
    const { src, set, depth } = stack.pop()!
    if (typeof src === 'string') set(f(src))
    else if (src === null || typeof src !== 'object') set(src)
    else if (depth >= MAX_DEPTH) set('(nested too deeply)')
    else if (Array.isArray(src)) {
      const out: unknown[] = new Array(src.length)
      set(out)
      src.forEach((v, i) => stack.push({ src: v, set: x => (out[i] = x), depth: depth + 1 }))
    } else {
      const out: Record<string, unknown> = {}
      set(out)
      for (const [k, v] of Object.entries(src))
        stack.push({ src: v, set: x => (out[k] = x), depth: depth + 1 })
    }
  }
  return root.v as T
}

/**
 * The action's own vocabulary: words its statuses, outputs, ids and JSON are made of. A "secret" that is one of these
 * (or a short plain number) is a placeholder, already an input error; redacting it would corrupt the report.
 */
const VOCABULARY = new Set(
  (
    'pass warn warning warnings fail failed error errors notice notices skipped ignored true false null undefined ' +
    'yes no none partial unknown allowed denied open created existing shared status secret secrets password ' +
    'token key test example placeholder changeme dummy todo tbd inputs report checks check atlas auth api access ' +
    'list network read privilege expiry egress ip ai credits credit balance currency method service account ' +
    'projects visible issue number lease entry cluster state reachable'
  ).split(' ')
)

/** A word of the action's vocabulary (any case), or a plain number of up to 8 digits. */
export function isPlaceholder(s: string, extra: ReadonlySet<string> = new Set()): boolean {
  const w = s.toLowerCase()
  return /^[0-9]{1,8}$/.test(s) || VOCABULARY.has(w) || extra.has(w)
}

/** `text` with each `%XX` decoded to one character, and where each character of the view came from. */
function percentView(text: string): { text: string; starts: number[]; ends: number[] } {
  let view = ''
  const starts: number[] = []
  const ends: number[] = []
  for (let i = 0; i < text.length;) {
    const hex = text[i] === '%' ? /^[0-9a-f]{2}/i.exec(text.slice(i + 1, i + 3)) : null
    const width = hex ? 3 : 1
    view += hex ? String.fromCharCode(parseInt(hex[0], 16)) : text[i]
    starts.push(i)
    ends.push(i + width)
    i += width
  }
  return { text: view, starts, ends }
}

function fragmentLength(n: number): number {
  return n >= 2 * FRAGMENT ? FRAGMENT : Math.max(MIN_LENGTH, Math.ceil(n / 2))
}

/** Public prefixes of credential formats (`mdb_sa_sk_`, `mdb_sa_id_`, `sk-`, `apikey-`) are not secret alone. */
function stripPublicPrefix(s: string): string {
  const m = /^(?:[A-Za-z]{2,8}_){1,3}|^[A-Za-z]{2,8}-/.exec(s)
  return m ? s.slice(m[0].length) : s
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
