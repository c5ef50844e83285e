/**
 * The tracking issue for scheduled health checks (`open-issue: true`): a failing run opens one issue, or updates
 * the open one (found by a hidden marker, never a new issue per run) and comments with the run link; a passing run
 * comments and closes it. Uses @actions/github (Octokit), loaded only here, so other runs never pay for it. Works on
 * GitHub Enterprise Server (GITHUB_API_URL). Needs only `issues: write`; a token without it is a warning, never a
 * failed check. Every call carries the run's deadline signal: a GitHub API that never answers cannot hold the run
 * past `timeout-seconds` (this module uses Octokit's own HTTP stack, not the engine's client, for GitHub's auth and
 * pagination; the deadline is what the two share). Numbers read back from the API are checked before any output.
 */
import { getOctokit } from '@actions/github'
import type { AfterReport, IssueSection } from '../platform/adapter.js'
import { md, noMentions } from '../report/markdown.js'

export const MARKER = '<!-- atlas-preflight:tracking-issue -->'
const TITLE = 'atlas-preflight: scheduled credential health check is failing'
const MAX_BODY = 60_000

/** The second marker line: the scope the issue covers. Only characters `issueScope` lets through. */
export function scopeMarker(scope: string): string {
  return `<!-- atlas-preflight:scope ${scope.replace(/[^A-Za-z0-9._/:-]/g, '-')} -->`
}
const SCOPE_LINE = /<!-- atlas-preflight:scope [^>\n]* -->/

/**
 * Whether an open issue's body (untrusted text) is this scope's issue: it holds the marker and this scope's line.
 * An issue from before scopes (the marker alone) belongs to a project-scope run without `issue-key`.
 */
export function isOurs(body: string, scope: string): boolean {
  if (!body.includes(MARKER)) return false
  if (body.includes(scopeMarker(scope))) return true
  return !SCOPE_LINE.test(body) && /^project:[^:]*$/.test(scope)
}

function titleFor(scope: string): string {
  return scope.startsWith('organization:')
    ? `atlas-preflight: organization check found problems (${scope.slice('organization:'.length)})`
    : scope.includes(':', 'project:'.length)
      ? `${TITLE} (${scope.split(':').slice(2).join(':')})`
      : TITLE
}

type Octokit = ReturnType<typeof getOctokit>

/** The GitHub client of a run: no retries of its own, the deadline's signal, and the engine's fetch (proxies honoured,
 * name lookups abandoned at the deadline). */
function octokitFor(
  env: NodeJS.ProcessEnv,
  token: string,
  signal: AbortSignal,
  fetch: AfterReport['fetch'] | undefined
): Octokit {
  return getOctokit(token, {
    baseUrl: env['GITHUB_API_URL'] || 'https://api.github.com',
    request: { retries: 0, signal, ...(fetch ? { fetch } : {}) }
  })
}

export async function trackingIssue(ctx: AfterReport, env: NodeJS.ProcessEnv, token: string): Promise<void> {
  const repository = env['GITHUB_REPOSITORY']
  if (!token || !repository || !repository.includes('/')) {
    ctx.warn(
      'atlas-preflight: tracking issue skipped',
      'open-issue needs `github-token` (the default `${{ github.token }}` works) and a GITHUB_REPOSITORY; neither issue was opened nor closed.'
    )
    return
  }
  const [owner, repo] = repository.split('/') as [string, string]
  const runUrl = ctx.runUrl
  const octokit = octokitFor(env, token, ctx.signal, ctx.fetch)
  try {
    const found = await findOpen(octokit, owner, repo, ctx.scope)
    const open = found?.number
    // Organization scope: a problem is a warning or an error; the issue lives while any section has one.
    const problems = ctx.sections ? ctx.sections.length > 0 : ctx.failing
    if (problems) {
      // Server text quoted in the issue must not notify anyone (@team) or link other issues (#123): noMentions on
      // every quoted part, never on the hidden markers and snapshot read back next time.
      const body = ctx.redact(
        ctx.sections
          ? organizationBody(
              ctx.scope,
              ctx.sections,
              found?.body ?? '',
              ctx.reportMarkdown,
              runUrl,
              today(),
              ctx.snapshotBlock
            )
          : issueBody(ctx.scope, noMentions(ctx.reportMarkdown), runUrl)
      )
      if (open) {
        await octokit.rest.issues.update({ owner, repo, issue_number: open, body })
        await octokit.rest.issues.createComment({
          owner,
          repo,
          issue_number: open,
          body: ctx.redact(`Still failing${inRun(runUrl)}: ${statusLine(ctx)}.`)
        })
        await ctx.setOutput('issue-number', String(open))
      } else {
        const created = await octokit.rest.issues.create({ owner, repo, title: titleFor(ctx.scope), body })
        const number = issueNumber(created.data.number)
        if (number === undefined) throw new UnexpectedAnswer('the new issue had no valid number')
        await ctx.setOutput('issue-number', String(number))
      }
    } else if (open) {
      await octokit.rest.issues.createComment({
        owner,
        repo,
        issue_number: open,
        body: ctx.redact(
          ctx.sections
            ? `Every section is clear${inRun(runUrl)}: closing.`
            : `Passing again${inRun(runUrl)}: closing.`
        )
      })
      await octokit.rest.issues.update({
        owner,
        repo,
        issue_number: open,
        state: 'closed',
        state_reason: 'completed',
        // Organization scope: every section is marked clear, with the date, before the issue closes.
        ...(ctx.sections
          ? {
              body: ctx.redact(
                organizationBody(
                  ctx.scope,
                  [],
                  found?.body ?? '',
                  ctx.reportMarkdown,
                  runUrl,
                  today(),
                  ctx.snapshotBlock
                )
              )
            }
          : {})
      })
      await ctx.setOutput('issue-number', String(open))
    }
  } catch (err) {
    const status = (err as { status?: number }).status
    const why = ctx.signal.aborted
      ? "the GitHub API did not answer before the preflight's deadline (`timeout-seconds`)"
      : err instanceof UnexpectedAnswer
        ? `the GitHub API gave an unexpected answer (${err.message})`
        : status === 403 || status === 401
          ? 'the token may not write issues: add `permissions: issues: write` to the job (or pass a `github-token` that can)'
          : status === 404
            ? 'the repository was not found with this token'
            : status === 410
              ? 'issues are disabled in this repository'
              : `the GitHub API answered ${typeof status === 'number' ? `HTTP ${status}` : 'with a network error'}`
    ctx.warn(
      'atlas-preflight: tracking issue not updated',
      `The preflight ran, but the tracking issue could not be updated: ${why}.`
    )
  }
}

/** The body of this scope's open tracking issue (untrusted), for the change watch; undefined on any failure. */
export async function openIssueBody(
  env: NodeJS.ProcessEnv,
  token: string,
  scope: string,
  signal: AbortSignal,
  fetch?: AfterReport['fetch']
): Promise<string | undefined> {
  const repository = env['GITHUB_REPOSITORY']
  if (!token || !repository || !repository.includes('/')) return undefined
  const [owner, repo] = repository.split('/') as [string, string]
  try {
    return (await findOpen(octokitFor(env, token, signal, fetch), owner, repo, scope))?.body
  } catch {
    return undefined
  }
}

async function findOpen(
  octokit: Octokit,
  owner: string,
  repo: string,
  scope: string
): Promise<{ number: number; body: string } | undefined> {
  for (let page = 1; page <= 10; page++) {
    const { data } = await octokit.rest.issues.listForRepo({
      owner,
      repo,
      state: 'open',
      per_page: 100,
      page
    })
    if (!Array.isArray(data)) throw new UnexpectedAnswer('the issue list was not a list')
    const hit = data.find(i => i && !i.pull_request && typeof i.body === 'string' && isOurs(i.body, scope))
    if (hit) {
      const number = issueNumber(hit.number)
      if (number === undefined) throw new UnexpectedAnswer('the open tracking issue had no valid number')
      return { number, body: String(hit.body).slice(0, MAX_BODY * 2) }
    }
    if (data.length < 100) return undefined
  }
  return undefined
}

class UnexpectedAnswer extends Error {}

/** An issue number is a positive safe integer, whatever the API sent. */
export function issueNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : undefined
}

function inRun(runUrl: string | undefined): string {
  return runUrl ? ` in [this run](${runUrl})` : ''
}

function statusLine(ctx: AfterReport): string {
  if (ctx.sections)
    return `${ctx.sections.length} target${ctx.sections.length === 1 ? ' has' : 's have'} problems`
  return ctx.status === 'fail' ? 'the preflight failed' : 'the preflight has warnings'
}

function today(): string {
  return new Date().toISOString().slice(0, 10)
}

const SECTION =
  /<!-- atlas-preflight:section ((?:organization|project|api-key|service-account):[A-Za-z0-9_*.-]{1,80})(?: cleared=(\d{4}-\d{2}-\d{2}))? -->/g

/**
 * The sections the previous body held, read back as untrusted text: only keys and dates that match their strict
 * forms are kept (anything else in the body is ignored), so a forged body can at most list a wrong cleared section.
 */
export function previousSections(body: string): Map<string, string | undefined> {
  const out = new Map<string, string | undefined>()
  for (const m of body.matchAll(SECTION)) if (out.size < 1000) out.set(m[1]!, m[2])
  return out
}

/**
 * Organization scope: one stable section per target with problems, in key order; a target that had a section and
 * has none now keeps it, marked clear with the date it cleared.
 */
/** Server text as issue Markdown: escaped, and no mention or issue reference left live. */
const quoted = (text: string): string => noMentions(md(text))

export function organizationBody(
  scope: string,
  sections: readonly IssueSection[],
  previousBody: string,
  summary: string,
  runUrl: string | undefined,
  date: string,
  snapshot = ''
): string {
  const current = new Map(sections.map(s => [s.key, s]))
  const before = previousSections(previousBody)
  const keys = [...new Set([...current.keys(), ...before.keys()])].sort()
  const parts = [
    MARKER,
    scopeMarker(scope),
    // The change watch's snapshot goes first, so a long body's truncation never cuts it.
    ...(snapshot && snapshot.length < MAX_BODY / 2 ? [snapshot] : []),
    `The scheduled atlas-preflight organization check found problems${runUrl ? ` ([latest run](${runUrl}))` : ''}. One section per target; a section that clears says so, and the issue closes when every section is clear.`,
    ''
  ]
  for (const key of keys) {
    const s = current.get(key)
    if (s) {
      parts.push(`<!-- atlas-preflight:section ${key} -->`, `### ${quoted(s.title)}`, '')
      for (const p of s.problems)
        parts.push(
          `- ${p.severity === 'error' ? '❌' : '⚠️'} **${quoted(p.title)}** (\`${p.id}\`): ${quoted(p.seen)}`,
          `  Fix: ${quoted(p.fix)}`
        )
      parts.push('')
    } else {
      const since = before.get(key) ?? date
      parts.push(
        `<!-- atlas-preflight:section ${key} cleared=${since} -->`,
        `### ✅ \`${key}\`: clear since ${since}`,
        ''
      )
    }
  }
  parts.push("<details><summary>The run's summary</summary>", '', noMentions(summary), '', '</details>')
  const body = parts.join('\n')
  return body.length > MAX_BODY
    ? `${body.slice(0, MAX_BODY)}\n\n… (truncated; see the run's job summary)`
    : body
}

function issueBody(scope: string, summary: string, runUrl: string | undefined): string {
  const head = `${MARKER}\n${scopeMarker(scope)}\nThe scheduled atlas-preflight health check is failing${runUrl ? ` ([latest run](${runUrl}))` : ''}. This issue is updated by each failing run and closed by the next passing one.\n\n`
  const body = head + summary
  return body.length > MAX_BODY
    ? `${body.slice(0, MAX_BODY)}\n\n… (truncated; see the run's job summary)`
    : body
}
