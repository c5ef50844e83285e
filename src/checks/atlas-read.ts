/**
 * atlas-read: the cheapest least-privilege read, proving auth, scope and access list together: GET /groups (how
 * many projects the credential sees) and, when given, GET /groups/{atlas-project-id}.
 */
import type { Finding } from '../core/finding.js'
import type { AtlasClient } from '../atlas/client.js'
import { untrusted } from '../core/untrusted.js'
import { atlasFailureFinding, serverSaid } from '../check-support/atlas-failures.js'
import { authOf, BLOCKED, credentialName } from '../check-support/atlas-context.js'
import { finding } from '../core/finding.js'
import { startEarly, type Check, needClient } from '../check-support/check.js'

export interface AtlasReadData extends Record<string, unknown> {
  projectsVisible?: number
  project?: { id: string; name?: string }
  projectMissing?: boolean
}

export const atlasReadCheck: Check<AtlasReadData> = {
  id: 'atlas-read',
  title: 'Atlas read call',
  needs: ['atlas-auth'],
  applies: () => true,
  prefetch({ config, services }) {
    if (services.atlas) reads(services.atlas, config.atlas.projectId).forEach(startEarly)
  },
  async run(ctx) {
    if (authOf(ctx)?.blocked) return { findings: [], skipped: BLOCKED }
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
        findings.push(
          finding(
            'atlas-read',
            'no-projects',
            'warning',
            'The credential can read no project',
            `GET /api/atlas/v2/groups returned no projects for ${who}.`,
            'Grant it Project Read Only (GROUP_READ_ONLY) on the project it deploys to: Organization Member alone sees no projects.'
          )
        )
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
          finding(
            'atlas-read',
            'project-readable',
            'notice',
            'Project readable',
            `Read project ${group.data.name ? `"${untrusted(group.data.name, 80)}" ` : ''}(${projectId})${data.projectsVisible !== undefined ? `; ${data.projectsVisible} project(s) visible in all` : ''}.`,
            'Nothing to do.'
          )
        )
      } else if (group.failure.kind === 'not-found') {
        data.projectMissing = true
        findings.push(
          finding(
            'atlas-read',
            'project-not-found',
            'error',
            'The project does not exist',
            `GET /api/atlas/v2/groups/${projectId} answered ${serverSaid(group.failure)}.`,
            'Check `atlas-project-id`: copy it from Project Settings → Project ID (it is 24 hexadecimal characters, not the project name).'
          )
        )
      } else if (group.failure.kind === 'missing-role') {
        findings.push(
          finding(
            'atlas-read',
            'project-no-role',
            'error',
            'The credential has no role on the project',
            `GET /api/atlas/v2/groups/${projectId} answered ${serverSaid(group.failure)}: ${who} cannot read this project.`,
            `Grant it Project Read Only (GROUP_READ_ONLY) or the role the deployment needs on project ${projectId}, and check that the project belongs to the credential's organization.`
          )
        )
      } else {
        findings.push(atlasFailureFinding('atlas-read', `reading project ${projectId}`, group.failure))
      }
    } else if (groups.ok && findings.length === 0) {
      findings.push(
        finding(
          'atlas-read',
          'readable',
          'notice',
          'Atlas read call succeeded',
          `${who} can list ${data.projectsVisible} project(s).`,
          'Nothing to do.'
        )
      )
    }
    return { findings, data, outputs }
  }
}

/** The check's two reads, stated once for `prefetch` and `run`: every project visible, and the given project. */
function reads(atlas: AtlasClient, projectId: string | undefined) {
  return [atlas.groups(), projectId ? atlas.group(projectId) : Promise.resolve(undefined)] as const
}
