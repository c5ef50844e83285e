/**
 * Redaction used by the HTTP layer (every answer, on arrival) and by every writer. GitHub masks `setSecret` values
 * only on its runners and only whole; the CLI, the JSON report, error text and other CI systems need this.
 *
 * - Each secret is removed raw, trimmed, URL-encoded, base64-encoded, inside a Basic auth header and JSON-escaped.
 * - Text that percent-encodes every byte is searched decoded as well.
 * - A fragment is a secret too: any run of 8 or more characters of a secret (half of it, for secrets shorter than
 *   16) is removed, so a server that echoes a secret cut short, or a writer that cut it, still leaks nothing. The
 *   public prefix of a credential family (`mdb_sa_sk_`, `apikey-`: PUBLIC_PREFIXES, and nothing else) is not a
 *   fragment by itself; pieces are counted in what follows it.
 * - Whole forms and pieces are found in two passes over the text, each looking at one place in its `step`
 *   (seeds): each secret's forms are indexed by their first 4-character runs, and its pieces' bodies by all of them,
 *   once, when the secret is added; a place whose run is in the index is grown both ways as long as the text goes on
 *   as that form does. Every match holds a looked-at place, because a pass's step is its shortest match less 3 (for
 *   pieces, 5 when every secret is 16 characters or more; for whole forms, usually more), so redacting costs a few
 *   operations per `step` characters whatever the number and length of the secrets.
 * - Values that are words of the action's own vocabulary or short plain numbers (`secret`, `fail`, `true`, `1234`)
 *   are placeholders, already an input error; redacting them would corrupt statuses, ids and JSON, so they are not
 *   (the runner still masks them in its log).
 * - `redactDeep` redacts values, never keys, so the report's structure and field names stay intact, and walks
 *   without recursion, so no nesting depth can exhaust the stack.
 */

const MIN_LENGTH = 4
const FRAGMENT = 8
const MAX_DEPTH = 64

/**
 * The public prefixes of the credential families this action reads (and of the tokens it is given): the format's
 * name, printed in docs and error messages, not part of the secret. Only these are public: a value that merely starts
 * with words and underscores (`deploy_key_Xy3!p9`) is secret from its first character.
 */
export const PUBLIC_PREFIXES: readonly string[] = [
  'mdb_sa_sk_',
  'mdb_sa_id_',
  'apikey-',
  'ak_',
  'sk-',
  'github_pat_',
  'ghp_',
  'gho_',
  'ghu_',
  'ghs_',
  'ghr_'
]

export class Redactor {
  private readonly secrets = new Set<string>()
  private readonly needleSet = new Set<string>()
  /** Every whole form, by its first `step` runs; and every piece's body, by all its runs. */
  private readonly wholes = new Pass()
  private readonly pieces = new Pass()
  /** Added, not yet indexed (see `add`). */
  private pending: { secret: string; fragments: boolean }[] = []
  /** Set when a secret could not be indexed: every later `redact` throws rather than let text through. */
  private broken: Error | undefined

  /** `vocabulary`: more words of the action's own (check ids, output names) that are never redacted. */
  constructor(
    secrets: Iterable<string> = [],
    private readonly vocabulary: ReadonlySet<string> = new Set()
  ) {
    for (const s of secrets) this.add(s)
  }

  /**
   * Register a secret (and later, every token derived from one). Values are also added trimmed. An identifier
   * (`fragments: false`) is removed whole only: a piece of a client id is no secret. The indexes are built at the
   * next `redact`, which every writer and every answer passes before anything can print: a token's registration
   * costs its requests nothing (they are sent first), and nothing is ever redacted without it.
   */
  add(secret: string | undefined, options: { fragments?: boolean } = {}): void {
    if (secret === undefined) return
    this.pending.push({ secret, fragments: options.fragments !== false })
  }

  /** Index the secrets added since the last `redact` now, in the order they were added (for a moment of idle time). */
  prepare(): void {
    this.indexPending()
  }

  private indexPending(): void {
    if (this.broken) throw this.broken
    if (this.pending.length === 0) return
    const pending = this.pending
    this.pending = []
    for (const p of pending)
      try {
        this.register(p.secret, p.fragments)
      } catch (err) {
        // A secret that cannot be indexed can never be found: from now on nothing passes (fail closed).
        this.broken ??= err instanceof Error ? err : new Error('a secret could not be indexed')
      }
    if (this.broken) throw this.broken
  }

  private register(secret: string, fragments: boolean): void {
    const added: string[] = []
    for (const s of new Set([secret, secret.trim()])) {
      if (s.length < MIN_LENGTH || this.secrets.has(s) || isPlaceholder(s, this.vocabulary)) continue
      this.secrets.add(s)
      added.push(s)
      const forms = new Set(variants(s))
      for (const v of forms) this.addNeedle(v)
      if (!fragments) continue
      const k = fragmentLength(stripPublicPrefix(s).length)
      for (const v of forms) this.addFragments(stripPublicPrefix(v), k)
    }
    // Basic auth headers combine two secrets: every pair with a new one.
    for (const a of added)
      for (const b of this.secrets) {
        if (a === b) continue
        for (const [x, y] of [
          [a, b],
          [b, a]
        ]) {
          this.addNeedle(Buffer.from(`${x}:${y}`).toString('base64'))
          this.addNeedle(Buffer.from(`${x}:${y}`).toString('base64url'))
        }
      }
  }

  /**
   * A whole form, found by the run at each of its first `step` places: its pass looks at one place in `step`, every
   * one of them, so a match of the form holds a looked-at place among them. The step only ever shrinks, so forms
   * indexed before stay found.
   */
  private addNeedle(needle: string): void {
    if (needle.length < MIN_LENGTH || this.needleSet.has(needle)) return
    this.needleSet.add(needle)
    const w = this.wholes
    w.step = Math.min(w.step, needle.length - Q + 1)
    for (let at = 0; at < w.step; at++) w.seeds.index(needle, at, 0)
  }

  /** A piece is any `k` characters of `body` in a row: every run of the body is a seed. */
  private addFragments(body: string, k: number): void {
    if (body.length < k) return
    const p = this.pieces
    p.step = Math.min(p.step, k - Q + 1)
    for (let at = 0; at + Q <= body.length; at++) p.seeds.index(body, at, k)
  }

  redact(text: string): string {
    this.indexPending()
    if (this.needleSet.size === 0 || text.length < MIN_LENGTH) return text
    const ranges = this.matches(text)
    // A server may percent-encode every byte (`%6D%64%62…`): look again at the decoded view, and map what it finds
    // back onto the text as it is.
    if (/%[0-9a-f]{2}/i.test(text)) {
      const view = percentView(text)
      for (const [from, to] of this.matches(view.text)) ranges.push(view.source(from, to))
    }
    if (ranges.length === 0) return text
    ranges.sort((a, b) => a[0] - b[0])
    let out = ''
    let at = 0
    for (const [from, to] of ranges) {
      if (to <= at) continue
      // A range that overlaps the one before only widens it: one marker for both.
      out += from < at ? '' : `${text.slice(at, from)}***`
      at = to
    }
    return out + text.slice(at)
  }

  /**
   * Every [from, to) of `text` that is a whole secret (any form) or a long enough piece of one: one pass for the whole
   * forms and one for the pieces, each looking at one place in its step for a run of a form or a body, grown both ways
   * for as long as the text goes on as it does.
   */
  private matches(text: string): [number, number][] {
    const out: [number, number][] = []
    // The whole forms' pass looks at every place of its grid, also inside what matched: another form (an identifier
    // run straight on from a piece of a secret) may start there, and it is indexed only by its first runs.
    scan(text, this.wholes, false, out)
    // The pieces' pass goes on where a run first reaches past a match: every run of a body is indexed, so no piece
    // that reaches past it is missed, and a text that is a secret echoed over and over costs one pass.
    scan(text, this.pieces, true, out)
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

/** One pass's index and step: one place in `step` of a text is looked at. */
class Pass {
  readonly seeds = new Seeds()
  step = Number.POSITIVE_INFINITY
}

/** The pass's matches in `text`, added to `out`; `skipMatched`: go on after a match where a run first reaches past it. */
function scan(text: string, pass: Pass, skipMatched: boolean, out: [number, number][]): void {
  const n = text.length
  const step = pass.step
  if (!Number.isFinite(step)) return
  for (let i = 0; i + Q <= n;) {
    let next = i + step
    const candidates = pass.seeds.at(text, i)
    if (candidates !== undefined)
      for (const c of candidates) {
        let ahead = 0
        while (
          i + ahead < n &&
          c.at + ahead < c.body.length &&
          text.charCodeAt(i + ahead) === c.body.charCodeAt(c.at + ahead)
        )
          ahead++
        if (ahead < Q) continue
        let behind = 0
        while (
          behind < i &&
          behind < c.at &&
          text.charCodeAt(i - behind - 1) === c.body.charCodeAt(c.at - behind - 1)
        )
          behind++
        // A whole form matches only all of it; a piece, any `k` characters of its body or more.
        const whole = c.k === 0
        if (whole ? behind !== c.at || c.at + ahead !== c.body.length : behind + ahead < c.k) continue
        out.push([i - behind, i + ahead])
        if (skipMatched) next = Math.max(next, i + ahead - Q + 1)
      }
    i = next
  }
}

/** Where a run of Q characters is in a form or a body; `k` is the piece length (0: only the whole form counts). */
interface Seed {
  body: string
  at: number
  k: number
}

/** The length of the runs every form and body is indexed by: the shortest secret the redactor takes. */
const Q = MIN_LENGTH
/** Base of the hash, and the size (in bits, a power of two) of the filter that rejects most places at once. */
const BASE = 0x01000193
const FILTER_BITS = 1 << 18

/**
 * Q-long runs under a hash, behind a bit filter: a place whose run no form or body has is passed over with a few
 * integer operations, without building a string. Hash hits are checked character by character by the caller.
 */
class Seeds {
  private readonly table = new Map<number, Seed[]>()
  private readonly filter = new Uint32Array(FILTER_BITS >>> 5)

  index(body: string, at: number, k: number): void {
    const key = hashAt(body, at, Q) & 0x3fffffff
    this.filter[(key & (FILTER_BITS - 1)) >>> 5]! |= 1 << (key & 31)
    const list = this.table.get(key)
    if (list) list.push({ body, at, k })
    else this.table.set(key, [{ body, at, k }])
  }

  /** The seeds whose run hashes like the one at `i` of `text`, if any. */
  at(text: string, i: number): readonly Seed[] | undefined {
    const key = hashAt(text, i, Q) & 0x3fffffff
    if ((this.filter[(key & (FILTER_BITS - 1)) >>> 5]! & (1 << (key & 31))) === 0) return undefined
    return this.table.get(key)
  }
}

function hashAt(s: string, from: number, q: number): number {
  let h = 0
  for (let i = from; i < from + q; i++) h = (Math.imul(h, BASE) + s.charCodeAt(i)) | 0
  return h
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

/**
 * `text` with each `%XX` decoded to one character, and where a range of that view came from: the view is copied in
 * slices between escapes, and positions are mapped back through the (sorted) places of the escapes.
 */
function percentView(text: string): { text: string; source: (from: number, to: number) => [number, number] } {
  const parts: string[] = []
  const escapes: number[] = []
  let from = 0
  let v = 0
  for (let i = text.indexOf('%'); i !== -1 && i + 2 < text.length; i = text.indexOf('%', i)) {
    if (!isHex(text.charCodeAt(i + 1)) || !isHex(text.charCodeAt(i + 2))) {
      i++
      continue
    }
    parts.push(text.slice(from, i), String.fromCharCode(parseInt(text.slice(i + 1, i + 3), 16)))
    v += i - from
    escapes.push(v++)
    from = i += 3
  }
  parts.push(text.slice(from))
  /** How many escapes sit before view position `at`. */
  const before = (at: number): number => {
    let lo = 0
    let hi = escapes.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (escapes[mid]! < at) lo = mid + 1
      else hi = mid
    }
    return lo
  }
  return {
    text: parts.join(''),
    source: (start, end) => {
      const last = end - 1
      const n = before(last)
      const width = escapes[n] === last ? 3 : 1
      return [start + 2 * before(start), last + 2 * n + width]
    }
  }
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102)
}

function fragmentLength(n: number): number {
  return n >= 2 * FRAGMENT ? FRAGMENT : Math.max(MIN_LENGTH, Math.ceil(n / 2))
}

/**
 * A form of a secret less its family's public prefix (`mdb_sa_sk_`, `apikey-`, …: PUBLIC_PREFIXES), which is not
 * secret alone. Nothing else is taken off; a body that would be left shorter than MIN_LENGTH keeps its prefix.
 */
export function stripPublicPrefix(s: string): string {
  for (const p of PUBLIC_PREFIXES)
    if (s.startsWith(p) && s.length - p.length >= MIN_LENGTH) return s.slice(p.length)
  return s
}

function urlEncoded(s: string): string | undefined {
  try {
    return encodeURIComponent(s)
  } catch {
    return undefined
  }
}

function variants(s: string): string[] {
  const b64 = Buffer.from(s).toString('base64')
  // A lone surrogate (a JSON answer can hold one) has no URL encoding: encodeURIComponent throws, and no URL has it.
  const url = urlEncoded(s) ?? s
  return [
    s,
    url,
    url.replace(/%20/g, '+'),
    JSON.stringify(s).slice(1, -1),
    b64,
    b64.replace(/=+$/, ''),
    Buffer.from(s).toString('base64url')
  ]
}
