/**
 * Text that came from a server (error `detail`, project names, Location headers) is untrusted. It is cut to a
 * bounded single line, stripped of control characters, and workflow-command openers (`::`) are broken so it can
 * never become `::add-mask::`, `::error::` or `::set-output` on a runner, whatever a reporter does with it.
 */

const MAX = 300

export function untrusted(text: unknown, max = MAX): string {
  let s = typeof text === 'string' ? text : text === undefined || text === null ? '' : safeString(text)
  // eslint-disable-next-line no-control-regex
  s = s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ')
  s = s.replace(/%0[ad]/gi, ' ')
  s = s.replace(/:{2,}/g, m => m.split('').join('\u200b'))
  s = s.replace(/\s+/g, ' ').trim()
  if (s.length > max) s = `${s.slice(0, max - 1)}…`
  return s
}

function safeString(v: unknown): string {
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v)
  try {
    return JSON.stringify(v) ?? ''
  } catch {
    return ''
  }
}
