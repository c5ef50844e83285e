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
import type { AfterReport } from '../platform/adapter.js'
import { noMentions } from '../report/markdown.js'

export const MARKER = '<!-- atlas-preflight:tracking-issue -->'
const TITLE = 'atlas-preflight: scheduled credential health check is failing'
const MAX_BODY = 60_000

type Octokit = ReturnType<typeof getOctokit>

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
  const octokit = getOctokit(token, {
    baseUrl: env['GITHUB_API_URL'] || 'https://api.github.com',
    // The engine's fetch: proxies honoured, name lookups abandoned at the deadline.
    request: { retries: 0, signal: ctx.signal, ...(ctx.fetch ? { fetch: ctx.fetch } : {}) }
  })
  try {
    const open = await findOpen(octokit, owner, repo)
    if (ctx.failing) {
      // Server text quoted in the report must not notify anyone (@team) or link other issues (#123).
      const body = ctx.redact(noMentions(issueBody(ctx.reportMarkdown, runUrl)))
      if (open) {
        await octokit.rest.issues.update({ owner, repo, issue_number: open, body })
        await octokit.rest.issues.createComment({
          owner,
          repo,
          issue_number: open,
          body: ctx.redact(`Still failing${inRun(runUrl)}: ${statusLine(ctx)}.`)
        })
        ctx.setOutput('issue-number', String(open))
      } else {
        const created = await octokit.rest.issues.create({ owner, repo, title: TITLE, body })
        const number = issueNumber(created.data.number)
        if (number === undefined) throw new UnexpectedAnswer('the new issue had no valid number')
        ctx.setOutput('issue-number', String(number))
      }
    } else if (open) {
      await octokit.rest.issues.createComment({
        owner,
        repo,
        issue_number: open,
        body: ctx.redact(`Passing again${inRun(runUrl)}: closing.`)
      })
      await octokit.rest.issues.update({
        owner,
        repo,
        issue_number: open,
        state: 'closed',
        state_reason: 'completed'
      })
      ctx.setOutput('issue-number', String(open))
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

async function findOpen(octokit: Octokit, owner: string, repo: string): Promise<number | undefined> {
  for (let page = 1; page <= 10; page++) {
    const { data } = await octokit.rest.issues.listForRepo({
      owner,
      repo,
      state: 'open',
      per_page: 100,
      page
    })
    if (!Array.isArray(data)) throw new UnexpectedAnswer('the issue list was not a list')
    const hit = data.find(i => i && !i.pull_request && typeof i.body === 'string' && i.body.includes(MARKER))
    if (hit) {
      const number = issueNumber(hit.number)
      if (number === undefined) throw new UnexpectedAnswer('the open tracking issue had no valid number')
      return number
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
  return ctx.status === 'fail' ? 'the preflight failed' : 'the preflight has warnings'
}

function issueBody(summary: string, runUrl: string | undefined): string {
  const head = `${MARKER}\nThe scheduled atlas-preflight health check is failing${runUrl ? ` ([latest run](${runUrl}))` : ''}. This issue is updated by each failing run and closed by the next passing one.\n\n`
  const body = head + summary
  return body.length > MAX_BODY
    ? `${body.slice(0, MAX_BODY)}\n\n… (truncated; see the run's job summary)`
    : body
}
