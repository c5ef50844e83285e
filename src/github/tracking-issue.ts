/**
 * The tracking issue for scheduled health checks (`open-issue: true`): a failing run opens one issue, or updates
 * the open one (found by a hidden marker, never a new issue per run) and comments with the run link; a passing run
 * comments and closes it. Uses @actions/github (Octokit), loaded only here, so other runs never pay for it. Works on
 * GitHub Enterprise Server (GITHUB_API_URL). Needs only `issues: write`; a token without it is a warning, never a
 * failed check.
 */
import { getOctokit } from '@actions/github'
import type { AfterReport } from '../adapters/adapter.js'

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
  const runUrl =
    env['GITHUB_SERVER_URL'] && env['GITHUB_RUN_ID']
      ? `${env['GITHUB_SERVER_URL']}/${repository}/actions/runs/${env['GITHUB_RUN_ID']}`
      : undefined
  const octokit = getOctokit(token, {
    baseUrl: env['GITHUB_API_URL'] || 'https://api.github.com',
    request: { retries: 0 }
  })
  try {
    const open = await findOpen(octokit, owner, repo)
    if (ctx.failing) {
      const body = ctx.redact(issueBody(ctx.reportMarkdown, runUrl))
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
        ctx.setOutput('issue-number', String(created.data.number))
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
    const why =
      status === 403 || status === 401
        ? 'the token may not write issues: add `permissions: issues: write` to the job (or pass a `github-token` that can)'
        : status === 404
          ? 'the repository was not found with this token'
          : status === 410
            ? 'issues are disabled in this repository'
            : `the GitHub API answered ${status ? `HTTP ${status}` : 'with a network error'}`
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
    const hit = data.find(i => !i.pull_request && (i.body ?? '').includes(MARKER))
    if (hit) return hit.number
    if (data.length < 100) return undefined
  }
  return undefined
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
