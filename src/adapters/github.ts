/**
 * The GitHub runner adapter. It speaks to the runner through `@actions/core`'s functions: by default the ones
 * src/adapters/actions-core.ts takes from core's own modules; `npm run local-action` passes `@actions/core` itself
 * (stubbed by @github/local-action) through src/local-action.ts.
 */
import * as actionsCore from './actions-core.js'
import { writeFile } from 'node:fs/promises'
import type { Adapter } from '../platform/adapter.js'
import { INPUTS } from '../config/inputs.js'
import type { RawInputs } from '../config/config.js'
import { fillFromEnvironment } from '../config/environment.js'

/** The `@actions/core` functions the adapter uses (the package's own functions satisfy it). */
export type RunnerCommands = typeof actionsCore

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
      await core.summary.addRaw(markdown).write()
    },
    writeFile: (p, c) => writeFile(p, c, 'utf8'),
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
