/** What the engine needs from where it runs (GitHub runner or a terminal). Only adapters know their platform. */
import type { Severity } from '../core/finding.js'
import type { RawInputs } from '../config/config.js'

export interface Adapter {
  /** A link to this run (GitHub Actions), for the summary footer and the tracking issue. */
  readonly runUrl?: string
  inputs(): RawInputs
  env: Readonly<Record<string, string | undefined>>
  /** Mask a secret in the platform's logs (GitHub's add-mask); writers redact it themselves as well. */
  mask(secret: string): void
  info(text: string): void
  debug(text: string): void
  annotate(severity: Severity, title: string, message: string): void
  setOutput(name: string, value: string): void
  writeSummary(markdown: string): Promise<void>
  writeFile(path: string, content: string): Promise<void>
  setExitCode(code: number): void
  /** Extra work after the report (the tracking issue). */
  afterReport?: (ctx: AfterReport) => Promise<void>
}

export interface AfterReport {
  reportMarkdown: string
  status: 'pass' | 'warn' | 'fail'
  runUrl?: string
  /** Failing by `fail-on` (exit code 1): the tracking issue opens; otherwise it closes. */
  failing: boolean
  redact: (s: string) => string
  /** The run's deadline: GitHub API calls abort with it, so the run ends within `timeout-seconds`. */
  signal: AbortSignal
  setOutput: (name: string, value: string) => void
  warn: (title: string, message: string) => void
}
