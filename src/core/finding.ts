/**
 * Findings: what a user reads. A title, what was seen and the exact fix, under a stable id (`check/finding`) that the
 * troubleshooting table is keyed by. A finding never carries a secret: checks describe values ("ends with a
 * newline"), they do not quote them.
 *
 * Each check declares its findings once, as a typed table (`defineFindings`): id, severity, title and fix side by
 * side, reviewable in one block, and the source of the generated troubleshooting table. A check raises one with
 * what was seen; title, seen and fix can no longer be swapped by position.
 */
import type { FindingSource } from './check-ids.js'

export type Severity = 'error' | 'warning' | 'notice'

export interface Finding {
  /** Stable id of this kind of finding, e.g. `secrets/trailing-newline`; the troubleshooting table is keyed by it. */
  id: string
  check: FindingSource
  severity: Severity
  title: string
  /** What was seen, in plain words. */
  seen: string
  /** The exact fix. */
  fix: string
  /** Structured facts for the JSON report (never secrets). */
  data?: Record<string, unknown>
  /** Set when `ignore` turned this error into a warning. */
  ignored?: boolean
}

/** One declared finding: everything but what was seen. */
export interface FindingSpec {
  severity: Severity
  title: string
  fix: string
}

/** What a call site may add or override when it raises a finding (a title or fix with the run's values in it). */
export interface Raise {
  title?: string
  fix?: string
  data?: Record<string, unknown>
}

export type Raiser = (seen: string, more?: Raise) => Finding

/** The declared specs of a table, for the docs and the tests. */
export const SPECS = Symbol('finding specs')

export interface DeclaredFinding extends FindingSpec {
  id: string
}

export type FindingTable<K extends string> = { readonly [P in K]: Raiser } & {
  readonly [SPECS]: readonly DeclaredFinding[]
}

/** Declare a check's findings; each key becomes `check/key` and a function that raises it with what was seen. */
export function defineFindings<const T extends Record<string, FindingSpec>>(
  check: FindingSource,
  specs: T
): FindingTable<keyof T & string> {
  const table: Record<string, Raiser> = {}
  const declared: DeclaredFinding[] = []
  for (const [key, spec] of Object.entries(specs)) {
    const id = `${check}/${key}`
    declared.push({ id, ...spec })
    table[key] = (seen, more = {}) => ({
      id,
      check,
      severity: spec.severity,
      title: more.title ?? spec.title,
      seen,
      fix: more.fix ?? spec.fix,
      ...(more.data ? { data: more.data } : {})
    })
  }
  return Object.assign(table, { [SPECS]: declared }) as unknown as FindingTable<keyof T & string>
}

/** The findings a table declares. */
export function declaredFindings(table: {
  readonly [SPECS]: readonly DeclaredFinding[]
}): readonly DeclaredFinding[] {
  return table[SPECS]
}

/** Build one finding directly (kept for call sites not yet moved to a table). */
export function finding(
  check: FindingSource,
  id: string,
  severity: Severity,
  title: string,
  seen: string,
  fix: string,
  data?: Record<string, unknown>
): Finding {
  return { id: `${check}/${id}`, check, severity, title, seen, fix, ...(data ? { data } : {}) }
}
