/**
 * The run of `atlas-read`, loaded when the check runs: src/checks/atlas-read.ts declares the check, and the registry
 * (src/checks/index.ts) puts the two together.
 */
import type { Finding } from '../../core/finding.js'
import { untrusted } from '../../core/untrusted.js'
import { atlasFailureFinding, serverSaid } from '../../check-support/atlas-failures.js'
import { credentialName } from '../../check-support/atlas-context.js'
import { needClient, type CheckContext, type CheckOutcome } from '../../check-support/check.js'
import { FINDINGS, reads, AtlasReadData } from '../atlas-read.js'

export async function run(ctx: CheckContext): Promise<CheckOutcome<AtlasReadData>> {
  const atlas = needClient(ctx.services.atlas, 'the Atlas client')
  const projectId = ctx.config.atlas.projectId
  const [groups, group] = await Promise.all(reads(atlas, projectId))
  const findings: Finding[] = []
  const data: AtlasReadData = {}
  const outputs: Record<string, string> = {}
  const who = credentialName(ctx)

  if (groups.ok) {
    const results = Array.isArray(groups.data.results) ? groups.data.results : []
    const count = typeof groups.data.totalCount === 'number' ? groups.data.totalCount : results.length
    data.projectsVisible = count
    outputs['projects-visible'] = String(count)
    if (count === 0) {
      findings.push(FINDINGS['no-projects'](`GET /api/atlas/v2/groups returned no projects for ${who}.`))
    }
  } else {
    findings.push(
      atlasFailureFinding('atlas-read', 'listing projects (GET /api/atlas/v2/groups)', groups.failure)
    )
  }

  if (group && projectId) {
    if (group.ok) {
      data.project = { id: projectId, ...(group.data.name ? { name: untrusted(group.data.name, 80) } : {}) }
      findings.push(
        FINDINGS['project-readable'](
          `Read project ${group.data.name ? `"${untrusted(group.data.name, 80)}" ` : ''}(${projectId})${data.projectsVisible !== undefined ? `; ${data.projectsVisible} project(s) visible in all` : ''}.`
        )
      )
    } else if (group.failure.kind === 'not-found') {
      data.projectMissing = true
      findings.push(
        FINDINGS['project-not-found'](
          `GET /api/atlas/v2/groups/${projectId} answered ${serverSaid(group.failure)}.`
        )
      )
    } else if (group.failure.kind === 'missing-role') {
      findings.push(
        FINDINGS['project-no-role'](
          `GET /api/atlas/v2/groups/${projectId} answered ${serverSaid(group.failure)}: ${who} cannot read this project.`,
          {
            fix: `Grant it Project Read Only (GROUP_READ_ONLY) or the role the deployment needs on project ${projectId}, and check that the project belongs to the credential's organization.`
          }
        )
      )
    } else {
      findings.push(atlasFailureFinding('atlas-read', `reading project ${projectId}`, group.failure))
    }
  } else if (groups.ok && findings.length === 0) {
    findings.push(FINDINGS.readable(`${who} can list ${data.projectsVisible} project(s).`))
  }
  return { findings, data, outputs }
}
