/** The merge job: the plan and the chunks' report files read from disk (bounded), then merged (merge.ts). */
import { readFile, stat } from 'node:fs/promises'
import type { CheckResult } from '../check-support/check.js'
import { applyIgnore, checkStatus } from '../core/policy.js'
import { FLEET_FINDINGS as F } from './findings.js'
import { expandGlobs } from './glob.js'
import { mergeFleet, type MergeOptions } from './merge.js'
import { parsePlan } from './plan.js'
import { MAX_FILE } from './model.js'
import { FLEET_TITLE, type FleetData } from './run.js'

export async function mergeFromFiles(
  planText: string | undefined,
  reportsSpec: string,
  o: MergeOptions & { signal?: AbortSignal }
): Promise<CheckResult<FleetData>> {
  const plan = planText !== undefined ? parsePlan(await planOf(planText, o.signal)) : undefined
  if (!plan) {
    const f = applyIgnore(
      [
        F.incomplete(
          planText === undefined
            ? 'No plan was given to merge the reports against (`fleet-plan`, or `--plan` for `fleet merge`), so no chunk can be told complete.'
            : 'The plan given to merge the reports against is not the JSON matrix `atlas-preflight fleet plan` prints.',
          {
            fix: "Pass the plan job's output: `fleet-plan: ${{ needs.plan.outputs.matrix }}` (or `fleet merge --plan plan.json`).",
            target: { kind: 'organization', id: 'unknown', name: 'unknown' }
          }
        )
      ],
      o.ignore
    )
    return {
      id: 'fleet',
      title: FLEET_TITLE,
      status: checkStatus(f),
      findings: f,
      data: {},
      outputs: { 'fleet-targets': '0', 'fleet-unread': '1' },
      durationMs: 0
    }
  }
  const files = await expandGlobs(reportsSpec)
  const reports = await Promise.all(
    files.map(async name => ({ name, text: await readBounded(name, o.signal) }))
  )
  return mergeFleet(plan, reports, o)
}

/** The plan is given as its JSON (the plan job's output) or as the path of a file holding it. */
async function planOf(text: string, signal?: AbortSignal): Promise<string> {
  if (text.trim().startsWith('{')) return text
  return (await readBounded(text.trim(), signal)) ?? ''
}

/** A report or plan file's text; undefined when it cannot be read or is larger than MAX_FILE (not read then). */
export async function readBounded(path: string, signal?: AbortSignal): Promise<string | undefined> {
  try {
    if ((await stat(path)).size > MAX_FILE) return undefined
    const text = await readFile(path, { encoding: 'utf8', signal })
    return text.length > MAX_FILE ? undefined : text
  } catch {
    return undefined
  }
}
