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

/**
 * A whole Markdown document with every GitHub mention and reference made inert outside code spans (inside them
 * GitHub links nothing): `@team` or `@org/team` would notify, `#123` and `GH-123` would link (and, from an issue,
 * cross-reference) another issue. A zero-width space after the sign keeps the text readable and the link dead. For
 * text GitHub renders as an issue or comment (the tracking issue), where server text is quoted.
 */
export function noMentions(markdown: string): string {
  let out = ''
  let i = 0
  while (i < markdown.length) {
    const tick = markdown.indexOf('`', i)
    if (tick === -1) {
      out += inert(markdown.slice(i))
      break
    }
    out += inert(markdown.slice(i, tick))
    const run = /^`+/.exec(markdown.slice(tick))![0]
    const close = findRun(markdown, tick + run.length, run.length)
    const end = close === -1 ? tick + run.length : close + run.length
    out += markdown.slice(tick, end)
    i = end
  }
  return out
}

function inert(s: string): string {
  return s
    .replace(/@(?=[A-Za-z0-9])/g, `@${ZWSP}`)
    .replace(/#(?=[0-9])/g, `#${ZWSP}`)
    .replace(/\bGH-(?=[0-9])/gi, m => `${m}${ZWSP}`)
}

const ZWSP = '\u200b'

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
