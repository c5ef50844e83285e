/**
 * atlas-privilege: the credential's roles where readable, and a warning when it holds more than the run needs.
 * ORG_OWNER in CI is the classic over-permissioned CI credential. `allowed-roles` states what is expected; without it
 * the high-privilege roles are flagged. Role names are the API's (GROUP_*, not the UI's PROJECT_* wording; docs/reference/atlas-admin-api.md).
 */
import { defineFindings } from '../core/finding.js'
import { apiListGate } from '../check-support/atlas-context.js'
import { startEarly, type CheckDeclaration } from '../check-support/check.js'
import { ATLAS_FAILURES } from '../check-support/atlas-failures.js'

export const FINDINGS = defineFindings(
  'atlas-privilege',
  {
    'org-owner': {
      severity: 'warning',
      title: 'The CI credential is an Organization Owner',
      fix: 'Give CI a credential with only the roles the pipeline needs (e.g. GROUP_READ_ONLY to read, GROUP_CLUSTER_MANAGER to deploy clusters) and keep Organization Owner for people. Set `allowed-roles` to the roles you expect.'
    },
    'more-than-needed': {
      severity: 'warning',
      title: 'The credential holds more roles than expected',
      fix: 'Remove the roles the finding names from the credential, or list them in `allowed-roles` if the pipeline really needs them.'
    },
    'least-privilege': {
      severity: 'notice',
      title: 'Roles are within what is expected',
      fix: 'Nothing to do.'
    }
  },
  [ATLAS_FAILURES]
)

export interface PrivilegeData extends Record<string, unknown> {
  roles?: string[]
  excess?: string[]
}

export const atlasPrivilegeDeclaration: CheckDeclaration<PrivilegeData> = {
  id: 'atlas-privilege',
  title: 'Atlas least privilege',
  summary:
    "The credential's roles; a warning for `ORG_OWNER` and other roles CI rarely needs (or anything outside `allowed-roles`).",
  needs: ['atlas-auth'],
  findings: FINDINGS,
  applies: () => true,
  prefetch({ config, services }) {
    const { projectId, clientId, orgId } = config.atlas
    if (services.atlas?.method !== 'service-account' || !clientId) return
    if (projectId) startEarly(services.atlas.groupServiceAccount(projectId, clientId))
    if (orgId) startEarly(services.atlas.serviceAccount(orgId, clientId))
  },
  gate: apiListGate
}
