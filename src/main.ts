/**
 * run(adapter): inputs → config → plan → runner → findings → reporters → exit status. The same engine serves the
 * GitHub Action and the CLI; only the adapter differs.
 */
import type { Adapter } from './platform/adapter.js'
import { parseConfig, type Config } from './config/config.js'
import { sourcesFinding } from './config/environment.js'
import { exitCodeFor, applyIgnore, checkStatus, runStatus } from './core/policy.js'
import type { Finding } from './core/finding.js'
import { makePlan } from './plan.js'
import { runChecks } from './runner.js'
import { REGISTRY } from './checks/index.js'
import type { Check, CheckResult } from './check-support/check.js'
import type { Services } from './services.js'
import { VERSION } from './version.js'
import { Deadline } from './http/deadline.js'
import { guardValue } from './trust/guard.js'
import { guardedRun } from './trust/guarded-run.js'
import type { Report } from './report/model.js'
import { HttpClient, describeHttpEvent, type HttpClientOptions } from './http/client.js'
import { Wire } from './http/wire.js'
import type { NetOptions } from './net/prober.js'
import { testNetOptions } from './net/test-hooks.js'
import { endAtlasSession } from './atlas/session.js'
import { runPhase, withLeasePhase } from './lease/phase.js'
import type { Snapshot } from './fleet/snapshot.js'
import { issueScope } from './fleet/issue-scope.js'
import type { AtlasAuthData } from './checks/atlas-auth.js'
import type { CheckId } from './core/check-ids.js'

/** Organization scope runs these checks (the credential and its organization), then the fleet scan. */
const ORGANIZATION_CHECKS: readonly CheckId[] = ['secrets', 'atlas-auth']

/** Organization scope's code, loaded only by the runs that need it (a project-scope run's start-up stays lean). */
const organizationScope = () => import('./fleet/for-engine.js')

/** The report's code, loaded while the first requests travel (the runner's `whileWaiting`), not before them. */
let reportModule: Promise<typeof import('./report/publishing.js')> | undefined
const reportCode = () => (reportModule ??= import('./report/publishing.js'))

export interface RunOptions {
  /** Tests and the benchmark tune the HTTP layer (e.g. backoff) through this. */
  http?: Partial<HttpClientOptions>
  /** Console report on stdout (false when the CLI prints JSON). */
  consoleReport?: boolean
  /** Tests point the cluster probes' resolver and CA at a sandbox through this (never a user input). */
  net?: NetOptions
  /**
   * The checks a command plans (`lease release`, `lease audit`, the post step: src/lease/phase.ts); default: every
   * registered check, with the lease's phase decided from the inputs and the CI's event.
   */
  registry?: readonly Check[]
  /**
   * The action's post step: its own short summary section, no outputs, no report file, no tracking issue, and an
   * exit status of 0 (a lease that could not be ended is a warning).
   */
  post?: boolean
}

export interface RunOutcome {
  report: Report
  exitCode: number
  services: Services
}

/** Time kept back from the checks for the tracking issue, so the whole run still ends within `timeout-seconds`. */
export function issueReserveMs(totalMs: number): number {
  return Math.min(5000, Math.round(totalMs / 4))
}

export async function run(platform: Adapter, options: RunOptions = {}): Promise<RunOutcome> {
  const startedAt = new Date()
  const raw = platform.inputs()
  // Every secret masked before anything can print; every writer from here on redacts, then sanitises.
  const { adapter, redactor } = guardedRun(platform, raw)

  const parsed = parseConfig(raw)
  const { config } = parsed
  const fromEnvironment = sourcesFinding(platform.inputSources ?? {})
  const inputFindings = fromEnvironment ? [fromEnvironment, ...parsed.findings] : parsed.findings
  const inputErrors = inputFindings.some(f => f.severity === 'error')
  // One deadline for the run. The checks get all of it, less a reserve for the tracking issue when one is asked for.
  const runDeadline = new Deadline(config.timeoutSeconds * 1000)
  const issueAsked = config.openIssue && adapter.afterReport !== undefined && !options.post
  const deadline = issueAsked ? new Deadline(runDeadline.ms - issueReserveMs(runDeadline.ms)) : runDeadline
  // Debug lines are built only where the platform shows them (the guard drops any other).
  const debugLines = platform.debugging !== false
  // Building the services does no I/O: checks that apply find the clients they need. A run stopped by its inputs
  // sends nothing (only `secrets` runs), so it gets the HTTP layer alone and never loads the API clients.
  const services: Services = inputErrors
    ? {
        http: new HttpClient({
          deadline,
          trustedOrigins: new Set(),
          userAgent: `atlas-preflight/${VERSION}`,
          redact: t => redactor.redact(t)
        }),
        redactor,
        onSecret: s => adapter.mask(s)
      }
    : (await import('./services.js')).buildServices(config, {
        deadline,
        redactor,
        onSecret: s => adapter.mask(s),
        ...(debugLines ? { onHttpEvent: e => adapter.debug(describeHttpEvent(e)) } : {}),
        http: options.http,
        net: options.net,
        env: adapter.env
      })
  let results: CheckResult[] = []
  // GitHub's API before the report (the change watch's previous snapshot), made when first asked for.
  let githubEarly: Wire | undefined
  const github = () => (githubEarly ??= githubWire(deadline, options, adapter.env))
  try {
    const organization = config.scope === 'organization'
    const merging = config.mergeReports !== undefined
    const blockedBy = inputErrors ? 'the inputs are invalid: fix them first (see inputs)' : undefined
    // The merge job reads no API: only the chunks' reports (offline, no credential).
    const plan = makePlan(
      config,
      options.registry ??
        (merging
          ? []
          : organization
            ? REGISTRY.filter(c => ORGANIZATION_CHECKS.includes(c.id))
            : withLeasePhase(REGISTRY, runPhase(config, adapter.env))),
      blockedBy
    )
    results = await runChecks(plan, {
      deadline,
      ignore: config.ignore,
      context: {
        config,
        services,
        now: () => new Date(),
        env: adapter.env,
        // The network lease hands its entry to the post step this way (only where there is a post step), through
        // the writer boundary like every other write.
        ...(adapter.saveState ? { saveState: (n: string, v: string) => adapter.saveState!(n, v) } : {})
      },
      ...(debugLines ? { onStart: (c: Check) => adapter.debug(`start ${c.id}`) } : {}),
      // The writers' and the report's code load while the first requests travel, not before them, and the redactor
      // indexes the secret inputs then.
      whileWaiting: () => {
        // The secrets' indexes too (built at the first redaction otherwise): nothing printed before the first request.
        redactor.prepare()
        adapter.preload?.()
        // Awaited after the checks: a module that cannot load fails the run there, not here.
        reportCode().catch(() => undefined)
      }
    })
    if (merging && !inputErrors) {
      const { mergeFromFiles, previousSnapshot } = await organizationScope()
      results.push(
        await mergeFromFiles(config.fleetPlan, config.mergeReports!, {
          ignore: config.ignore,
          secretExpiryDays: config.secretExpiryDays,
          now: new Date(),
          signal: deadline.signal,
          previous: async orgId => {
            const text = await previousSnapshotText(config, platform, orgId, deadline, github)
            return previousSnapshot(text, orgId)?.snapshot
          }
        })
      )
    } else if (organization) {
      const auth = results.find(r => r.id === 'atlas-auth')
      const authData = auth?.data as AtlasAuthData | undefined
      const { runFleet } = await organizationScope()
      results.push(
        await runFleet({
          atlas: services.atlas,
          orgId: config.atlas.orgId ?? authData?.orgId,
          targets: config.targets,
          selfClientId: config.atlas.clientId,
          secretExpiryDays: config.secretExpiryDays,
          ignore: config.ignore,
          signal: deadline.signal,
          now: () => new Date(),
          previous: orgId => previousSnapshotText(config, platform, orgId, deadline, github),
          blocked:
            blockedBy ??
            (auth === undefined
              ? 'no Atlas credential given'
              : auth.status === 'fail' || auth.status === 'skipped' || authData?.blocked
                ? 'atlas-auth did not pass'
                : undefined)
        })
      )
    }
    const ended = inputErrors || merging ? undefined : await endAtlasSession(config, services.tokens)
    if (ended) results = results.map(r => (r.id === 'atlas-auth' ? withFinding(r, ended) : r))
  } finally {
    await githubEarly?.close()
    if (deadline !== runDeadline) deadline.dispose()
  }

  if (inputFindings.length > 0) results.unshift(inputsResult(inputFindings, config))

  const { buildReport, reworded, computeOutputs } = await reportCode()
  const status = runStatus(results.map(r => r.status))
  const exitCode = options.post ? 0 : exitCodeFor(status, config.failOn)
  const outputs = computeOutputs(results, status, { lease: config.lease.enabled })
  const built = guardValue(
    buildReport({
      results,
      status,
      exitCode,
      startedAt,
      durationMs: Date.now() - startedAt.getTime(),
      policy: { failOn: config.failOn, ignore: [...config.ignore], timeoutSeconds: config.timeoutSeconds },
      outputs
    }),
    redactor
  )
  // The advice in the platform's words (the CLI names flags and variables), once, before any writer.
  const report = platform.wording ? reworded(built, platform.wording) : built

  try {
    await publish(adapter, report, config, options, runDeadline, s => redactor.redact(s))
  } finally {
    runDeadline.dispose()
  }
  // The one value that must leave whole: the token the user asked for (masked on the runner when it was minted).
  const token = config.exportToken && !options.post ? services.tokens?.current() : undefined
  if (token) await platform.setOutput('access-token', token)
  await services.http.close()
  adapter.setExitCode(exitCode)
  return { report, exitCode, services }
}

/**
 * The previous snapshot's text for the change watch: the report `previous-report` names (read whole, up to the size
 * organization scope reads), else this scope's open tracking issue when `open-issue` is on, read through the run's
 * GitHub fetch. Untrusted: parsed strictly by src/fleet/snapshot.ts.
 */
async function previousSnapshotText(
  config: Config,
  platform: Adapter,
  orgId: string,
  deadline: Deadline,
  github: () => Wire
): Promise<{ report?: string; issueBody?: string }> {
  if (config.previousReport) {
    const { readBounded } = await organizationScope()
    const report = await readBounded(config.previousReport, deadline.signal)
    return report === undefined ? {} : { report }
  }
  if (config.openIssue && platform.previousIssueBody) {
    const scope = issueScope('organization', { orgId })
    const body = await platform.previousIssueBody(scope, deadline.signal, github().fetch)
    return body === undefined ? {} : { issueBody: body }
  }
  return {}
}

/** The fetch for GitHub's API, on `deadline`: proxies honoured, name lookups abandoned at the deadline. */
function githubWire(deadline: Deadline, options: RunOptions, env: Adapter['env']): Wire {
  return new Wire({
    signal: deadline.signal,
    remainingMs: () => deadline.remainingMs(),
    env: process.env,
    lookup: (options.net ?? testNetOptions(env))?.dns
  })
}

function fleetSnapshot(report: Report): Snapshot | undefined {
  const data = report.checks.find(c => c.id === 'fleet')?.data as { snapshot?: Snapshot } | undefined
  return data?.snapshot
}

/** A result with one more finding, its status recomputed (a skipped check stays skipped). */
function withFinding(result: CheckResult, f: Finding): CheckResult {
  const findings = [...result.findings, f]
  return { ...result, findings, status: result.status === 'skipped' ? 'skipped' : checkStatus(findings) }
}

function inputsResult(findings: Finding[], config: Config): CheckResult {
  const f = applyIgnore(findings, config.ignore)
  return {
    id: 'inputs',
    title: 'Inputs',
    status: checkStatus(f),
    findings: f,
    data: {},
    outputs: {},
    durationMs: 0
  }
}

/** `adapter` is the guarded one: every string below is redacted and sanitised on its way out. */
async function publish(
  adapter: Adapter,
  report: Report,
  config: Config,
  options: RunOptions,
  deadline: Deadline,
  redact: (s: string) => string
): Promise<void> {
  const { annotationsFor, code, md, postLogLines, postSummarySection, renderConsole, renderSummary } =
    await reportCode()
  if (options.post) {
    // The post step: a line per finding, its annotations, its own summary section; nothing else.
    for (const line of postLogLines(report.checks)) adapter.info(line)
    for (const a of annotationsFor(report)) adapter.annotate(a.severity, a.title, a.message)
    return adapter.writeSummary(postSummarySection(report.checks, { md, code }))
  }
  if (options.consoleReport !== false) adapter.info(renderConsole(report))
  for (const a of annotationsFor(report)) adapter.annotate(a.severity, a.title, a.message)
  for (const [name, value] of Object.entries(report.outputs)) await adapter.setOutput(name, value ?? '')
  await adapter.setOutput('report', JSON.stringify(report))
  const summary = renderSummary(report, {
    runUrl: adapter.runUrl,
    troubleshootingUrl: adapter.troubleshootingUrl
  })
  await adapter.writeSummary(summary)
  if (config.reportPath) {
    try {
      await adapter.writeFile(config.reportPath, JSON.stringify(report, null, 2) + '\n')
    } catch {
      adapter.annotate(
        'warning',
        'atlas-preflight: report not written',
        `The JSON report could not be written to report-path (${config.reportPath}). Check that the directory exists and is writable.`
      )
    }
  }
  if (adapter.afterReport && config.openIssue) {
    const github = githubWire(deadline, options, adapter.env)
    try {
      const organization = config.scope === 'organization' || config.mergeReports !== undefined
      const scopeCode = organization ? await organizationScope() : undefined
      const fleet = report.checks.find(c => c.id === 'fleet')?.data as { orgId?: string } | undefined
      const snapshot = fleetSnapshot(report)
      await adapter.afterReport({
        reportMarkdown: summary,
        scope: issueScope(organization ? 'organization' : 'project', {
          orgId: fleet?.orgId ?? config.atlas.orgId,
          projectId: config.atlas.projectId,
          issueKey: config.issueKey
        }),
        ...(scopeCode ? { sections: scopeCode.issueSections(report) } : {}),
        ...(scopeCode && snapshot ? { snapshotBlock: scopeCode.snapshotBlock(snapshot) } : {}),
        status: report.status,
        runUrl: adapter.runUrl,
        failing: report.exitCode !== 0,
        signal: deadline.signal,
        fetch: github.fetch,
        redact,
        setOutput: (n, v) => adapter.setOutput(n, v),
        warn: (t, m) => adapter.annotate('warning', t, m)
      })
    } finally {
      await github.close()
    }
  }
}
