/**
 * The writer boundary. Every string the engine hands to a platform (log lines, debug lines, annotations, outputs,
 * the job summary, the report file, the tracking issue) passes here: redacted first, then sanitised (`safeText`),
 * then, for the report's fields, shortened. Reporters can then render freely: nothing they emit can carry a secret,
 * a fragment of one, or a workflow command.
 */
import type { Adapter } from '../platform/adapter.js'
import type { Redactor } from './redact.js'
import { mapStrings } from './redact.js'
import { safeLines, safeText, shorten } from '../core/untrusted.js'

/** The longest any single string of the report may be once redacted (a `seen` quoting a long server detail). */
export const MAX_FIELD = 2000

/** Redact, sanitise and shorten every string value of the report (keys and numbers untouched). */
export function guardValue<T>(value: T, redactor: Redactor): T {
  return mapStrings(value, s => shorten(safeText(redactor.redact(s)), MAX_FIELD))
}

/** An adapter whose every writer redacts, then sanitises, whatever it is given. */
export function guardAdapter(adapter: Adapter, redactor: Redactor): Adapter {
  const r = (s: string) => redactor.redact(s)
  return {
    ...adapter,
    info: t => adapter.info(safeLines(r(t))),
    debug: t => adapter.debug(safeText(r(t))),
    annotate: (severity, title, message) =>
      adapter.annotate(severity, safeText(r(title)), safeLines(r(message))),
    setOutput: (name, value) => adapter.setOutput(name, safeText(r(value))),
    writeSummary: markdown => adapter.writeSummary(r(markdown)),
    writeFile: (path, content) => adapter.writeFile(path, r(content))
  }
}
