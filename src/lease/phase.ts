/**
 * The lease's phase, decided when the plan is made (never inside a check): the `atlas-network-lease` slot of a plan
 * holds the check for that phase.
 *
 * - `take`: the main run with `lease-network-access: true`. A fix phase: it runs after the diagnosis it repairs
 *   (`atlas-network-access-list`), as a doctor diagnoses before its automatic fix.
 * - `audit`: a scheduled run (GitHub `schedule:`, GitLab scheduled pipelines) without a lease, with
 *   `lease-cleanup: report | remove`; or `atlas-preflight lease audit [--remove]`.
 * - `release`: the action's post step (with the state the main step saved) or `atlas-preflight lease release` (by
 *   the run's marker).
 * - `off`: any other run; the check is skipped and says why.
 *
 * The release and audit commands and the post step are plans of this one check, run by the same runner and reporters
 * as every other run (so they get `--json`, the summary and the exit policy).
 */
import type { Config } from '../config/config.js'
import { atlasAuthMethod } from '../config/config.js'
import type { CheckId } from '../core/check-ids.js'
import type { Check } from '../check-support/check.js'
import { apiListGate } from '../check-support/atlas-context.js'
import { LEASE_FINDINGS as F } from './findings.js'
import type { LeaseState } from './protocol.js'
import type { LeaseData } from './take.js'

/** The work of the phase, loaded when the check runs (src/lease/work.ts). */
const work = () => import('./work.js')

export const LEASE_CHECK_ID: CheckId = 'atlas-network-lease'

export type LeasePhase =
  | { kind: 'take' }
  | { kind: 'audit'; remove: boolean; command?: boolean }
  | { kind: 'release'; state?: LeaseState }
  | { kind: 'off' }

/** Whether the run was started by a schedule (the CI's own variable, read once, when the plan is made). */
export function scheduled(env: Readonly<Record<string, string | undefined>>): boolean {
  return env['GITHUB_EVENT_NAME'] === 'schedule' || env['CI_PIPELINE_SOURCE'] === 'schedule'
}

/** The phase of a main run: take the lease when asked, audit on a scheduled run, else nothing. */
export function runPhase(config: Config, env: Readonly<Record<string, string | undefined>>): LeasePhase {
  if (config.lease.enabled) return { kind: 'take' }
  if (scheduled(env)) return { kind: 'audit', remove: config.lease.cleanup === 'remove' }
  return { kind: 'off' }
}

const needsProject = (c: Config, projectId = c.atlas.projectId): true | string =>
  !projectId
    ? 'no atlas-project-id given'
    : atlasAuthMethod(c) === 'none'
      ? 'no Atlas credential given'
      : true

/** The `atlas-network-lease` check of a phase. */
export function leaseCheck(phase: LeasePhase): Check<LeaseData> {
  const base = {
    id: LEASE_CHECK_ID as CheckId,
    title: 'Atlas network lease',
    summary:
      "With `lease-network-access: true`: puts the runner's address on the project's network access list for this job only (read before write, verified, waited for until `ACTIVE`); the post step removes it. On a `schedule:` run: leases past their own `deleteAfterDate`, entries that only look like leases, and permanent entries other tools left.",
    findings: F,
    // The lease's work loads while the reads it waits for travel, as a lazily loaded check's run does.
    preload() {
      work().catch(() => undefined)
    }
  }
  switch (phase.kind) {
    case 'take':
    case 'off':
      return {
        ...base,
        needs: ['egress-ip', 'atlas-auth'],
        // The fix phase: after the diagnosis it repairs (which reads the same list, memoized).
        after: ['atlas-network-access-list'],
        // Blocked by the API access list: it could not run (the outputs then say `network-lease: failed`).
        gate: apiListGate,
        applies: c =>
          !c.atlas.projectId
            ? 'no atlas-project-id given'
            : phase.kind === 'off' || !c.lease.enabled
              ? '`lease-network-access` is not `true`'
              : true,
        prefetch({ config, services }) {
          if (config.atlas.projectId && config.lease.enabled)
            void services.atlas?.projectAccessList(config.atlas.projectId).catch(() => undefined)
        },
        run: async ctx => (await work()).takeLease(ctx)
      }
    case 'audit':
      return {
        ...base,
        // The scheduled run reads the credential first; the command has nothing else to run.
        needs: phase.command ? [] : ['atlas-auth'],
        applies: c => needsProject(c),
        gate: apiListGate,
        async run(ctx) {
          const { auditLeases, leaseIo } = await work()
          const { findings, audit } = await auditLeases(
            leaseIo(ctx, ctx.config.atlas.projectId!),
            phase.remove
          )
          return {
            findings,
            ...(audit
              ? {
                  data: {
                    audit: {
                      stale: audit.stale.length,
                      live: audit.live.length,
                      lookalikes: audit.lookalikes.length,
                      foreign: audit.foreign.length,
                      removed: findings.filter(f => f.id.endsWith('/stale-lease-removed')).length
                    }
                  }
                }
              : {})
          }
        }
      }
    case 'release':
      return {
        ...base,
        needs: [],
        applies: c => needsProject(c, phase.state?.project ?? c.atlas.projectId),
        async run(ctx) {
          const { endByMarker, endFromState } = await work()
          return phase.state ? endFromState(ctx, phase.state) : endByMarker(ctx, ctx.config.atlas.projectId!)
        }
      }
  }
}

/** The registry with the `atlas-network-lease` slot holding the check of `phase`. */
export function withLeasePhase(registry: readonly Check[], phase: LeasePhase): Check[] {
  return registry.map(c => (c.id === LEASE_CHECK_ID ? (leaseCheck(phase) as unknown as Check) : c))
}
