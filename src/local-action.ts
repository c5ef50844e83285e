/**
 * Entry for `@github/local-action` (`npm run local-action`): it imports this module with `@actions/core` stubbed
 * and calls the exported zero-argument `run`. The same engine and GitHub adapter as dist/index.js; the exit status
 * (which local-action does not read) is reported through `core.setFailed` instead.
 */
import * as core from '@actions/core'
import { run as runPreflight } from './main.js'
import { githubAdapter } from './adapters/github.js'

export async function run(): Promise<void> {
  // The adapter writes through the stubbed @actions/core, which local-action shows (outputs, summary, annotations).
  const { exitCode, report } = await runPreflight(
    githubAdapter(process.env, { ...core, jobSummary: async () => core.summary })
  )
  if (exitCode !== 0) core.setFailed(`atlas-preflight: ${report.status} (see the findings above)`)
}
