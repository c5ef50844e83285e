/**
 * The one sanitiser for text that reaches a writer. Anything that came from a server (an error `detail`, a project
 * name, a role name, a header) may hold line breaks, workflow commands or terminal tricks. `flatText` makes a value
 * one line with nothing inserted (outputs, the report); `safeText` makes a log line inert where the runner reads
 * commands:
 * - every control character (C0, C1 including NEL, U+2028/2029) becomes a space, so nothing can start a new log line;
 * - bidirectional overrides and isolates are removed, so what a reader sees is what the bytes say;
 * - GitHub's legacy command form `##[` (recognised anywhere in a line) is broken with a zero-width space;
 * - a leading `::` (the current command form, recognised at the start of a line) is broken the same way.
 * `::` inside a string (an IPv6 address) is left alone: with no line breaks it can never start a line.
 *
 * Shortening is separate (`shorten`) and always comes after redaction: a secret cut first would no longer be found.
 * Answers are redacted by the HTTP layer on arrival, and every writer redacts again, sanitises, then shortens.
 */

/** Server text as it came (any type made a string), bounded only against absurd sizes. Never shortened for display. */
export function serverText(text: unknown): string {
  const s = typeof text === 'string' ? text : text === undefined || text === null ? '' : safeString(text)
  return s.length > HARD_LIMIT ? s.slice(0, HARD_LIMIT) : s
}

/**
 * Server text quoted inside a finding, cut to `max` characters. Safe to cut here: the HTTP layer redacts every
 * answer's body and headers as they arrive, before any check reads them, so a secret a server echoes is already
 * `***` by now. Characters are not changed here: the writers sanitise (`safeText`) after their own redaction.
 */
export function untrusted(text: unknown, max = 300): string {
  return shorten(serverText(text), max)
}

const HARD_LIMIT = 64 * 1024
const ZWSP = '\u200b'

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g

/**
 * One line, nothing inserted: every control character and line separator becomes a space and bidi marks are
 * removed. For values that must stay byte-exact when they are legitimate (outputs, the report's values: an IPv6
 * `::1`, JSON), while a hostile server's line break can still never reach a later step's script.
 */
export function flatText(text: string): string {
  return text.replace(CONTROL, ' ').replace(BIDI, '')
}

/**
 * Make one string safe for a log line, where the runner reads workflow commands: single line, no bidi tricks, and
 * neither command form (a zero-width space breaks `##[` anywhere and a leading `::`).
 */
export function safeText(text: string): string {
  let s = flatText(text)
  s = s.replace(/##\[/g, `#${ZWSP}#[`)
  s = s.replace(/[ \t]{2,}/g, ' ').trim()
  if (s.startsWith('::')) s = `:${ZWSP}${s.slice(1)}`
  return s
}

/** A multi-line block that is not a log (Markdown): each line flat, the line breaks kept. */
export function flatLines(text: string): string {
  return text
    .split(/\r\n|\n/)
    .map(line => flatText(line))
    .join('\n')
}

/**
 * A multi-line block written to a log (the console report): each line is made safe on its own, so the block keeps
 * its layout while no line can be a command.
 */
export function safeLines(text: string): string {
  return text
    .split(/\r\n|\n/)
    .map(line => {
      const indent = /^ */.exec(line)?.[0] ?? ''
      const body = safeText(line)
      return body ? indent + body : ''
    })
    .join('\n')
}

/** Cut a string for display, after it was redacted: at most `max` characters, an ellipsis marking the cut. */
export function shorten(text: string, max: number): string {
  if (text.length <= max) return text
  return `${text.slice(0, Math.max(0, max - 1))}…`
}

function safeString(v: unknown): string {
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v)
  try {
    return JSON.stringify(v) ?? ''
  } catch {
    return '(unreadable value)'
  }
}
