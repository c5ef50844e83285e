/**
 * Findings are written for the GitHub Action (`atlas-project-id`, `${{ secrets.X }}`, workflows, forks). Run as the
 * CLI, the same advice must name flags and environment variables. The report is reworded once, before any writer
 * sees it, in two steps:
 * 1. By finding id and field: the few fields whose Action wording has no CLI equivalent (forks, Dependabot,
 *    workflow logs) are replaced by the CLI's own text. Keyed by id, never by sentence: rewording the Action's text
 *    cannot silently stop this (a test holds every key to a declared id, and every declared text to no GitHub-only
 *    words after rewording).
 * 2. Vocabulary, in every finding field and skip reason: an input (`atlas-project-id`) becomes its flag
 *    (`--atlas-project-id`), a `with:` line (`name: value`) the flag and its value, `${{ secrets.X }}` the
 *    variable `$X`.
 */
import type { Finding } from '../core/finding.js'
import { CREDENTIAL_VARIABLES, INPUTS } from '../config/inputs.js'
import type { Wording } from '../platform/adapter.js'

const NAMES = new Set(INPUTS.map(i => i.name))

const EMPTY_IN_THIS_JOB =
  'check that its variables are defined for this branch or pipeline (protected or masked variables are often limited to protected branches)'

export type FindingField = 'title' | 'seen' | 'fix'

/** The input a finding is about (`data.input`, set by the parsers and the secrets check). */
const inputOf = (f: Finding): string =>
  typeof f.data?.['input'] === 'string' ? f.data['input'] : 'the input'

/** By finding id, then field: the CLI's own words where the Action's speak only of GitHub. */
export const CLI_FINDING_WORDS: Readonly<
  Record<string, Readonly<Partial<Record<FindingField, (f: Finding) => string>>>>
> = {
  'secrets/no-credentials': {
    fix: () =>
      `Pass the credentials to check in environment variables, e.g. ATLAS_PREFLIGHT_ATLAS_CLIENT_ID and ATLAS_PREFLIGHT_ATLAS_CLIENT_SECRET, or the variables the Atlas CLI and Terraform read (${CREDENTIAL_VARIABLES.join(', ')}). If your CI sets them, they are empty in this job: ${EMPTY_IN_THIS_JOB}.`
  },
  'secrets/half-pair': {
    fix: f =>
      `Set \`${inputOf(f)}\` (if your CI sets it, the variable is empty or not available to this job: ${EMPTY_IN_THIS_JOB}).`
  },
  'atlas-database-user/credential-as-user': {
    fix: () =>
      'Set `database-user` to the database user your deploy connects as (Atlas → Database Access), and rotate the credential if this job log is shared. Database users are not Atlas API keys or service accounts: those manage Atlas and cannot log in to a cluster.'
  }
}

/** Step 2: the Action's vocabulary (inputs, `with:` lines, secrets) as flags and variables. */
export function cliVocabulary(text: string): string {
  // `name: value` (a `with:` line) → `--name value`; `${{ secrets.X }}` and `${{ vars.X }}` → `$X`.
  let out = text.replace(/\$\{\{\s*(?:secrets|vars)\.([A-Za-z0-9_]+)\s*\}\}/g, '$$$1')
  out = out.replace(/`([a-z0-9-]+): ([^`]+)`/g, (all, name: string, value: string) =>
    NAMES.has(name) ? `\`--${name} ${value}\`` : all
  )
  // `name` → `--name` (or its ATLAS_PREFLIGHT_* variable, which the help names).
  out = out.replace(/`([a-z0-9-]+)`/g, (all, name: string) => (NAMES.has(name) ? `\`--${name}\`` : all))
  // A bare hyphenated input name outside code spans (`no ai-api-key given`) → `--ai-api-key`.
  return out.replace(
    /(^|[\s(])([a-z0-9]+(?:-[a-z0-9]+)+)(?=$|[\s),.:;])/g,
    (all, lead: string, name: string) => (NAMES.has(name) ? `${lead}--${name}` : all)
  )
}

/** One finding in the CLI's words: its keyed fields replaced, then every field's vocabulary. */
export function cliFinding(f: Finding): Finding {
  const own = CLI_FINDING_WORDS[f.id] ?? {}
  const field = (name: FindingField) => cliVocabulary(own[name]?.(f) ?? f[name])
  return { ...f, title: field('title'), seen: field('seen'), fix: field('fix') }
}

/** The CLI's words, applied by the engine to the whole report once, before any writer (report/model.ts). */
export const CLI_WORDING: Wording = { finding: cliFinding, text: cliVocabulary }
