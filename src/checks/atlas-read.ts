/**
 * atlas-read: the cheapest least-privilege read, proving auth, scope and access list together: GET /groups (how
 * many projects the credential sees) and, when given, GET /groups/{atlas-project-id}.
 */
import { defineFindings } from '../core/finding.js'
import type { AtlasClient } from '../atlas/client.js'
import { ATLAS_FAILURES } from '../check-support/atlas-failures.js'
import { apiListGate } from '../check-support/atlas-context.js'
import { startEarly, type CheckDeclaration } from '../check-support/check.js'

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

export const atlasReadDeclaration: CheckDeclaration<AtlasReadData> = {
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
  gate: apiListGate
}

/** The check's two reads, stated once for `prefetch` and `run`: every project visible, and the given project. */
export function reads(atlas: AtlasClient, projectId: string | undefined) {
  return [atlas.groups(), projectId ? atlas.group(projectId) : Promise.resolve(undefined)] as const
}
