/**
 * atlas-privilege: the credential's roles where readable, and a warning when it holds more than the run needs.
 * ORG_OWNER in CI is the classic over-permissioned CI credential. `allowed-roles` states what is expected; without it
 * the high-privilege roles are flagged. Role names are the API's (GROUP_*, not the UI's PROJECT_* wording; docs/reference/atlas-admin-api.md).
 */
import { defineFindings, type Finding } from '../core/finding.js'
import { apiListGate, authOf, credentialName } from '../check-support/atlas-context.js'
import { startEarly, type Check, needClient } from '../check-support/check.js'
import { ATLAS_FAILURES, atlasFailureFinding } from '../check-support/atlas-failures.js'
import type { AtlasFailure } from '../atlas/errors.js'

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

export const HIGH_PRIVILEGE = ['ORG_OWNER', 'ORG_GROUP_CREATOR', 'ORG_BILLING_ADMIN', 'GROUP_OWNER']

export interface PrivilegeData extends Record<string, unknown> {
  roles?: string[]
  excess?: string[]
}

export const atlasPrivilegeCheck: Check<PrivilegeData> = {
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
  gate: apiListGate,
  async run(ctx) {
    const roles = await readRoles(ctx)
    if (roles && 'failure' in roles) {
      return {
        findings: [
          atlasFailureFinding('atlas-privilege', "reading the service account's roles", roles.failure)
        ]
      }
    }
    if (!roles) {
      return {
        findings: [],
        skipped:
          "the credential's roles are not readable with its own roles (service accounts need Organization Read Only, or Project Read Only with atlas-project-id)"
      }
    }
    const allowed = ctx.config.allowedRoles
    const names = [...new Set(roles.map(r => r.name))]
    const excess = allowed
      ? names.filter(n => !allowed.includes(n))
      : names.filter(n => HIGH_PRIVILEGE.includes(n))
    const who = credentialName(ctx)
    const findings: Finding[] = []
    if (names.includes('ORG_OWNER') && (!allowed || !allowed.includes('ORG_OWNER'))) {
      findings.push(
        FINDINGS['org-owner'](
          `${who} holds ORG_OWNER: full control of the organization, its members, billing and every project. A leaked CI secret would hand all of it over.`,
          { data: { role: 'ORG_OWNER' } }
        )
      )
    }
    const others = excess.filter(n => n !== 'ORG_OWNER')
    if (others.length > 0) {
      findings.push(
        FINDINGS['more-than-needed'](
          `${who} holds ${others.join(', ')}${allowed ? `, not in \`allowed-roles\` (${allowed.join(', ')})` : ', which CI rarely needs'}.`,
          {
            fix: `Remove ${others.join(', ')} from the credential${allowed ? '' : ', or list them in `allowed-roles` if the pipeline really needs them'}.`,
            data: { roles: others }
          }
        )
      )
    }
    if (findings.length === 0) {
      findings.push(FINDINGS['least-privilege'](`Roles: ${names.join(', ') || 'none'}.`))
    }
    return { findings, data: { roles: roles.map(r => (r.scope ? `${r.name}@${r.scope}` : r.name)), excess } }
  }
}

async function readRoles(
  ctx: Parameters<Check['run']>[0]
): Promise<{ name: string; scope?: string }[] | { failure: AtlasFailure } | undefined> {
  const auth = authOf(ctx)!
  if (auth.method === 'api-key')
    return (auth.roles ?? []).map(r => ({ name: r.roleName, scope: r.groupId ?? r.orgId }))
  const atlas = needClient(ctx.services.atlas, 'the Atlas client')
  const clientId = ctx.config.atlas.clientId!
  const projectId = ctx.config.atlas.projectId
  const [org, group] = await Promise.all([
    auth.orgId ? atlas.serviceAccount(auth.orgId, clientId) : undefined,
    projectId ? atlas.groupServiceAccount(projectId, clientId) : undefined
  ])
  if (!org?.ok && !group?.ok) {
    // Not readable because of the roles: say so. Any other failure (network, 5xx, odd answers) is an error.
    const other = [org, group]
      .map(r => (r && !r.ok ? r.failure : undefined))
      .find(f => f && f.kind !== 'missing-role' && f.kind !== 'not-found')
    return other ? { failure: other } : undefined
  }
  const out: { name: string; scope?: string }[] = []
  if (org?.ok) out.push(...(org.data.roles ?? []).map(name => ({ name, scope: auth.orgId })))
  if (group?.ok) out.push(...(group.data.roles ?? []).map(name => ({ name, scope: projectId })))
  return out
}
