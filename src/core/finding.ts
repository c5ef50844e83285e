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
  /**
   * The id of the finding this one follows from (`atlas-network-access-list/not-on-list` for a cluster that does not
   * answer because of it). The summary lists it under that finding, whose fix is the one to apply.
   */
  cause?: string
  /** Organization scope: what the finding is about (the organization, a project, an API key, a service account). */
  target?: Target
}

export type TargetKind = 'organization' | 'project' | 'api-key' | 'service-account'

/** One thing an organization-scope run reads: its id (project id, key id, client id) and its name. */
export interface Target {
  kind: TargetKind
  id: string
  name: string
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
  /** The finding id this one follows from (see `Finding.cause`). */
  cause?: string
  target?: Target
}

export type Raiser = (seen: string, more?: Raise) => Finding

/** The declared specs of a table, for the docs and the tests. */
export const SPECS = Symbol('finding specs')

export interface DeclaredFinding extends FindingSpec {
  id: string
}

/** Anything that declares findings: a check's table or a shared one. */
export interface Declares {
  readonly [SPECS]: readonly DeclaredFinding[]
}

export type FindingTable<K extends string> = { readonly [P in K]: Raiser } & Declares

/**
 * Declare a check's findings; each key becomes `check/key` and a function that raises it with what was seen.
 * `also` names tables of findings raised for this check by code outside it (the shared Atlas failures, declared
 * once as `*\/key`; the end of the Atlas session): they are part of what the check documents.
 */
export function defineFindings<const T extends Record<string, FindingSpec>>(
  check: FindingSource,
  specs: T,
  also: readonly Declares[] = []
): FindingTable<keyof T & string> {
  const table: Record<string, Raiser> = {}
  const declared: DeclaredFinding[] = []
  for (const [key, spec] of Object.entries(specs)) {
    const shared = defineShared(key, spec)
    declared.push({ ...shared.declared, id: `${check}/${key}` })
    table[key] = (seen, more) => shared.raise(check, seen, more)
  }
  declared.push(...also.flatMap(t => t[SPECS]))
  return Object.assign(table, { [SPECS]: declared }) as unknown as FindingTable<keyof T & string>
}

/** A finding several checks can raise, each for itself: raised with the check it belongs to. */
export type SharedRaiser = (check: FindingSource, seen: string, more?: Raise) => Finding

export type SharedFindingTable<K extends string> = { readonly [P in K]: SharedRaiser } & Declares

/**
 * Declare findings any of several checks can raise (the shared Atlas failure wording, the runner's deadline): each
 * key is documented once, as `*\/key`, and raised as `check/key` for the check it happened in.
 */
export function defineSharedFindings<const T extends Record<string, FindingSpec>>(
  specs: T
): SharedFindingTable<keyof T & string> {
  const table: Record<string, SharedRaiser> = {}
  const declared: DeclaredFinding[] = []
  for (const [key, spec] of Object.entries(specs)) {
    const shared = defineShared(key, spec)
    declared.push(shared.declared)
    table[key] = shared.raise
  }
  return Object.assign(table, { [SPECS]: declared }) as unknown as SharedFindingTable<keyof T & string>
}

/** The one place a finding is built. */
function defineShared(key: string, spec: FindingSpec): { declared: DeclaredFinding; raise: SharedRaiser } {
  const { severity, title, fix } = spec
  return {
    declared: { id: `*/${key}`, severity, title, fix },
    raise: (check, seen, more = {}) => ({
      id: `${check}/${key}`,
      check,
      severity,
      title: more.title ?? title,
      seen,
      fix: more.fix ?? fix,
      ...(more.data ? { data: more.data } : {}),
      ...(more.cause ? { cause: more.cause } : {}),
      ...(more.target ? { target: more.target } : {})
    })
  }
}

/** The findings a table declares (a check's own as `check/key`, shared ones as `*\/key`). */
export function declaredFindings(table: Declares): readonly DeclaredFinding[] {
  return table[SPECS]
}
