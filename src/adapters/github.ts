/**
 * The GitHub runner adapter. It speaks to the runner through `@actions/core`'s functions: by default the ones
 * src/adapters/actions-core.ts takes from core's own modules; `npm run local-action` passes `@actions/core` itself
 * (stubbed by @github/local-action) through src/local-action.ts.
 */
import * as actionsCore from './actions-core.js'
import type { Adapter } from '../platform/adapter.js'
import { INPUTS } from '../config/inputs.js'
import type { RawInputs } from '../config/config.js'
import { fillFromEnvironment } from '../config/environment.js'

/**
 * The `@actions/core` functions the adapter uses: the package's own satisfy it, with `jobSummary` returning its
 * `summary` (src/local-action.ts); src/adapters/actions-core.ts's load the file writers late (see there).
 */
type AnnotationProperties = Parameters<typeof actionsCore.error>[1]

export interface RunnerCommands {
  getInput(name: string, options?: { trimWhitespace?: boolean }): string
  setSecret(secret: string): void
  info(message: string): void
  debug(message: string): void
  error(message: string, properties?: AnnotationProperties): void
  warning(message: string, properties?: AnnotationProperties): void
  notice(message: string, properties?: AnnotationProperties): void
  setOutput(name: string, value: unknown): void | Promise<void>
  saveState(name: string, value: unknown): void | Promise<void>
  getState(name: string): string
  isDebug(): boolean
  jobSummary(): Promise<{ addRaw(text: string): { write(): Promise<unknown> } }>
  preload?(): void
}

/** Node's file API, loaded with the first file written (or by `preload`): a run's start does not need it. */
let fsPromises: Promise<typeof import('node:fs/promises')> | undefined
const fs = () => (fsPromises ??= import('node:fs/promises'))

export function githubAdapter(
  env: NodeJS.ProcessEnv = process.env,
  core: RunnerCommands = actionsCore
): Adapter {
  let sources: Record<string, string> = {}
  return {
    runUrl:
      env['GITHUB_SERVER_URL'] && env['GITHUB_REPOSITORY'] && env['GITHUB_RUN_ID']
        ? `${env['GITHUB_SERVER_URL']}/${env['GITHUB_REPOSITORY']}/actions/runs/${env['GITHUB_RUN_ID']}`
        : undefined,
    // The action's own repository and ref (set by the runner for `uses: owner/repo@ref`; empty for `uses: ./`).
    troubleshootingUrl:
      env['GITHUB_ACTION_REPOSITORY'] && env['GITHUB_ACTION_REF']
        ? `${env['GITHUB_SERVER_URL'] || 'https://github.com'}/${env['GITHUB_ACTION_REPOSITORY']}/blob/${env['GITHUB_ACTION_REF']}/docs/troubleshooting.md`
        : undefined,
    env,
    inputs(): RawInputs {
      const given: Record<string, string> = {}
      // Untrimmed, so the secrets check can see a trailing newline or spaces.
      for (const i of INPUTS) given[i.name] = core.getInput(i.name, { trimWhitespace: false })
      const filled = fillFromEnvironment(given, env)
      sources = filled.sources
      return filled.inputs
    },
    get inputSources() {
      return sources
    },
    mask: s => core.setSecret(s),
    // The runner shows debug lines only in a step with debug logging on; it drops the others. core's own test (so
    // that @github/local-action, which decides it from ACTIONS_STEP_DEBUG, shows them when asked).
    debugging: core.isDebug(),
    info: t => core.info(t),
    debug: t => core.debug(t),
    annotate(severity, title, message) {
      const props = { title }
      if (severity === 'error') core.error(message, props)
      else if (severity === 'warning') core.warning(message, props)
      else core.notice(message, props)
    },
    setOutput: (n, v) => core.setOutput(n, v),
    async writeSummary(markdown) {
      if (!env['GITHUB_STEP_SUMMARY']) return
      await (await core.jobSummary()).addRaw(markdown).write()
    },
    writeFile: async (p, c) => (await fs()).writeFile(p, c, 'utf8'),
    preload() {
      core.preload?.()
      fs().catch(() => undefined)
    },
    setExitCode: code => {
      process.exitCode = code
    },
    saveState: (name, value) => core.saveState(name, value),
    getState: name => core.getState(name),
    async afterReport(ctx) {
      const { trackingIssue } = await import('../github/tracking-issue.js')
      await trackingIssue(ctx, env, core.getInput('github-token'))
    },
    async previousIssueBody(scope, signal, fetch) {
      const { openIssueBody } = await import('../github/tracking-issue.js')
      return openIssueBody(env, core.getInput('github-token'), scope, signal, fetch)
    }
  }
}
