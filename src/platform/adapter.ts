/** What the engine needs from where it runs (GitHub runner or a terminal). Only adapters know their platform. */
import type { Finding, Severity } from '../core/finding.js'
import type { RawInputs } from '../config/config.js'

export interface Adapter {
  /** A link to this run (GitHub Actions), for the summary footer and the tracking issue. */
  readonly runUrl?: string
  /** Rewrites the report's advice into this platform's words (the CLI: flags and variables, not workflow YAML). */
  readonly wording?: Wording
  /** Where docs/troubleshooting.md of the running action's version is, for links from the summary. */
  readonly troubleshootingUrl?: string
  inputs(): RawInputs
  /** After `inputs()`: the inputs whose value came from an environment variable, and which one. */
  inputSources?: Record<string, string>
  env: Readonly<Record<string, string | undefined>>
  /** Mask a secret in the platform's logs (GitHub's add-mask); writers redact it themselves as well. */
  mask(secret: string): void
  info(text: string): void
  /**
   * Whether debug lines are shown (GitHub: RUNNER_DEBUG=1, which ACTIONS_STEP_DEBUG sets; the CLI: --debug). When it
   * is false the engine does not build them, so that nothing is redacted before the first request; absent: shown.
   */
  readonly debugging?: boolean
  debug(text: string): void
  annotate(severity: Severity, title: string, message: string): void
  /** An output of the step; may finish asynchronously (the runner's files load late: see `preload`). */
  setOutput(name: string, value: string): void | Promise<void>
  writeSummary(markdown: string): Promise<void>
  writeFile(path: string, content: string): Promise<void>
  setExitCode(code: number): void
  /**
   * Keep a value for the action's post step (GitHub: core.saveState, read back as STATE_<name>). Absent where
   * there is no post step: the CLI's `lease release` finds its entry by the run's marker instead.
   */
  saveState?(name: string, value: string): void | Promise<void>
  /** In the post step: a value the main step kept (GitHub: core.getState). */
  getState?(name: string): string
  /**
   * Load what the writers need (the GitHub runner's file commands load `crypto`), called by the engine once the
   * first requests are out, so that it loads while the checks wait on the network, not before the first request.
   */
  preload?(): void
  /** Extra work after the report (the tracking issue). */
  afterReport?: (ctx: AfterReport) => Promise<void>
  /**
   * Organization scope's change watch: the body of this scope's open tracking issue (untrusted text), where the
   * previous run kept its snapshot; undefined when there is none or it cannot be read. `fetch` as in AfterReport.
   */
  previousIssueBody?: (
    scope: string,
    signal: AbortSignal,
    fetch: AfterReport['fetch']
  ) => Promise<string | undefined>
}

/** A platform's words for the report's advice: each finding, and every other sentence (titles, skip reasons). */
export interface Wording {
  finding(f: Finding): Finding
  text(s: string): string
}

export interface AfterReport {
  reportMarkdown: string
  /**
   * What the issue covers (`organization:<org id>`, `project:<project id>[:<issue-key>]`): its marker names it, so
   * runs of other scopes (matrix jobs, environments) never update or close it.
   */
  scope: string
  /** Organization scope: one stable section per target with problems; the issue closes when none is left. */
  sections?: IssueSection[]
  /** Organization scope: the change watch's snapshot, as the issue's hidden block. */
  snapshotBlock?: string
  status: 'pass' | 'warn' | 'fail'
  runUrl?: string
  /** Failing by `fail-on` (exit code 1): the tracking issue opens; otherwise it closes. */
  failing: boolean
  redact: (s: string) => string
  /** The run's deadline: GitHub API calls abort with it, so the run ends within `timeout-seconds`. */
  signal: AbortSignal
  /**
   * The fetch for GitHub's API: the proxy settings honoured and every name lookup abandoned at the deadline (the
   * system's lookup could hold the process past it). Absent: the client's own.
   */
  fetch?: (input: string | URL | Request, init?: RequestInit) => Promise<Response>
  setOutput: (name: string, value: string) => void | Promise<void>
  warn: (title: string, message: string) => void
}

/** One problem (a warning or an error) of a tracking issue's section. */
export interface IssueProblem {
  id: string
  severity: 'error' | 'warning'
  title: string
  seen: string
  fix: string
}

/** Organization scope: one stable section of the tracking issue per target with problems (src/fleet/sections.ts). */
export interface IssueSection {
  /** `kind:id`, stable across runs. */
  key: string
  title: string
  problems: IssueProblem[]
}
