/**
 * Command-line entry: the same engine for GitLab, Jenkins or a terminal. Flags mirror the action's inputs;
 * environment variables ATLAS_PREFLIGHT_<INPUT> and the conventional MONGODB_ATLAS_* / ATLASCLOUD_API_KEY work too.
 */
import { CLI_WORDING, cliVocabulary } from './adapters/cli-wording.js'
import { writeFile } from 'node:fs/promises'
import { parseArgs as nodeParseArgs, type ParseArgsConfig } from 'node:util'
import { parseInput } from './config/parsers.js'
import { INPUTS } from './config/inputs.js'
import type { Adapter } from './platform/adapter.js'
import { VERSION } from './version.js'
import { leaseCommand, leaseCommandProblem } from './lease/commands.js'

/** The engine, loaded once a run is to be made (`--version`, `--help` and usage errors never parse it). */
const engine = () => import('./main.js')

/** The release tarball of this version: how to run the CLI until the package is on npm (docs/releasing.md). */
export const RELEASE_TARBALL = `https://github.com/atlas-preflight/atlas-preflight/releases/download/v${VERSION}/atlas-preflight-${VERSION}.tgz`

export function help(): string {
  const rows = INPUTS.map(
    i =>
      `  --${i.name.padEnd(24)} ${i.description}${i.type.kind === 'bool' ? ' A bare flag means true.' : ''}${i.default && !i.default.startsWith('${{') ? ` (default: ${i.default})` : ''}`
  )
  return [
    `atlas-preflight ${VERSION}: will your MongoDB Atlas and Atlas Cloud AI credentials work from this machine?`,
    '',
    'Usage: atlas-preflight [options]',
    "       atlas-preflight lease release [--lease-id <id>] [options]   end this job's network lease",
    '       atlas-preflight lease audit [--remove] [options]             leases that outlived their own terms',
    '       (see `atlas-preflight lease --help`)',
    '       atlas-preflight fleet plan [--chunks N] [options]            the organization as a job matrix (JSON)',
    "       atlas-preflight fleet merge --plan <plan.json> <report.json…>   merge the chunks' reports (offline)",
    '',
    'Run it without installing (Node 20.18.1 or later; the package is not on npm yet, so `npx atlas-preflight`',
    'does not work): from the release tarball, or from a clone (dist/ is committed: nothing to install):',
    `  npx --yes ${RELEASE_TARBALL} --help`,
    '  git clone --depth 1 --branch v1 https://github.com/atlas-preflight/atlas-preflight && node atlas-preflight/bin/atlas-preflight.js --help',
    '',
    'Options (each also read from the environment as ATLAS_PREFLIGHT_<NAME>, e.g. ATLAS_PREFLIGHT_FAIL_ON):',
    ...rows,
    '  --json                     Print the JSON report instead of the readable report.',
    '  --summary-file <path>      Also write the Markdown summary to a file.',
    '  --debug                    Log each HTTP request (method, host, path, status; never headers).',
    "  --lease-id <id>            The network lease's id (ATLAS_PREFLIGHT_LEASE_ID): give the same to the lease and",
    '                             to `lease release`. Default: the CI job id (GitLab CI_PIPELINE_ID/CI_JOB_ID,',
    '                             Jenkins BUILD_TAG, CircleCI, Buildkite, Azure Pipelines, GitHub Actions).',
    '  --help, --version',
    '',
    'Prefer environment variables for secrets: command-line arguments are visible to other processes.',
    'Conventional variables also work: MONGODB_ATLAS_PUBLIC_API_KEY, MONGODB_ATLAS_PRIVATE_API_KEY,',
    'MONGODB_ATLAS_CLIENT_ID, MONGODB_ATLAS_CLIENT_SECRET, MONGODB_ATLAS_ORG_ID, MONGODB_ATLAS_PROJECT_ID,',
    'MONGODB_ATLAS_BASE_URL, ATLASCLOUD_API_KEY.',
    '',
    'Exit status: 0 when the run passes under --fail-on, 1 when it fails, 2 for a usage error (an unknown option,',
    'a missing value, a stray argument, a value that is not one of the choices, e.g. --fail-on sometimes).',
    '`lease release`: 0 ended (or nothing to end), 1 an entry could not be confirmed removed, 2 usage (no lease id, project or',
    'credential).',
    '',
    'GitLab CI (.gitlab-ci.yml): credentials as masked CI/CD variables, the lease ended whatever happens:',
    '  deploy:',
    '    image: node:24',
    '    variables:',
    `      PREFLIGHT: ${RELEASE_TARBALL}`,
    '    script:',
    '      - npx --yes "$PREFLIGHT" --atlas-project-id "$ATLAS_PROJECT_ID" --lease-network-access --lease-minutes 60',
    '      - ./deploy.sh',
    '    after_script:',
    '      - npx --yes "$PREFLIGHT" lease release --atlas-project-id "$ATLAS_PROJECT_ID"',
    '',
    'Jenkins (Jenkinsfile): credentials from the credentials store, the JSON report archived:',
    "  stage('Preflight') {",
    `    environment { PREFLIGHT = '${RELEASE_TARBALL}'; MONGODB_ATLAS_CLIENT_ID = credentials('atlas-client-id'); MONGODB_ATLAS_CLIENT_SECRET = credentials('atlas-client-secret') }`,
    '    steps { sh \'npx --yes "$PREFLIGHT" --atlas-project-id $ATLAS_PROJECT_ID --report-path preflight.json\' }',
    "    post { always { archiveArtifacts artifacts: 'preflight.json' } }",
    '  }'
  ].join('\n')
}

/** What the command line asked for; `error` is a usage error (exit 2), a sentence that never quotes a value. */
export interface CliArgs {
  inputs: Record<string, string>
  json: boolean
  debug: boolean
  summaryFile?: string
  leaseId?: string
  error?: string
  help?: boolean
  version?: boolean
  /** The arguments that are not options, for a command that takes some (`fleet merge`'s report files). */
  positionals?: string[]
}

/** Inputs that take `true`/`false`: a bare flag means true; `--name true|false` and `--name=true|false` work too. */
const BOOLEAN_INPUTS = new Set(INPUTS.filter(i => i.type.kind === 'bool').map(i => i.name))

/** The CLI's own flags, beside one string option per input (Node's util.parseArgs does the parsing). */
const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
  json: { type: 'boolean' },
  debug: { type: 'boolean' },
  'summary-file': { type: 'string' },
  'lease-id': { type: 'string' },
  ...Object.fromEntries(
    INPUTS.map(i => [i.name, { type: BOOLEAN_INPUTS.has(i.name) ? 'boolean' : 'string' }] as const)
  )
} as const satisfies NonNullable<ParseArgsConfig['options']>

/**
 * A boolean input written the action's way (`--lease-network-access true`, `--export-token=false`) becomes the
 * bare flag util.parseArgs knows, its value kept aside; anything after `--` is left alone.
 */
function splitBooleanValues(argv: string[]): { argv: string[]; values: Record<string, string> } {
  const out: string[] = []
  const values: Record<string, string> = {}
  for (let k = 0; k < argv.length; k++) {
    const arg = argv[k]!
    if (arg === '--') {
      out.push(...argv.slice(k))
      break
    }
    const m = /^--([a-z0-9-]+)(?:=(.*))?$/s.exec(arg)
    if (!m || !BOOLEAN_INPUTS.has(m[1]!)) {
      out.push(arg)
      continue
    }
    const next = argv[k + 1]
    if (m[2] !== undefined) values[m[1]!] = m[2]
    else if (next !== undefined && /^(true|false)$/i.test(next)) {
      values[m[1]!] = next
      k++
    } else values[m[1]!] = 'true'
  }
  return { argv: out, values }
}

/** util.parseArgs's errors in the CLI's words (the option named, never a value: it may be a secret). */
function usageError(err: unknown): string {
  const code = (err as { code?: string }).code
  // Not `instanceof Error`: Node's errors may come from another realm (a test's VM context).
  const message = String((err as { message?: unknown }).message ?? '')
  const option = /'(-[^' ]+)/.exec(message)?.[1] ?? 'an option'
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option ${option} (see --help)`
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE')
    return /argument missing/.test(message)
      ? `${option} needs a value (see --help)`
      : `${option} takes no value (see --help)`
  return `cannot read the arguments (see --help)`
}

/**
 * A choice the CLI can refuse before anything runs (`--fail-on sometimes`, `--checks no-such-check`,
 * `--export-token maybe`): a usage error with the same words as the input's finding, so exit 2.
 */
function badChoice(inputs: Record<string, string>): string | undefined {
  for (const spec of INPUTS) {
    if (!['enum', 'bool', 'check-ids'].includes(spec.type.kind) || inputs[spec.name] === undefined) continue
    const [finding] = parseInput(spec, inputs[spec.name], { allowCustomEndpoints: false }).findings
    if (finding) return cliVocabulary(`${finding.seen} ${finding.fix}`)
  }
  return undefined
}

export function parseArgs(
  argv: string[],
  env: NodeJS.ProcessEnv,
  options: { positionals?: boolean } = {}
): CliArgs {
  const inputs: Record<string, string> = {}
  for (const i of INPUTS) {
    const own = env[`ATLAS_PREFLIGHT_${i.name.toUpperCase().replace(/-/g, '_')}`]
    const conventional = i.env?.map(e => env[e]).find(v => v !== undefined && v !== '')
    const v = own ?? conventional
    if (v !== undefined) inputs[i.name] = v
  }
  const split = splitBooleanValues(argv)
  let parsed
  try {
    parsed = nodeParseArgs({
      args: split.argv,
      options: OPTIONS,
      strict: true,
      allowPositionals: true,
      tokens: true
    })
  } catch (err) {
    return { inputs, json: false, debug: false, error: usageError(err) }
  }
  const { values, tokens } = parsed
  const json = values.json === true
  const debug = values.debug === true
  if (values.help) return { inputs, json, debug, help: true }
  if (values.version) return { inputs, json, debug, version: true }
  const positionals = tokens.flatMap(t => (t.kind === 'positional' ? [t.value] : []))
  const stray = options.positionals ? undefined : tokens.find(t => t.kind === 'positional')
  if (stray) {
    const before = stray.index > 0 ? split.argv[stray.index - 1] : undefined
    const after = before?.startsWith('--') ? ` after ${before.split('=')[0]}` : ''
    return {
      inputs,
      json,
      debug,
      error:
        `unexpected argument${after} (not shown: it may be a secret). Every value follows its option, as in ` +
        '`--fail-on warning` or `--fail-on=warning`; quote a value with spaces. The only commands are ' +
        '`lease release`, `lease audit`, `fleet plan` and `fleet merge` (see --help)'
    }
  }
  for (const i of INPUTS) {
    const v = (values as Record<string, string | boolean | undefined>)[i.name]
    if (typeof v === 'string') inputs[i.name] = v
  }
  Object.assign(inputs, split.values)
  const error = badChoice(inputs)
  const summaryFile = values['summary-file']
  const leaseId = values['lease-id']
  return {
    inputs,
    json,
    debug,
    ...(error !== undefined ? { error } : {}),
    ...(summaryFile !== undefined ? { summaryFile } : {}),
    ...(leaseId !== undefined ? { leaseId } : {}),
    ...(options.positionals ? { positionals } : {})
  }
}

export function cliAdapter(
  args: CliArgs,
  env: NodeJS.ProcessEnv,
  out = process.stdout,
  err = process.stderr
): Adapter {
  return {
    env,
    wording: CLI_WORDING,
    inputs: () => args.inputs,
    mask: () => undefined,
    info: t => (args.json ? undefined : out.write(`${t}\n`)),
    debugging: args.debug,
    debug: t => (args.debug ? err.write(`debug: ${t}\n`) : undefined),
    annotate: () => undefined,
    setOutput(name, value) {
      if (args.json && name === 'report') out.write(`${JSON.stringify(JSON.parse(value), null, 2)}\n`)
    },
    async writeSummary(markdown) {
      if (args.summaryFile) await writeFile(args.summaryFile, markdown, 'utf8')
    },
    writeFile: (p, c) => writeFile(p, c, 'utf8'),
    setExitCode: code => {
      process.exitCode = code
    }
  }
}

export async function main(): Promise<void> {
  if (process.argv[2] === 'fleet') {
    const { fleetCommand } = await import('./fleet-command.js')
    process.exitCode = await fleetCommand(process.argv.slice(3), process.env, {
      parse: (argv, positionals) => parseArgs(argv, process.env, { positionals }),
      adapter: (inputs, json) => cliAdapter({ inputs, json, debug: false }, process.env)
    })
    return
  }
  if (process.argv[2] === 'lease') {
    process.exitCode = await leaseMain(process.argv.slice(3), process.env)
    return
  }
  const args = parseArgs(process.argv.slice(2), process.env)
  if (args.help) {
    process.stdout.write(`${help()}\n`)
    return
  }
  if (args.version) {
    process.stdout.write(`${VERSION}\n`)
    return
  }
  if (args.error) {
    process.stderr.write(`atlas-preflight: ${args.error}\n`)
    process.exitCode = 2
    return
  }
  const { run } = await engine()
  await run(cliAdapter(args, withLeaseId(process.env, args.leaseId)), { consoleReport: !args.json })
}

/** `--lease-id` reaches the lease as ATLAS_PREFLIGHT_LEASE_ID (the lease reads its id from the environment). */
function withLeaseId(env: NodeJS.ProcessEnv, leaseId: string | undefined): NodeJS.ProcessEnv {
  return leaseId ? { ...env, ATLAS_PREFLIGHT_LEASE_ID: leaseId } : env
}

/**
 * `atlas-preflight lease release|audit [--remove] [options]` (src/lease/commands.ts): a plan of the lease check, run
 * by the same engine as every other run. Returns the exit status.
 */
export async function leaseMain(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const cmd = leaseCommand(argv)
  if (cmd.kind === 'help') {
    process.stdout.write(`${cmd.text}\n`)
    return 0
  }
  const args = cmd.kind === 'run' ? parseArgs(cmd.rest, env) : undefined
  const error = cmd.kind === 'usage' ? cmd.error : args?.error
  if (error || !args || cmd.kind !== 'run') {
    process.stderr.write(`atlas-preflight: ${error}\n`)
    return 2
  }
  const leaseEnv = withLeaseId(env, args.leaseId)
  const problem = leaseCommandProblem(cmd.sub, args.inputs, leaseEnv)
  if (problem) {
    process.stderr.write(`atlas-preflight: ${problem}\n`)
    return 2
  }
  const withDefaults = { ...args, inputs: { ...cmd.defaults, ...args.inputs } }
  const { run } = await engine()
  const outcome = await run(cliAdapter(withDefaults, leaseEnv), {
    consoleReport: !args.json,
    registry: cmd.registry
  })
  return outcome.exitCode
}
