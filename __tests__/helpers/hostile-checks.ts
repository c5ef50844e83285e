/**
 * Detectors for the trust suite (issue 11): workflow commands in stdout that are not the action's own, output
 * names and values that a server (or redaction) corrupted, and any fragment of a secret (8+ characters, or half of
 * a short one) in anything the run wrote, raw, percent-encoded, base64 at any alignment, or with zero-width
 * characters inserted. Each returns a list of violations (empty = clean), so a failing test says what leaked.
 */
import { OUTPUT_NAMES } from '../../src/config/outputs.js'
import type { RunResult } from './hostile-run.js'

/** Every way a log viewer or the runner could start a new line. */
export const LINE_BREAKS = /\r\n|[\n\r\u2028\u2029\u0085]/

/** Hostile text for a server field: both command forms, every line break, bidi overrides. `tag` names the field. */
export function evil(tag: string): string {
  // The first ~60 characters already hold every attack, for fields the action shortens.
  return (
    `${tag}##[set-output name=x]y\n::error::P\r::add-mask::word\u2028::stop-commands::tok\u0085##[add-mask]w ` +
    `\u202Eevil\u202C\r\n::warning title=owned::PWNED-${tag} ##[error]PWNED-${tag} %0A::notice::enc`
  )
}

/** Shorter hostile values, one attack each (for arrays: one per element). */
export const ATTACKS = [
  '\n::error::PWNED-newline',
  '\r::add-mask::word',
  '\n::stop-commands::tok123',
  '##[error]PWNED-legacy',
  '##[set-output name=x]y',
  '##[add-mask]word',
  'A\u2028::error::PWNED-u2028',
  'B\u0085::error::PWNED-nel',
  'C\u202E::error::PWNED-bidi',
  '  ::warning::PWNED-indented'
]

const unescapeData = (s: string) => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%')

/**
 * Stdout lines (split at every line break a runner or viewer honours) that the runner would take as a command and
 * that are not the action's own: `::add-mask::<known secret>`, `::debug::`, and annotations titled atlas-preflight.
 * Any line with the legacy `##[` form anywhere is a violation.
 */
export function commandViolations(stdout: string, known: readonly string[]): string[] {
  const knownSet = new Set(known.flatMap(k => [k, k.trim()]))
  const out: string[] = []
  for (const line of stdout.split(LINE_BREAKS)) {
    if (line.includes('##[')) {
      out.push(`legacy command form: ${JSON.stringify(line.slice(0, 200))}`)
      continue
    }
    const t = line.trimStart()
    if (!t.startsWith('::')) continue
    const mask = /^::add-mask::(.*)$/.exec(t)
    if (mask) {
      if (!knownSet.has(unescapeData(mask[1]!)))
        out.push(`add-mask of a value that is not a secret of the run: ${JSON.stringify(t.slice(0, 200))}`)
      continue
    }
    if (t.startsWith('::debug::')) continue
    if (/^::(error|warning|notice) title=atlas-preflight(?: |,|::|%3A)/.test(t)) continue
    out.push(`foreign workflow command: ${JSON.stringify(t.slice(0, 200))}`)
  }
  return out
}

/** Raw line breaks (CR, U+2028, U+2029, U+0085) and bidi overrides that reached stdout. */
export function rawControlViolations(text: string): string[] {
  const out: string[] = []
  // eslint-disable-next-line no-control-regex
  const re = /[\r\u2028\u2029\u0085\u202A-\u202E\u2066-\u2069\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g
  for (const m of text.matchAll(re)) {
    const at = m.index ?? 0
    out.push(
      `U+${m[0].charCodeAt(0).toString(16).padStart(4, '0')} in ${JSON.stringify(text.slice(Math.max(0, at - 40), at + 20))}`
    )
    if (out.length >= 10) break
  }
  return out
}

/** Output names outside the action's own, values with line breaks, values that start a command. */
export function outputViolations(outputs: Record<string, string>): string[] {
  const names = new Set<string>(OUTPUT_NAMES)
  const out: string[] = []
  for (const [k, v] of Object.entries(outputs)) {
    if (!names.has(k)) out.push(`unknown output name ${JSON.stringify(k)}`)
    const br = /[\r\n\u2028\u2029\u0085]/.exec(v)
    if (br)
      out.push(
        `output ${k} carries a line break (U+${br[0].charCodeAt(0).toString(16).padStart(4, '0')}): ${JSON.stringify(v.slice(Math.max(0, br.index - 60), br.index + 60))}`
      )
    if (/^\s*(::[a-z-]+( [^:]*)?::|##\[)/i.test(v))
      out.push(`output ${k} starts with a command: ${JSON.stringify(v.slice(0, 200))}`)
  }
  return out
}

/** Summary lines (at any line break) that begin with a workflow command. */
export function summaryViolations(summary: string): string[] {
  return summary
    .split(LINE_BREAKS)
    .filter(l => /^\s*(::[a-z-]+|##\[)/i.test(l))
    .map(l => `summary line starts a command: ${JSON.stringify(l.slice(0, 200))}`)
}

/** Everything a test checks for commands at once. */
export function allCommandViolations(r: RunResult, known: readonly string[]): string[] {
  return [
    ...commandViolations(r.stdout, known),
    ...outputViolations(r.outputs),
    ...summaryViolations(r.summary)
  ]
}

// --- secrets -------------------------------------------------------------------------------------------

/** Documented prefixes: a fragment made only of one of these is not a leak. */
export const PUBLIC_PREFIXES = ['mdb_sa_sk_', 'mdb_sa_id_', 'apikey-', 'eyJhbGciOiJFUzUxMiJ9.']

const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g

/** The smallest fragment that counts as the secret: 8 characters, or half of a short secret. */
export function fragmentLength(secret: string): number {
  return Math.max(2, Math.min(8, Math.ceil(secret.length / 2)))
}

export function publicPrefix(secret: string): string {
  return PUBLIC_PREFIXES.find(x => secret.startsWith(x)) ?? ''
}

/** The base64 of the secret at each of the three byte alignments it could sit at inside a longer value. */
function b64Aligned(s: string): { value: string; pub: number }[] {
  const out: { value: string; pub: number }[] = []
  const p = publicPrefix(s).length
  for (let k = 0; k < 3; k++) {
    const enc = Buffer.concat([Buffer.alloc(k, 0x41), Buffer.from(s)])
      .toString('base64')
      .replace(/=+$/, '')
    const skip = Math.ceil((k * 4) / 3)
    // Characters made only of the (public) prefix bytes.
    const pub = p === 0 ? 0 : Math.max(0, Math.floor(((k + p) * 4) / 3) - skip)
    out.push({ value: enc.slice(skip), pub })
    out.push({ value: enc.slice(skip).replace(/\+/g, '-').replace(/\//g, '_'), pub })
  }
  return out
}

function percentDecode(text: string): string {
  // Decode every %XX run that is valid UTF-8; leave the rest.
  return text.replace(/(?:%[0-9a-f]{2})+/gi, m => {
    try {
      return decodeURIComponent(m)
    } catch {
      return m
    }
  })
}

/** Windows of each form of each secret found in `text` (zero-width characters removed, percent-escapes decoded). */
export function secretFragments(text: string, secrets: readonly string[]): string[] {
  const clean = text.replace(ZERO_WIDTH, '')
  const haystacks = [clean, percentDecode(clean)]
  const found = new Set<string>()
  for (const s of secrets) {
    if (!s || s.length < 2) continue
    const n = fragmentLength(s)
    const forms: { form: string; value: string; pub: number }[] = [
      { form: 'raw', value: s, pub: publicPrefix(s).length },
      ...b64Aligned(s).map((v, i) => ({ form: `base64#${i}`, ...v }))
    ]
    for (const f of forms) {
      for (let i = 0; i + n <= f.value.length; i++) {
        if (i + n <= f.pub) continue
        const w = f.value.slice(i, i + n)
        const where = haystacks.findIndex(h => h.includes(w))
        if (where >= 0) {
          found.add(
            `${f.form} fragment ${JSON.stringify(w)} of a secret${where === 1 ? ' (percent-encoded in the text)' : ''}`
          )
          break
        }
      }
    }
  }
  return [...found]
}

/** Where a run could leak: stdout (the masking lines aside), stderr, GITHUB_OUTPUT, the summary, the report file. */
export function writtenBy(r: RunResult): { where: string; text: string }[] {
  return [
    {
      where: 'stdout',
      text: r.stdout
        .split('\n')
        .filter(l => !/^::add-mask::/.test(l))
        .join('\n')
    },
    { where: 'stderr', text: r.stderr },
    { where: 'GITHUB_OUTPUT', text: r.files.output },
    { where: 'summary', text: r.summary },
    { where: 'report output', text: r.outputs['report'] ?? '' },
    { where: 'report file', text: r.reportFile ?? '' }
  ]
}

export function leaksIn(r: RunResult, secrets: readonly string[]): string[] {
  return writtenBy(r).flatMap(({ where, text }) => secretFragments(text, secrets).map(f => `${where}: ${f}`))
}
