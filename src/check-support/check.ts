/**
 * The contract between the engine and a check: what a check declares (id, needs, when it applies, its reads started
 * early) and what it gets (the inputs, the run's service clients, the results of the checks it needs).
 */
import type { CheckId, FindingSource } from '../core/check-ids.js'
import type { CheckStatus } from '../core/policy.js'
import type { Declares, Finding } from '../core/finding.js'
import type { Config } from '../config/config.js'
import type { Services } from '../services.js'
import type { OutputName } from '../config/outputs.js'
import type { CheckData } from './check-data.js'

/** What a check returns: its findings, facts for later checks and the report, and the outputs it owns. */
export interface CheckOutcome<D = Record<string, unknown>> {
  findings: Finding[]
  data?: D
  outputs?: Partial<Record<OutputName, string>>
  /** The check could not apply after all (e.g. an earlier call was blocked); says why. Never counts as a pass. */
  skipped?: string
  /**
   * With `skipped`: nothing was asked of the check (an option left off), so it is "not applicable", not "could not
   * run". Without it a skip is a blockage: something failed or could not be read.
   */
  notApplicable?: true
}

/**
 * Why a check was skipped, as the reports count it: `not-applicable` (nobody asked: no input for it, left out of
 * `checks`, or its need was itself not applicable) or `could-not-run` (blocked by a failure or an unreadable answer).
 */
export type SkipKind = 'not-applicable' | 'could-not-run'

export interface CheckResult<D = Record<string, unknown>> {
  id: FindingSource
  title: string
  status: CheckStatus
  findings: Finding[]
  data: D
  outputs: Partial<Record<OutputName, string>>
  skipReason?: string
  /** Set when `status` is `skipped`. */
  skipKind?: SkipKind
  durationMs: number
}

/** The data of a check's result, from the one typed map (check-data.ts). */
export type DataOf<K extends CheckId> = K extends keyof CheckData ? CheckData[K] : Record<string, unknown>

export interface CheckContext {
  config: Config
  services: Services
  /** Results of the checks this one declared in `needs` (and any that already finished). */
  result<K extends CheckId>(id: K): CheckResult<DataOf<K>> | undefined
  signal: AbortSignal
  now(): Date
  env: Readonly<Record<string, string | undefined>>
  /**
   * Start the reads of the planned checks that need this one (their `prefetch`), so they travel alongside this
   * check's own call instead of a round trip after it. Called by a check once it commits to sending credentials.
   */
  warmDependents?(): void
  /**
   * Keep a value for the action's post step (GitHub's saveState); absent where there is no post step (the CLI).
   * Written at once, so it survives a run that ends by its deadline or is cancelled.
   */
  saveState?(name: string, value: string): void | Promise<void>
}

/** What a check's `prefetch` may use: the inputs and the service clients, nothing from other checks. */
export interface PrefetchContext {
  config: Config
  services: Services
}

export interface Check<D = Record<string, unknown>> {
  id: CheckId
  title: string
  /**
   * What the check proves, in one table row (Markdown, no line breaks): the README's "What it checks" table is
   * generated from it (`npm run docs`).
   */
  summary: string
  /** Checks whose results this one reads. A need that failed makes this check skipped, not failed. */
  needs: readonly CheckId[]
  /** Checks to wait for and read, without being skipped when they fail. */
  after?: readonly CheckId[]
  /** Whether the given inputs allow this check; a string says why not. */
  applies(config: Config): true | string
  /**
   * Once its needs are done and before it runs: a reason not to run, read from their results (the runner skips the
   * check with it as "could not run"). One gate shared by the checks it applies to, e.g. `apiListGate`.
   */
  gate?(ctx: CheckContext): string | undefined
  /**
   * The reads `run` will make whatever its needs say, started early (memoized by the client, so `run` gets the
   * same answers without a second call). Only reads that depend on the inputs alone belong here.
   */
  prefetch?(ctx: PrefetchContext): void
  run(ctx: CheckContext): Promise<CheckOutcome<D>>
  /**
   * Start loading the check's code when it lives in a module of its own (`withLazyRun`): the runner calls it for every
   * planned check once the first reads are out, so the code loads while they travel.
   */
  preload?(): void
  /**
   * The check's declared findings (`defineFindings`, with the shared ones it can raise in `also`): the source of the
   * troubleshooting table and of the test that every error and warning is raised by some test.
   */
  findings: Declares
}

/** A check as its own file declares it when its run lives in a module of its own (`withLazyRun`). */
export type CheckDeclaration<D = Record<string, unknown>> = Omit<Check<D>, 'run' | 'preload'>

/**
 * A check whose `run` lives in a module of its own (`src/checks/run/<id>.ts`), loaded the first time the check runs
 * or is preloaded: a run loads only the code of the checks it plans, and the runner loads it while the first reads
 * travel. The registry puts the two together, so the run module may read its declaration (findings, data types)
 * without an import cycle. A module that cannot be loaded (a broken install) fails the check's run, which the runner
 * reports as an internal error.
 */
export function withLazyRun<D>(
  declaration: CheckDeclaration<D>,
  load: () => Promise<{ run(ctx: CheckContext): Promise<CheckOutcome<D>> }>
): Check<D> {
  let loading: ReturnType<typeof load> | undefined
  const loaded = () => (loading ??= load())
  return {
    ...declaration,
    async run(ctx) {
      return (await loaded()).run(ctx)
    },
    preload() {
      loaded().catch(() => undefined)
    }
  }
}

/** Start a read early and let it be: a failure is the check's to report when it awaits the same promise. */
export function startEarly(call: Promise<unknown> | undefined): void {
  call?.catch(() => undefined)
}

/**
 * A service client a check relies on. `applies()` already promised it exists (a check that needs the Atlas client
 * applies only when an Atlas credential was given); if that promise is ever broken, this is the one internal error
 * the runner reports, instead of a crash on `undefined`.
 */
export function needClient<T>(client: T | undefined, what: string): T {
  if (client === undefined) throw new Error(`internal: ${what} was not built for a check that applies`)
  return client
}
