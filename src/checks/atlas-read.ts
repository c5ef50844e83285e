/**
 * atlas-read: the cheapest least-privilege read, proving auth, scope and access list together: GET /groups (how
 * many projects the credential sees) and, when given, GET /groups/{atlas-project-id}.
 */
import { defineFindings, type Finding } from '../core/finding.js'
import type { AtlasClient } from '../atlas/client.js'
import { untrusted } from '../core/untrusted.js'
import { ATLAS_FAILURES, atlasFailureFinding, serverSaid } from '../check-support/atlas-failures.js'
import { apiListGate, credentialName } from '../check-support/atlas-context.js'
import { startEarly, type Check, needClient } from '../check-support/check.js'

export const FINDINGS = defineFindings(
  'atlas-read',
  {
    'no-projects': {
      severity: 'warning',
      title: 'The credential can read no project',
      fix: 'Grant it Project Read Only (GROUP_READ_ONLY) on the project it deploys to: Organization Member alone sees no projects.'
    },
    'project-not-found': {
      severity: 'error',
      title: 'The project does not exist',
      fix: 'Check `atlas-project-id`: copy it from Project Settings → Project ID (it is 24 hexadecimal characters, not the project name).'
    },
    'project-no-role': {
      severity: 'error',
      title: 'The credential has no role on the project',
      fix: "Grant it Project Read Only (GROUP_READ_ONLY) or the role the deployment needs on the project, and check that the project belongs to the credential's organization."
    },
    'project-readable': { severity: 'notice', title: 'Project readable', fix: 'Nothing to do.' },
    readable: { severity: 'notice', title: 'Atlas read call succeeded', fix: 'Nothing to do.' }
  },
  [ATLAS_FAILURES]
)

export interface AtlasReadData extends Record<string, unknown> {
  projectsVisible?: number
  project?: { id: string; name?: string }
  projectMissing?: boolean
}

export const atlasReadCheck: Check<AtlasReadData> = {
  id: 'atlas-read',
  title: 'Atlas read call',
  summary:
    'The cheapest least-privilege read (`GET /groups`, and the given project): auth, scope and access list together; `projects-visible`.',
  needs: ['atlas-auth'],
  findings: FINDINGS,
  applies: () => true,
  prefetch({ config, services }) {
    if (services.atlas) reads(services.atlas, config.atlas.projectId).forEach(startEarly)
  },
  gate: apiListGate,
  async run(ctx) {
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
}

/** The check's two reads, stated once for `prefetch` and `run`: every project visible, and the given project. */
function reads(atlas: AtlasClient, projectId: string | undefined) {
  return [atlas.groups(), projectId ? atlas.group(projectId) : Promise.resolve(undefined)] as const
}
