/**
 * The network lease's marker: how an access-list entry says which runs hold it. The entry's `comment` (at most 80
 * characters, the only free field Atlas keeps) reads
 *
 *   atlas-preflight lease 260901T1200Z 1a2b3c4d+5e6f7a8b octo/app 123.1 deploy
 *
 * — the prefix, when it was last written (UTC, to the minute), the holders (8 hex characters each: a hash of the
 * run's lease id, joined by `+`; `*` when more runs share it than fit), and a readable label of the newest holder
 * (repository, run id and attempt, job), shortened to fit. Only the prefix and the tags are ever matched; the label
 * is for people reading Network Access.
 */
import { createHash } from 'node:crypto'

export const LEASE_PREFIX = 'atlas-preflight lease'
const MAX_COMMENT = 80
/** Holders that fit with a few characters of label left; beyond this the entry becomes nobody's (`*`). */
export const MAX_HOLDERS = 4
export const OVERFLOW = '*'

export interface LeaseMarker {
  /** The holders' tags, oldest first; `['*']` when the entry is shared by more runs than the comment holds. */
  tags: string[]
  /** When the marker was last written. */
  since: Date
  label: string
}

/** Who this run is, as a lease: a stable id (hashed into the tag) and a label people can read. */
export interface LeaseIdentity {
  id: string
  label: string
  /** Where the id came from (`github`, `gitlab`, `--lease-id`, …), for the report. */
  source: string
}

const COMMENT =
  /^atlas-preflight lease (\d{6}T\d{4}Z) ((?:[0-9a-f]{8})(?:\+[0-9a-f]{8}){0,7}|\*)(?: ([\s\S]*))?$/

/** The tag of one holder: a hash of its lease id (and, in the action, a nonce kept in the post step's state). */
export function leaseTag(id: string, nonce = ''): string {
  return createHash('sha256').update(`${id}\n${nonce}`).digest('hex').slice(0, 8)
}

function stamp(d: Date): string {
  const iso = d.toISOString() // 2026-09-01T12:00:00.000Z
  return `${iso.slice(2, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}Z`
}

function unstamp(s: string): Date {
  const [y, mo, d, h, mi] = [s.slice(0, 2), s.slice(2, 4), s.slice(4, 6), s.slice(7, 9), s.slice(9, 11)]
  return new Date(`20${y}-${mo}-${d}T${h}:${mi}:00Z`)
}

/** The comment for `tags` written at `now`, with as much of `label` as fits in 80 characters. */
export function leaseComment(tags: readonly string[], now: Date, label: string): string {
  const held = tags.length > MAX_HOLDERS || tags.includes(OVERFLOW) ? OVERFLOW : tags.join('+')
  const head = `${LEASE_PREFIX} ${stamp(now)} ${held}`
  const room = MAX_COMMENT - head.length - 1
  const clean = label.replace(/[^A-Za-z0-9._/#:@+-]+/g, ' ').trim()
  if (room < 4 || !clean) return head
  return `${head} ${clean.length <= room ? clean : `…${clean.slice(clean.length - room + 1)}`}`
}

/** The marker in an entry's comment, or undefined when the comment is not one of this tool's leases. */
export function parseLeaseComment(comment: string | undefined): LeaseMarker | undefined {
  const m = comment ? COMMENT.exec(comment) : null
  if (!m) return undefined
  const since = unstamp(m[1]!)
  if (Number.isNaN(since.getTime())) return undefined
  return { tags: m[2] === OVERFLOW ? [OVERFLOW] : m[2]!.split('+'), since, label: m[3] ?? '' }
}

const value = (env: Readonly<Record<string, string | undefined>>, name: string) =>
  env[name] && env[name]!.trim() !== '' ? env[name]!.trim() : undefined

/**
 * This run's lease identity. An explicit id (`--lease-id`, ATLAS_PREFLIGHT_LEASE_ID) wins; then the CI's own ids:
 * GitHub Actions (repository, run id and attempt, job), GitLab (project, pipeline, job), Jenkins (BUILD_TAG),
 * CircleCI, Buildkite, Azure Pipelines. Undefined in a plain terminal: a lease there needs `--lease-id`.
 */
export function leaseIdentity(env: Readonly<Record<string, string | undefined>>): LeaseIdentity | undefined {
  const v = (n: string) => value(env, n)
  const explicit = v('ATLAS_PREFLIGHT_LEASE_ID')
  if (explicit) return { id: `explicit:${explicit}`, label: explicit, source: '--lease-id' }
  if (v('GITHUB_ACTIONS') === 'true' && v('GITHUB_RUN_ID')) {
    const repo = v('GITHUB_REPOSITORY') ?? '?'
    const run = `${v('GITHUB_RUN_ID')}.${v('GITHUB_RUN_ATTEMPT') ?? '1'}`
    const job = v('GITHUB_JOB') ?? '?'
    return { id: `github:${repo}:${run}:${job}`, label: `${repo} ${run} ${job}`, source: 'github' }
  }
  if (v('GITLAB_CI') && v('CI_JOB_ID')) {
    const project = v('CI_PROJECT_PATH') ?? '?'
    const pipeline = v('CI_PIPELINE_ID') ?? '?'
    return {
      id: `gitlab:${project}:${pipeline}:${v('CI_JOB_ID')}`,
      label: `${project} ${pipeline}/${v('CI_JOB_ID')}`,
      source: 'gitlab'
    }
  }
  if (v('BUILD_TAG') && (v('JENKINS_URL') || v('JENKINS_HOME') || v('BUILD_TAG')!.startsWith('jenkins-')))
    return { id: `jenkins:${v('BUILD_TAG')}`, label: v('BUILD_TAG')!, source: 'jenkins' }
  if (v('CIRCLECI') && v('CIRCLE_WORKFLOW_JOB_ID'))
    return {
      id: `circleci:${v('CIRCLE_WORKFLOW_JOB_ID')}`,
      label: `${v('CIRCLE_PROJECT_REPONAME') ?? 'circleci'} ${v('CIRCLE_BUILD_NUM') ?? ''}`,
      source: 'circleci'
    }
  if (v('BUILDKITE_JOB_ID'))
    return {
      id: `buildkite:${v('BUILDKITE_JOB_ID')}`,
      label: `${v('BUILDKITE_PIPELINE_SLUG') ?? 'buildkite'} ${v('BUILDKITE_BUILD_NUMBER') ?? ''}`,
      source: 'buildkite'
    }
  if (v('TF_BUILD') && v('BUILD_BUILDID'))
    return {
      id: `azure:${v('BUILD_BUILDID')}:${v('SYSTEM_JOBID') ?? ''}`,
      label: `${v('BUILD_REPOSITORY_NAME') ?? 'azure'} ${v('BUILD_BUILDID')}`,
      source: 'azure-pipelines'
    }
  return undefined
}

/** Comments other tools leave on permanent entries (the scheduled audit names them). */
export const FOREIGN_PATTERNS: readonly { tool: string; pattern: RegExp }[] = [
  { tool: 'the MongoDB MCP Server', pattern: /^Added by MongoDB MCP Server\b/i },
  // textbook/atlas-ip's default comment, `{owner}/{repo} - {job} - {runId}` (its entries are meant to be temporary).
  { tool: 'textbook/atlas-ip', pattern: /^[\w.-]+\/[\w.-]+ - .+ - \d+$/ }
]
