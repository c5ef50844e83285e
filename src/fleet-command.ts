/**
 * `atlas-preflight fleet plan [--chunks N] [options]` and `atlas-preflight fleet merge --plan <plan.json>
 * <report.json…> [options]`. Entry-level (it runs the engine for the merge): the CLI hands it its own argument
 * parser and adapter at the dispatch point. `plan` prints only the JSON matrix on stdout (problems on stderr).
 */
import type { Adapter } from './platform/adapter.js'
import { parseConfig } from './config/config.js'
import { buildServices } from './services.js'
import { Deadline } from './http/deadline.js'
import { runRedactor } from './trust/guarded-run.js'
import { safeText } from './core/untrusted.js'
import { run } from './main.js'
import { chunkTargets, listTargets, MAX_MATRIX } from './fleet/plan.js'

export interface FleetCommandDeps {
  /** The CLI's own option parser (inputs as flags and variables); with `positionals`, the other arguments too. */
  parse(
    argv: string[],
    positionals?: boolean
  ): { inputs: Record<string, string>; error?: string; json?: boolean; positionals?: string[] }
  /** The CLI's adapter for the merge run. */
  adapter(inputs: Record<string, string>, json: boolean): Adapter
  out?: NodeJS.WritableStream
  err?: NodeJS.WritableStream
}

export async function fleetCommand(
  argv: string[],
  env: NodeJS.ProcessEnv,
  deps: FleetCommandDeps
): Promise<number> {
  const out = deps.out ?? process.stdout
  const err = deps.err ?? process.stderr
  // A CI log line: made inert in both workflow-command forms, whatever the text (callers redact it first).
  const fail = (why: string, code = 2) => {
    err.write(`atlas-preflight: ${safeText(why)}\n`)
    return code
  }
  const [sub, ...rest] = argv
  if (sub === 'plan') {
    let chunks: number | undefined
    const i = rest.findIndex(a => a === '--chunks' || a.startsWith('--chunks='))
    if (i >= 0) {
      const raw = rest[i]!.includes('=') ? rest[i]!.split('=')[1] : rest[i + 1]
      rest.splice(i, rest[i]!.includes('=') ? 1 : 2)
      chunks = Number(raw)
      if (!Number.isSafeInteger(chunks) || chunks < 1 || chunks > MAX_MATRIX)
        return fail(`--chunks takes a whole number from 1 to ${MAX_MATRIX}`)
    }
    const args = deps.parse(rest)
    if (args.error) return fail(args.error)
    return plan(args.inputs, chunks, env, out, fail)
  }
  if (sub === 'merge') {
    const i = rest.findIndex(a => a === '--plan' || a.startsWith('--plan='))
    if (i < 0) return fail('fleet merge needs --plan <plan.json> (the matrix `fleet plan` printed)')
    const planPath = rest[i]!.includes('=') ? rest[i]!.slice('--plan='.length) : rest[i + 1]
    rest.splice(i, rest[i]!.includes('=') ? 1 : 2)
    // The report files are the arguments that are not options (an option's value, as in `--fail-on warning`, is not).
    const args = deps.parse(rest, true)
    if (args.error) return fail(args.error)
    const files = args.positionals ?? []
    if (!planPath) return fail('--plan needs a file')
    const outcome = await run(
      deps.adapter(
        { ...args.inputs, 'fleet-plan': planPath, 'merge-reports': files.join('\n') },
        !!args.json
      ),
      { consoleReport: !args.json }
    )
    return outcome.exitCode
  }
  return fail('use `fleet plan [--chunks N]` or `fleet merge --plan <plan.json> <report.json…>` (see --help)')
}

async function plan(
  inputs: Record<string, string>,
  chunks: number | undefined,
  env: NodeJS.ProcessEnv,
  out: NodeJS.WritableStream,
  fail: (why: string, code?: number) => number
): Promise<number> {
  // The run's own redactor (trust/guarded-run.ts): every secret input, and the connection string's password.
  const redactor = runRedactor(inputs)
  const { config, findings } = parseConfig(inputs)
  const bad = findings.find(f => f.severity === 'error')
  if (bad) return fail(redactor.redact(`${bad.title}: ${bad.seen}`))
  const deadline = new Deadline(config.timeoutSeconds * 1000)
  const services = buildServices(config, { deadline, redactor, onSecret: () => undefined, env })
  try {
    const atlas = services.atlas
    if (!atlas) return fail('fleet plan needs an Atlas credential (an API key or a service account)')
    let orgId = config.atlas.orgId
    if (!orgId) {
      const orgs = await atlas.orgs()
      if (!orgs.ok || orgs.data.results.length !== 1)
        return fail('give --atlas-org-id: the credential did not name exactly one organization', 1)
      orgId = orgs.data.results[0]!.id
    }
    const listed = await listTargets(atlas, orgId)
    if (!listed.ok) return fail(redactor.redact(listed.problem), 1)
    out.write(`${JSON.stringify(chunkTargets(listed.targets, chunks))}\n`)
    return 0
  } finally {
    deadline.dispose()
    await services.http.close()
  }
}
