/**
 * `atlas-preflight lease release|audit [--remove] [options]`: the end of a network lease for other CIs'
 * after_script/post stages, and the cleanup. Each is a plan of one check (phase.ts) that the CLI runs with the same
 * engine, reporters and exit policy as every other run (`--json`, `--summary-file`, `--report-path`, `--fail-on`).
 * This module reads the sub-command and says, in the CLI's words, what is missing; src/cli.ts runs the plan.
 */
import type { Check } from '../check-support/check.js'
import { leaseIdentity } from './marker.js'
import { leaseCheck } from './phase.js'

export type LeaseCommand =
  | { kind: 'help'; text: string }
  | { kind: 'usage'; error: string }
  | {
      kind: 'run'
      sub: 'release' | 'audit'
      /** The options left for the CLI's own parser. */
      rest: string[]
      registry: readonly Check[]
      /** Inputs this command defaults differently from a run (given flags or variables win). */
      defaults: Record<string, string>
    }

const USAGE = [
  "Usage: atlas-preflight lease release [--lease-id <id>] [options]   end this job's network lease",
  '       atlas-preflight lease audit [--remove] [options]             leases that outlived their own terms'
]

export const LEASE_HELP = [
  ...USAGE,
  '',
  'The project and an Atlas credential, as flags or environment variables:',
  '  --atlas-project-id <id>     or ATLAS_PREFLIGHT_ATLAS_PROJECT_ID / MONGODB_ATLAS_PROJECT_ID',
  '  service account             MONGODB_ATLAS_CLIENT_ID and MONGODB_ATLAS_CLIENT_SECRET',
  '  API key                     MONGODB_ATLAS_PUBLIC_API_KEY and MONGODB_ATLAS_PRIVATE_API_KEY',
  'Also: --json, --summary-file <path>, --report-path <path>, --fail-on, --timeout-seconds, --debug (see --help).',
  '',
  'See `atlas-preflight lease release --help` and `atlas-preflight lease audit --help`.'
].join('\n')

export const RELEASE_HELP = [
  USAGE[0]!.replace('       ', ''),
  '',
  "Ends this job's network lease: every entry of the project's network access list that is this tool's lease",
  "(one address, with its marker and a deleteAfterDate) and carries this job's lease id. This job's tag is removed;",
  'the entry is deleted when no other job holds it, and reported removed only once a fresh read no longer lists it.',
  "Entries that are not leases (wider than one address, permanent, another tool's) are never touched.",
  '',
  '  --lease-id <id>   the id the lease was taken with (ATLAS_PREFLIGHT_LEASE_ID). Default: the CI job id',
  '                    (GitLab, Jenkins, CircleCI, Buildkite, Azure Pipelines, GitHub Actions).',
  '',
  'Exit status: 0 ended (or nothing to end); 1 an entry could not be confirmed removed (a warning: Atlas removes',
  'it at its deleteAfterDate; --fail-on error makes it 0); 2 usage (no project, credential or lease id).'
].join('\n')

export const AUDIT_HELP = [
  USAGE[1]!.replace('       ', ''),
  '',
  "Reads the project's network access list and reports leases of this tool whose own deleteAfterDate has passed,",
  "entries that carry the lease marker but are not leases any more, and other tools' permanent entries. With",
  '--remove, the stale leases of this tool are removed (each re-read first, confirmed by a fresh read). A live',
  'lease is never removed, whatever its age: its own deleteAfterDate says when it ends. Nothing else is touched.',
  '',
  'Exit status: under --fail-on (default error): 0 unless the list could not be read; 2 usage.'
].join('\n')

/** The sub-command and its own flags; the rest goes to the CLI's parser. */
export function leaseCommand(argv: readonly string[]): LeaseCommand {
  const [sub, ...rest] = argv
  const help = rest.includes('--help') || rest.includes('-h')
  if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help')
    return { kind: 'help', text: LEASE_HELP }
  if (sub !== 'release' && sub !== 'audit')
    return {
      kind: 'usage',
      error: `unknown lease command "${sub.startsWith('-') ? sub : sub.slice(0, 20)}": use \`lease release\` or \`lease audit\` (see \`atlas-preflight lease --help\`)`
    }
  if (help) return { kind: 'help', text: sub === 'release' ? RELEASE_HELP : AUDIT_HELP }
  const remove = rest.includes('--remove')
  if (remove && sub !== 'audit')
    return {
      kind: 'usage',
      error: '--remove goes with `lease audit` (see `atlas-preflight lease audit --help`)'
    }
  return {
    kind: 'run',
    sub,
    rest: rest.filter(a => a !== '--remove'),
    registry: [
      leaseCheck(sub === 'release' ? { kind: 'release' } : { kind: 'audit', remove, command: true })
    ],
    // An entry that could not be confirmed removed is a warning; `lease release` exits 1 on it unless told otherwise.
    defaults: sub === 'release' ? { 'fail-on': 'warning' } : {}
  }
}

const CREDENTIAL_INPUTS = [
  ['atlas-client-id', 'atlas-client-secret'],
  ['atlas-public-key', 'atlas-private-key']
] as const

/**
 * What the command is missing, in CLI words (flags and variables), or undefined. `inputs` as the CLI parsed them
 * (flags, ATLAS_PREFLIGHT_* and the conventional MONGODB_ATLAS_* variables), `env` with any `--lease-id` applied.
 */
export function leaseCommandProblem(
  sub: 'release' | 'audit',
  inputs: Readonly<Record<string, string>>,
  env: Readonly<Record<string, string | undefined>>
): string | undefined {
  const given = (n: string) => (inputs[n] ?? '').trim() !== ''
  if (!given('atlas-project-id'))
    return `\`lease ${sub}\` needs the project: pass --atlas-project-id <id> or set ATLAS_PREFLIGHT_ATLAS_PROJECT_ID (or MONGODB_ATLAS_PROJECT_ID).`
  if (!CREDENTIAL_INPUTS.some(pair => pair.every(given)))
    return `\`lease ${sub}\` needs an Atlas credential: set MONGODB_ATLAS_CLIENT_ID and MONGODB_ATLAS_CLIENT_SECRET (a service account) or MONGODB_ATLAS_PUBLIC_API_KEY and MONGODB_ATLAS_PRIVATE_API_KEY (an API key), or pass --atlas-client-id/--atlas-client-secret.`
  if (sub === 'release' && !leaseIdentity(env))
    return '`lease release` needs the lease id the lease was taken with: pass --lease-id <id> or set ATLAS_PREFLIGHT_LEASE_ID (in GitLab, Jenkins, CircleCI, Buildkite, Azure Pipelines and GitHub Actions the CI job id is used by itself).'
  return undefined
}
