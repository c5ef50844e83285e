/** Placeholder until the tracking-issue issue lands: says so instead of pretending. */
import type { AfterReport } from '../adapters/adapter.js'

export async function trackingIssue(
  ctx: AfterReport,
  _env: NodeJS.ProcessEnv,
  _token: string
): Promise<void> {
  ctx.warn(
    'atlas-preflight: open-issue is not available yet',
    'The tracking issue for scheduled runs is not built in this version; no issue was opened.'
  )
}
