/**
 * Findings are written for the GitHub Action (`atlas-project-id`, `${{ secrets.X }}`, workflows, forks). Run as the
 * CLI, the same advice must name flags and environment variables: this rewrites the report's text once, before any
 * writer sees it, from one table of the Action's vocabulary and its CLI equivalent.
 */
import { INPUTS } from '../config/inputs.js'

const NAMES = new Set(INPUTS.map(i => i.name))

/** Whole phrases that only make sense on GitHub, and what a terminal or another CI user should read instead. */
const PHRASES: readonly [RegExp, string][] = [
  [
    /If they are set in the workflow, the secrets are empty here: secrets are not passed to workflows from forks or to Dependabot runs, and environment secrets need the job to name its `environment:`\./g,
    'If your CI sets them, they are empty in this job: check that its variables are defined for this branch or pipeline (protected or masked variables are often limited to protected branches).'
  ],
  [
    /\(if it is set in the workflow, the secret behind it is empty or not available to this workflow: secrets are not passed to workflows from forks or to Dependabot runs\)/g,
    '(if your CI sets it, the variable is empty or not available to this job)'
  ],
  [/this workflow log/g, 'this job log']
]

export function cliWording(text: string): string {
  let out = text
  for (const [pattern, replacement] of PHRASES) out = out.replace(pattern, replacement)
  // `name: value` (a `with:` line) → `--name value`; `${{ secrets.X }}` and `${{ vars.X }}` → `$X`.
  out = out.replace(/\$\{\{\s*(?:secrets|vars)\.([A-Za-z0-9_]+)\s*\}\}/g, '$$$1')
  out = out.replace(/`([a-z0-9-]+): ([^`]+)`/g, (all, name: string, value: string) =>
    NAMES.has(name) ? `\`--${name} ${value}\`` : all
  )
  // `name` → `--name` (or its ATLAS_PREFLIGHT_* variable, which the help names).
  return out.replace(/`([a-z0-9-]+)`/g, (all, name: string) => (NAMES.has(name) ? `\`--${name}\`` : all))
}
