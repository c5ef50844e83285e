/**
 * The writer boundary. Every string the engine hands to a platform (log lines, debug lines, annotations, outputs,
 * the job summary, the report file, the post step's state, the tracking issue) passes here, redacted first. Then:
 * - where the runner reads workflow commands (log and debug lines, annotations), it is made inert (`safeText`,
 *   `safeLines`: one line each, no bidi marks, neither command form);
 * - everywhere else (outputs, the report's values and file, the state, the summary), it is made flat (`flatText`:
 *   control characters and line separators become spaces, bidi marks go) and nothing is inserted, so every
 *   legitimate value (an IPv6 `::1`, JSON) leaves byte-exact.
 *
 * The guard is built from `MEMBERS`, which classes every member of `Adapter`: a member added to the interface does
 * not compile until it is classed here as a writer (with its wrapper) or as not one (with the reason). Nothing
 * passes by default, as a spread of the adapter once let `saveState` through.
 */
import type { Adapter } from '../platform/adapter.js'
import type { Redactor } from './redact.js'
import { mapStrings } from './redact.js'
import { flatLines, flatText, safeLines, safeText, shorten } from '../core/untrusted.js'

/** The longest any single string of the report may be once redacted (a `seen` quoting a long server detail). */
export const MAX_FIELD = 2000

/** Redact, flatten and shorten every string value of the report (keys and numbers untouched, nothing inserted). */
export function guardValue<T>(value: T, redactor: Redactor): T {
  return mapStrings(value, s => shorten(flatText(redactor.redact(s)), MAX_FIELD))
}

type Redact = (s: string) => string

/** A writer: the platform's member wrapped so that what it is given is redacted, then made inert or flat. */
interface Writer<K extends keyof Adapter> {
  writer: (platform: Adapter, r: Redact) => NonNullable<Adapter[K]>
}
/** Not a writer: passed through as the platform has it (read live, so getters stay live). */
interface NotWriter {
  notWriter: string
}

/** Every member of `Adapter`, classed. The mapped type makes a missing or unknown member a compile error. */
export const MEMBERS: { [K in keyof Adapter]-?: Writer<K> | NotWriter } = {
  runUrl: { notWriter: 'read by the engine (a link the platform built)' },
  wording: { notWriter: 'rewrites text before any writer; its result is written through the writers' },
  troubleshootingUrl: { notWriter: 'read by the engine (a link the platform built)' },
  inputs: { notWriter: 'reads the inputs' },
  inputSources: { notWriter: 'reads where inputs came from' },
  env: { notWriter: 'reads the environment' },
  mask: { notWriter: 'is handed secrets on purpose, whole, so the platform can mask them' },
  setExitCode: { notWriter: 'takes a number' },
  preload: { notWriter: 'loads code, and is handed nothing' },
  getState: { notWriter: 'reads what the main step kept' },
  previousIssueBody: {
    notWriter: "reads the open tracking issue's body (untrusted text, parsed strictly by fleet/snapshot.ts)"
  },
  info: { writer: (p, r) => t => p.info(safeLines(r(t))) },
  debugging: { notWriter: 'a flag: whether debug lines are shown' },
  // A line the platform does not show is not redacted either (the engine mostly does not build it: `debugging`).
  debug: { writer: (p, r) => t => (p.debugging === false ? undefined : p.debug(safeText(r(t)))) },
  annotate: {
    writer: (p, r) => (severity, title, message) =>
      p.annotate(severity, safeText(r(title)), safeLines(r(message)))
  },
  setOutput: { writer: (p, r) => (name, value) => p.setOutput(name, flatText(r(value))) },
  writeSummary: { writer: (p, r) => markdown => p.writeSummary(flatLines(r(markdown))) },
  writeFile: { writer: (p, r) => (path, content) => p.writeFile(path, r(content)) },
  saveState: { writer: (p, r) => (name, value) => p.saveState!(name, flatText(r(value))) },
  afterReport: {
    writer: (p, r) => ctx => p.afterReport!({ ...ctx, reportMarkdown: flatLines(r(ctx.reportMarkdown)) })
  }
}

/** The adapter every writer of a run goes through: writers wrapped, the rest passed through, per `MEMBERS`. */
export function guardAdapter(adapter: Adapter, redactor: Redactor): Adapter {
  const r: Redact = s => redactor.redact(s)
  const guarded = {} as Adapter
  for (const name of Object.keys(MEMBERS) as (keyof Adapter)[]) {
    const member: Writer<typeof name> | NotWriter = MEMBERS[name]
    if ('notWriter' in member)
      Object.defineProperty(guarded, name, { enumerable: true, get: () => adapter[name] })
    // An optional writer the platform does not have stays absent (the engine asks whether it exists).
    else if (adapter[name] !== undefined)
      Object.defineProperty(guarded, name, { enumerable: true, value: member.writer(adapter, r) })
  }
  return guarded
}
