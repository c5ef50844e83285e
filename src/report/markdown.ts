/**
 * Markdown for the job summary and the tracking issue. Text may quote a server (a project name such as
 * `![x](https://…)` or `[Fix it here](https://…)`), so nothing in it may render as a link, an image, HTML or a table
 * break. The action's own wording uses code spans (`atlas-base-url`), which stay code spans: inside them only the
 * table's `|` needs escaping, and HTML entities would show literally, so none are used anywhere.
 */

/** Text for a table cell or a line: Markdown and HTML are escaped outside code spans, code spans are kept. */
export function md(text: string): string {
  const s = text.replace(/\r?\n|\r/g, ' ')
  let out = ''
  let i = 0
  while (i < s.length) {
    const tick = s.indexOf('`', i)
    if (tick === -1) {
      out += escapeText(s.slice(i))
      break
    }
    out += escapeText(s.slice(i, tick))
    const run = /^`+/.exec(s.slice(tick))![0]
    const close = findRun(s, tick + run.length, run.length)
    if (close === -1) {
      out += run.replace(/`/g, '\\`')
      i = tick + run.length
      continue
    }
    out += run + s.slice(tick + run.length, close).replace(/\|/g, '\\|') + run
    i = close + run.length
  }
  return out
}

/** A code span holding `text` whatever it contains (a fence longer than any backtick run inside). */
export function code(text: string): string {
  const s = text.replace(/\r?\n|\r/g, ' ').replace(/\|/g, '\\|')
  const longest = Math.max(0, ...[...s.matchAll(/`+/g)].map(m => m[0].length))
  const fence = '`'.repeat(longest + 1)
  const pad = s.startsWith('`') || s.endsWith('`') ? ' ' : ''
  return `${fence}${pad}${s}${pad}${fence}`
}

function escapeText(s: string): string {
  return s
    .replace(/[\\[\]()!<>*_~#&|]/g, '\\$&')
    .replace(/:\/\//g, '\\://')
    .replace(/\bwww\./gi, m => `${m.slice(0, 3)}\\.`)
}

/** The index of the next run of exactly `n` backticks at or after `from`, or -1. */
function findRun(s: string, from: number, n: number): number {
  const re = /`+/g
  re.lastIndex = from
  for (let m = re.exec(s); m; m = re.exec(s)) if (m[0].length === n) return m.index
  return -1
}
